"""Dropping the theme's indentation changes no rendered text."""
from generator.minify import strip_indentation


def test_indentation_and_blank_lines_go_but_line_breaks_stay():
    html = "<div>\n    <p>one\n      two</p>\n\n\n    <a>x</a>\n</div>"
    assert strip_indentation(html) == "<div>\n<p>one\ntwo</p>\n<a>x</a>\n</div>"


def test_preformatted_text_and_scripts_are_kept_as_they_are():
    html = "<div>\n  <pre><code>a\n    b</code></pre>\n  <textarea>\n  c</textarea><script>\n  if (x)\n    y()</script>\n</div>"
    assert strip_indentation(html) == ("<div>\n<pre><code>a\n    b</code></pre>\n<textarea>\n  c</textarea>"
                                       "<script>\n  if (x)\n    y()</script>\n</div>")
