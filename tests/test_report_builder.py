"""The report builder's headings, anchors and preformatted blocks, in HTML and Markdown."""

import pytest

from sim.report.documents.base import Report


def test_headings_are_levels_2_to_6_and_repeated_titles_get_distinct_anchors(tmp_path):
    report = Report("T")
    for bad in (1, 7):
        with pytest.raises(ValueError, match=r"heading level must be 2\.\.6"):
            report.add_heading("Outcomes", level=bad)
    report.add_heading("Outcomes")
    report.add_heading("Outcomes")
    report.add_heading("!!!")  # no letters or digits: a generic anchor
    html_path, _ = report.write(tmp_path)
    html = html_path.read_text(encoding="utf-8")
    assert 'id="outcomes"' in html and 'id="outcomes-2"' in html
    assert 'id="section"' in html
    nav = html[html.index("<nav>") : html.index("</nav>")]
    assert 'href="#outcomes"' in nav and 'href="#outcomes-2"' in nav


def test_preformatted_text_is_escaped_and_fenced_longer_than_its_backticks(tmp_path):
    report = Report("T")
    text = 'name = "<AMC>"\n```\ninside a fence\n'
    report.add_preformatted(text)
    html_path, md_path = report.write(tmp_path)
    assert "<pre>name = &quot;&lt;AMC&gt;&quot;\n```" in html_path.read_text(encoding="utf-8")
    md = md_path.read_text(encoding="utf-8")
    # Four backticks: the three inside cannot close the block early.
    assert '````\nname = "<AMC>"\n```\ninside a fence\n````' in md
