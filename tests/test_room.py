"""A deck as a room sees it (briefing/proof/room.py): the share of the body area a content
slide's body covers, its type sizes and its title's, measured on what LibreOffice draws; and
what a room holds against a slide (thin, small type, a flat title, a list continued, a divider
after a divider); and the targets every deck meets, in every theme."""

from __future__ import annotations

import pytest

from briefing.deck.geometry import geometry
from briefing.design.theme import load_labels
from briefing.proof.room import (
    DeckMeasure,
    SlideMeasure,
    body_bounds,
    measure_deck,
    measure_slide,
    room_findings,
    title_bottom,
)

from .conftest import BRIEFINGS, NUMBERED_CONTENT, THEMES

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
    assert deck.median_body_size() == 26.0  # the median of the slides' 24 and 28
    assert deck.smallest_size() == 20.0
    assert deck.dividers() == 1


def test_a_room_finds_thin_slides_small_type_flat_titles_continued_lists_and_divider_runs():
    slides = [SlideMeasure(1, "divider", "封面", 44),
              SlideMeasure(2, "content", "内容要点", 40, (28.0, 28.0), 0.12),
              SlideMeasure(3, "content", "指标", 40, (16.0, 18.0, 12.8), 0.8, table=True),
              SlideMeasure(4, "content", "指标（续）", 40, (24.0,), 0.7, True, table=True),
              SlideMeasure(5, "content", "任务（续）", 32, (28.0,), 0.5, True),
              SlideMeasure(6, "divider", "二、目标", 40),
              SlideMeasure(7, "divider", "三、任务", 40),
              SlideMeasure(8, "divider", "谢谢", 44)]
    assert [str(f) for f in room_findings("output/x.pptx", DeckMeasure(slides))] == [
        "output/x.pptx:2: warning: thin slide: '内容要点': its body covers 12% of the body area"
        " (at least 20%)",
        "output/x.pptx:3: warning: small type: '指标': text at 12.8 pt (at least 16 pt)",
        "output/x.pptx:5: warning: flat title: '任务（续）': title at 32 pt over a 28-pt body"
        " (at least 1.3 times)",
        "output/x.pptx:5: warning: continued list: '任务（续）': a list or cards go on from the"
        " slide before; set them in columns or shorten them",
        "output/x.pptx:7: warning: divider run: '三、任务' follows the divider '二、目标' with"
        " nothing between"]


def test_a_picture_is_its_slides_body_clipped_to_the_body_area():
    picture = {"x0": 40.0, "x1": 920.0, "top": 112.0, "bottom": 438.0}
    measured = measure_slide(13, [char(400, 470, 16)], WIDTH, HEIGHT, "content", "监测网络",
                             TOP, "（续）", [picture])
    left, right, floor = 0.05 * WIDTH, 0.95 * WIDTH, 0.9 * HEIGHT
    assert measured.span == round((right - left) * (486 - 112) / ((right - left)
                                                                  * (floor - TOP)), 3)


# The two-numbered briefing's 13-row table wraps its header and its longest cells at 24 pt:
# set there it would take three slides (or show five rows), so it takes two at 23 pt, and its
# five principles' cards are 23 pt too. Any other deck's typical slide is 24 pt or more.
MEDIAN_BODY = {NUMBERED_CONTENT: 23}


@pytest.mark.parametrize("content, theme", [(p, t) for p in BRIEFINGS for t in THEMES],
                         ids=lambda v: getattr(v, "stem", v))
def test_every_deck_meets_the_rooms_targets_as_libreoffice_draws_it(content, theme,
                                                                     deck_renders):
    """Titles at least 32 pt; median body span at least half the body area and none under a
    fifth; median body type at least 24 pt, none under 16; titles 1.3 times their body; no
    list or cards continued; at most one divider for every three content slides."""
    from briefing.content.load import load_briefing

    made = deck_renders(content, theme)
    labels = load_labels(load_briefing(content).briefing.language)
    measured = measure_deck(made["pptx"], made["libreoffice"], str(labels["contents"]),
                            str(labels["continued"]), geometry().layouts)
    titles = [s.title_size for s in measured.slides if s.kind != "divider"]
    assert min(titles) >= 32
    assert [str(f) for f in room_findings("deck", measured)] == []
    assert measured.median_span() >= 0.5
    assert measured.median_body_size() >= MEDIAN_BODY.get(content, 24)
    assert 3 * measured.dividers() <= len(measured.content)


LIKENESS = 0.05  # of the slide's width or height: how far the two drawings' bodies may differ
EMU = 12700  # per point
CHART_SLACK = 3  # points: a chart's texts, which the slides PDF's drawing sizes on its own


@pytest.mark.parametrize("content, theme", [(p, t) for p in BRIEFINGS for t in THEMES],
                         ids=lambda v: getattr(v, "stem", v))
def test_the_slides_pdf_and_libreoffices_drawing_of_the_deck_look_alike(content, theme,
                                                                        deck_renders):
    """Slide by slide, the body (its characters and pictures) sits in the same place in the
    slides PDF and in LibreOffice's drawing of the PPTX, and is set at the same sizes."""
    import pdfplumber
    from pptx import Presentation

    made = deck_renders(content, theme)
    layouts = geometry().layouts
    with pdfplumber.open(made["slides"]) as ours, pdfplumber.open(made["libreoffice"]) as lo:
        assert len(ours.pages) == len(lo.pages)
        slides = Presentation(str(made["pptx"])).slides
        for number, (page, drawn_page) in enumerate(zip(ours.pages, lo.pages), 1):
            top = title_bottom(slides[number - 1].slide_layout.name, layouts)
            # the slides PDF draws an SVG picture as paths and texts: where the PPTX has it
            pictures = [{"x0": s.left / EMU, "x1": (s.left + s.width) / EMU, "top": s.top / EMU,
                         "bottom": (s.top + s.height) / EMU}
                        for s in slides[number - 1].shapes if s.shape_type == 13]
            chars = [c for c in page.chars if not any(
                p["x0"] <= c["x0"] and c["x1"] <= p["x1"] and p["top"] <= c["top"]
                and c["bottom"] <= p["bottom"] for p in pictures)]
            pages = (page, drawn_page)
            drawn = [body_bounds(chars, pictures, float(page.width), float(page.height), top),
                     body_bounds(drawn_page.chars, drawn_page.images, float(page.width),
                                 float(page.height), top)]
            (ours_body, ours_box), (lo_body, lo_box) = drawn
            assert (ours_box is None) == (lo_box is None), number
            if ours_box is None:
                continue
            width, height = float(pages[0].width), float(pages[0].height)
            for a, b, scale in zip(ours_box, lo_box, (width, height, width, height)):
                assert abs(a - b) <= LIKENESS * scale, (number, ours_box, lo_box)
            ours_sizes, lo_sizes = ({round(c["size"]) for c in body} for body in (ours_body,
                                                                                   lo_body))
            slack = CHART_SLACK if any(getattr(shape, "has_chart", False)
                                       for shape in slides[number - 1].shapes) else 0
            for one, other in ((ours_sizes, lo_sizes), (lo_sizes, ours_sizes)):
                for size in one:  # each size of one drawing is (near) a size of the other
                    assert min(abs(size - z) for z in other) <= slack, \
                        (number, ours_sizes, lo_sizes)
