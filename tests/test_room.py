"""A deck as a room sees it (briefing/proof/room.py): the share of the body area a content
slide's body covers, its type sizes and its title's, measured on what LibreOffice draws; and
the type hierarchy every deck keeps: titles of at least 32 pt and 1.3 times the body."""

from __future__ import annotations

import pytest

from briefing.deck.geometry import geometry
from briefing.design.theme import load_labels
from briefing.proof.room import DeckMeasure, SlideMeasure, measure_deck, measure_slide

from .conftest import BRIEFINGS, THEMES

WIDTH, HEIGHT = 960.0, 540.0  # a 16:9 slide in points
TOP = 93.6  # the content layout's title box ends 1.3 in down


def char(x0: float, top: float, size: float = 24.0, text: str = "字") -> dict:
    """Return a drawn character as pdfplumber gives it, one em wide."""
    return {"text": text, "x0": x0, "x1": x0 + size, "top": top, "bottom": top + size,
            "size": size}


def test_the_span_is_the_bodys_bounding_box_over_the_body_area():
    chars = [char(100, 150), char(500, 300, 28)]  # from (100, 150) to (528, 328)
    measured = measure_slide(5, chars, WIDTH, HEIGHT, "content", "标题", TOP, "（续）")
    area = (0.9 * WIDTH) * (0.9 * HEIGHT - TOP)
    assert measured.span == round((528 - 100) * (328 - 150) / area, 3)
    assert measured.body_sizes == (24.0, 28.0)


def test_the_title_the_footer_band_and_the_side_margins_are_not_body():
    chars = [char(60, 30, 32), char(100, 150), char(400, 0.95 * HEIGHT - 12, 11),
             char(10, 200, 11), char(0.96 * WIDTH, 200, 11), char(300, 150, text=" ")]
    measured = measure_slide(2, chars, WIDTH, HEIGHT, "content", "标题", TOP, "（续）")
    assert measured.title_size == 32.0
    assert measured.body_sizes == (24.0,)  # the footer, the margins and a space are left out
    assert measured.span == round(24 * 24 / ((0.9 * WIDTH) * (0.9 * HEIGHT - TOP)), 3)


def test_a_slide_titled_with_the_continued_mark_is_a_continuation():
    assert measure_slide(3, [], WIDTH, HEIGHT, "content", "主要目标（续）", TOP, "（续）").continued
    assert not measure_slide(3, [], WIDTH, HEIGHT, "content", "主要目标", TOP, "（续）").continued


def test_the_deck_figures_count_content_slides_and_dividers_between_title_and_closing():
    slides = [SlideMeasure(1, "divider", "封面", 36),
              SlideMeasure(2, "contents", "目录", 32, (24.0,), 0.1),
              SlideMeasure(3, "divider", "一、背景", 32),
              SlideMeasure(4, "content", "背景", 32, (24.0, 24.0, 20.0), 0.3),
              SlideMeasure(5, "content", "目标", 32, (28.0,), 0.7),
              SlideMeasure(6, "content", "空", 32),
              SlideMeasure(7, "divider", "谢谢", 36)]
    deck = DeckMeasure(slides)
    assert [s.number for s in deck.content] == [4, 5]  # not the contents, not an empty one
    assert deck.median_span() == 0.5
    assert deck.median_body_size() == 24.0
    assert deck.smallest_size() == 20.0
    assert deck.dividers() == 1


@pytest.mark.parametrize("content, theme", [(p, t) for p in BRIEFINGS for t in THEMES],
                         ids=lambda v: getattr(v, "stem", v))
def test_every_deck_titles_its_slides_at_32_pt_and_1_3_times_its_body(content, theme,
                                                                       deck_renders):
    from briefing.content.load import load_briefing

    made = deck_renders(content, theme)
    labels = load_labels(load_briefing(content).briefing.language)
    measured = measure_deck(made["pptx"], made["libreoffice"], str(labels["contents"]),
                            str(labels["continued"]), geometry().layouts)
    titles = [s.title_size for s in measured.slides if s.kind != "divider"]
    assert min(titles) >= 32
    assert min(titles) >= 1.3 * measured.median_body_size()
