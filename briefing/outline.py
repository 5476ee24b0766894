"""Briefing -> deck outline: the slides decided once (by templates/deck/outline.json.j2), then
fitted with real font metrics into the boxes of templates/deck/layouts.yaml.

A list that does not fit continues on a slide titled with the "continued" label; an item too
long for any slide is shortened with … on the slide and kept whole in the notes. The PPTX and
the slides PDF are both drawn from the fitted outline, so they agree slide for slide.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from pydantic import ValidationError

from . import fitting
from .content import LoadedBriefing
from .diagnostics import Diagnostic, DiagnosticError
from .fonts import metrics
from .model import Strict
from .source import load_yaml
from .templating import render
from .theme import TEMPLATES, Theme, load_labels

OUTLINE_TEMPLATE = "deck/outline.json.j2"
LAYOUTS_FILE = TEMPLATES / "deck" / "layouts.yaml"
PT_PER_INCH = 72.0
TEXT_INSET = 0.1 * PT_PER_INCH  # left/right inset of every text box, in points
BULLET_INDENT = 0.3 * PT_PER_INCH  # hanging indent of a bullet
CARD_GAP = 0.25 * PT_PER_INCH
CARD_PADDING = 0.15 * PT_PER_INCH
DIAGRAM_GAP = 0.15 * PT_PER_INCH
DIAGRAM_PADDING = 0.08 * PT_PER_INCH  # the whole inset of a diagram box's text, every side
MAX_CARDS = 6
PARAGRAPH_GAP = 0.35  # space before a bullet, as a fraction of its size

Rect = tuple[float, float, float, float]  # left, top, width, height in inches


class Bullet(Strict):
    """An item of a slide's list: the text shown and the full text kept in the notes."""

    text: str
    full: str


class Card(Strict):
    """A titled card: its title, the text shown and the full text kept in the notes."""

    title: str
    text: str
    full: str


class DiagramBox(Strict):
    """A box of the overview diagram: a title and, optionally, a line under it."""

    title: str
    text: str = ""


class DiagramRow(Strict):
    """A row of the overview diagram (goal, principles, battles, safeguards) and its boxes."""

    role: str
    boxes: list[DiagramBox]


class PlannedSlide(Strict):
    """A slide as the outline template decides it, before fitting."""

    layout: Literal["title", "section", "content", "cards", "two_columns", "closing"]
    title: str
    subtitle: str = ""
    lead: str = ""
    bullets: list[Bullet] = []
    cards: list[Card] = []
    right_title: str = ""
    right: list[Bullet] = []
    diagram: list[DiagramRow] = []  # rows of boxes, drawn as grouped, editable shapes
    notes: list[str] = []  # context before the items' full texts, which the fitter adds
    notes_after: list[str] = []


class Geometry(Strict):
    """The boxes of a deck's layouts and footers, in inches (templates/deck/layouts.yaml)."""

    slide: tuple[float, float]
    layouts: dict[str, dict[str, tuple[float, float, float, float]]]
    footer: dict[str, tuple[float, float, float, float]]


@dataclass(frozen=True)
class PlacedBox:
    """A box of the overview diagram: its row's role, its texts and its rectangle (inches)."""

    role: str
    title: str
    text: str
    rect: Rect
    title_size: float
    text_size: float


@dataclass(frozen=True)
class Slide:
    """A fitted slide: what to draw, in which boxes (inches), at which sizes (points)."""

    layout: str
    title: str
    title_size: float
    subtitle: str = ""
    subtitle_size: float = 0
    lead: str = ""
    lead_size: float = 0
    bullets: tuple[Bullet, ...] = ()
    body_size: float = 0
    body_box: Rect | None = None
    cards: tuple[Card, ...] = ()
    card_boxes: tuple[Rect, ...] = ()
    card_title_size: float = 0
    right_title: str = ""
    right: tuple[Bullet, ...] = ()
    right_size: float = 0
    diagram: tuple[PlacedBox, ...] = ()
    notes: tuple[str, ...] = ()
    boxes: dict[str, Rect] = field(default_factory=dict)  # title, subtitle, lead, …, footer


@lru_cache(maxsize=1)
def geometry() -> Geometry:
    """Return the layout boxes of templates/deck/layouts.yaml."""
    located = load_yaml(LAYOUTS_FILE.read_bytes(), "templates/deck/layouts.yaml")
    return Geometry.model_validate(located.data)


