"""Planned slides -> fitted slides, measured with real font metrics into the boxes of
templates/deck/layouts.yaml.

A list, cards or a table that does not fit continues on a slide titled with the "continued"
label; an item too long for any slide is shortened with … on the slide and kept whole in the
notes. Titles break between word groups in balanced lines, body texts end without a runt
(breaks.py). Diagrams and tables are fitted by diagram.py and tables.py.
"""

from __future__ import annotations

from dataclasses import replace

from ..content.load import LoadedBriefing
from ..design.images import LOGO_KEY
from ..design.theme import Theme, load_labels
from . import fitting
from .charts import fit_chart
from .diagram import fit_diagram
from .geometry import (
    BULLET_INDENT,
    CARD_GAP,
    CARD_PADDING,
    NUMBER_INDENT,
    PT_PER_INCH,
    TAG_SIZE,
    Geometry,
    Rect,
)
from .measures import Measures
from .outline import Bullet, Card, PlannedSlide, Slide, below, page_notes, plan, sizes_between
from .pictures import emblem_rect, fit_picture
from .placing import place
from .tables import fit_table

MAX_CARDS = 6
STRIP_GAP = 0.2  # inches between a slide's list and the line under it


class Fitter(Measures):
    """Fits planned slides into the layout boxes with the theme's sizes and fonts."""

    def __init__(self, theme: Theme, labels: dict, layout_boxes: Geometry | None = None,
                 footer: str = "", pictures: dict | None = None, chinese: bool = True):
        super().__init__(theme, labels, layout_boxes, chinese)
        self.footer = self.one_line(footer, self.geometry.footer["footer"], self.sizes.footer)
        self.pictures = pictures or {}
        logo = self.pictures.get(LOGO_KEY)
        self.emblem = (logo, theme.logo_mm.deck) if logo and not theme.deck_master else None

    def list_pages(self, texts: list[str], rect: Rect, indent: float = BULLET_INDENT
                   ) -> tuple[float, list[list[int]], list[str]]:
        """Return the size, the pages (item indexes) and the slide texts of a bullet list."""
        def box(size: float) -> fitting.Box:
            """Return the room inside a rectangle (inches) for text, in points."""
            return self.box(rect, indent, size)

        for size in sizes_between(self.sizes.body, self.sizes.minimum):
            shown = [self.body(t, box(size), size) for t in texts]
            if fitting.fits(self.regular, shown, box(size), size):
                return size, [list(range(len(texts)))], shown
        def paged(size: float) -> tuple[list[list[int]], list[str]]:
            """Return the pages and texts of the list at a size, an item too long for a
            slide shortened with …"""
            shown = [fitting.shorten_to_fit(self.regular, t, box(size), size,
                                            shape=lambda t: self.body(t, box(size), size))
                     for t in texts]
            return fitting.paginate(self.regular, shown, box(size), size), shown

        smallest = paged(self.sizes.minimum)
        for size in sizes_between(self.sizes.body, self.sizes.minimum + 1):
            pages, shown = paged(size)
            if len(pages) <= len(smallest[0]):  # the largest size that needs no more slides
                return size, pages, shown
        return self.sizes.minimum, *smallest

    def fit(self, planned: PlannedSlide) -> list[Slide]:
        """Return one or more fitted slides for a planned slide, their bodies placed over the
        body area (placing.py)."""
        return [place(self, slide) for slide in self._fit(planned)]

    def _fit(self, planned: PlannedSlide) -> list[Slide]:
        """Return one or more fitted slides for a planned slide, their bodies at the top."""
        boxes = {**self.geometry.layouts[planned.layout], **self.geometry.footer}
        self.sizes = self.scale
        title, title_size = self.size_for(planned.title, boxes["title"],
                                          self._title_size(planned.layout), bold=True)
        if planned.layout not in ("title", "section", "closing"):
            self.sizes = self.under_title(title_size)
        base = Slide(layout=planned.layout, title=title, title_size=title_size,
                     notes=page_notes(planned, [], self.colon), boxes=boxes, footer=self.footer,
                     section=planned.section)
        if planned.tag and "tag" in boxes:
            base = replace(base, tag=self.one_line(planned.tag, boxes["tag"], TAG_SIZE))
        if planned.subtitle and "subtitle" in boxes:
            text, size = self.size_for(planned.subtitle, boxes["subtitle"], self.sizes.body + 4)
            base = replace(base, subtitle=text, subtitle_size=size)
        if planned.lead and "lead" in boxes:
            text, size, boxes["lead"] = self.lead(planned.lead, boxes["lead"])
            base = replace(base, lead=text, lead_size=size, boxes=boxes)
        if self.emblem and "emblem" in boxes:
            base = replace(base, emblem=emblem_rect(*self.emblem, boxes["emblem"]))
        area = under_lead(base, boxes.get("body"))
        if planned.diagram:
            return [fit_diagram(self, base, planned.diagram, area)]
        if planned.chart is not None:
            return [fit_chart(self, base, planned, area)]
        if planned.picture is not None:
            return [fit_picture(self, base, planned, area, self.pictures)]
        if planned.table is not None:
            return fit_table(self, base, planned, area)
        if planned.layout == "cards":
            return self._fit_cards(base, planned, area)
        if planned.layout in ("content", "two_columns"):
            return self._fit_list(base, planned, boxes)
        return [base]

    def _fit_list(self, base: Slide, planned: PlannedSlide, boxes: dict[str, Rect]) -> list[Slide]:
        """Fit a list slide (and its second column): shrink, then continue."""
        body, right_box = under_lead(base, boxes["body"]), under_lead(base, boxes.get("right"))
        indent = NUMBER_INDENT if planned.numbered else BULLET_INDENT
        texts = [b.text for b in planned.bullets]
        if planned.layout == "content":
            columns = self.list_columns(texts, body, indent)
            if columns is not None:
                return [self._two_columns(base, planned, body, *columns)]
        size, pages, shown = self.list_pages(texts, body, indent)
        if planned.layout == "two_columns" and planned.right and \
                (len(pages) > 1 or size < self.sizes.body):
            wide = self._with_strip(base, planned, boxes, indent)
            if wide is not None and (len(pages) > 1 or wide.body_size > size):
                return [wide]
        right, right_size, right_title = (), 0.0, planned.right_title
        if planned.layout == "two_columns" and planned.right:
            right_size, right_title, right = self._fit_column(planned.right_title, planned.right,
                                                              right_box)
        base = replace(base, boxes={**base.boxes, "right": right_box} if right_box else base.boxes)
        slides = []
        for number, indexes in enumerate(pages):
            bullets = tuple(Bullet(text=shown[i], full=planned.bullets[i].full) for i in indexes)
            slide = replace(base, bullets=bullets, body_size=size, body_box=body,
                            numbered=planned.numbered, start=indexes[0] + 1 if indexes else 1,
                            notes=page_notes(planned, indexes, self.colon,
                                             last=number == len(pages) - 1))
            if number:
                title, title_size = self.continued_title(planned)
                slide = replace(slide, title=title, title_size=title_size, right=(),
                                right_title="")
            else:
                slide = replace(slide, right=right, right_title=right_title,
                                right_size=right_size)
            slides.append(slide)
        return slides

    def list_columns(self, texts: list[str], rect: Rect, indent: float
                     ) -> tuple[float, int, list[str]] | None:
        """Return the size, the first item of the second column and the texts (with their
        breaks) of a list of short items set in two columns on one slide, where one column
        would need a smaller size than two or a continuation slide; None where one column
        does or two would not hold the list (an item of three lines or more in a column)."""
        if len(texts) < 2 * MIN_COLUMN_ITEMS:
            return None
        half = column_boxes(rect)[0]
        for size in sizes_between(self.sizes.body, self.sizes.minimum):
            whole = self.box(rect, indent, size)
            if fitting.fits(self.regular, [self.body(t, whole, size) for t in texts], whole,
                            size):
                return None  # one column holds it at this size: no columns
            box = self.box(half, indent, size)
            shown = [self.body(t, box, size) for t in texts]
            if any(len(self.regular.wrap(t, box.width, size)) > 2 for t in shown):
                return None  # long items: a column of them reads worse than a continuation
            split = balanced_split(self.regular, shown, box, size)
            if fitting.fits(self.regular, shown[:split], box, size) \
                    and fitting.fits(self.regular, shown[split:], box, size):
                return size, split, shown
        return None

    def _two_columns(self, base: Slide, planned: PlannedSlide, body: Rect, size: float,
                     split: int, shown: list[str]) -> Slide:
        """Return a list slide with its items in two columns."""
        first, second = column_boxes(body)
        bullets = tuple(Bullet(text=t, full=b.full) for t, b in zip(shown, planned.bullets))
        return replace(base, bullets=bullets[:split], second=bullets[split:], body_size=size,
                       body_box=first, second_box=second, numbered=planned.numbered, start=1,
                       notes=page_notes(planned, range(len(bullets)), self.colon))

    def _with_strip(self, base: Slide, planned: PlannedSlide, boxes: dict[str, Rect],
                    indent: float) -> Slide | None:
        """Return a two-column slide (a goal's targets and its indicator categories) set
        wide: the list over both columns' width, in two columns where its items are short,
        and the side column as a line under it ("主要指标类别：…、…"); None where the list
        would still need a continuation slide."""
        left, right = boxes["body"], boxes["right"]
        full = under_lead(base, (left[0], left[1], right[0] + right[2] - left[0], left[3]))
        assert full is not None
        line = planned.right_title + self.colon + self.list_sep.join(
            item.text for item in planned.right)
        text, size, height = self.strip(line, full)
        area = (full[0], full[1], full[2], full[3] - height - STRIP_GAP)
        strip = (full[0], full[1] + full[3] - height, full[2], height)
        base = replace(base, boxes={**base.boxes, "strip": strip}, strip=text, strip_size=size)
        texts = [b.text for b in planned.bullets]
        columns = self.list_columns(texts, area, indent)
        if columns is not None:
            return self._two_columns(base, planned, area, *columns)
        size, pages, shown = self.list_pages(texts, area, indent)
        if len(pages) > 1:
            return None
        return replace(base, bullets=tuple(Bullet(text=t, full=b.full) for t, b in
                                           zip(shown, planned.bullets)),
                       body_size=size, body_box=area, numbered=planned.numbered,
                       notes=page_notes(planned, pages[0], self.colon))

    def _fit_column(self, title: str, items: list[Bullet], rect: Rect
                    ) -> tuple[float, str, tuple[Bullet, ...]]:
        """Fit a side column (a bold title and a short list) into one box: shrink, then show
        what fits with … for the rest (the notes keep every item), never the title without an
        item under it; return the size, the title and the items as shown."""
        def at(size: float, shown: list[str]) -> tuple[str, list[str], fitting.Box, float]:
            """Return the title and items with their breaks at a size, the items' box and the
            height left for them (points)."""
            box = self.box(rect, BULLET_INDENT, size)
            head = self.title(title, box.width, size)
            room = box.height - fitting.height_of(self.bold, [head], box, size) \
                - box.paragraph_gap
            return head, [self.body(t, box, size) for t in shown], box, room

        texts = [item.text for item in items]
        for size in sizes_between(self.sizes.body, self.sizes.minimum):
            head, shown, box, room = at(size, texts)
            if fitting.height_of(self.regular, shown, box, size) <= room:
                return size, head, tuple(Bullet(text=t, full=i.full) for t, i in zip(shown, items))
        size = self.sizes.minimum
        head, shown, box, room = at(size, texts)
        column = fitting.Box(box.width, room, box.paragraph_gap)
        kept = fitting.paginate(self.regular, shown, column, size)[0]
        if len(kept) > 1:  # the items that fit, the last place taken by …
            return size, head, tuple(Bullet(text=shown[i], full=items[i].full)
                                     for i in kept[:-1]) + (Bullet(text=fitting.ELLIPSIS, full=""),)
        first = fitting.shorten_to_fit(self.regular, texts[0], fitting.Box(box.width, room), size,
                                       shape=lambda t: self.body(t, box, size))
        return size, head, (Bullet(text=first, full=items[0].full),)

    def _fit_cards(self, base: Slide, planned: PlannedSlide, area: Rect) -> list[Slide]:
        """Fit cards, at most six a slide, at one size; continue with the rest."""
        slides = []
        for start in range(0, len(planned.cards), MAX_CARDS):
            cards = planned.cards[start:start + MAX_CARDS]
            rects = card_grid(area, len(cards))
            size, titles, texts = self._card_size(cards, rects[0])
            shown = tuple(Card(title=title, text=text, full=c.full)
                          for c, title, text in zip(cards, titles, texts))
            last = start + MAX_CARDS >= len(planned.cards)
            slide = replace(base, cards=shown, card_boxes=tuple(rects), body_size=size,
                            card_title_size=size + 2,
                            notes=page_notes(planned, range(start, start + len(cards)),
                                             self.colon, cards=True, last=last))
            if start:
                title, title_size = self.continued_title(planned)
                slide = replace(slide, title=title, title_size=title_size)
            slides.append(slide)
        return slides

    def _card_size(self, cards: list[Card], rect: Rect
                   ) -> tuple[float, list[str], list[str]]:
        """Return the largest size at which every card's title and text fit, the titles and
        the texts as shown (with their line breaks; texts shortened at the smallest size if
        they must be)."""
        pad = 2 * CARD_PADDING / PT_PER_INCH
        inner = (0, 0, rect[2] - pad, rect[3] - pad)
        for size in sizes_between(self.sizes.body, self.sizes.minimum):
            box = self.box(inner, 0, size)
            titles = [self.title(c.title, box.width, size + 2) for c in cards]
            texts = [self.body(c.text, box, size) for c in cards]
            if all(fitting.height_of(self.bold, [title], box, size + 2)
                   + fitting.height_of(self.regular, [text], box, size) + box.paragraph_gap
                   <= box.height for title, text in zip(titles, texts)):
                return size, titles, texts
        size = self.sizes.minimum
        box = self.box(inner, 0, size)
        titles = [self.title(c.title, box.width, size + 2) for c in cards]
        texts = []
        for c, title in zip(cards, titles):
            title_height = (fitting.height_of(self.bold, [title], box, size + 2)
                            + box.paragraph_gap)
            room = fitting.Box(box.width, max(box.height - title_height, 0), box.paragraph_gap)
            texts.append(fitting.shorten_to_fit(self.regular, c.text, room, size,
                                                shape=lambda t: self.body(t, box, size)))
        return size, titles, texts


