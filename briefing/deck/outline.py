"""Briefing -> deck outline: the slides decided once by templates/deck/outline.json.j2
(PlannedSlide), and what a slide is once fitted (Slide), which fitter.py makes and both the PPTX
and the slides PDF draw, so that they agree slide for slide."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

from pydantic import ValidationError

from ..content.charts import ChartData, Series
from ..content.load import LoadedBriefing
from ..content.model import Strict
from ..design.chars import is_wide
from ..design.templating import render
from ..design.theme import load_labels
from ..diagnostics import Diagnostic, DiagnosticError
from .geometry import (
    Rect,
)

OUTLINE_TEMPLATE = "deck/outline.json.j2"


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
    """A row of the overview diagram (a goal, a cards block, a groups block) and its boxes."""

    role: Literal["goal", "cards", "groups"]
    boxes: list[DiagramBox]


class TableRow(Strict):
    """A row of a slide's table: its cells, or one cell spanning the table (a group row)."""

    cells: list[str]
    group: bool = False


class PlannedTable(Strict):
    """A table as the outline template hands it over: header, rows, numeric columns, note."""

    columns: list[str]
    rows: list[TableRow]
    numeric: list[bool]
    note: str = ""


class ChartSeries(Strict):
    """A series of a chart: its name, its values (None where left out), the cells as written
    and which values are not exact (>85, 62左右)."""

    name: str
    values: list[float | None]
    texts: list[str]
    approximate: list[bool] = []


class PlannedChart(Strict):
    """A chart as the outline template hands it over (content/charts.py's ChartData), and the
    note that lists the cells left out, in the template's words."""

    kind: Literal["column", "bar", "line"]
    title: str
    categories: list[str]
    series: list[ChartSeries]
    unit: str = ""
    unit_label: str = ""  # the axis title, "单位：%"
    note: str = ""

    def data(self) -> ChartData:
        """Return the chart's data as content/charts.py gives it."""
        return ChartData(kind=self.kind, title=self.title, categories=tuple(self.categories),
                         series=tuple(Series(s.name, tuple(s.values), tuple(s.texts),
                                             tuple(s.approximate))
                                      for s in self.series), unit=self.unit, left_out=())


class PlannedPicture(Strict):
    """A figure block's picture: its path as written (the key of its checked file), caption
    and alt text."""

    path: str
    caption: str
    alt: str


class PlannedSlide(Strict):
    """A slide as the outline template decides it, before fitting."""

    layout: Literal["title", "section", "content", "cards", "two_columns", "closing"]
    title: str
    subtitle: str = ""
    lead: str = ""
    bullets: list[Bullet] = []
    numbered: bool = False  # the bullets are numbered 1. 2. 3., across continuation slides
    cards: list[Card] = []
    right_title: str = ""
    right: list[Bullet] = []
    diagram: list[DiagramRow] = []  # rows of boxes, drawn as grouped, editable shapes
    table: PlannedTable | None = None
    chart: PlannedChart | None = None
    picture: PlannedPicture | None = None
    notes: list[str] = []  # context before the items' full texts, which the fitter adds
    notes_after: list[str] = []
    section: int | None = None  # the index of the section it belongs to, if it does
    tag: str = ""  # the section's numbered heading, over the title of its later slides


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
    numbered: bool = False
    start: int = 1  # the number of the first bullet of a numbered list
    body_size: float = 0
    body_box: Rect | None = None
    gap: float = 0  # points before each item of the list after the first (placing.py)
    # a list of short items set in two columns: the second's items (numbered on from the
    # first's) and its box; body_box is then the first column's
    second: tuple[Bullet, ...] = ()
    second_box: Rect | None = None
    cards: tuple[Card, ...] = ()
    card_boxes: tuple[Rect, ...] = ()
    card_title_size: float = 0
    right_title: str = ""
    right: tuple[Bullet, ...] = ()
    right_size: float = 0
    strip: str = ""  # the side column set as a line under a wide list, in boxes["strip"]
    strip_size: float = 0
    diagram: tuple[PlacedBox, ...] = ()
    table: object = None  # a tables.FittedTable: the rows this slide shows, placed
    chart: object = None  # a charts.FittedChart
    picture: object = None  # a pictures.FittedPicture
    emblem: Rect | None = None  # the theme's emblem on a title or closing slide
    notes: tuple[str, ...] = ()
    boxes: dict[str, Rect] = field(default_factory=dict)  # title, subtitle, lead, …, footer
    footer: str = ""  # the short title, shortened to one line of the footer box
    section: int | None = None  # the index of the section it belongs to, if it does
    tag: str = ""  # the section's numbered heading, over its title (where the talk is)


