"""Where a fitted slide's body sits in its area: a list's items spread apart and the list set
about the middle, a grid of cards as tall as its texts and centred, so that a short body does
not sit in the top corner of an empty slide (docs/deck-layouts.md).

Fitting chose the sizes and the line breaks; placing only moves boxes down and opens the
space between paragraphs, so that what fitted still fits. The space is written out (the
paragraphs' space before, the boxes' tops) for the PPTX and the slides PDF alike.
"""

from __future__ import annotations

from dataclasses import replace

from . import fitting
from .geometry import (
    BULLET_INDENT,
    CARD_GAP,
    CARD_PADDING,
    NUMBER_INDENT,
    PARAGRAPH_GAP,
    PT_PER_INCH,
)
from .measures import Measures
from .outline import Slide, below

MOST_GAP = 1.5  # em: the space between a list's items grows up to this
STATEMENT_GAP = 2.5  # em: and between two one-line items (statements), set apart
STATEMENTS = 2
ABOVE = 0.4  # of the height left over, the share above the body (the eye's middle is high)
INSETS = 0.1 * PT_PER_INCH  # a text frame's top and bottom insets together, in points
SLACK = 0.01  # inches a card is taller than its text: what rounding takes back


def place(fitter: Measures, slide: Slide) -> Slide:
    """Return a fitted slide with its list or its cards placed over its body area."""
    if slide.bullets and slide.body_box is not None:
        return _place_list(fitter, slide)
    if slide.cards:
        return _place_cards(fitter, slide)
    return slide


def spread(natural: float, gaps: int, room: float, size: float,
           most: float = MOST_GAP) -> tuple[float, float]:
    """Return the space before each paragraph after the first and the space above the body
    (points) that set a body of `natural` height (points, its paragraphs PARAGRAPH_GAP em
    apart) with `gaps` gaps in a room's height: the paragraphs further apart, up to `most`
    em, then what is left shared ABOVE over and the rest under it."""
    base = size * PARAGRAPH_GAP
    free = max(room - natural, 0.0)
    extra = min(free / gaps, size * (most - PARAGRAPH_GAP)) if gaps else 0.0
    return base + extra, (free - extra * gaps) * ABOVE


def _place_list(fitter: Measures, slide: Slide) -> Slide:
    """Place a list slide's columns (one or two, and a side column) with one space between
    items and one top, so that the columns start level."""
    indent = NUMBER_INDENT if slide.numbered else BULLET_INDENT
    size, area = slide.body_size, slide.body_box
    assert area is not None
    columns = [[b.text for b in slide.bullets]] + ([[b.text for b in slide.second]]
                                                  if slide.second else [])
    box = fitter.box(area, indent, size)
    room = area[3] * PT_PER_INCH - INSETS
    natural = max(fitting.height_of(fitter.regular, texts, box, size) for texts in columns)
    gaps = max(len(texts) for texts in columns) - 1
    statements = len(columns) == 1 and len(columns[0]) <= STATEMENTS and all(
        len(fitter.regular.wrap(t, box.width, size)) == 1 for t in columns[0])
    gap, above = spread(natural, gaps, room, size, STATEMENT_GAP if statements else MOST_GAP)
    body_height = natural + (gap - size * PARAGRAPH_GAP) * gaps
    side = _side_height(fitter, slide)
    if side > body_height:  # the side column is the taller: it decides the top
        above = max(room - side, 0.0) * ABOVE if side <= room else 0.0
    top = area[1] + above / PT_PER_INCH
    boxes = dict(slide.boxes)
    if slide.right and "right" in boxes:
        boxes["right"] = below(boxes["right"], top)
    return replace(slide, gap=gap, body_box=below(area, top), boxes=boxes,
                   second_box=below(slide.second_box, top) if slide.second_box else None)


def _side_height(fitter: Measures, slide: Slide) -> float:
    """Return the height (points) of a slide's side column: its title and its items."""
    if not slide.right or "right" not in slide.boxes:
        return 0.0
    size = slide.right_size
    box = fitter.box(slide.boxes["right"], BULLET_INDENT, size)
    return fitting.height_of(fitter.bold, [slide.right_title], box, size) \
        + fitting.height_of(fitter.regular, [b.text for b in slide.right], box, size) \
        + box.paragraph_gap


def _place_cards(fitter: Measures, slide: Slide) -> Slide:
    """Place a grid of cards: every card as tall as the tallest card's title and text, the
    grid set about the middle of the area the fitting gave it."""
    rects = slide.card_boxes
    top = min(r[1] for r in rects)
    bottom = max(r[1] + r[3] for r in rects)
    rows = sorted({r[1] for r in rects})
    pad = 2 * CARD_PADDING / PT_PER_INCH
    size, title_size = slide.body_size, slide.card_title_size
    inner = fitter.box((0, 0, rects[0][2] - pad, rects[0][3] - pad), 0, size)
    tallest = max(fitting.height_of(fitter.bold, [c.title], inner, title_size)
                  + fitting.height_of(fitter.regular, [c.text], inner, size)
                  + inner.paragraph_gap for c in slide.cards)
    height = min((tallest + INSETS) / PT_PER_INCH + pad + SLACK, rects[0][3])
    gap = CARD_GAP / PT_PER_INCH
    grid = len(rows) * height + (len(rows) - 1) * gap
    start = top + (bottom - top - grid) * ABOVE
    placed = tuple((r[0], start + rows.index(r[1]) * (height + gap), r[2], height)
                   for r in rects)
    return replace(slide, card_boxes=placed)
