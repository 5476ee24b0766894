"""The typed model of a policy briefing: metadata, key messages and sections made of blocks.

Every field is documented in docs/content-format.md. Everything after loading works on these
objects, never on raw dicts; no stage knows what a section is called, only what kinds of
blocks it holds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

from . import limits

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                        max_length=limits.LINE)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                        max_length=limits.TEXT)]
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
HttpUrl = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$",
                                           max_length=limits.URL)]


def Some(item, minimum: int = 0, maximum: int = limits.ITEMS, **more):  # noqa: N802
    """Return the type of a list of `item`, with at least `minimum` and at most `maximum`."""
    return Annotated[list[item], Field(min_length=minimum, max_length=maximum, **more)]


def _year(value: Any) -> Any:
    """Read a year written as four digits; anything else (2_025, 2025.0, 'yes') is refused."""
    if isinstance(value, str) and not re.fullmatch(r"\s*\d{4}\s*", value):
        raise ValueError(f"expected a year as four digits, got {quoted(value)}")
    return value


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?")


def _iso_date(value: Any) -> Any:
    """Read a date written as YYYY-MM-DD (not 20220214, not 2022-W07-1, not a number of
    seconds, not a date and time), from 1980 to 2107: the dates a deck's zip can record."""
    if isinstance(value, str):
        text = value.strip()
        try:
            if not ISO_DATE.fullmatch(text):
                raise ValueError
            date = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"expected a date as YYYY-MM-DD, got {quoted(value)}") from None
        if not limits.FIRST_YEAR <= date.year <= limits.LAST_YEAR:
            raise ValueError(f"expected a date from {limits.FIRST_YEAR}-01-01 to"
                             f" {limits.LAST_YEAR}-12-31 (what a deck can record), got"
                             f" {quoted(value)}")
        return date
    return value


def quoted(value: Any, limit: int = 60) -> str:
    """Return a value as a message quotes it: on one line, control characters escaped, long
    values cut with …"""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return "'" + re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]",
                        lambda m: m[0].encode("unicode_escape").decode(), text) + "'"


def _flag(value: Any) -> Any:
    """Read true or false as typed; yes/no/on/1 are refused rather than guessed."""
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {quoted(value)}")


