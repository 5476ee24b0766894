"""Charts that never hide a value: a bound or an estimate (>85, 62左右) is plotted at its number,
marked as not exact and labelled as printed, and only a cell with no number is left out; a
percent axis stops at 100; labels break between phrases; series stay apart in grey print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pptx.enum.dml import MSO_LINE_DASH_STYLE

from briefing.builder.pipeline import build
from briefing.content.charts import (
    ChartData,
    Series,
    approximate_number,
    cell_number,
    chart_data,
    plain_number,
)
from briefing.content.load import load_briefing
from briefing.content.model import ChartSpec, Table, TableBody
from briefing.design.phrases import label_groups
from briefing.design.series import grey, series_fills
from briefing.design.theme import load_theme
from briefing.pdf.chart import Style, TextMeasure, chart_svg

from .conftest import CHARTS_CONTENT, examples, no_hang

ROOT = Path(__file__).resolve().parent.parent
BRIEFINGS = sorted([*ROOT.glob("content/*.yaml"), *ROOT.glob("tests/data/*.yaml")])


def charts_of(path=CHARTS_CONTENT) -> list[ChartData]:
    """Return the chart data of every charted table of a briefing, in reading order."""
    b = load_briefing(path).briefing
    return [chart_data(block.table, block.chart) for s in b.sections for block in s.blocks
            if isinstance(block, Table) and block.chart]


def one_column(cells: list[str], kind: str = "column", unit: str = "%") -> ChartData:
    """Return the chart of a one-column table of cells, rows 甲1, 甲2, …"""
    table = TableBody(caption="指标", columns=["指标", "单位", "2025年"],
                      rows=[[f"甲{i}", unit, cell] for i, cell in enumerate(cells)])
    return chart_data(table, ChartSpec(kind=kind, values=["2025年"], rows=[
        f"甲{i}" for i, cell in enumerate(cells) if cell_number(cell) is not None] or None))


def svg_of(data: ChartData, width: float = 420) -> str:
    """Return a chart drawn as the PDF draws it, in the default theme."""
    theme = load_theme("default")
    pdf = theme.fonts.pdf
    style = Style(series=tuple(series_fills(theme, len(data.series))), text="#222222",
                  muted="#666666", rule="#DDDDDD", family="sans-serif",
                  latin=pdf.sans_latin[0], east_asian=pdf.sans_cjk[0], size=9)
    return str(chart_svg(data, style, width, None, "图", "单位：{}"))


# --- what a chart plots -------------------------------------------------------------------

@pytest.mark.parametrize("cell, value", [
    (">85", 85), ("＞85", 85), ("<5", 5), ("≥90", 90), ("≤0.5", 0.5), ("约42", 42),
    ("62左右", 62), ("90%以上", 90), ("不低于95", 95), ("1,200以上", 1200), ("> 85", 85)])
def test_a_bound_or_an_estimate_is_plotted_at_its_number(cell, value):
    assert plain_number(cell) is None
    assert approximate_number(cell) == value == cell_number(cell)


@pytest.mark.parametrize("cell", ["〔18〕", "-", "—", "", "有效保障", "约", ">", "左右", "1e5",
                                  "4 2", ">>85", "85左右以上"])
def test_a_cell_with_no_number_is_left_out(cell):
    assert cell_number(cell) is None


def test_the_charts_briefing_plots_its_targets_at_85_and_62_labelled_as_printed():
    column = charts_of()[0]
    targets = column.series[1]
    assert targets.values == (85, 80, 100, 62, 85)
    assert targets.texts == (">85", "80", "100", "62左右", "85")
    assert targets.approximate == (True, False, False, True, False)
    assert column.categories == ("空气质量优良天数比率", "地表水达到或好于Ⅲ类水体比例",
                                 "集中式饮用水水源水质达标率", "森林覆盖率",
                                 "城区声环境功能区夜间达标率†")
    assert [(i.row, i.column, i.cell) for i in column.left_out] == [
        ("城区声环境功能区夜间达标率", "2020年", "-")]


def test_the_charts_briefings_percent_axis_ends_at_100():
    assert charts_of()[0].ticks() == [0, 20, 40, 60, 80, 100]


def test_a_percent_axis_goes_past_100_only_for_a_value_past_it():
    assert one_column(["98.5", ">85"]).ticks()[-1] == 100
    assert one_column(["104", "90"]).ticks()[-1] > 104
    assert one_column(["98.5", "85"], unit="微克/立方米").ticks()[-1] > 100  # not a percent


NUMBER = st.builds(lambda n, d: f"{n:,}" if d is None else f"{n}.{d}",
                   st.integers(0, 5000), st.one_of(st.none(), st.integers(0, 9)))
WRITTEN = st.one_of(
    NUMBER, st.builds("{}{}".format, st.sampled_from([">", "<", "≥", "≤", "约", "不低于"]), NUMBER),
    st.builds("{}{}".format, NUMBER, st.sampled_from(["左右", "以上", "以下", "%", "%以上"])),
    st.text(alphabet="约左右以上>≥<〔〕-—有效保障待定0123456789.% ", max_size=8))


@settings(max_examples=examples(200), deadline=None)
@given(cells=st.lists(WRITTEN, min_size=1, max_size=6).filter(
    lambda cells: any(cell_number(c) is not None for c in cells)))
def test_every_cell_with_a_number_is_plotted_at_it_and_labelled_as_printed(cells):
    data = chart_data(TableBody(caption="指标", columns=["指标", "2025年"],
                                rows=[[f"甲{i}", c] for i, c in enumerate(cells)]),
                      ChartSpec(values=["2025年"]))
    [series] = data.series
    plotted = [c for c in cells if cell_number(c) is not None]
    assert list(series.texts) == [c.strip() for c in plotted]
    assert list(series.values) == [cell_number(c) for c in plotted]
    assert list(series.approximate) == [plain_number(c) is None for c in plotted]
    for cell in plotted:
        if re.fullmatch(r"[\d,.]+", cell.strip()):
            assert cell_number(cell) == float(cell.replace(",", ""))


@pytest.mark.parametrize("path", BRIEFINGS, ids=lambda p: p.name)
def test_no_chart_of_a_shipped_or_test_briefing_leaves_out_a_cell_with_a_number(path):
    loaded = load_briefing(path)
    if loaded.briefing is None:
        pytest.skip("not a valid briefing")
    for data in charts_of(path):
        for item in data.left_out:  # a 〔〕 figure is a cumulative one: another quantity
            assert not re.search(r"\d", re.sub(r"〔[^〕]*〕", "", item.cell)), item
        drawn = sum(v is not None for s in data.series for v in s.values)
        assert drawn + len(data.left_out) == sum(len(s.values) for s in data.series)


# --- how the PDF's drawing marks them ------------------------------------------------------

def test_a_column_not_exact_has_a_dashed_hollow_end_and_its_label_as_printed():
    svg = svg_of(charts_of()[0])
    assert svg.count('stroke-dasharray="2.5 1.5"') == 2  # >85 and 62左右
    assert ">&gt;85</text>" in svg and ">62左右</text>" in svg
    assert ">100</text>" in svg and ">120</text>" not in svg


def test_a_bar_not_exact_has_a_dashed_hollow_end():
    svg = svg_of(one_column(["86.1", "约80", "79.5"], kind="bar"))
    assert svg.count('stroke-dasharray="2.5 1.5"') == 1 and ">约80</text>" in svg


def test_a_point_not_exact_is_an_open_dot_and_lines_are_dashed_apart():
    data = ChartData("line", "浓度", ("2016年", "2020年", "2025年"), (
        Series("PM2.5", (52, 38, 35), ("52", "38", "<35"), (False, False, True)),
        Series("PM10", (88, 65, 60), ("88", "65", "60"))), "微克/立方米", ())
    svg = svg_of(data)
    assert len(re.findall(r'<circle [^>]*fill="#FFFFFF"', svg)) == 1 and ">&lt;35</text>" in svg
    dashes = re.findall(r'<polyline [^>]*?(?:stroke-dasharray="([^"]*)")?/>', svg)
    assert len(set(dashes)) == 2  # solid and dashed, in the lines and in their legend


def test_category_labels_break_between_phrases_never_inside_one():
    assert label_groups("地表水达到或好于Ⅲ类水体比例") == ("地表水", "达到或好于", "Ⅲ类", "水体",
                                                     "比例")
    assert label_groups("集中式饮用水水源水质达标率") == ("集中式", "饮用水水源", "水质", "达标率")
    pdf = load_theme("default").fonts.pdf
    measure = TextMeasure(pdf.sans_latin[0], pdf.sans_cjk[0])
    for label, width in (("地表水达到或好于Ⅲ类水体比例", 8.5), ("集中式饮用水水源水质达标率", 5.5)):
        lines = measure.wrap(label, width * 9, 9)
        assert not any(a.endswith(("或好", "饮用水")) for a in lines[:-1]), lines
        assert "".join(lines) == label


@pytest.mark.parametrize("theme", ["default", "emblem", "official"])
def test_two_or_three_series_are_apart_in_grey_print(theme):
    for count in (2, 3):
        greys = sorted(grey(c) for c in series_fills(load_theme(theme), count))
        assert all(b - a >= 0.18 for a, b in zip(greys, greys[1:])), greys


# --- the deck -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    """The charts briefing's deck."""
    out = tmp_path_factory.mktemp("deck")
    result = build(CHARTS_CONTENT, outputs=("pptx",), out_dir=out)
    assert result.ok, result.diagnostics
    return Presentation(str(result.written[0].path))


