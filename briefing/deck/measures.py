"""What every fitter of the deck measures with (lists, cards, tables, charts, diagrams,
pictures): the deck's faces and the theme's sizes, the room in a box, titles and body texts
broken and fitted, the note under a block, the continued title; and the sizes of a content
slide's body under its title. The fitter of each block kind takes a Measures, so that none of
them imports the Fitter that calls it."""

from __future__ import annotations

import math

from ..design.fonts import metrics
from ..design.theme import DeckScale, Theme
from ..diagnostics import Diagnostic, DiagnosticError
from . import breaks, fitting
from .geometry import (
    PARAGRAPH_GAP,
    PT_PER_INCH,
    TEXT_INSET,
    TITLE_RATIO,
    Geometry,
    Rect,
    geometry,
)
from .outline import PlannedSlide, sizes_between

UNDER_LINES = 2  # a note or caption under a table, chart or picture: at most two lines
LEAD_LINES = 2  # a lead (a section's question on its first slide) takes at most two lines


class Measures:
    """The deck's faces, labels, boxes and sizes, and the measures every fitter shares."""

    def __init__(self, theme: Theme, labels: dict, layout_boxes: Geometry | None = None,
                 chinese: bool = True):
        fonts = theme.fonts.deck
        regular = [metrics(fonts.metrics_latin), metrics(fonts.metrics_east_asian)]
        bold = [metrics(fonts.metrics_latin, True), metrics(fonts.metrics_east_asian, True)]
        missing = [name for name, m in zip((fonts.metrics_latin, fonts.metrics_east_asian),
                                           regular) if m is None]
        if missing:
            raise DiagnosticError([Diagnostic(
                f"templates/themes/{theme.name}.yaml", 0, 0, "error", "fonts.deck",
                f"font not installed: {', '.join(missing)} (run `make` to install the fonts)")])
        line_em = max(m.line_em for m in regular)
        self.regular = fitting.Measure(*regular, line_em)
        self.bold = fitting.Measure(*(b or r for b, r in zip(bold, regular)), line_em)
        self.scale = theme.deck_pt
        self.sizes = self.scale  # the scale of the slide being fitted: its body under its title
        self.continued = str(labels["continued"])
        self.colon = str(labels["colon"])
        self.list_sep = str(labels["list_sep"])
        self.first_rows = str(labels["table_first_rows"])
        self.geometry = layout_boxes or geometry()
        self.chinese = chinese  # the briefing's language: how the slides PDF sets Latin

    def one_line(self, text: str, rect: Rect, size: float) -> str:
        """Return text shortened with … to one line of a box (inches) at a size (points)."""
        box = self.box(rect)
        return fitting.shorten_to_fit(self.regular, text, fitting.Box(
            box.width, self.regular.line_height(size)), size) if text else text

    def box(self, rect: Rect, indent: float = 0, size: float = 0) -> fitting.Box:
        """Return the room inside a rectangle (inches) for text, in points."""
        return fitting.Box(width=rect[2] * PT_PER_INCH - 2 * TEXT_INSET - indent,
                           height=rect[3] * PT_PER_INCH - 0.1 * PT_PER_INCH,
                           paragraph_gap=size * PARAGRAPH_GAP)

    def size_for(self, text: str, rect: Rect, largest: float,
                 bold: bool = False) -> tuple[str, float]:
        """Return a title-like text (a title, a subtitle, a lead) with its line breaks
        (breaks.title_text), shortened with … if it must be, and the largest size at which it
        fits a box."""
        measure = self.bold if bold else self.regular
        box = self.box(rect)
        for size in sizes_between(largest, self.sizes.minimum):
            text_at = self.title(text, box.width, size, bold)
            if fitting.fits(measure, [text_at], box, size):
                return text_at, size
        size = self.sizes.minimum
        return fitting.shorten_to_fit(measure, breaks.one_line(text), box, size, shape=lambda t:
                                      self.title(t, box.width, size, bold)), size

    def title(self, text: str, width: float, size: float, bold: bool = True) -> str:
        """Return a title-like text with its line breaks in a width (points) at a size."""
        return breaks.title_text(self.bold if bold else self.regular, text, width, size,
                                 self.chinese)

    def body(self, text: str, box: fitting.Box, size: float) -> str:
        """Return a body text with the line breaks that keep a runt off its last line."""
        return breaks.body_text(self.regular, text, box.width, size, self.chinese)

    def text_under(self, text: str, area: Rect, more: int = 0) -> tuple[str, float, float]:
        """Return a note or caption set under a table, chart or picture as wide as `area`
        (inches): its text (shortened to UNDER_LINES lines, and `more`, at the deck's smallest
        size if it must be; '' for none), that size (points) and its box's height (inches)."""
        if not text:
            return "", 0.0, 0.0
        size = self.sizes.minimum
        box = fitting.Box(area[2] * PT_PER_INCH - 2 * TEXT_INSET,
                          (UNDER_LINES + more) * self.regular.line_height(size))
        shown = fitting.shorten_to_fit(self.regular, text, box, size,
                                       shape=lambda t: self.body(t, box, size))
        lines = len(self.regular.wrap(shown, box.width, size))
        return shown, size, (lines * self.regular.line_height(size) + 0.1 * PT_PER_INCH) \
            / PT_PER_INCH

    def under_title(self, title_size: float) -> DeckScale:
        """Return the scale of a content slide's body under a title of a size: its body at
        most title_size / TITLE_RATIO (a room tells the title from the text by its size),
        never under the deck's smallest."""
        body = max(min(self.scale.body, math.floor(title_size / TITLE_RATIO)),
                   self.scale.minimum)
        return self.scale.model_copy(update={"body": float(body)})

    def lead(self, text: str, rect: Rect) -> tuple[str, float, Rect]:
        """Return a lead (a thrust, a target year, a section's question) with its breaks, its
        size and its box: as wide as the layout's, in up to LEAD_LINES lines at the body size,
        as tall as the lines it takes."""
        room = (rect[0], rect[1], rect[2], max(rect[3], (LEAD_LINES * self.regular.line_height(
            self.sizes.body) + 0.1 * PT_PER_INCH) / PT_PER_INCH))
        shown, size = self.size_for(text, room, self.sizes.body)
        lines = len(self.regular.wrap(shown, self.box(room).width, size))
        height = (lines * self.regular.line_height(size) + 0.1 * PT_PER_INCH) / PT_PER_INCH
        return shown, size, (rect[0], rect[1], rect[2], max(min(height, room[3]), rect[3]))

    def _title_size(self, layout: str) -> float:
        """Return the largest title size of a layout, in points."""
        return self.sizes.title if layout in ("title", "closing") else self.sizes.heading

    def strip(self, text: str, rect: Rect) -> tuple[str, float, float]:
        """Return a line set under a slide's body as wide as `rect` (inches): its text with
        its breaks, its size (one line down to four points under the body size, else two
        lines) and its box's height (inches)."""
        def room(lines: int) -> Rect:
            """Return a box (inches) of `lines` lines at the body size, as wide as rect."""
            return (rect[0], 0, rect[2], (lines * self.regular.line_height(self.sizes.body)
                                          + 0.1 * PT_PER_INCH) / PT_PER_INCH)

        shown, size = self.size_for(text, room(1), self.sizes.body)
        if size < self.sizes.body - 4:
            shown, size = self.size_for(text, room(LEAD_LINES), self.sizes.body)
        count = len(self.regular.wrap(shown, self.box(rect).width, size))
        return shown, size, (count * self.regular.line_height(size) + 0.1 * PT_PER_INCH) \
            / PT_PER_INCH

    def continued_title(self, planned: PlannedSlide) -> tuple[str, float]:
        """Return the title of a continuation slide ("…（续）"), fitted anew, and its size."""
        return self.size_for(planned.title + self.continued,
                             self.geometry.layouts[planned.layout]["title"],
                             self._title_size(planned.layout), bold=True)
