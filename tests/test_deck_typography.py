"""The deck's typography, by rule: titles break between word groups in balanced lines, no body
text ends in a runt, a lead keeps an item under it — in the fitting, and as LibreOffice draws the
PPTX and WeasyPrint the slides PDF (read back from their character positions), for every
briefing in every theme."""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.deck import breaks, fitting
from briefing.deck.fitter import Fitter
from briefing.deck.outline import Bullet, PlannedSlide
from briefing.design.phrases import runt_tie, word_groups
from briefing.design.theme import load_labels, load_theme

from .conftest import BRIEFINGS, THEMES, examples
from .deck_lines import ends_in_a_runt, rendered_paragraphs, squeeze
from .test_fitting import chinese_text

BALANCE = 0.5  # a drawn title of several lines: its shortest line at least half its longest
# (measured on the page, from its characters' positions)
LINE_FEED = "\n"
LISTS = ("content", "two_columns")  # the layouts whose lead introduces a list


@pytest.fixture(scope="module")
def fitter():
    return Fitter(load_theme("default"), load_labels("zh-CN"))


def room_for(measure: fitting.Measure, line: str, size: float) -> float:
    """Return the width (points) in which the fitting sets exactly `line` on a line."""
    return measure.width(line, size) / fitting.SAFETY + 0.01


def group_ends(text: str) -> set[int]:
    """Return where the word groups of a text end, counted in characters that are not spaces."""
    ends, at = set(), 0
    for group in word_groups(text):
        at += len(squeeze(group))
        ends.add(at)
    return ends


def breaks_between_groups(lines: list[str] | tuple[str, ...]) -> bool:
    """Tell whether every break between lines falls between two word groups of their text."""
    ends, at = group_ends("".join(lines)), 0
    for line in lines[:-1]:
        at += len(squeeze(line))
        if at not in ends:
            return False
    return True


def fits_a_line(measure: fitting.Measure, line: str, width: float, size: float) -> bool:
    """Tell whether a written line fits its width with the fitting's margin, so that renderers
    keep it whole: as Measure.wrap's own lines do (a closing mark pushed down may carry the
    characters before it a little past the margin)."""
    if len(squeeze(line)) < 2:
        return True
    widest = max(measure.width(c, size) for c in line)
    return measure.width(line.strip(), size) <= width * fitting.SAFETY + 2 * widest


# --- the fitting -----------------------------------------------------------------------------

def test_a_box_title_breaks_between_word_groups_not_inside_baoweizhan(fitter):
    measure, size = fitter.bold, 20
    width = room_for(measure, "深入打好蓝天保卫", size)
    assert measure.wrap("深入打好蓝天保卫战", width, size) == ["深入打好蓝天保卫", "战"]
    lines = breaks.title_lines(measure, "深入打好蓝天保卫战", width, size)
    assert lines == ["深入打好", "蓝天保卫战"]


def test_a_cover_title_keeps_its_years_together_in_lines_of_even_length(fitter):
    measure, size = fitter.bold, 36
    title = "Example District Clean Air Plan 2026–2030"
    width = room_for(measure, "Example District Clean Air Plan 2026–", size)
    assert measure.wrap(title, width, size)[-1] == "2030"  # a break before 2030, letter by letter
    lines = breaks.title_lines(measure, title, width, size, chinese=False)
    assert lines == ["Example District Clean", "Air Plan 2026–2030"]
    widths = [measure.width(line, size) for line in lines]
    assert min(widths) >= 0.8 * max(widths)


def test_a_titles_halves_parted_by_an_ideographic_space_are_its_lines(fitter):
    measure, size = fitter.bold, 36
    title = "推进减污降碳协同增效\u3000建设人与自然和谐共生的现代化"
    width = room_for(measure, "推进减污降碳协同增效建设人与", size)
    # even lines would be 推进减污降碳协同增效　建设 / 人与自然和谐共生的现代化
    assert breaks.title_lines(measure, title, width, size) == [
        "推进减污降碳协同增效", "建设人与自然和谐共生的现代化"]
    assert breaks.unbroken(breaks.title_text(measure, title, width, size)) == title