def test_the_deck_plots_the_targets_with_their_labels_as_printed_and_dashed(deck):
    chart = next(sh.chart for s in deck.slides for sh in s.shapes if sh.has_chart)
    targets = chart.plots[0].series[1]
    assert tuple(targets.values) == (85, 80, 100, 62, 85)
    for index, text in ((0, ">85"), (3, "62左右")):
        point = targets.points[index]
        assert point.data_label.has_text_frame and point.data_label.text_frame.text == text
        assert point.format.line.dash_style == MSO_LINE_DASH_STYLE.DASH
    assert chart.value_axis.maximum_scale == 100


def test_the_decks_lines_are_told_apart_by_dashes(deck):
    line = [sh.chart for s in deck.slides for sh in s.shapes if sh.has_chart][1]
    styles = [s.format.line.dash_style for s in line.plots[0].series]
    assert len(set(styles)) == len(styles) == 2


@pytest.mark.parametrize("values", [(1e16, 1e16 + 2), (1.00000000001, 1.00000000003),
                                    (5e-13, 7e-13), (42.0, 42.0)])
def test_values_the_floats_barely_tell_apart_get_a_few_distinct_ticks(values):
    data = ChartData("line", "t", ("a", "b"), (Series("s", values, tuple(map(str, values))),),
                     "", ())
    with no_hang(5):
        ticks = data.ticks()
    assert 2 <= len(ticks) <= 8 and ticks == sorted(set(ticks))
    assert ticks[0] <= min(values) and ticks[-1] >= max(values)


def test_a_line_chart_of_nearly_equal_values_is_drawn(tmp_path):
    style = Style(series=("#000000",), text="#000", muted="#555", rule="#ccc",
                  family="sans", latin="Liberation Sans", east_asian="Noto Sans CJK SC", size=9)
    data = ChartData("line", "t", ("2020", "2021"), (Series(
        "s", (1.00000000001, 1.00000000003), ("1.00000000001", "1.00000000003")),), "", ())
    with no_hang(5):
        assert "<svg" in chart_svg(data, style, 400, None, "d", "单位：{}")
