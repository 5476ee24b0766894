"""Tables and figures numbered 表1 / 图1 in reading order with centred captions, and empty
cells printed as a dash."""

from __future__ import annotations

import re

import pdfplumber
import pytest

from briefing.builder.pipeline import build
from briefing.design.templating import shown_cell, shown_note

from .conftest import ROOT

CHARTS = ROOT / "tests/data/charts-and-figures.yaml"
MM = 72 / 25.4


@pytest.fixture(scope="module")
def charts_pdf(tmp_path_factory):
    """The charts briefing's PDF."""
    result = build(CHARTS, outputs=("pdf",), out_dir=tmp_path_factory.mktemp("charts"))
    assert result.ok, result.diagnostics
    return result.written[0].path


def test_tables_and_figures_are_numbered_in_reading_order(charts_pdf):
    with pdfplumber.open(charts_pdf) as document:
        text = "".join(page.extract_text() for page in document.pages)
    numbers = re.findall(r"^([表图]\d)\s", text, re.M)
    assert numbers == ["表1", "图1", "表2", "图2", "表3", "图3", "图4", "图5"]


def test_captions_are_centred_on_the_type_area(charts_pdf):
    centre = (25 + (210 - 22)) / 2 * MM  # the default theme's type area
    with pdfplumber.open(charts_pdf) as document:
        lines = [line for page in document.pages
                 for line in page.extract_text_lines() if re.match(r"[表图]\d", line["text"])]
    assert len(lines) == 8
    for line in lines:
        assert abs((line["x0"] + line["x1"]) / 2 - centre) < 2, line["text"]


def test_an_empty_cell_and_the_note_that_explains_it_print_a_dash(charts_pdf):
    with pdfplumber.open(charts_pdf) as document:
        text = "".join(page.extract_text() for page in document.pages)
    assert "城区声环境功能区夜间达标率 % — 85" in text
    assert "注：“—”表示无2020年统计数据。" in text


@pytest.mark.parametrize("cell", ["", "-", "－", " - ", "–"])
def test_a_cell_with_no_value_is_shown_as_a_dash(cell):
    assert shown_cell(cell) == "—"


def test_a_cell_with_a_value_is_shown_as_written():
    assert [shown_cell(c) for c in ("-5", "—", "/", "约35")] == ["-5", "—", "/", "约35"]


def test_a_note_quoting_the_empty_cell_quotes_the_dash():
    assert shown_note("注：“-”表示无数据，-5为负值。") == "注：“—”表示无数据，-5为负值。"
