"""The deck's overview diagram and tables, fitted with the real fonts' metrics
(briefing/deck/diagram.py, briefing/deck/tables.py): rows of at most six equal boxes that
fill the body box, each row at the largest size its titles fit, long titles broken or
shortened with …; a table's column widths filling the slide, a long table's first rows and a
line saying where the whole table is, the note under the table and every cell kept whole in
the notes."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing.deck import diagram, fitting, tables
from briefing.deck.fitter import Fitter
from briefing.deck.geometry import CELL_MARGIN_X, DIAGRAM_GAP, DIAGRAM_PADDING, PT_PER_INCH
from briefing.deck.outline import (
    DiagramBox,
    DiagramRow,
    PlannedSlide,
    PlannedTable,
    Slide,
    TableRow,
)
from briefing.design.theme import load_labels, load_theme

from .conftest import examples

AREA = (0.6, 1.45, 12.1, 5.15)  # the content layout's body box, inches
GAP = DIAGRAM_GAP / PT_PER_INCH
BASE = Slide(layout="content", title="规划总览", title_size=28)


@pytest.fixture(scope="module")
def fitter():
    return Fitter(load_theme("default"), load_labels("zh-CN"))


def row(role: str, *titles: str, text: str = "") -> DiagramRow:
    """Return a row of the overview diagram with boxes of these titles."""
    return DiagramRow(role=role, boxes=[DiagramBox(title=t, text=text) for t in titles])


def title_fits(fitter, box) -> bool:
    """Tell whether a placed box's title (and text) fits inside it at its sizes."""
    inner = fitting.Box(box.rect[2] * PT_PER_INCH - 2 * DIAGRAM_PADDING,
                        box.rect[3] * PT_PER_INCH - 2 * DIAGRAM_PADDING - 2)
    used = fitting.height_of(fitter.bold, [box.title], inner, box.title_size)
    if box.text:
        used += fitting.height_of(fitter.regular, [box.text], inner, box.text_size)
    return used <= inner.height + 0.01


# --- diagram ---------------------------------------------------------------------------------

def test_a_row_of_more_than_six_boxes_is_laid_out_as_even_rows(fitter):
    slide = diagram.fit_diagram(fitter, BASE, [row("cards", *(f"原则{i}" for i in range(7)))],
                                AREA)
    tops = sorted({box.rect[1] for box in slide.diagram})
    assert [sum(box.rect[1] == top for box in slide.diagram) for top in tops] == [4, 3]
    assert [box.title for box in slide.diagram] == [f"原则{i}" for i in range(7)]
    assert {box.role for box in slide.diagram} == {"cards"}


def test_the_boxes_of_a_row_are_equal_and_fill_the_width_with_a_gap_between(fitter):
    slide = diagram.fit_diagram(fitter, BASE, [row("goal", "到2025年生态环境持续改善"),
                                               row("cards", "节约", "保护", "恢复")], AREA)
    goal, *cards = slide.diagram
    assert goal.rect[0] == AREA[0] and goal.rect[2] == pytest.approx(AREA[2])
    width = (AREA[2] - 2 * GAP) / 3
    assert [c.rect[0] for c in cards] == pytest.approx([AREA[0] + i * (width + GAP)
                                                        for i in range(3)])
    assert [c.rect[2] for c in cards] == pytest.approx([width] * 3)
    assert cards[0].rect[1] == pytest.approx(goal.rect[1] + goal.rect[3] + GAP)
    assert cards[0].rect[1] + cards[0].rect[3] == pytest.approx(AREA[1] + AREA[3])


def test_short_titles_stay_on_one_line_at_the_body_size_with_their_text_two_points_less(
        fitter):
    slide = diagram.fit_diagram(fitter, BASE, [row("cards", "节约", "保护", text="坚持优先")],
                                AREA)
    body = fitter.sizes.body
    assert [(b.title, b.text, b.title_size, b.text_size) for b in slide.diagram] == [
        ("节约", "坚持优先", body, body - 2), ("保护", "坚持优先", body, body - 2)]