@pytest.mark.parametrize("keep", ["2025年", "35微克/立方米"])
def test_a_title_never_breaks_a_number_from_its_unit(fitter, keep):
    measure, size = fitter.bold, 28
    title = "到2025年细颗粒物年均浓度降至35微克/立方米以下"
    group = next(g for g in word_groups(title) if keep in g)  # 2025年细: jieba's word
    written = breaks.written(measure)  # Latin as wide as in the wider face
    for characters in range(len(keep), len(title)):  # every width the group fits in
        width = max(room_for(written, title[:characters], size), room_for(written, group, size))
        assert any(keep in line for line in breaks.title_lines(measure, title, width, size))


def test_a_title_of_several_lines_reaches_the_pptx_with_its_breaks(fitter):
    question = "《天津市南开区生态环境保护“十四五”规划》（以下简称《规划》）的出台背景是什么？"
    slide, = fitter.fit(PlannedSlide(layout="section", title="一、出台背景", subtitle=question))
    assert slide.subtitle.split(LINE_FEED) == ["《天津市南开区生态环境保护“十四五”规划》",
                                               "（以下简称《规划》）的出台背景是什么？"]
    assert breaks.unbroken(slide.subtitle) == question


@settings(max_examples=examples(200), deadline=None)
@given(text=chinese_text, width=st.floats(min_value=60, max_value=900),
       size=st.sampled_from([18.0, 24.0, 28.0, 36.0]))
def test_title_lines_break_only_between_groups_and_each_fits(fitter, text, width, size):
    shown = breaks.title_text(fitter.bold, text, width, size)
    assert breaks.unbroken(shown) == breaks.one_line(text)
    lines = shown.split(LINE_FEED)
    measure = breaks.written(fitter.bold)  # Latin as wide as in the wider face
    assert all(fits_a_line(measure, line, width, size) for line in lines)
    groups = word_groups(breaks.one_line(text))
    if all(measure.width(g.strip(), size) <= width * fitting.SAFETY for g in groups):
        assert breaks_between_groups(lines)


def test_a_card_text_that_would_end_in_one_character_ends_in_two(fitter):
    measure, size = fitter.regular, 22
    text = "压实各方的生态环境保护责任"
    width = measure.width("压实各方的生态环境保护责", size) + 0.01  # renderers set 12 a line
    assert measure.wrap(text, width, size, 1.0) == ["压实各方的生态环境保护责", "任"]
    assert breaks.body_text(measure, text, width, size) == "压实各方的生态环境保护\n责任"


def test_a_last_short_word_alone_is_joined_by_the_word_before_it(fitter):
    measure, size = fitter.regular, 24
    text = "Protect those most at risk"
    width = measure.width("Protect those most at ", size) + 0.01
    assert measure.wrap(text, width, size, 1.0)[-1] == "risk"
    assert breaks.body_text(measure, text, width, size, chinese=False) \
        == "Protect those most \nat risk"


def test_a_body_text_no_renderer_would_leave_a_runt_wraps_itself(fitter):
    measure, size = fitter.regular, 22
    text = "坚持最严格的生态环境保护制度"
    width = measure.width("坚持最严格的生态环境", size) + 0.01  # 10 | 4
    assert breaks.body_text(measure, text, width, size) == text


@settings(max_examples=examples(200), deadline=None)
@given(text=chinese_text, width=st.floats(min_value=60, max_value=900),
       size=st.sampled_from([16.0, 18.0, 24.0]))
def test_a_body_text_is_left_to_wrap_or_gets_lines_that_end_without_a_runt(fitter, text, width,
                                                                         size):
    measure = fitter.regular
    shown = breaks.body_text(measure, text, width, size)
    assert breaks.unbroken(shown) == text
    written = breaks.written(measure)  # Latin as wide as in the wider face
    if shown == text:  # no renderer leaves a runt, or no tie fits a line
        tail = text[runt_tie(text):].strip()
        assert not any(breaks.has_runt(m.wrap(text, width, size, 1.0))
                       for m in breaks.renderers(measure)) \
            or not tail or written.width(tail, size) > width * fitting.SAFETY
    else:
        lines = shown.split(LINE_FEED)
        assert all(fits_a_line(written, line, width, size) for line in lines)
        assert not breaks.has_runt(lines)