def plan(loaded: LoadedBriefing) -> list[PlannedSlide]:
    """Return the slides the outline template decides for a briefing, before fitting."""
    b = loaded.briefing
    text = render(OUTLINE_TEMPLATE, b=b, labels=load_labels(b.language))
    try:
        return [PlannedSlide.model_validate(s) for s in json.loads(text)]
    except (json.JSONDecodeError, ValidationError) as exc:
        raise DiagnosticError([Diagnostic(f"templates/{OUTLINE_TEMPLATE}", 0, 0, "error", "",
                                          f"the outline is not a valid slide list: {exc}")]) \
            from None


class Fitter:
    """Fits planned slides into the layout boxes with the theme's sizes and fonts."""

    def __init__(self, theme: Theme, labels: dict, layout_boxes: Geometry | None = None):
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
        self.sizes = theme.deck_pt
        self.continued = str(labels["continued"])
        self.colon = str(labels["colon"])
        self.geometry = layout_boxes or geometry()

    def box(self, rect: Rect, indent: float = 0, size: float = 0) -> fitting.Box:
        """Return the room inside a rectangle (inches) for text, in points."""
        return fitting.Box(width=rect[2] * PT_PER_INCH - 2 * TEXT_INSET - indent,
                           height=rect[3] * PT_PER_INCH - 0.1 * PT_PER_INCH,
                           paragraph_gap=size * PARAGRAPH_GAP)

    def size_for(self, text: str, rect: Rect, largest: float,
                 bold: bool = False) -> tuple[str, float]:
        """Return text (shortened if it must be) and the largest size at which it fits a box."""
        measure = self.bold if bold else self.regular
        size = fitting.largest_fitting_size(measure, [text], self.box(rect), largest,
                                            self.sizes.minimum)
        if size is not None:
            return text, size
        return fitting.shorten_to_fit(measure, text, self.box(rect), self.sizes.minimum), \
            self.sizes.minimum

    def list_pages(self, texts: list[str], rect: Rect) -> tuple[float, list[list[int]], list[str]]:
        """Return the size, the pages (item indexes) and the slide texts of a bullet list."""
        def box(size: float) -> fitting.Box:
            """Return the room inside a rectangle (inches) for text, in points."""
            return self.box(rect, BULLET_INDENT, size)

        for size in _sizes(self.sizes.body, self.sizes.minimum):
            if fitting.fits(self.regular, texts, box(size), size):
                return size, [list(range(len(texts)))], texts
        size = self.sizes.body
        shown = [fitting.shorten_to_fit(self.regular, t, box(size), size) for t in texts]
        return size, fitting.paginate(self.regular, shown, box(size), size), shown

    def fit(self, planned: PlannedSlide) -> list[Slide]:
        """Return one or more fitted slides for a planned slide."""
        boxes = {**self.geometry.layouts[planned.layout], **self.geometry.footer}
        title, title_size = self.size_for(planned.title, boxes["title"],
                                          self._title_size(planned.layout), bold=True)
        base = Slide(layout=planned.layout, title=title, title_size=title_size,
                     notes=_page_notes(planned, [], self.colon), boxes=boxes)
        if planned.subtitle and "subtitle" in boxes:
            text, size = self.size_for(planned.subtitle, boxes["subtitle"], self.sizes.body + 4)
            base = replace(base, subtitle=text, subtitle_size=size)
        if planned.lead and "lead" in boxes:
            text, size = self.size_for(planned.lead, boxes["lead"], self.sizes.body)
            base = replace(base, lead=text, lead_size=size)
        if planned.diagram:
            return [self._fit_diagram(base, planned.diagram, boxes["body"])]
        if planned.layout == "cards":
            return self._fit_cards(base, planned, boxes["body"])
        if planned.layout in ("content", "two_columns"):
            return self._fit_list(base, planned, boxes)
        return [base]

    def _title_size(self, layout: str) -> float:
        """Return the largest title size of a layout, in points."""
        return self.sizes.title if layout in ("title", "closing") else self.sizes.heading

    def _fit_list(self, base: Slide, planned: PlannedSlide, boxes: dict[str, Rect]) -> list[Slide]:
        """Fit a list slide (and its second column): shrink, then continue."""
        body, right_box = boxes["body"], boxes.get("right")
        if base.lead:  # the lists start below the lead
            lead = boxes["lead"]
            body = _below(body, lead[1] + lead[3] + 0.1)
            right_box = right_box and _below(right_box, lead[1] + lead[3] + 0.1)
        size, pages, shown = self.list_pages([b.text for b in planned.bullets], body)
        right, right_size = (), 0.0
        if planned.layout == "two_columns" and planned.right:
            right_size, right = self._fit_column(planned.right_title, planned.right, right_box)
        base = replace(base, boxes={**base.boxes, "right": right_box} if right_box else base.boxes)
        slides = []
        for number, indexes in enumerate(pages):
            bullets = tuple(Bullet(text=shown[i], full=planned.bullets[i].full) for i in indexes)
            slide = replace(base, bullets=bullets, body_size=size, body_box=body,
                            notes=_page_notes(planned, indexes, self.colon))
            if number:
                title, title_size = self._continued(planned)
                slide = replace(slide, title=title, title_size=title_size, right=(),
                                right_title="")
            else:
                slide = replace(slide, right=right, right_title=planned.right_title,
                                right_size=right_size)
            slides.append(slide)
        return slides

    def _fit_column(self, title: str, items: list[Bullet], rect: Rect
                    ) -> tuple[float, tuple[Bullet, ...]]:
        """Fit a side column (a title and a short list) into one box: shrink, then show what
        fits with … for the rest (the notes keep every item)."""
        texts = [title] + [item.text for item in items]
        box = self.box(rect, BULLET_INDENT, self.sizes.minimum)
        size = fitting.largest_fitting_size(self.regular, texts, box, self.sizes.body,
                                            self.sizes.minimum)
        if size is not None:
            return size, tuple(items)
        size = self.sizes.minimum
        kept = fitting.paginate(self.regular, texts, box, size)[0][1:]  # the title stays
        shown = [items[i - 1] for i in kept[:-1]] + [Bullet(text=fitting.ELLIPSIS, full="")]
        return size, tuple(shown)

    def _continued(self, planned: PlannedSlide) -> tuple[str, float]:
        """Return the title of a continuation slide ("…（续）"), fitted anew, and its size."""
        return self.size_for(planned.title + self.continued,
                             self.geometry.layouts[planned.layout]["title"],
                             self._title_size(planned.layout), bold=True)

    def _fit_cards(self, base: Slide, planned: PlannedSlide, area: Rect) -> list[Slide]:
        """Fit cards, at most six a slide, at one size; continue with the rest."""
        slides = []
        for start in range(0, len(planned.cards), MAX_CARDS):
            cards = planned.cards[start:start + MAX_CARDS]
            rects = card_grid(area, len(cards))
            size, texts = self._card_size(cards, rects[0])
            shown = tuple(Card(title=c.title, text=t, full=c.full) for c, t in zip(cards, texts))
            slide = replace(base, cards=shown, card_boxes=tuple(rects), body_size=size,
                            card_title_size=size + 2,
                            notes=_page_notes(planned, range(start, start + len(cards)),
                                              self.colon, cards=True))
            if start:
                title, title_size = self._continued(planned)
                slide = replace(slide, title=title, title_size=title_size)
            slides.append(slide)
        return slides

    def _fit_diagram(self, base: Slide, rows: list[DiagramRow], area: Rect) -> Slide:
        """Place the overview diagram's boxes, each row at the largest size that fits it
        (titles kept on one line where any size allows)."""
        placed = []
        for row, rects in zip(rows, _diagram_rects(area, rows)):
            title_size, text_size, texts = self._diagram_row_sizes(row, rects[0])
            placed += [PlacedBox(row.role, box.title, text, rect, title_size, text_size)
                       for box, rect, text in zip(row.boxes, rects, texts)]
        return replace(base, diagram=tuple(placed))

    def _diagram_row_sizes(self, row: DiagramRow, rect: Rect) -> tuple[float, float, list[str]]:
        """Return the title size, the text size and the texts of one row of diagram boxes."""
        sizes = _sizes(self.sizes.body, self.sizes.minimum)
        inner = fitting.Box(width=rect[2] * PT_PER_INCH - 2 * DIAGRAM_PADDING,
                            height=rect[3] * PT_PER_INCH - 2 * DIAGRAM_PADDING - 2)

        def fits_at(size: float, one_line: bool = False) -> bool:
            """Tell whether every box of the row fits at a title size."""
            for box in row.boxes:
                if one_line and len(self.bold.wrap(box.title, inner.width, size)) > 1:
                    return False
                used = fitting.height_of(self.bold, [box.title], inner, size)
                if box.text:
                    used += fitting.height_of(self.regular, [box.text], inner,
                                              max(size - 2, self.sizes.minimum))
                if used > inner.height:
                    return False
            return True

        size = next((s for s in sizes if fits_at(s, one_line=True)),
                    next((s for s in sizes if fits_at(s)), sizes[-1]))
        small = max(size - 2, self.sizes.minimum)
        texts = [box.text for box in row.boxes]
        if not fits_at(size):  # shorten the lines under the titles, never the titles
            room = fitting.Box(inner.width, inner.height / 2)
            texts = [fitting.shorten_to_fit(self.regular, t, room, small) if t else t
                     for t in texts]
        return size, small, texts

    def _card_size(self, cards: list[Card], rect: Rect) -> tuple[float, list[str]]:
        """Return the largest size at which every card's title and text fit, and the texts."""
        pad = 2 * CARD_PADDING / PT_PER_INCH
        inner = (0, 0, rect[2] - pad, rect[3] - pad)
        for size in _sizes(self.sizes.body, self.sizes.minimum):
            box = self.box(inner, 0, size)
            if all(fitting.height_of(self.bold, [c.title], box, size + 2)
                   + fitting.height_of(self.regular, [c.text], box, size) + box.paragraph_gap
                   <= box.height for c in cards):
                return size, [c.text for c in cards]
        size = self.sizes.minimum
        box = self.box(inner, 0, size)
        texts = []
        for c in cards:
            title_height = (fitting.height_of(self.bold, [c.title], box, size + 2)
                            + box.paragraph_gap)
            room = fitting.Box(box.width, max(box.height - title_height, 0), box.paragraph_gap)
            texts.append(fitting.shorten_to_fit(self.regular, c.text, room, size))
        return size, texts


