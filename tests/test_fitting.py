"""Fitting with real font metrics: lines never overflow, bans hold, no text is lost."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.deck import fitting
from briefing.deck.breaks import unbroken
from briefing.deck.fitter import Fitter
from briefing.deck.geometry import BULLET_INDENT, CARD_PADDING, DIAGRAM_PADDING, PT_PER_INCH
from briefing.deck.outline import (
    Bullet,
    Card,
    DiagramBox,
    DiagramRow,
    PlannedSlide,
    PlannedTable,
    TableRow,
)
from briefing.design.theme import load_labels, load_theme

from .conftest import examples

HAN = "生态环境保护规划南开区坚持党的领导以人民为中心新发展理念"
PUNCT = "，。、；：！？”）》“（《"
LATIN = ["PM2.5", "VOC", "2025", "GB/T", "9704", "CO2", "e-mail", "Tianjin",
         "Supercalifragilisticexpialidocious-pneumonoultramicroscopic"]

chinese_text = st.lists(st.sampled_from(list(HAN)) | st.sampled_from(list(PUNCT))
                        | st.sampled_from(LATIN) | st.just(" "), min_size=1,
                        max_size=120).map("".join)
any_text = st.text(min_size=1, max_size=200).filter(lambda t: t.strip())


@pytest.fixture(scope="module")
def fitter():
    return Fitter(load_theme("default"), load_labels("zh-CN"))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_chinese_breaks_per_character_and_latin_words_stay_whole():
    assert fitting.tokens("推进PM2.5治理，“三线一单”——好") == (
        "推", "进", "PM2.5", "治", "理", "，", "“", "三", "线", "一", "单", "”", "——", "好")


def test_a_closing_mark_is_pushed_down_with_the_character_before_it(fitter):
    measure = fitter.regular
    width = measure.width("生态环境保护", 20) / fitting.SAFETY + 0.01  # exactly six characters
    assert measure.wrap("生态环境保护规。划", width, 20) == ["生态环境保护", "规。划"]
    assert measure.wrap("生态环境保护，规划", width, 20) == ["生态环境保", "护，规划"]
    assert measure.wrap("生态环境保“规划”", width, 20) == ["生态环境保", "“规划”"]


@settings(max_examples=examples(300), deadline=None)
@given(text=chinese_text, width=st.floats(min_value=40, max_value=900),
       size=st.sampled_from([14.0, 16.0, 20.0, 28.0]))
def test_wrapped_lines_fit_the_width_keep_every_character_and_obey_the_bans(fitter, text, width,
                                                                         size):
    measure = fitter.regular
    lines = measure.wrap(text, width, size)
    assert squeeze("".join(lines)) == squeeze(text)
    for previous, line in zip(lines, lines[1:]):
        if not fitting.stands_alone(previous[-1]) and not fitting.stands_alone(line[0]) \
                and previous[-1] != " " and line[0] != " ":
            continue  # a word wider than the line was broken inside, as renderers do
        assert not (line[0] in fitting.NO_LINE_START and len(fitting.tokens(previous)) > 1
                    and previous[-1] not in fitting.NO_LINE_START), (previous, line)
        assert not (previous[-1] in fitting.NO_LINE_END and len(fitting.tokens(previous)) > 1)
    assert all(line for line in lines) or not text.strip()
    for line in lines:
        pieces = fitting.tokens(line)
        if len(line) > 1:  # pushed-down pieces may exceed the line by what they carry along
            widest = max(measure.width(c, size) for c in line)
            assert measure.width(line, size) <= width * fitting.SAFETY + 2 * widest, pieces


@settings(max_examples=examples(60), deadline=None)
@given(items=st.lists(chinese_text | any_text, min_size=1, max_size=25),
       lead=st.sampled_from(["", "精准施策，推进大气环境质量稳定向好"]))
def test_no_list_box_overflows_and_every_item_is_on_a_slide_or_in_the_notes(fitter, items, lead):
    planned = PlannedSlide(layout="content", title="深入打好蓝天保卫战", lead=lead,
                           bullets=[Bullet(text=t, full=t) for t in items])
    slides = fitter.fit(planned)
    shown = [b for s in slides for b in s.bullets + s.second]
    assert [b.full for b in shown] == items  # every item, in order
    for slide in slides:
        for column, rect in ((slide.bullets, slide.body_box), (slide.second, slide.second_box)):
            if column:  # the list, or each of its two columns
                box = fitter.box(rect, BULLET_INDENT, slide.body_size)
                assert fitting.fits(fitter.regular, [b.text for b in column], box,
                                    slide.body_size)
        assert not slide.second or len(slides) == 1  # two columns: no continuation
        assert slide.body_size >= fitter.sizes.minimum
        for bullet in slide.bullets + slide.second:
            text, full = unbroken(bullet.text), unbroken(bullet.full)  # without line breaks
            assert text == full or (text.endswith(fitting.ELLIPSIS)
                                    and full.startswith(text[:-1].rstrip()))
            assert bullet.full in slide.notes
    assert all(s.title.endswith("（续）") for s in slides[1:])


@settings(max_examples=examples(40), deadline=None)
@given(cards=st.lists(st.tuples(chinese_text, chinese_text | any_text), min_size=1, max_size=14))
def test_cards_fit_their_boxes_and_keep_their_full_text_in_the_notes(fitter, cards):
    planned = PlannedSlide(layout="cards", title="基本原则",
                           cards=[Card(title=t[:12], text=x, full=x) for t, x in cards])
    slides = fitter.fit(planned)
    assert [c.full for s in slides for c in s.cards] == [x for _, x in cards]
    assert all(len(s.cards) <= 6 for s in slides)
    for slide in slides:
        assert slide.body_size >= fitter.sizes.minimum
        for card, rect in zip(slide.cards, slide.card_boxes):
            assert any(card.full in note for note in slide.notes)
            pad = 2 * CARD_PADDING / PT_PER_INCH
            box = fitter.box((0, 0, rect[2] - pad, rect[3] - pad), 0, slide.body_size)
            used = (fitting.height_of(fitter.bold, [card.title], box, slide.card_title_size)
                    + fitting.height_of(fitter.regular, [card.text], box, slide.body_size)
                    + box.paragraph_gap)
            assert used <= box.height, card


def table_slide(rows: list[TableRow]) -> PlannedSlide:
    """Return a planned slide of an indicator table with the given rows."""
    table = PlannedTable(columns=["指标", "单位", "2020年", "2025年"], rows=rows,
                         numeric=[False, False, True, True])
    return PlannedSlide(layout="content", title="主要指标", table=table)


def indicator(number: int) -> TableRow:
    return TableRow(cells=[f"第{number}项指标", "%", str(number), str(number + 1)])


def test_a_table_too_long_for_two_slides_shows_its_first_rows_on_one(fitter):
    one_slide = len(fitter.fit(table_slide([indicator(n) for n in range(40)]))[0].table.rows)
    rows = [indicator(n) for n in range(2 * one_slide + 3)]  # the line under it takes a row
    slide, = fitter.fit(table_slide(rows))
    assert [r.cells for r in slide.table.rows] == [r.cells for r in rows[:one_slide]]
    assert slide.table.note.startswith(f"以上为前{one_slide}行，共{len(rows)}行")


@settings(max_examples=examples(40), deadline=None)
@given(rows=st.lists(st.tuples(st.booleans(), chinese_text), min_size=1, max_size=60))
def test_table_rows_are_shown_in_order_inside_the_body_and_no_group_row_ends_a_slide(
        fitter, rows):
    planned = [TableRow(cells=[text], group=True) if group else
               TableRow(cells=[text, "%", str(number), "2"]) for number, (group, text) in
               enumerate(rows)]
    slides = fitter.fit(table_slide(planned))
    shown = [s.table.rows for s in slides]
    cells = [r.cells[1:] for page in shown for r in page]
    assert cells == [r.cells[1:] for r in planned][:len(cells)]
    if len(cells) < len(planned):  # a long table: its first rows, and where the rest is
        assert len(slides) == 1 and slides[0].table.note.startswith("以上为前")
        assert not shown[0][-1].group or len(shown[0]) == 1
    assert all(not page[-1].group for page in shown[:-1] if len(page) > 1)
    assert all(f"{r.cells[0]} | %" in " ".join(slides[0].notes) for r in planned
               if not r.group) or len(slides) > 1
    for slide in slides:
        assert sum(slide.table.heights) <= slide.boxes["body"][3] + 1e-6


def diagram_slide(cards: int, groups: int) -> PlannedSlide:
    """Return a planned overview slide: a goal, `cards` principles and `groups` battles."""
    principles = ["坚持党的全面领导", "坚持以人民为中心", "坚持生态优先绿色发展", "坚持系统观念",
                  "坚持精准科学依法治污", "坚持改革创新"]
    return PlannedSlide(layout="content", title="规划总览", diagram=[
        DiagramRow(role="goal", boxes=[DiagramBox(title="主要目标（2025年）",
                                                  text="环境治理、应对气候变化、生态保护")]),
        DiagramRow(role="cards", boxes=[DiagramBox(title=principles[n % 6])
                                        for n in range(cards)]),
        DiagramRow(role="groups", boxes=[DiagramBox(title=f"深入打好第{n + 1}场攻坚战",
                                                    text="统筹推进，持续改善环境质量")
                                         for n in range(groups)])])


@pytest.mark.parametrize("cards, groups", [(5, 3), (12, 8)])
def test_a_dense_overview_diagram_shows_every_title_and_line_whole_inside_its_box(fitter, cards,
                                                                                 groups):
    # 12 principles and 8 battles drew the goal box as "…" / "…" and cut six titles short
    planned = diagram_slide(cards, groups)
    [slide] = fitter.fit(planned)
    wanted = [(box.title, box.text) for row in planned.diagram for box in row.boxes]
    assert [(unbroken(b.title), unbroken(b.text)) for b in slide.diagram] == wanted
    bottom = slide.boxes["body"][1] + slide.boxes["body"][3]
    for box in slide.diagram:
        room = fitting.Box(box.rect[2] * PT_PER_INCH - 2 * DIAGRAM_PADDING, float("inf"))
        used = fitting.height_of(fitter.bold, [box.title], room, box.title_size) + (
            fitting.height_of(fitter.regular, [box.text], room, box.text_size) if box.text else 0)
        assert used <= box.rect[3] * PT_PER_INCH - 2 * DIAGRAM_PADDING, box
        assert box.title_size >= fitter.sizes.minimum * 2 / 3
        assert box.rect[1] + box.rect[3] <= bottom + 1e-6


@pytest.mark.parametrize("count, rows", [(1, [1]), (2, [2]), (3, [3]), (4, [2, 2]),
                                         (5, [3, 2]), (6, [3, 3])])
def test_a_card_grid_is_balanced_with_a_short_last_row_centred(count, rows):
    from briefing.deck.fitter import card_grid

    area = (0.6, 1.55, 12.1, 5.05)
    rects = card_grid(area, count)
    tops = sorted({round(r[1], 6) for r in rects})
    assert [sum(round(r[1], 6) == top for r in rects) for top in tops] == rows
    for top in tops:  # every row centred in the area: as much room left as right
        row = [r for r in rects if round(r[1], 6) == top]
        left = min(r[0] for r in row) - area[0]
        right = area[0] + area[2] - max(r[0] + r[2] for r in row)
        assert left == pytest.approx(right)
    assert all(r[0] >= area[0] - 1e-9 and r[0] + r[2] <= area[0] + area[2] + 1e-9 for r in rects)


def test_a_list_of_short_items_is_set_in_two_columns_only_where_one_would_not_hold_it(fitter):
    area = (0.6, 1.45, 12.1, 5.15)
    short = [f"加强第{i}项治理工作" for i in range(12)]
    size, split, shown = fitter.list_columns(short, area, BULLET_INDENT)
    assert (size, split) == (fitter.sizes.body, 6) and len(shown) == 12
    assert fitter.list_columns(short[:5], area, BULLET_INDENT) is None  # one column holds it
    long = ["持续深入推进" * 12] * 8  # three lines and more in a column: not columns
    assert fitter.list_columns(long, area, BULLET_INDENT) is None