Year = Annotated[int, BeforeValidator(_year), Field(ge=1900, le=2200)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
Flag = Annotated[bool, BeforeValidator(_flag)]


def _date_or_datetime(value: Any) -> Any:
    """Read YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS] text into a date or a datetime."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        if ISO_DATE.fullmatch(text):
            found = dt.date.fromisoformat(text)
        elif ISO_DATE_TIME.fullmatch(text):
            found = dt.datetime.fromisoformat(text)
        else:
            raise ValueError
        if not 1900 <= found.year <= limits.LAST_YEAR:
            raise ValueError
        return found
    except ValueError:
        raise ValueError(f"expected a date as YYYY-MM-DD or a date and time as YYYY-MM-DD"
                         f" HH:MM:SS, from 1900 to {limits.LAST_YEAR}, got {quoted(value)}") \
            from None


DateOrDateTime = Annotated[dt.datetime | dt.date, BeforeValidator(_date_or_datetime)]


class Strict(BaseModel):
    """A mapping whose keys are all known; unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(Strict):
    """Something shown on a slide: ``short`` for the slide, ``text`` for print and notes."""

    short: Line | None = None
    text: Text

    @model_validator(mode="before")
    @classmethod
    def _plain_string_is_text(cls, value: Any) -> Any:
        """Accept a plain string as an item's full text."""
        return {"text": value} if isinstance(value, str) else value

    @property
    def slide_text(self) -> str:
        """Return the text a slide shows: the short form, or the full text if none."""
        return self.short or self.text


class TitledItem(Item):
    """An item with a title: a card (a part of a plan, a principle, a safeguard…)."""

    title: Line


class Source(Strict):
    """Where the briefing's text comes from."""

    title: Line
    publisher: Line | None = None
    published: DateOrDateTime | None = None
    url: HttpUrl | None = None


# --- blocks -----------------------------------------------------------------------------------

class Block(Strict):
    """The options every block may carry beside the one key that names its kind."""

    kind: ClassVar[str]
    title: Line | None = None  # a sub-heading, and the block's slide title
    intro: Text | None = None  # printed before the block; opens its first slide's notes
    outro: Text | None = None  # printed after the block; closes its last slide's notes


class Counted(Block):
    """A block the plan-in-numbers panel may count, with the words it names the count with."""

    count: Line | None = None

    def counted(self) -> int:
        """Return how many things the block's count stands for."""
        raise NotImplementedError


class Paragraphs(Block):
    """Prose: paragraphs with short forms for the slide."""

    kind: ClassVar[str] = "paragraphs"
    paragraphs: Some(Item, 1)


class Cards(Counted):
    """Titled items: the parts of a plan, the rules it follows, the measures that secure it…"""

    kind: ClassVar[str] = "cards"
    cards: Some(TitledItem, 1)
    overview: Flag = False

    def counted(self) -> int:
        """Return the number of cards."""
        return len(self.cards)


class GoalBody(Strict):
    """A target year, the goal statement, the statement in parts and indicator categories."""

    year: Year
    statement: Text
    targets: Some(Item) = []
    indicator_categories: Some(Line) = []


class Goal(Counted):
    """The goal of a plan: the top box of the overview diagram."""

    kind: ClassVar[str] = "goal"
    goal: GoalBody
    overview: Flag = True

    def counted(self) -> int:
        """Return the number of indicator categories."""
        return len(self.goal.indicator_categories)

    @property
    def unsaid_targets(self) -> list[Item]:
        """Return the targets the statement does not already contain word for word."""
        said = _bare(self.goal.statement)
        return [t for t in self.goal.targets if _bare(t.text) not in said]


def _bare(text: str) -> str:
    """Return text without punctuation and spaces, for comparing wording."""
    return re.sub(r"[\W_]+", "", text)


class Group(Strict):
    """A group of measures (a battle): its title, its one-line thrust, its measures."""

    title: Line
    thrust: Line | None = None
    measures: Some(Item, 1)


class Groups(Counted):
    """Groups of measures, each with a title and a thrust."""

    kind: ClassVar[str] = "groups"
    groups: Some(Group, 1, limits.GROUPS)
    overview: Flag = False
    count_measures: Line | None = None

    def counted(self) -> int:
        """Return the number of groups."""
        return len(self.groups)

    def measures(self) -> int:
        """Return the number of measures of all groups."""
        return sum(len(group.measures) for group in self.groups)


class Enumeration(Counted):
    """An enumeration (the nine tasks…), numbered when printed."""

    kind: ClassVar[str] = "list"
    items: Some(Item, 1, alias="list")

    def counted(self) -> int:
        """Return the number of items."""
        return len(self.items)


def _cell(value: Any) -> Any:
    """Read a table cell: text as typed, an empty cell (~ or nothing) as ''."""
    return "" if value is None else value


Cell = Annotated[str, BeforeValidator(_cell),
                 StringConstraints(strip_whitespace=True, max_length=limits.LINE)]


class GroupRow(Strict):
    """A row that groups the rows below it (the genre's 类别)."""

    group: Line


def _row_kind(value: Any) -> str:
    """Return which kind of row a raw row is: a group row (a mapping) or a row of cells."""
    return "group" if isinstance(value, (dict, GroupRow)) else "cells"


Row = Annotated[Annotated[GroupRow, Tag("group")] | Annotated[list[Cell], Tag("cells")],
                Discriminator(_row_kind)]
NUMERIC = re.compile(  # 48, 71.6, >80, 〔18〕, 15左右, 12.4%: a number as the genre writes one
    r"^[<>≤≥＜＞~～约]?\s*[-+]?[〔\[(（]?\d[\d,.]*[〕\])）]?\s*(%|％|左右|以上|以下)?$")


class TableBody(Strict):
    """An indicator table: caption, header row, rows of text cells (or group rows), note."""

    caption: Line
    columns: Some(Line, 1, limits.COLUMNS)
    rows: Some(Row, 1)
    note: Text | None = None

    @property
    def data_rows(self) -> list[list[str]]:
        """Return the rows of cells, group rows left out."""
        return [row for row in self.rows if isinstance(row, list)]

    @property
    def numeric_columns(self) -> list[bool]:
        """Tell, per column, whether its cells look like numbers (aligned right in print)."""
        flags = []
        for index in range(len(self.columns)):
            cells = [row[index] for row in self.data_rows
                     if index < len(row) and row[index] not in ("", "-", "—", "/")]
            flags.append(bool(cells) and
                         sum(bool(NUMERIC.match(c)) for c in cells) >= 0.75 * len(cells))
        return flags


class ChartSpec(Strict):
    """A chart of some columns of a table: which column names the rows, which are plotted, and
    whether each value column or each row is a series (docs/content-format.md, "chart")."""

    kind: Literal["column", "bar", "line"] = "column"
    label: Line | None = None  # the column that names the rows; default: the first
    values: Some(Line, 1, limits.COLUMNS)  # the columns plotted
    series: Literal["columns", "rows"] | None = None  # default: rows for a line, else columns
    rows: Some(Line, 1) | None = None  # the rows plotted, by label; default: every row with one
    unit: Line | None = None  # the column of units; default: one headed 单位, Unit or Units
    title: Line | None = None  # default: the table's caption


class Table(Counted):
    """An indicator table, and optionally a chart of some of its columns."""

    kind: ClassVar[str] = "table"
    table: TableBody
    chart: ChartSpec | None = None

    def counted(self) -> int:
        """Return the number of rows, group rows aside."""
        return len(self.table.data_rows)


class PictureBody(Strict):
    """A picture beside the content file: its path (relative to the file's folder), a caption
    and the text that stands for it where it cannot be seen."""

    path: Line
    caption: Line
    alt: Text


class Picture(Block):
    """A picture (a map, a photograph, a drawing) with a caption and alt text."""

    kind: ClassVar[str] = "figure"
    figure: PictureBody


BLOCK_KINDS: dict[str, type[Block]] = {
    cls.kind: cls for cls in (Paragraphs, Cards, Goal, Groups, Enumeration, Table, Picture)}


def block_kind(value: Any) -> str | None:
    """Return the kind a raw block names by its one kind key, or None if it names none or two."""
    if isinstance(value, Block):
        return value.kind
    if not isinstance(value, dict):
        return None
    named = [key for key in value if key in BLOCK_KINDS]
    return named[0] if len(named) == 1 else None


AnyBlock = Annotated[
    Annotated[Paragraphs, Tag("paragraphs")] | Annotated[Cards, Tag("cards")]
    | Annotated[Goal, Tag("goal")] | Annotated[Groups, Tag("groups")]
    | Annotated[Enumeration, Tag("list")] | Annotated[Table, Tag("table")]
    | Annotated[Picture, Tag("figure")],
    Discriminator(block_kind, custom_error_type="block_kind",
                  custom_error_message="a block names its kind by one key")]


# --- sections and the briefing --------------------------------------------------------------

class Section(Strict):
    """A part of the briefing: its heading, the question (问) it answers, and its blocks."""

    heading: Line
    question: Line | None = None
    blocks: Some(AnyBlock, 1, limits.BLOCKS)

    @property
    def has_titled_blocks(self) -> bool:
        """Tell whether block titles form the section's second level (cards move down)."""
        return any(block.title for block in self.blocks)


@dataclass(frozen=True)
class OverviewRow:
    """A row of the overview diagram: the block it shows and the section it stands in."""

    role: Literal["goal", "cards", "groups"]
    block: Goal | Cards | Groups
    section: Section


@dataclass(frozen=True)
class Figure:
    """A number of the plan-in-numbers panel and the words it is shown with."""

    number: int
    words: str


class Briefing(Strict):
    """A whole policy briefing: metadata, optional key messages, an optional lede (the
    introduction before the first section, unnumbered) and the sections in order."""

    title: Line
    subtitle: Line | None = None
    short_title: Line
    issuer: Line
    date: IsoDate
    language: LanguageTag
    keywords: Some(Line) = []
    source: Source
    key_messages: Some(Item) = []
    lede: Some(Item) = []  # paragraphs printed before section 一, unnumbered, not in the contents
    sections: Some(Section, 1, limits.SECTIONS)

    @property
    def plain_title(self) -> str:
        """Return the title on one line, for metadata (ideographic spaces kept)."""
        return re.sub(r"\s*\n\s*", " ", self.title)

    @property
    def source_citation(self) -> list[str]:
        """Return what says where the text comes from beyond the cover's own words: the
        source's title unless it is the briefing's title (and subtitle) again, its publisher
        unless it is the issuer, its URL; empty when the source adds nothing."""
        s = self.source
        titles = {_bare(self.title), _bare(self.title + (self.subtitle or ""))}
        found = [] if _bare(s.title) in titles else [s.title]
        if s.publisher and _bare(s.publisher) != _bare(self.issuer):
            found.append(s.publisher)
        return found + ([str(s.url)] if s.url else [])

    @property
    def is_chinese(self) -> bool:
        """Tell whether the briefing is written in Chinese (zh, zh-CN, zh-Hans, …)."""
        return self.language.lower().split("-")[0] == "zh"

    def overview(self) -> list[OverviewRow]:
        """Return the overview diagram's rows: every cards or groups block that asks for it, in
        reading order, under the first goal that does; none when no cards or groups ask."""
        goal: list[OverviewRow] = []
        rows: list[OverviewRow] = []
        for section in self.sections:
            for block in section.blocks:
                if not getattr(block, "overview", False):
                    continue
                if isinstance(block, Goal):
                    if not goal:
                        goal.append(OverviewRow(role="goal", block=block, section=section))
                else:
                    rows.append(OverviewRow(role=block.kind, block=block, section=section))
        return goal + rows if rows else []

    def caption_numbers(self) -> dict[str, dict[str, int]]:
        """Return the numbers of the tables and of the figures (charts and pictures), each
        counted in reading order, by the block's path (sections[0].blocks[2]): a table with
        a chart has both."""
        found: dict[str, dict[str, int]] = {}
        tables = figures = 0
        for s, section in enumerate(self.sections):
            for b, block in enumerate(section.blocks):
                numbers = {}
                if isinstance(block, Table):
                    tables += 1
                    numbers["table"] = tables
                if isinstance(block, Table) and block.chart or block.kind == "figure":
                    figures += 1
                    numbers["figure"] = figures
                if numbers:
                    found[f"sections[{s}].blocks[{b}]"] = numbers
        return found

    def numbers(self) -> list[Figure]:
        """Return the plan-in-numbers panel: every count a block asks for, in reading order,
        zeros left out."""
        found = []
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Counted) and block.count:
                    found.append(Figure(number=block.counted(), words=block.count))
                if isinstance(block, Groups) and block.count_measures:
                    found.append(Figure(number=block.measures(), words=block.count_measures))
        return [figure for figure in found if figure.number]