def _below(rect: Rect, top: float) -> Rect:
    """Return a rectangle cut so that it starts at `top` (inches), its bottom unchanged."""
    return (rect[0], top, rect[2], rect[1] + rect[3] - top)


def _diagram_rects(area: Rect, rows: list[DiagramRow]) -> list[list[Rect]]:
    """Return the rectangles (inches) of the diagram's boxes: rows of equal boxes, taller rows
    for boxes that carry a line of text under their title."""
    gap = DIAGRAM_GAP / PT_PER_INCH
    weights = [1.6 if any(box.text for box in row.boxes) and len(row.boxes) > 1 else 1.0
               for row in rows]
    room = area[3] - gap * (len(rows) - 1)
    rects, top = [], area[1]
    for row, weight in zip(rows, weights):
        height = room * weight / sum(weights)
        width = (area[2] - gap * (len(row.boxes) - 1)) / len(row.boxes)
        rects.append([(area[0] + i * (width + gap), top, width, height)
                      for i in range(len(row.boxes))])
        top += height + gap
    return rects


def _sizes(largest: float, smallest: float) -> list[float]:
    """Return whole-point sizes from largest down to smallest."""
    return [largest - step for step in range(int(largest - smallest) + 1)]


def card_grid(area: Rect, count: int) -> list[Rect]:
    """Return the rectangles (inches) of count cards laid out in a grid filling an area."""
    columns = count if count <= 3 else (2 if count == 4 else 3)
    rows = math.ceil(count / columns)
    gap = CARD_GAP / PT_PER_INCH
    width = (area[2] - gap * (columns - 1)) / columns
    height = (area[3] - gap * (rows - 1)) / rows
    return [(area[0] + (i % columns) * (width + gap), area[1] + (i // columns) * (height + gap),
             width, height) for i in range(count)]


def _page_notes(planned: PlannedSlide, shown: range | list[int], colon: str,
                cards: bool = False) -> tuple[str, ...]:
    """Return a slide's notes: the context, the full text of each item it shows, the close."""
    context = [n for n in planned.notes if n]
    notes = list(context)
    for i in shown:
        item = planned.cards[i] if cards else planned.bullets[i]
        if not any(item.full in n for n in context):
            notes.append(f"{item.title}{colon}{item.full}" if cards else item.full)
    return tuple(notes + [n for n in planned.notes_after if n])


def outline(loaded: LoadedBriefing, theme: Theme) -> list[Slide]:
    """Return the fitted slides of a briefing's deck, continuation slides included."""
    layout_boxes = None
    if theme.deck_master:  # an organisation's master: its layouts' boxes
        from .master import master_geometry, open_master
        layout_boxes = master_geometry(open_master(theme))
    fitter = Fitter(theme, load_labels(loaded.briefing.language), layout_boxes)
    return [slide for planned in plan(loaded) for slide in fitter.fit(planned)]
