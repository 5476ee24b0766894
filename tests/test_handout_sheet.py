"""The handout is one useful sheet: one side when the briefing can fit one, the key messages
first, charts and pictures small (never a caption alone), the short title over a second side."""

from __future__ import annotations

import pdfplumber
import pytest

from briefing.builder.pipeline import build
from briefing.content.load import load_briefing

from .conftest import CHARTS_CONTENT, ENGLISH_CONTENT, NUMBERED_CONTENT, QA_CONTENT


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    """The handouts of four test briefings, by content file."""
    out = tmp_path_factory.mktemp("handouts")
    made = {}
    for content in (ENGLISH_CONTENT, NUMBERED_CONTENT, CHARTS_CONTENT, QA_CONTENT):
        result = build(content, outputs=("handout",), out_dir=out)
        assert result.ok, result.diagnostics
        made[content] = result.written[0].path
    return made


def pages_of(path) -> list:
    """Return a PDF's pages as (text, number of pictures, characters)."""
    with pdfplumber.open(path) as document:
        return [(page.extract_text() or "", len(page.images), page.chars)
                for page in document.pages]


@pytest.mark.parametrize("content", [ENGLISH_CONTENT, NUMBERED_CONTENT])
def test_a_briefing_that_can_fit_one_side_fits_it(handouts, content):
    assert len(pages_of(handouts[content])) == 1


@pytest.mark.parametrize("content", [ENGLISH_CONTENT, CHARTS_CONTENT])  # those that have them
def test_the_key_messages_come_first(handouts, content):
    b = load_briefing(content).briefing
    text = pages_of(handouts[content])[0][0]
    heading, first = ("内容要点", "一、") if b.is_chinese else ("Key messages", "1. ")
    first_section = text.index(first + b.sections[0].heading)
    assert text.index(heading) < first_section
    assert text.index(b.key_messages[0].slide_text[:6]) < first_section


def test_the_charts_handout_draws_its_charts_and_shows_its_pictures(handouts):
    pages = pages_of(handouts[CHARTS_CONTENT])
    text = "".join(t for t, _, _ in pages)
    assert text.count("单位：%") >= 2  # the column and the bar chart's unit lines
    assert "2016年" in text and "2025年目标" in text  # a line chart's axis, a legend
    assert sum(pictures for _, pictures, _ in pages) == 1  # the map (a PNG)
    assert "监测 预警 处置" in text  # the diagram (an SVG, drawn as text and shapes)
    assert "澄湖区空气质量自动监测站分布示意图" in text and "监测、预警、处置的工作链条" in text


def test_a_second_side_carries_the_short_title(handouts):
    pages = pages_of(handouts[QA_CONTENT])
    assert len(pages) == 2
    short = load_briefing(QA_CONTENT).briefing.short_title
    top = "".join(c["text"] for c in pages[1][2] if c["top"] < 14 * 72 / 25.4)
    assert top == short
    assert "".join(c["text"] for c in pages[0][2] if c["top"] < 14 * 72 / 25.4) == ""


def test_a_handout_too_full_for_its_tables_shows_no_caption_without_its_picture():
    from briefing.builder.checking import run_preflight
    from briefing.design.theme import load_theme
    from briefing.pdf.html import handout_html

    loaded, theme = load_briefing(CHARTS_CONTENT), load_theme("default")
    pictures = run_preflight(loaded, theme).pictures
    full = handout_html(loaded, "full", theme, pictures)
    summary = handout_html(loaded, "summary", theme, pictures)
    assert full.count('<figure class="picture">') == 2 and full.count('<figure class="chart">') == 3
    assert "<figure" not in summary and "<figcaption" not in summary