def under_lead(slide: Slide, rect: Rect | None) -> Rect | None:
    """Return a body box (inches) cut to start under the slide's lead, if it has one."""
    if rect is None or not slide.lead:
        return rect
    lead = slide.boxes["lead"]
    return below(rect, lead[1] + lead[3] + 0.1)


COLUMN_GAP = 0.4  # inches between the two columns of a list
MIN_COLUMN_ITEMS = 3  # a column of a list holds at least this many items


def column_boxes(rect: Rect) -> tuple[Rect, Rect]:
    """Return the two columns (inches) a list's box is split into."""
    width = (rect[2] - COLUMN_GAP) / 2
    return (rect[0], rect[1], width, rect[3]), \
        (rect[0] + width + COLUMN_GAP, rect[1], width, rect[3])


def balanced_split(measure: fitting.Measure, texts: list[str], box: fitting.Box,
                   size: float) -> int:
    """Return where a list's second column starts: the split, items kept in order, whose
    taller column is the shortest (each column at least MIN_COLUMN_ITEMS items)."""
    def height(part: list[str]) -> float:
        """Return the height of a column of these texts."""
        return fitting.height_of(measure, part, box, size)

    splits = range(MIN_COLUMN_ITEMS, len(texts) - MIN_COLUMN_ITEMS + 1)
    return min(splits, key=lambda k: (max(height(texts[:k]), height(texts[k:])), -k))