def plan(loaded: LoadedBriefing, dividers: str = "long-sections") -> list[PlannedSlide]:
    """Return the slides the outline template decides for a briefing, before fitting, with
    the section dividers a talk needs (see section_dividers).

    The template writes one JSON object per slide, one after another."""
    b = loaded.briefing
    text = render(OUTLINE_TEMPLATE, b=b, labels=load_labels(b.language))
    decoder, slides, at = json.JSONDecoder(), [], 0
    try:
        while True:
            while at < len(text) and text[at].isspace():
                at += 1
            if at == len(text):
                labels = load_labels(b.language)
                return section_tags(folded_statements(joined_short_slides(
                    section_dividers(slides, dividers), str(labels["colon"])),
                    str(labels["series_sep"])), slides)
            value, at = decoder.raw_decode(text, at)
            slides.append(PlannedSlide.model_validate(value))
    except (json.JSONDecodeError, ValidationError) as exc:
        raise DiagnosticError([Diagnostic(f"templates/{OUTLINE_TEMPLATE}", 0, 0, "error", "",
                                          f"the outline is not a valid slide list: {exc}")]) \
            from None


LONG_SECTION = 3  # content slides from which a section is worth a divider of its own


def section_dividers(slides: list[PlannedSlide], dividers: str) -> list[PlannedSlide]:
    """Return the slides with a divider only before a section of LONG_SECTION or more content
    slides ("long-sections"; "every-section" keeps them all): a short section's divider is a
    slide a room waits through. Its first content slide then says what the divider said: the
    numbered heading as its title (where it is the section's heading) and the question as its
    lead, with the question in its notes. A section whose first slide has a lead of its own
    (a target year, a thrust) keeps its divider, which alone can show the question."""
    if dividers == "every-section":
        return slides
    told: dict[int, PlannedSlide] = {}  # section -> the divider its first slide stands for
    result = []
    for index, slide in enumerate(slides):
        if slide.layout == "section" and slide.section is not None:
            content = [s for s in slides[index + 1:] if s.section == slide.section]
            if content and len(content) < LONG_SECTION and not content[0].lead:
                told[slide.section] = slide
                continue
        elif slide.section in told:
            divider = told.pop(slide.section)
            title = divider.title if divider.title.endswith(slide.title) else slide.title
            slide = slide.model_copy(update={"title": title, "lead": divider.subtitle,
                                             "notes": [*divider.notes, *slide.notes]})
        result.append(slide)
    return result


def section_tags(slides: list[PlannedSlide], planned: list[PlannedSlide]
                 ) -> list[PlannedSlide]:
    """Return the slides with each content slide of a section tagged with the section's
    numbered heading (its divider's title, in `planned`), unless its title already says it:
    a room sees where the talk is on every slide, not only on a section's first."""
    headings = {s.section: s.title for s in planned if s.layout == "section"
                and s.section is not None}
    return [slide.model_copy(update={"tag": headings[slide.section]})
            if slide.section in headings and slide.layout not in ("title", "section", "closing")
            and not slide.title.startswith(headings[slide.section]) else slide
            for slide in slides]


STATEMENT_WIDTH = 40  # wide characters (a Latin one counts half): what a lead's lines hold
STATEMENT_ITEMS = 2


def folded_statements(slides: list[PlannedSlide], separator: str) -> list[PlannedSlide]:
    """Return the slides with a slide of one or two short statements and nothing else (设置13项
    主要指标；指标纳入年度考核) folded into the next slide of its section when that one shows
    a table, a chart or a picture and has no lead: the statements become its lead, its title
    the statements' (the section's heading, where the talk is), the statements and its own
    title in its notes. Alone, such a slide is two lines on an empty screen."""
    result: list[PlannedSlide] = []
    for slide in slides:
        before = result[-1] if result else None
        if before is not None and _statements(before) and not slide.lead \
                and slide.section == before.section and slide.section is not None \
                and (slide.table or slide.chart or slide.picture):
            lead = separator.join(b.text for b in before.bullets)
            notes = [*before.notes, *(b.full for b in before.bullets), slide.title, *slide.notes]
            result[-1] = slide.model_copy(update={"title": before.title, "lead": lead,
                                                  "notes": notes})
            continue
        result.append(slide)
    return result