def test_rows_whose_boxes_carry_a_line_of_text_take_more_of_the_height(fitter):
    slide = diagram.fit_diagram(fitter, BASE, [row("cards", "原则", "原则", text="坚持节约优先"),
                                               row("groups", "任务", "任务")], AREA)
    texted, bare = slide.diagram[0].rect[3], slide.diagram[2].rect[3]
    assert texted / bare == pytest.approx(1.6)
    assert texted + bare + GAP == pytest.approx(AREA[3])


def test_a_title_too_long_for_one_line_breaks_between_word_groups_and_fits_its_box(fitter):
    slide = diagram.fit_diagram(fitter, BASE, [row("cards", *["深入打好污染防治攻坚战"] * 6)],
                                AREA)
    for box in slide.diagram:
        assert box.title == "深入打好\n污染防治\n攻坚战" and box.title_size <= fitter.sizes.body
        assert title_fits(fitter, box)


def test_a_title_no_size_can_hold_is_shortened_with_an_ellipsis_at_two_thirds_of_the_minimum(
        fitter):
    long = "深入打好污染防治攻坚战持续改善生态环境质量" * 3
    slide = diagram.fit_diagram(fitter, BASE, [row("cards", *[long] * 6)],
                                (0.6, 1.45, 12.1, 1.0))
    smallest = round(fitter.sizes.minimum * diagram.SMALLEST_SHARE)
    for box in slide.diagram:
        assert box.title.endswith("…") and box.title_size == smallest == 12
        assert long.startswith(box.title.replace("\n", "")[:-1])
        assert title_fits(fitter, box)


# --- tables ----------------------------------------------------------------------------------

def table(rows: list[list[str] | str], columns=("指标", "2020年", "2025年"), note: str = ""):
    """Return a planned table: a list is a row of cells, a string a group row."""
    return PlannedTable(columns=list(columns), note=note, numeric=[False] + [True] * (
        len(columns) - 1), rows=[TableRow(cells=[r], group=True) if isinstance(r, str) else
                                 TableRow(cells=r) for r in rows])


def fit(fitter, planned_table: PlannedTable, title: str = "主要指标", notes=("背景",)):
    """Return the slides of a table on a content slide under a 40-pt title."""
    planned = PlannedSlide(layout="content", title=title, table=planned_table,
                           notes=list(notes), notes_after=["来源"])
    fitter.sizes = fitter.under_title(40)
    return tables.fit_table(fitter, Slide(layout="content", title=title, title_size=40),
                            planned, AREA)


def test_a_tables_notes_are_its_header_and_each_rows_cells_whole():
    planned = table([["空气质量", "83.6", "85"], "约束性", ["水质", "75", "80"]])
    assert tables.table_notes(planned, [0, 1, 2]) == (
        "指标 | 2020年 | 2025年", "空气质量 | 83.6 | 85", "约束性", "水质 | 75 | 80")
    assert tables.table_notes(planned, [2]) == ("指标 | 2020年 | 2025年", "水质 | 75 | 80")


def test_a_small_table_is_one_slide_at_the_body_size_with_its_note_under_it(fitter):
    slide, = fit(fitter, table([["空气质量优良天数比率", "83.6", "85"], "约束性",
                                ["水质", "75", "80"]], note="注：数据为预测值。"))
    fitted = slide.table
    assert (fitted.size, fitted.header) == (fitter.sizes.body, ("指标", "2020年", "2025年"))
    assert [r.cells for r in fitted.rows] == [["空气质量优良天数比率", "83.6", "85"], ["约束性"],
                                               ["水质", "75", "80"]]
    assert fitted.rect[:3] == AREA[:3] and fitted.rect[3] == pytest.approx(sum(fitted.heights))
    assert sum(fitted.widths) == pytest.approx(AREA[2])
    assert (fitted.note, fitted.note_size) == ("注：数据为预测值。", 18.0)
    assert fitted.note_rect[1] == pytest.approx(fitted.rect[1] + fitted.rect[3] + tables.GAP)
    assert slide.notes == ("背景", "指标 | 2020年 | 2025年", "空气质量优良天数比率 | 83.6 | 85",
                           "约束性", "水质 | 75 | 80", "来源")


