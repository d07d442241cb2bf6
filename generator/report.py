"""Plain-text and JSON views of a read archive, for the command line."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

from .model import Archive, Summary
from .problems import ERROR, NOTICE, Problem


def summary_lines(summary: Summary, problems: list[Problem], day_count: int) -> list[str]:
    errors = sum(p.level == ERROR for p in problems)
    notices = sum(p.level == NOTICE for p in problems)
    lines = [
        f"files read: {summary.files_read}" + (f" ({summary.files_failed} could not be read)" if summary.files_failed else ""),
        f"entries read: {summary.entries_read} = {summary.entries_kept} kept + {summary.entries_skipped} skipped",
        f"distinct papers: {summary.distinct_papers} ({summary.merged_duplicates} merged duplicates)",
        f"days: {day_count}",
    ]
    lines += [f"  skipped, {reason}: {count}" for reason, count in summary.skip_reasons]
    lines.append(f"problems: {errors} errors, {len(problems) - errors - notices} warnings"
                 + (f", {notices} notices (shown, never failing a check)" if notices else ""))
    return lines


def _plain(value):
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def archive_json(archive: Archive) -> str:
    data = {
        "summary": _plain(archive.summary),
        "days": [{"date": _plain(d.date), "papers": list(d.paper_keys), "sources": list(d.sources)}
                 for d in archive.days],
        "papers": [_plain(p) for p in archive.papers.values()],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