def card_grid(area: Rect, count: int) -> list[Rect]:
    """Return the rectangles (inches) of count cards laid out in a grid filling an area: 2 × 2
    for four, three a row otherwise, a last row that is not full centred under the others
    (five cards are 3 + 2, with no hole at the bottom right)."""
    columns = count if count <= 3 else (2 if count == 4 else 3)
    rows = -(-count // columns)
    gap = CARD_GAP / PT_PER_INCH
    width = (area[2] - gap * (columns - 1)) / columns
    height = (area[3] - gap * (rows - 1)) / rows
    rects = []
    for i in range(count):
        row, column = divmod(i, columns)
        in_row = min(columns, count - row * columns)
        offset = (columns - in_row) * (width + gap) / 2  # a short last row, centred
        rects.append((area[0] + offset + column * (width + gap), area[1] + row * (height + gap),
                      width, height))
    return rects


def fitted_outline(loaded: LoadedBriefing, theme: Theme, pictures: dict | None = None
                   ) -> list[Slide]:
    """Return the fitted slides of a briefing's deck, continuation slides included; `pictures`
    are the checked pictures of its figures and its emblem (builder/checking.py)."""
    layout_boxes = None
    if theme.deck_master:  # an organisation's master: its layouts' boxes
        from .master import master_geometry, open_master
        layout_boxes = master_geometry(open_master(theme))
    fitter = Fitter(theme, load_labels(loaded.briefing.language), layout_boxes,
                    footer=loaded.briefing.short_title, pictures=pictures,
                    chinese=loaded.briefing.is_chinese)
    return [slide for planned in plan(loaded, theme.deck_dividers)
            for slide in fitter.fit(planned)]