JOINED_ITEMS = 4  # items: two short slides of a section that hold no more are one slide


def joined_short_slides(slides: list[PlannedSlide], colon: str) -> list[PlannedSlide]:
    """Return the slides with a short slide (one or two short items or cards, no lead) joined
    to the list slide of its section before it, when the two hold at most JOINED_ITEMS short
    items: a card becomes an item "title：text". Each alone was a line or two on an empty
    screen."""
    result: list[PlannedSlide] = []
    for slide in slides:
        before = result[-1] if result else None
        items = _short_items(slide, colon)
        if before is not None and items and not slide.lead and before.section is not None \
                and slide.section == before.section and _short_list(before) \
                and len(before.bullets) + len(items) <= JOINED_ITEMS:
            result[-1] = before.model_copy(update={
                "bullets": [*before.bullets, *items],
                "notes": [*before.notes, *slide.notes],
                "notes_after": [*before.notes_after, *slide.notes_after]})
            continue
        result.append(slide)
    return result


def _short_list(slide: PlannedSlide) -> bool:
    """Tell whether a planned slide is a list of short items and nothing else."""
    return slide.layout == "content" and bool(slide.bullets) and not slide.numbered \
        and not (slide.table or slide.chart or slide.picture or slide.right or slide.diagram) \
        and all(_width(b.text) <= STATEMENT_WIDTH for b in slide.bullets)


def _short_items(slide: PlannedSlide, colon: str) -> list[Bullet]:
    """Return a short slide's one or two items as list items (a card as "title：text"), or []
    for a slide that is not short."""
    if slide.layout == "cards" and 0 < len(slide.cards) <= STATEMENT_ITEMS \
            and not (slide.table or slide.chart or slide.picture or slide.diagram):
        items = [Bullet(text=f"{c.title}{colon}{c.text}", full=f"{c.title}{colon}{c.full}")
                 for c in slide.cards]
    elif _short_list(slide) and len(slide.bullets) <= STATEMENT_ITEMS:
        items = list(slide.bullets)
    else:
        return []
    return items if all(_width(b.text) <= STATEMENT_WIDTH for b in items) else []


def _width(text: str) -> float:
    """Return a text's width in wide characters (a Latin one counts half)."""
    return sum(1 if is_wide(c) else 0.5 for c in text)


def _statements(slide: PlannedSlide) -> bool:
    """Tell whether a planned slide is one or two short statements and nothing else."""
    return slide.layout == "content" and not slide.lead and 0 < len(slide.bullets) \
        <= STATEMENT_ITEMS and not (slide.table or slide.chart or slide.picture or slide.right) \
        and sum(_width(b.text) for b in slide.bullets) <= STATEMENT_WIDTH


def below(rect: Rect, top: float) -> Rect:
    """Return a rectangle cut so that it starts at `top` (inches), its bottom unchanged."""
    return (rect[0], top, rect[2], rect[1] + rect[3] - top)


def sizes_between(largest: float, smallest: float) -> list[float]:
    """Return whole-point sizes from largest down to smallest."""
    return [largest - step for step in range(int(largest - smallest) + 1)]


def page_notes(planned: PlannedSlide, shown: range | list[int], colon: str,
               cards: bool = False, last: bool = True) -> tuple[str, ...]:
    """Return a slide's notes: the context, the full text of each item it shows, and — on the
    last slide of a planned slide — the closing notes."""
    context = [n for n in planned.notes if n]
    notes = list(context)
    for i in shown:
        item = planned.cards[i] if cards else planned.bullets[i]
        if not any(item.full in n for n in context):
            notes.append(f"{item.title}{colon}{item.full}" if cards else item.full)
    return tuple(notes + ([n for n in planned.notes_after if n] if last else []))
