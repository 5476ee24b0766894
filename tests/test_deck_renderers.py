"""The deck says what a renderer would otherwise take from its own defaults, so that
PowerPoint, WPS and LibreOffice draw it alike and as the slides PDF does: line spacing in
points (the line height the fitting measured), every table cell's four borders, and no shape
style for a renderer to draw an inherited shadow from. (That LibreOffice then keeps every
character inside its frame is test_deck_rendering.py.)"""

from __future__ import annotations

import pytest
from pptx import Presentation

from briefing.builder.pipeline import build
from briefing.deck.writer import BORDER_EMU
from briefing.design.fonts import metrics
from briefing.design.theme import load_theme

from .conftest import NUMBERED_CONTENT

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


@pytest.fixture(scope="module")
def deck(built):
    return Presentation(str(built["pptx"]))


def line_em() -> float:
    """Return the default theme's deck line height in em, as the fitting measures it."""
    fonts = load_theme("default").fonts.deck
    return max(metrics(fonts.metrics_latin).line_em, metrics(fonts.metrics_east_asian).line_em)


def test_every_paragraph_is_spaced_in_points_at_the_fitted_line_height(deck):
    wrong = []
    for number, slide in enumerate(deck.slides, start=1):
        for paragraph in slide._element.iter(f"{A}p"):
            runs = paragraph.findall(f"{A}r") + paragraph.findall(f"{A}fld")
            if not runs:
                continue
            size = int(runs[0].find(f"{A}rPr").get("sz")) / 100
            spacing = paragraph.find(f"{A}pPr/{A}lnSpc/{A}spcPts")
            if spacing is None or int(spacing.get("val")) != round(size * line_em() * 100):
                wrong.append(f"slide {number}: {''.join(paragraph.itertext())[:20]}")
    assert wrong == []


def test_no_drawn_shape_has_a_style_to_inherit_a_shadow_from(deck):
    styled = [f"slide {number}: {shape.name}" for number, slide in enumerate(deck.slides, 1)
              for shape in slide._element.iter(f"{P}sp", f"{P}cxnSp")
              if shape.find(f"{P}style") is not None]
    assert styled == []
    cards = [sp for slide in deck.slides for sp in slide._element.iter(f"{P}sp")
             if sp.find(f"{P}nvSpPr/{P}cNvPr").get("name", "").startswith("Card: ")]
    assert cards and all(sp.find(f"{P}spPr/{A}effectLst") is not None for sp in cards)


def test_every_table_cell_has_its_four_borders_written_out(tmp_path):
    result = build(NUMBERED_CONTENT, outputs=("pptx",), out_dir=tmp_path)
    assert result.ok, [str(d) for d in result.diagnostics]
    deck = Presentation(str(result.written[0].path))
    cells = [tc for slide in deck.slides for tc in slide._element.iter(f"{A}tc")]
    rule = load_theme("default").colors.rule.lstrip("#").upper()
    assert cells
    for tc in cells:
        properties = tc.find(f"{A}tcPr")
        sides = [child.tag.removeprefix(A) for child in properties][:4]
        assert sides == ["lnL", "lnR", "lnT", "lnB"]
        for side in properties[:4]:
            assert side.get("w") == str(BORDER_EMU)
            assert side.find(f"{A}solidFill/{A}srgbClr").get("val") == rule
