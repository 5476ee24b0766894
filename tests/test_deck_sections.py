"""A section gets a divider slide when it is long (three or more content slides) or when the
theme asks for one before every section; a short section's first content slide says what
its divider would have: the numbered heading and the question. One or two short statements
before a table, chart or picture of their section become its lead; a short slide joins the
short list before it in its section."""

from __future__ import annotations

import pytest

from briefing.builder.checking import run_preflight
from briefing.content.load import load_briefing
from briefing.deck.fitter import fitted_outline
from briefing.deck.outline import (
    Bullet,
    Card,
    PlannedSlide,
    PlannedTable,
    TableRow,
    folded_statements,
    joined_short_slides,
    section_dividers,
    section_tags,
)
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


def statements(section: int | None, *texts: str) -> PlannedSlide:
    """Return a content slide of short statements."""
    return PlannedSlide(layout="content", title="二、主要指标", section=section,
                        bullets=[Bullet(text=t, full=t + "。") for t in texts], notes=["导语"])


def table_slide(section: int | None, lead: str = "") -> PlannedSlide:
    """Return a table's slide."""
    return PlannedSlide(layout="cards", title="主要指标表", section=section, lead=lead,
                        table=PlannedTable(columns=["指标"], rows=[TableRow(cells=["用水"])],
                                           numeric=[False]), notes=["表注"])


def test_two_short_statements_before_a_table_become_its_lead_under_the_sections_title():
    folded = folded_statements([statements(1, "设置13项主要指标", "指标纳入年度考核"),
                                table_slide(1)], "；")
    assert [(s.title, s.lead, bool(s.table)) for s in folded] == [
        ("二、主要指标", "设置13项主要指标；指标纳入年度考核", True)]
    assert folded[0].notes == ["导语", "设置13项主要指标。", "指标纳入年度考核。", "主要指标表",
                               "表注"]


@pytest.mark.parametrize("slides", [
    [statements(1, "一", "二", "三"), table_slide(1)],  # three statements are a slide
    [statements(1, "设置" * 30), table_slide(1)],  # too long for a lead
    [statements(1, "设置13项主要指标"), table_slide(1, lead="导语")],  # it has its own lead
    [statements(1, "设置13项主要指标"), table_slide(2)],  # another section's
    [statements(None, "设置13项主要指标"), table_slide(None)],  # the key messages
    [statements(1, "设置13项主要指标"), content(1, "下一页")]],  # a list, not a table
    ids=["three", "long", "led", "other-section", "no-section", "no-table"])
def test_statements_stay_a_slide_where_they_cannot_be_a_lead(slides):
    assert folded_statements(slides, "；") == slides


def cards_slide(section: int | None, *cards: tuple[str, str], lead: str = "") -> PlannedSlide:
    """Return a cards slide of a section."""
    return PlannedSlide(layout="cards", title="背景", section=section, lead=lead,
                        cards=[Card(title=t, text=x, full=x + "。") for t, x in cards],
                        notes=["卡片导语"])


def test_a_short_cards_slide_joins_the_short_list_before_it_in_its_section():
    joined = joined_short_slides([statements(0, "这是一段不长的正文"),
                                  cards_slide(0, ("坚持以人民为中心", "以改善生态环境质量为核心"))],
                                 "：")
    assert [(s.title, [b.text for b in s.bullets]) for s in joined] == [
        ("二、主要指标", ["这是一段不长的正文", "坚持以人民为中心：以改善生态环境质量为核心"])]
    assert joined[0].bullets[1].full == "坚持以人民为中心：以改善生态环境质量为核心。"
    assert joined[0].notes == ["导语", "卡片导语"]


@pytest.mark.parametrize("slides", [
    [statements(0, "一", "二", "三"), cards_slide(0, ("甲", "乙"), ("丙", "丁"))],  # five items
    [statements(0, "一"), cards_slide(1, ("甲", "乙"))],  # another section's
    [statements(0, "一"), cards_slide(0, ("甲", "乙"), lead="它的问题？")],  # a lead of its own
    [statements(0, "一"), cards_slide(0, ("甲", "乙" * 50))],  # a long card
    [statements(0, "一"), cards_slide(0, ("甲", "乙"), ("丙", "丁"), ("戊", "己"))]],
    ids=["five", "other-section", "led", "long", "three-cards"])
def test_slides_that_would_not_read_as_one_list_stay_apart(slides):
    assert joined_short_slides(slides, "：") == slides


def test_a_sections_later_slides_carry_its_numbered_heading_over_their_title():
    planned = [divider(4, "五、重点任务", "怎么做？"), content(4, "五、重点任务"),
               content(4, "深入打好蓝天保卫战"), content(None, "内容要点")]
    tagged = section_tags(planned[1:], planned)
    assert [(s.title, s.tag) for s in tagged] == [
        ("五、重点任务", ""), ("深入打好蓝天保卫战", "五、重点任务"), ("内容要点", "")]
