"""The overview diagram on its slide: rows of equal boxes (a goal on top, then a row per cards or
groups block), each row at the largest size that keeps its titles on one line where any size
allows, else with titles broken between word groups in balanced lines. A row of more than six
boxes is laid out as several rows; each row is at least as tall as its boxes need at the
deck's smallest size, when the slide has room for that."""

from __future__ import annotations

from dataclasses import replace

from ..content import limits
from . import fitting
from .geometry import DIAGRAM_GAP, DIAGRAM_PADDING, PT_PER_INCH, Rect
from .measures import Measures
from .outline import DiagramBox, DiagramRow, PlacedBox, Slide, sizes_between

MAX_BOXES_PER_ROW = limits.OVERVIEW_PER_ROW
MIN_BOX = 0.3  # inches: no box is drawn narrower or lower, whatever the content asks
# of the deck's smallest size: the boxes of a diagram too dense for it are labels, read close
# up, better smaller than cut short (as a chart's labels: charts.chart_minimum)
SMALLEST_SHARE = 2 / 3


def fit_diagram(fitter: Measures, base: Slide, rows: list[DiagramRow], area: Rect) -> Slide:
    """Place the overview diagram's boxes, each row at the largest size that fits it."""
    rows = [part for row in rows for part in _split(row)]
    placed = []
    for row, rects in zip(rows, _rects(fitter, area, rows)):
        title_size, text_size, texts, row = _row_sizes(fitter, row, rects[0])
        placed += [PlacedBox(row.role, box.title, text, rect, title_size, text_size)
                   for box, rect, text in zip(row.boxes, rects, texts)]
    return replace(base, diagram=tuple(placed))


def _split(row: DiagramRow) -> list[DiagramRow]:
    """Return a row as rows of at most six boxes, as even as can be."""
    count = len(row.boxes)
    parts = -(-count // MAX_BOXES_PER_ROW)
    size = -(-count // parts)
    return [DiagramRow(role=row.role, boxes=row.boxes[i:i + size])
            for i in range(0, count, size)]


def _rects(fitter: Measures, area: Rect, rows: list[DiagramRow]) -> list[list[Rect]]:
    """Return the rectangles (inches) of the diagram's boxes: rows of equal boxes, each row
    first given the height its boxes need at the deck's smallest size (so that no row's
    titles are cut short while another row has room to spare), the rest shared as before —
    rows whose boxes carry a line of text under their title taking more."""
    gap = DIAGRAM_GAP / PT_PER_INCH
    widths = [max((area[2] - gap * (len(row.boxes) - 1)) / len(row.boxes), MIN_BOX)
              for row in rows]
    weights = [1.6 if any(box.text for box in row.boxes) and len(row.boxes) > 1 else 1.0
               for row in rows]
    room = area[3] - gap * (len(rows) - 1)
    needs = [_need(fitter, row, width) for row, width in zip(rows, widths)]
    shares = [room * weight / sum(weights) for weight in weights]
    if sum(needs) > room:  # even the smallest size needs more: rows in proportion to needs
        heights = [room * need / sum(needs) for need in needs]
    else:  # each row its share, or its need where that is more, taken from the others' spare
        short = [max(need - share, 0.0) for need, share in zip(needs, shares)]
        spare = [max(share - need, 0.0) for need, share in zip(needs, shares)]
        taken = sum(short) / sum(spare) if sum(spare) else 0.0
        heights = [max(share, need) - spare_ * taken
                   for share, need, spare_ in zip(shares, needs, spare)]
    rects, top = [], area[1]
    for row, width, height in zip(rows, widths, heights):
        height = max(height, MIN_BOX)
        rects.append([(area[0] + i * (width + gap), top, width, height)
                      for i in range(len(row.boxes))])
        top += height + gap
    return rects


def _need(fitter: Measures, row: DiagramRow, width: float) -> float:
    """Return the height (inches) a row of boxes this wide (inches) needs at the deck's
    smallest size (titles and the lines under them alike, as _row_sizes sets them there):
    its tallest title with the line of text under it."""
    size = fitter.sizes.minimum
    inner = width * PT_PER_INCH - 2 * DIAGRAM_PADDING
    room = fitting.Box(width=inner, height=float("inf"))

    def height(text: str, bold: bool) -> float:
        measure = fitter.bold if bold else fitter.regular
        return fitting.height_of(measure, [fitter.title(text, inner, size, bold)], room, size)

    tallest = max(height(box.title, True) + (height(box.text, False) if box.text else 0.0)
                  for box in row.boxes)
    return (tallest + 2 * DIAGRAM_PADDING + 2) / PT_PER_INCH


def _row_sizes(fitter: Measures, row: DiagramRow, rect: Rect
               ) -> tuple[float, float, list[str], DiagramRow]:
    """Return the title size, the text size, the texts and the row (its titles with their line
    breaks, shortened when even the smallest size cannot hold them) of one row of diagram
    boxes. Titles and the lines under them break between word groups in balanced lines."""
    minimum = fitter.sizes.minimum
    sizes = sizes_between(fitter.sizes.body, minimum)
    inner = fitting.Box(width=rect[2] * PT_PER_INCH - 2 * DIAGRAM_PADDING,
                        height=rect[3] * PT_PER_INCH - 2 * DIAGRAM_PADDING - 2)

    def text_size(size: float) -> float:
        """Return the size of the lines under the titles: 2 pt less, not below the deck's
        smallest size unless the titles are."""
        return max(size - 2, min(size, minimum))

    def shaped(size: float) -> tuple[list[str], list[str]]:
        """Return the row's titles and texts with their line breaks at a title size."""
        small = text_size(size)
        return ([fitter.title(box.title, inner.width, size)
                 for box in row.boxes],
                [fitter.title(box.text, inner.width, small, bold=False)
                 if box.text else "" for box in row.boxes])

    def fits_at(size: float, one_line: bool = False) -> bool:
        """Tell whether every box of the row fits at a title size."""
        for title, text in zip(*shaped(size)):
            if one_line and "\n" in title:
                return False
            used = fitting.height_of(fitter.bold, [title], inner, size)
            if text:
                used += fitting.height_of(fitter.regular, [text], inner, text_size(size))
            if used > inner.height:
                return False
        return True

    smaller = sizes_between(minimum - 1, round(minimum * SMALLEST_SHARE))  # a dense diagram
    size = next((s for s in sizes if fits_at(s, one_line=True)),
                next((s for s in sizes + smaller if fits_at(s)), (sizes + smaller)[-1]))
    small = text_size(size)
    titles, texts = shaped(size)
    if not fits_at(size):  # shorten the lines under the titles first, the titles last
        room = fitting.Box(inner.width, inner.height / 2)
        texts = [fitting.shorten_to_fit(fitter.regular, box.text, room, small, shape=lambda t:
                                        fitter.title(t, inner.width, small, bold=False))
                 if box.text else "" for box in row.boxes]
        titles = [fitting.shorten_to_fit(fitter.bold, box.title, fitting.Box(
            inner.width, inner.height - (room.height if box.text else 0)), size, shape=lambda t:
            fitter.title(t, inner.width, size)) for box in row.boxes]
    row = DiagramRow(role=row.role, boxes=[DiagramBox(title=title, text=box.text)
                                           for title, box in zip(titles, row.boxes)])
    return size, small, texts, row
