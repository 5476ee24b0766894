"""A table on slides: column widths and row heights measured with the deck's fonts, the
table's note under it. A table takes one slide, or two at a size a room reads (READABLE, the
second titled as continued, both with the header row); a longer one shows its first rows
(never ending on a group row) with a line under them saying how many of how many and where
the whole table is: in the notes, row by row, and in the briefing. Four slides of small rows
with the note repeated on each were a wall a room waited through.

Widths follow the automatic table layout of browsers: every column gets the room its longest
unbreakable piece needs (at least four characters, where its cells are longer), and the rest
is shared in proportion to how much more its longest cell would take on one line. Of the sizes
from the body size down to the minimum, the table takes the largest that gives it the fewest
slides a room reads (see _layout), its rows spread evenly over two. A row taller than a whole
slide has its longest cells shortened with …; the notes keep every cell.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import fitting
from .geometry import CELL_MARGIN_X, CELL_MARGIN_Y, PT_PER_INCH, Rect
from .measures import Measures
from .outline import PlannedSlide, PlannedTable, Slide, TableRow, page_notes, sizes_between

MIN_COLUMN_EM = 4.0  # a column is not made narrower than four characters unless its cells are
GAP = 0.1  # inches between the table and its note
READABLE = 24  # points: a table this large reads across a room, over two slides if it must
MOST_SLIDES = 2  # a table longer than this many slides shows its first rows
MIN_SHOWN = 6  # rows: fewer at READABLE, and a table goes smaller if two slides then hold it


@dataclass(frozen=True)
class FittedTable:
    """The part of a table one slide shows, placed: rectangle and column widths in inches,
    row heights in inches (the header's first), sizes in points."""

    rect: Rect
    widths: tuple[float, ...]
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    heights: tuple[float, ...]
    numeric: tuple[bool, ...]
    size: float
    note: str = ""
    note_rect: Rect | None = None
    note_size: float = 0


def fit_table(fitter: Measures, base: Slide, planned: PlannedSlide, area: Rect) -> list[Slide]:
    """Return the slides of a table: one, or two at a size a room reads (the second titled as
    continued, each repeating the header row), with its note under it where the note leaves
    that room (the notes have it); a table longer than that shows its first rows on one slide
    and a line saying where the whole table is. The notes hold every row."""
    table = planned.table
    assert table is not None
    readable = min(READABLE, fitter.sizes.body)
    for note in [table.note, ""] if table.note else [""]:  # a long note gives way to rows
        under, under_size, under_height = fitter.text_under(note, area)
        room = (area[3] - (under_height + GAP if under else 0)) * PT_PER_INCH
        size, widths, rows, heights, pages = _layout(fitter, table, area[2] * PT_PER_INCH, room)
        if len(pages) <= MOST_SLIDES and size >= readable:
            break
    header_height, row_heights = heights[0], heights[1:]
    if len(pages) > MOST_SLIDES:  # too long for a room: the first rows, and where the rest is
        total = sum(not row.group for row in table.rows)
        longest = fitter.first_rows.format(shown=total, total=total)
        under_height = fitter.text_under(_joined(longest, note), area, more=1)[2]
        room = (area[3] - under_height - GAP) * PT_PER_INCH
        pages = _paginate(rows, row_heights, room - header_height)[:1]  # as many as fit
        line = fitter.first_rows.format(shown=sum(not rows[i].group for i in pages[0]),
                                        total=total)
        under, under_size, under_height = fitter.text_under(_joined(line, note), area, more=1)
    slides = []
    for number, indexes in enumerate(pages):
        last = number == len(pages) - 1
        page_heights = (header_height, *(row_heights[i] for i in indexes))
        height = sum(page_heights) / PT_PER_INCH
        note_rect = (area[0], area[1] + height + GAP, area[2], under_height) \
            if under and last else None
        fitted = FittedTable(
            rect=(area[0], area[1], area[2], height),
            widths=tuple(w / PT_PER_INCH for w in widths), header=tuple(table.columns),
            rows=tuple(rows[i] for i in indexes),
            heights=tuple(h / PT_PER_INCH for h in page_heights), numeric=tuple(table.numeric),
            size=size, note=under if last else "", note_rect=note_rect,
            note_size=under_size if last else 0)
        notes = page_notes(planned, [], fitter.colon, last=last)
        context = len([n for n in planned.notes if n])
        rows_text = table_notes(table, indexes if len(pages) > 1 else range(len(table.rows)))
        slide = replace(base, table=fitted, notes=notes[:context] + rows_text + notes[context:])
        if number:
            title, title_size = fitter.continued_title(planned)
            slide = replace(slide, title=title, title_size=title_size)
        slides.append(slide)
    return slides


def _joined(first: str, second: str) -> str:
    """Return two texts set under a table, one line after the other (either may be '')."""
    return "\n".join(text for text in (first, second) if text)


def table_notes(table: PlannedTable, indexes: range | list[int]) -> tuple[str, ...]:
    """Return the notes of the rows a slide shows, whole: the header, then a line per row."""
    lines = [" | ".join(table.columns)]
    lines += [row.cells[0] if row.group else " | ".join(row.cells)
              for row in (table.rows[i] for i in indexes)]
    return tuple(lines)


def _layout(fitter: Measures, table: PlannedTable, width: float, room: float
            ) -> tuple[float, list[float], list[TableRow], list[float], list[list[int]]]:
    """Return the size, column widths (points), rows (cells shortened where a row would not fit
    any slide), heights (points, the header's first) and slides (row indexes) of a table: of
    the sizes from the body size down, the largest at which it takes one slide at READABLE or
    more, else two; a longer table at READABLE (its first slide is shown), unless that shows
    under MIN_SHOWN rows of a table that a smaller size fits on one slide or two; else one
    slide, else two, else the size at which a slide shows the most rows."""
    readable = min(READABLE, fitter.sizes.body)
    options = []
    for size in sizes_between(fitter.sizes.body, fitter.sizes.minimum):
        widths = column_widths(fitter, table, width, size)
        if widths is None:
            continue
        heights = [_row_height(fitter, table.columns, widths, size, bold=True)]
        heights += [_height(fitter, row, widths, width, size) for row in table.rows]
        if heights[0] + max(heights[1:]) > room:
            continue
        pages = _balanced(table.rows, heights[1:], room - heights[0])
        options.append((size, widths, list(table.rows), heights, pages))
    for smallest, most in ((readable, 1), (readable, MOST_SLIDES)):
        for option in options:  # largest first
            if option[0] >= smallest and len(option[4]) <= most:
                return option
    legible = [option for option in options if option[0] >= readable]
    smaller = any(len(option[4]) <= MOST_SLIDES for option in options)
    if legible and (not smaller or _first_slide(legible[-1], room) >= MIN_SHOWN):
        return legible[-1]  # long: READABLE itself, which shows the most rows a room reads
    for most in (1, MOST_SLIDES):
        for option in options:
            if len(option[4]) <= most:
                return option
    if options:  # long, and too wide to read across a room: the size showing the most rows
        return max(options, key=lambda option: _first_slide(option, room))
    size, widths, rows, heights = _squeezed(fitter, table, width, room)
    return size, widths, rows, heights, _balanced(rows, heights[1:], room - heights[0])


def _first_slide(option: tuple, room: float) -> int:
    """Return how many rows the first slide of a layout option shows when it is filled."""
    heights = option[3]
    return len(_paginate(option[2], heights[1:], room - heights[0])[0])


def _squeezed(fitter: Measures, table: PlannedTable, width: float, room: float
              ) -> tuple[float, list[float], list[TableRow], list[float]]:
    """Return the table at the smallest size with columns shared in proportion to their
    content, cells shortened with … so that every row fits a slide under the header."""
    size = fitter.sizes.minimum
    widths = column_widths(fitter, table, width, size, force=True)
    header = _row_height(fitter, table.columns, widths, size, bold=True)
    if header > room / 2:  # even the header is too tall: shorten it too
        columns = _shortened(fitter, table.columns, widths, size, room / 2, bold=True)
        table = table.model_copy(update={"columns": columns})
        header = _row_height(fitter, columns, widths, size, bold=True)
    rows, heights = [], [header]
    for row in table.rows:
        if _height(fitter, row, widths, width, size) > room - header:
            row = TableRow(cells=_shortened(fitter, row.cells, [width] if row.group else widths,
                                            size, room - header), group=row.group)
        rows.append(row)
        heights.append(_height(fitter, row, widths, width, size))
    return size, widths, rows, heights


def column_widths(fitter: Measures, table: PlannedTable, width: float, size: float,
                  force: bool = False) -> list[float] | None:
    """Return the widths (points) of the columns at a size, filling `width`; None when the
    columns' narrowest widths do not fit (unless force, which shares in proportion)."""
    pad = 2 * CELL_MARGIN_X
    cells = [[table.columns[c]] + [row.cells[c] for row in table.rows if not row.group]
             for c in range(len(table.columns))]
    widest = [max(_line_width(fitter, text, size, bold=i == 0) for i, text in enumerate(column))
              + pad for column in cells]
    narrowest = [min(max(_piece_width(fitter, text, size, bold=i == 0)
                         for i, text in enumerate(column)), widest_ - pad) + pad
                 for column, widest_ in zip(cells, widest)]
    narrowest = [max(n, min(w, MIN_COLUMN_EM * size + pad)) for n, w in zip(narrowest, widest)]
    if sum(widest) <= width:
        return [w * width / sum(widest) for w in widest]
    if sum(narrowest) <= width:
        spare = width - sum(narrowest)
        wanted = [w - n for w, n in zip(widest, narrowest)]
        return [n + spare * want / sum(wanted) for n, want in zip(narrowest, wanted)]
    if not force:
        return None
    return [w * width / sum(widest) for w in widest]


def _line_width(fitter: Measures, text: str, size: float, bold: bool = False) -> float:
    """Return the width (points) of a cell's text on one line, with fitting's safety margin."""
    measure = fitter.bold if bold else fitter.regular
    return measure.width(text, size) / fitting.SAFETY


def _piece_width(fitter: Measures, text: str, size: float, bold: bool = False) -> float:
    """Return the width (points) of a cell's widest unbreakable piece (a word, a number)."""
    measure = fitter.bold if bold else fitter.regular
    pieces = fitting.tokens(text) or ("",)
    return max(measure.width(piece, size) for piece in pieces) / fitting.SAFETY


def _row_height(fitter: Measures, cells: list[str], widths: list[float], size: float,
                bold: bool = False) -> float:
    """Return the height (points) of a row of cells at a size."""
    measure = fitter.bold if bold else fitter.regular
    lines = max(len(measure.wrap(text, w - 2 * CELL_MARGIN_X, size)) if text else 1
                for text, w in zip(cells, widths))
    return lines * measure.line_height(size) + 2 * CELL_MARGIN_Y


def _height(fitter: Measures, row: TableRow, widths: list[float], width: float,
            size: float) -> float:
    """Return the height (points) of a row: its cells, or one bold cell across the table."""
    if row.group:
        return _row_height(fitter, row.cells[:1], [width], size, bold=True)
    return _row_height(fitter, row.cells, widths, size)


def _shortened(fitter: Measures, cells: list[str], widths: list[float], size: float,
               height: float, bold: bool = False) -> list[str]:
    """Return cells shortened with … so that each fits a given height (points)."""
    measure = fitter.bold if bold else fitter.regular
    return [fitting.shorten_to_fit(measure, text, fitting.Box(w - 2 * CELL_MARGIN_X,
                                                              height - 2 * CELL_MARGIN_Y), size)
            if text else text for text, w in zip(cells, widths)]


def _balanced(rows: list[TableRow], heights: list[float], room: float) -> list[list[int]]:
    """Split rows over the fewest slides of a given room (points), evened out: the smallest
    room that needs no more slides, so that the last slide is not a stub of a row or two."""
    pages = _paginate(rows, heights, room)
    if len(pages) < 2:
        return pages
    low, high = max(heights), room  # a room below the tallest row cannot hold it
    while high - low > 0.5:
        middle = (low + high) / 2
        if len(_paginate(rows, heights, middle)) > len(pages):
            low = middle
        else:
            high = middle
    return _paginate(rows, heights, high)


def _paginate(rows: list[TableRow], heights: list[float], room: float) -> list[list[int]]:
    """Split rows, in order, into the fewest slides of a given room (points); a group row is
    never the last row of a slide when rows follow it (nor are group rows in a row)."""
    pages: list[list[int]] = [[]]
    used = 0.0
    for index, height in enumerate(heights):
        if pages[-1] and used + height > room:
            carried: list[int] = []
            while rows[pages[-1][-1]].group and len(pages[-1]) > 1:
                carried.insert(0, pages[-1].pop())
            pages.append(carried)
            used = sum(heights[i] for i in carried)
        pages[-1].append(index)
        used += height
    return pages
