"""Trends: the charts are there, and the numbers behind them are the archive's."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from generator.build import load
from tests.rendering import render_site
from tests.conftest import SAMPLE_DIGESTS


@pytest.fixture(scope="module")
def sample():
    archive, taxonomy, _ = load(SAMPLE_DIGESTS)
    return render_site(archive, taxonomy, "Paper Archive"), archive


class Chart(HTMLParser):
    """One chart block: its SVG's title, desc and bars, and its table's rows."""

    def __init__(self, html: str):
        super().__init__()
        self.stack: list[str] = []
        self.bars: list[dict[str, str]] = []
        self.texts: dict[str, str] = {}
        self.rows: list[list[str]] = []
        self.svg: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        attrs = dict(attrs)
        if tag == "svg":
            self.svg = attrs
        if tag == "rect":
            self.bars.append(attrs)
        if tag == "tr" and "tbody" in self.stack:
            self.rows.append([])

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        if self.stack[-2:] == ["svg", "title"] or self.stack[-2:] == ["svg", "desc"]:
            self.texts[self.stack[-1]] = data
        if self.stack[-1:] == ["td"]:
            self.rows[-1].append(data)


def charts(page: str) -> dict[str, Chart]:
    blocks = re.findall(r'<div class="pa-chart" id="([^"]+)">\n(.*?)\n</div>', page, re.S)
    return {chart_id: Chart(html) for chart_id, html in blocks}


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def test_papers_per_week_are_counted_by_first_day_with_empty_weeks(sample):
    pages, archive = sample
    chart = charts(pages["trends.md"])["per-week-chart"]
    first_days = [p.first_day for p in archive.papers.values() if p.first_day]
    weeks = Counter(monday(day) for day in first_days)
    expected, week = [], min(weeks)
    while week <= max(weeks):
        expected.append([f"{week:%b} {week.day}, {week.year}", f"{weeks[week]:,}"])
        week += dt.timedelta(days=7)
    assert chart.rows == expected
    assert sum(int(n.replace(",", "")) for _, n in chart.rows) == len(first_days)
    assert ["0"] in [[n] for _, n in chart.rows]  # the sample's gaps are shown, not skipped
    assert len(chart.bars) == len(expected)
    tallest = max(chart.bars, key=lambda bar: float(bar["height"]))
    assert tallest["y"] == "10.0"  # the busiest week reaches the top line
    assert chart.svg["role"] == "img" and chart.texts["title"] == "Papers per week"
    assert "most in the week of" in chart.texts["desc"]


def test_each_topic_share_is_its_papers_over_the_months_papers(sample):
    pages, archive = sample
    by_month = Counter((p.first_day.year, p.first_day.month) for p in archive.papers.values() if p.first_day)
    trend_charts = charts(pages["trends.md"])
    checked = 0
    for slug in {s for p in archive.papers.values() for s in p.topics}:
        topic = Counter((p.first_day.year, p.first_day.month) for p in archive.papers.values()
                        if p.first_day and slug in p.topics)
        chart = trend_charts[f"topic-chart-{slug}"]
        assert len(chart.rows) == len(chart.bars) == len(by_month)  # the sample has no empty month
        for (month, count, total, share), (year_month, papers) in zip(chart.rows, sorted(by_month.items())):
            assert month == f"{dt.date(*year_month, 1):%B %Y}"
            assert (int(count), int(total)) == (topic[year_month], papers)
            assert share == f"{round(100 * topic[year_month] / papers, 1):g} %"
        # The topic's own page shows the same chart.
        assert charts(pages[f"topics/{slug}.md"])[f"topic-chart-{slug}"].rows == chart.rows
        checked += 1
    assert checked >= 10


def test_a_month_without_papers_is_an_empty_bar_not_a_zero_share(digest_dir):
    folder = digest_dir({
        "2026-01-05.yaml": "date: 2026-01-05\npapers:\n  - title: Speech synthesis with diffusion\n",
        "2026-03-02.yaml": "date: 2026-03-02\npapers:\n  - title: A new speech recognition model\n",
    })
    archive, taxonomy, _ = load(folder)
    pages = render_site(archive, taxonomy)
    chart = next(iter(c for i, c in charts(pages["trends.md"]).items() if i.startswith("topic-chart-")))
    assert [row[0] for row in chart.rows] == ["January 2026", "February 2026", "March 2026"]
    assert chart.rows[1][1:] == ["0", "0", "–"]
    assert len(chart.bars) == 2
    weeks = charts(pages["trends.md"])["per-week-chart"].rows
    assert len(weeks) == 9 and weeks[0] == ["Jan 5, 2026", "1"] and weeks[-1] == ["Mar 2, 2026", "1"]


def test_trends_page_is_built_and_in_the_nav(sample_site):
    trends = sample_site.pages["trends/index.html"]
    assert any(tag == "svg" and attrs.get("class") == "pa-svg" for tag, attrs in trends.elements)
    home = sample_site.pages["index.html"]
    assert any(href.rstrip("/").endswith("trends") for href in home.links)