def test_columns_that_fit_on_one_line_share_the_width_in_proportion_to_their_longest_line(
        fitter):
    planned = table([["空气质量优良天数比率", "83.6", "85"]])
    widths = tables.column_widths(fitter, planned, 600.0, 24)
    assert sum(widths) == pytest.approx(600.0)
    longest = [max(fitter.bold.width(planned.columns[c], 24),
                   fitter.regular.width(planned.rows[0].cells[c], 24)) / fitting.SAFETY
               + 2 * CELL_MARGIN_X for c in range(3)]
    assert [w / widths[0] for w in widths] == pytest.approx([w / longest[0] for w in longest])


def test_columns_whose_narrowest_widths_do_not_fit_have_no_widths_unless_forced(fitter):
    wide = PlannedTable(columns=[f"列{i}" for i in range(12)], numeric=[False] * 12,
                        rows=[TableRow(cells=["超长单元格内容" * 5] * 12)])
    assert tables.column_widths(fitter, wide, 12.1 * PT_PER_INCH, 24) is None
    forced = tables.column_widths(fitter, wide, 12.1 * PT_PER_INCH, 24, force=True)
    assert forced == pytest.approx([12.1 * PT_PER_INCH / 12] * 12)


def test_a_table_of_ten_rows_takes_two_slides_a_room_reads_the_note_on_the_last(fitter):
    rows = [[f"第{i}项指标", str(i), str(i + 1)] for i in range(10)]
    first, second = fit(fitter, table(rows, note="注：数据为预测值。"))
    assert [first.title, second.title] == ["主要指标", "主要指标（续）"]
    assert first.table.size == second.table.size >= tables.READABLE
    assert [r.cells for s in (first, second) for r in s.table.rows] == rows
    assert abs(len(first.table.rows) - len(second.table.rows)) <= 1
    assert (first.table.note, second.table.note) == ("", "注：数据为预测值。")


def test_a_long_table_shows_its_first_rows_and_a_line_saying_where_the_whole_table_is(fitter):
    rows = [[f"第{i}项指标名称较长一些", str(i), str(i + 1)] for i in range(40)]
    slide, = fit(fitter, table(rows, note="注：数据为预测值。"))
    shown = [r.cells for r in slide.table.rows]
    assert 4 <= len(shown) < 40 and shown == rows[:len(shown)]
    assert slide.title == "主要指标" and slide.table.size == tables.READABLE
    assert slide.table.note == f"以上为前{len(shown)}行，共40行；全表见讲稿备注和简报"
    # the table's note gives way to rows on the slide; the outline keeps it in the notes
    assert slide.table.rect[1] + slide.table.rect[3] <= AREA[1] + AREA[3] + 1e-9
    assert slide.notes[1:-1] == ("指标 | 2020年 | 2025年", *(" | ".join(r) for r in rows))
    assert slide.notes[0] == "背景" and slide.notes[-1] == "来源"


def test_a_row_taller_than_a_slide_is_shortened_on_it_and_kept_whole_in_the_notes(fitter):
    long = "很长的说明" * 300
    slides = fit(fitter, table([["指标", long], ["短", "短"]], columns=("指标", "说明")))
    shown = slides[0].table.rows[0].cells
    assert shown[0] == "指标" and shown[1].endswith("…") and long.startswith(shown[1][:-1])
    assert f"指标 | {long}" in slides[0].notes
    assert [r.cells for s in slides for r in s.table.rows][1:] == [["短", "短"]]


@settings(max_examples=examples(30), deadline=None)
@given(st.integers(8, 40), st.sets(st.integers(0, 39), max_size=6))
@example(40, {11})  # without the carry, the group row would end the slide
def test_no_slide_ends_with_a_group_row_that_rows_follow(fitter, count, groups):
    rows: list[list[str] | str] = [f"分组{i}" if i in groups else [f"第{i}项指标", str(i), "1"]
                                   for i in range(count)]
    slides = fit(fitter, table(rows))
    shown = [r.cells[0] for s in slides for r in s.table.rows]
    assert shown == [r if isinstance(r, str) else r[0] for r in rows][:len(shown)]
    for s in slides[:-1] if len(shown) == count else slides:
        assert not s.table.rows[-1].group or all(r.group for r in s.table.rows)