@settings(max_examples=examples(60), deadline=None)
@given(items=st.lists(chinese_text, min_size=1, max_size=25))
def test_a_lead_keeps_an_item_under_it_on_every_slide_it_is_on(fitter, items):
    planned = PlannedSlide(layout="content", title="深入打好蓝天保卫战",
                           lead="精准施策，推进大气环境质量稳定向好",
                           bullets=[Bullet(text=t, full=t) for t in items])
    assert all(slide.lead and slide.bullets for slide in fitter.fit(planned))


def test_a_side_column_never_shows_its_title_without_an_item(fitter):
    first = "区域生态环境质量明显改善，" * 40  # more than the column holds under its title
    planned = PlannedSlide(layout="two_columns", title="主要目标", bullets=[
        Bullet(text="生产生活方式绿色转型成效显著", full="生产生活方式绿色转型成效显著")],
        right_title="主要指标类别", right=[Bullet(text=first, full=first),
                                          Bullet(text="碳排放强度", full="碳排放强度")])
    slide, = fitter.fit(planned)
    assert slide.right_title == "主要指标类别"
    assert [b.full for b in slide.right] == [first]
    assert breaks.unbroken(slide.right[0].text).endswith(fitting.ELLIPSIS)


# --- as renderers draw them ------------------------------------------------------------------

@lru_cache(maxsize=None)
def drawn(deck, pdf) -> tuple:
    """Return the paragraphs of a deck with the lines a PDF of it draws (read once)."""
    return tuple(rendered_paragraphs(deck, pdf))


RENDERINGS = [(content, theme) for content in BRIEFINGS for theme in THEMES]


@pytest.mark.slow
@pytest.mark.parametrize("content, theme", RENDERINGS, ids=lambda v: getattr(v, "stem", v))
@pytest.mark.parametrize("renderer", ["libreoffice", "slides"])
def test_renderers_draw_the_fitted_title_breaks_between_groups_in_balanced_lines(
        content, theme, renderer, deck_renders):
    made = deck_renders(content, theme)
    faults = []
    for p in drawn(made["pptx"], made[renderer]):
        where = f"slide {p.slide}, {p.shape}: {' / '.join(p.drawn)}"
        if squeeze("".join(p.drawn)).casefold() != squeeze(p.text).casefold():
            faults.append(f"{where}: not drawn as written ({p.text})")
        elif p.kind == "title" or len(p.written) > 1:
            if [squeeze(line) for line in p.drawn] != [squeeze(line) for line in p.written]:
                faults.append(f"{where}: not in the written lines {' / '.join(p.written)}")
            elif p.kind == "title" and not breaks_between_groups(p.written):
                faults.append(f"{where}: a break inside a word group")
            elif p.kind == "title" and min(widths := [line.width for line in p.drawn]) \
                    < BALANCE * max(widths):
                faults.append(f"{where}: lines of uneven length {widths}")
    assert faults == []


@pytest.mark.parametrize("content, theme", RENDERINGS, ids=lambda v: getattr(v, "stem", v))
@pytest.mark.parametrize("renderer", ["libreoffice", "slides"])
def test_renderers_end_no_body_text_in_a_runt_and_no_lead_alone(content, theme, renderer,
                                                                 deck_renders):
    made = deck_renders(content, theme)
    paragraphs = drawn(made["pptx"], made[renderer])
    runts = [f"slide {p.slide}, {p.shape}: {' / '.join(p.drawn)}" for p in paragraphs
             if p.kind == "body" and ends_in_a_runt(p.drawn)]
    assert runts == []
    leads = {p.slide for p in paragraphs if p.shape == "Lead" and p.layout in LISTS}
    with_items = {p.slide for p in paragraphs if p.kind == "body" and p.drawn}
    assert leads <= with_items
