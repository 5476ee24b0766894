"""The typed model of a policy briefing: what a content file means once it is valid.

Every field is documented in docs/content-format.md. Everything after loading works on
these objects, never on raw dicts.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
HttpUrl = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$")]


def _year(value: Any) -> Any:
    """Read a year written as four digits; anything else (2_025, 2025.0, 'yes') is refused."""
    if isinstance(value, str) and not re.fullmatch(r"\s*\d{4}\s*", value):
        raise ValueError(f"expected a year as four digits, got '{value}'")
    return value


def _iso_date(value: Any) -> Any:
    """Read a date written as YYYY-MM-DD (not a number of seconds, not a date and time)."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"expected a date as YYYY-MM-DD, got '{value}'") from None
    return value


Year = Annotated[int, BeforeValidator(_year), Field(ge=1900, le=2200)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


def _date_or_datetime(value: Any) -> Any:
    """Read YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS] text into a date or a datetime."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("expected a date as YYYY-MM-DD or a date and time as"
                         f" YYYY-MM-DD HH:MM:SS, got '{value}'") from None


DateOrDateTime = Annotated[dt.datetime | dt.date, BeforeValidator(_date_or_datetime)]


class Strict(BaseModel):
    """A mapping whose keys are all known; unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(Strict):
    """Something shown on a slide: ``short`` for the slide, ``text`` for print and notes."""

    short: Text | None = None
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
    """An item with a title: a principle, a part of the plan, a safeguard."""

    title: Text


class Source(Strict):
    """Where the briefing's text comes from."""

    title: Text
    publisher: Text | None = None
    published: DateOrDateTime | None = None
    url: HttpUrl | None = None


class Section(Strict):
    """A part of the briefing: its heading and the question (问) it answers, if any."""

    heading: Text
    question: Text | None = None


class Background(Section):
    """Why the plan was made: paragraphs with short forms for the slide."""

    paragraphs: Annotated[list[Item], Field(min_length=1)]


class Parts(Section):
    """The plan's parts, each a titled item, with an intro and a conclusion."""

    intro: Text | None = None
    items: Annotated[list[TitledItem], Field(min_length=1)]
    conclusion: Text | None = None


class Goals(Section):
    """The target year, the goal statement, its parts and the indicator categories."""

    target_year: Year
    statement: Text
    targets: list[Item] = []
    indicator_categories: list[Text] = []


class Principles(Section):
    """The principles, each a titled item."""

    intro: Text | None = None
    items: Annotated[list[TitledItem], Field(min_length=1)]


class TaskGroup(Strict):
    """A group of key tasks: its title, its one-line thrust, and its measures."""

    title: Text
    thrust: Text
    measures: Annotated[list[Item], Field(min_length=1)]


class KeyTasks(Section):
    """The key tasks: intro paragraphs and the groups (battles) of measures."""

    intro: list[Text] = []
    groups: Annotated[list[TaskGroup], Field(min_length=1)]


class Safeguards(Section):
    """The safeguards, each a titled item."""

    intro: Text | None = None
    items: Annotated[list[TitledItem], Field(min_length=1)]


class Briefing(Strict):
    """A whole policy briefing: metadata, key messages and the six sections in order."""

    title: Text
    subtitle: Text | None = None
    short_title: Text
    issuer: Text
    date: IsoDate
    language: LanguageTag
    keywords: list[Text] = []
    source: Source
    key_messages: Annotated[list[Item], Field(min_length=1)]
    background: Background
    parts: Parts
    goals: Goals
    principles: Principles
    key_tasks: KeyTasks
    safeguards: Safeguards

    @property
    def sections(self) -> list[Section]:
        """Return the sections in reading order."""
        return [self.background, self.parts, self.goals, self.principles,
                self.key_tasks, self.safeguards]

    @property
    def plain_title(self) -> str:
        """Return the title on one line, for metadata (ideographic spaces kept)."""
        return re.sub(r"\s*\n\s*", " ", self.title)

    @property
    def is_chinese(self) -> bool:
        """Tell whether the briefing is written in Chinese (zh, zh-CN, zh-Hans, …)."""
        return self.language.lower().split("-")[0] == "zh"
