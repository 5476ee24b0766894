"""A section gets a divider slide when it is long (three or more content slides) or when the
theme asks for one before every section; a short section's first content slide says what
its divider would have: the numbered heading and the question."""

from __future__ import annotations

import pytest

from briefing.builder.checking import run_preflight
from briefing.content.load import load_briefing
from briefing.deck.fitter import fitted_outline
from briefing.deck.outline import PlannedSlide, section_dividers
from briefing.design.theme import load_theme

from .conftest import BRIEFINGS


def divider(section: int, title: str, question: str = "") -> PlannedSlide:
    """Return a section's divider as the outline template plans it."""
    return PlannedSlide(layout="section", title=title, subtitle=question, section=section,
                        notes=[f"问：{question}"] if question else [])


def content(section: int, title: str, lead: str = "") -> PlannedSlide:
    """Return a content slide of a section."""
    return PlannedSlide(layout="content", title=title, lead=lead, section=section,
                        notes=["导语"])


def test_a_short_sections_divider_gives_way_to_its_first_slide():
    slides = [divider(0, "一、背景", "为什么要做？"), content(0, "背景"), content(0, "背景二")]
    planned = section_dividers(slides, "long-sections")
    assert [(s.layout, s.title, s.lead) for s in planned] == [
        ("content", "一、背景", "为什么要做？"), ("content", "背景二", "")]
    assert planned[0].notes == ["问：为什么要做？", "导语"]


def test_a_long_section_and_one_whose_first_slide_has_a_lead_keep_their_dividers():
    long = [divider(0, "一、任务", "哪些任务？")] + [content(0, f"任务{i}") for i in range(3)]
    led = [divider(1, "二、目标", "什么目标？"), content(1, "目标", lead="目标年份：2025")]
    planned = section_dividers(long + led, "long-sections")
    assert [s.title for s in planned if s.layout == "section"] == ["一、任务", "二、目标"]
    assert [s.title for s in planned if s.layout == "content"] == [
        "任务0", "任务1", "任务2", "目标"]


def test_a_slide_titled_otherwise_than_its_section_keeps_its_title():
    slides = [divider(0, "一、背景", "为什么？"), content(0, "编制依据")]
    assert [(s.title, s.lead) for s in section_dividers(slides, "long-sections")] == [
        ("编制依据", "为什么？")]


def test_a_theme_that_asks_for_every_divider_gets_them_all():
    slides = [divider(0, "一、背景", "为什么？"), content(0, "背景")]
    assert section_dividers(slides, "every-section") == slides


@pytest.mark.parametrize("content", BRIEFINGS, ids=lambda p: p.stem)
def test_every_deck_has_at_most_one_divider_for_three_content_slides(content):
    loaded = load_briefing(content)
    theme = load_theme("default")
    pictures = run_preflight(loaded, theme).pictures
    slides = fitted_outline(loaded, theme, pictures)
    dividers = sum(s.layout == "section" for s in slides)
    contents = sum(s.layout not in ("title", "section", "closing") for s in slides)
    assert 3 * dividers <= contents, (dividers, contents)
