"""A loaded briefing -> what each text of its outputs is (section heading, question, intro,
card, item, box title…), found by the text an element shows.

The tags of a PDF say "a heading", "a paragraph", "a list item"; only the content says
whether a paragraph is a question, an intro or a card's text. Every text of the briefing
(full and short forms) is catalogued with its role, and an element is matched by its text:
whole (its text is a catalogued one, after a numbering or label prefix of at most
PREFIX_LIMIT characters), or, for the first and last elements of a page, in part (the
beginning or the end of a catalogued text: a paragraph that runs on across pages).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import Briefing
from ..design.templating import shown_cell
from ..design.theme import load_labels

PREFIX_LIMIT = 12  # characters of a numbering or label before a text: 一、 （一） 1. 问：
IGNORED = "\u2060\u00ad\u200b\ufeff"  # word joiners, soft hyphens: drawn as nothing

TITLES = frozenset({"cover title", "title", "section heading", "block title", "card title",
                    "group title", "goal title", "box title", "slide title", "heading"})
TEXTS = frozenset({"paragraph", "intro", "outro", "question", "card", "statement", "target",
                   "item", "key message", "lede", "thrust", "box title", "box text", "lead",
                   "figure caption", "card title", "goal title", "group title", "table note"})
# which roles a tag most likely carries, best first (a text may be both a card's title and
# the section heading it is numbered under)
PREFERENCE = {
    "H": ("section heading", "block title", "group title", "card title", "heading",
          "table caption", "cover title"),
    "P": ("question", "intro", "outro", "paragraph", "lede", "card", "statement", "thrust",
          "target", "item", "key message", "goal title", "card title", "group title", "box text",
          "table caption", "table note", "figure caption", "indicator category", "heading"),
    "LI": ("key message", "item", "target", "paragraph", "lede", "card", "card title",
           "indicator category", "section heading", "group title"),
    "Caption": ("table caption", "figure caption"),
    "FigCaption": ("figure caption", "table caption"),
}


def normal(text: str) -> str:
    """Return text as compared: without spaces and the characters that draw nothing."""
    return "".join(c for c in text if not c.isspace() and c not in IGNORED)


@dataclass(frozen=True)
class Entry:
    """One text of the briefing and what it is."""

    role: str
    text: str


@dataclass(frozen=True)
class Match:
    """What an element's text was found to be: the entry, and how much of it shows."""

    entry: Entry
    begins: bool = True  # the element shows the entry's beginning
    ends: bool = True  # … and its end
    prefix: int = 0  # characters shown before it (a number, a label)

    @property
    def whole(self) -> bool:
        """Tell whether the element shows its whole text."""
        return self.begins and self.ends


class Catalogue:
    """Every text of a briefing with its role, for finding what an element shows."""

    def __init__(self, briefing: Briefing):
        """Catalogue a briefing's texts, with the labels of its language."""
        self.labels = load_labels(briefing.language)
        self.entries = list(_entries(briefing, self.labels))
        self._exact: dict[str, list[Entry]] = {}
        for entry in self.entries:
            key = normal(entry.text)
            if key:
                self._exact.setdefault(key, []).append(entry)

    def match(self, tag: str, text: str, first: bool = False, last: bool = False) \
            -> Match | None:
        """Return what an element with this tag and text shows, or None. Only the first
        element of a page may show the end of a text alone, only the last its beginning."""
        shown = normal(text)
        continued = normal(str(self.labels.get("continued", "")))
        if continued and shown.endswith(continued) and len(shown) > len(continued):
            shown = shown[:-len(continued)]
        if not shown:
            return None
        order = PREFERENCE.get("H" if tag[:1] == "H" and tag[1:].isdigit() else tag, ())
        rank = {role: i for i, role in enumerate(order)}

        def best(entries: list[Entry]) -> Entry:
            """Return the entry whose role the tag most likely carries."""
            return min(entries, key=lambda e: rank.get(e.role, len(order)))

        for skip in range(min(PREFIX_LIMIT, len(shown) - 1) + 1):
            found = self._exact.get(shown[skip:])
            if found:
                return Match(best(found), prefix=skip)
        if not (first or last):
            return None
        partial: list[tuple[int, Match]] = []
        for key, entries in self._exact.items():
            if len(key) <= len(shown):
                continue
            if first and key.endswith(shown):
                partial.append((0, Match(best(entries), begins=False)))
            elif last and any(key.startswith(shown[skip:]) for skip in
                              range(min(PREFIX_LIMIT, len(shown) - 2) + 1)):
                partial.append((1, Match(best(entries), ends=False)))
            elif first and last and shown in key:
                partial.append((2, Match(best(entries), begins=False, ends=False)))
        return min(partial, key=lambda p: p[0])[1] if partial else None


def _entries(b: Briefing, labels: dict):
    """Yield every text a briefing's outputs show, with its role."""
    yield Entry("cover title", b.title)
    yield from (Entry("heading", str(labels[key])) for key in (
        "contents", "key_messages", "overview", "in_numbers", "source", "provenance",
        "agenda", "thanks", "indicator_categories") if key in labels)
    for item in b.key_messages:
        yield from _item("key message", item)
    for item in b.lede:
        yield from _item("lede", item)
    yield from (Entry("number", figure.words) for figure in b.numbers())
    in_year = str(labels.get("in_year", "({})"))
    for section in b.sections:
        yield Entry("section heading", section.heading)
        if section.question:
            yield Entry("question", section.question)
        for block in section.blocks:
            yield from (Entry(role, text) for role, text in (
                ("block title", block.title), ("intro", block.intro),
                ("outro", block.outro)) if text)
            yield from _block(block, section, labels, in_year)


def _block(block, section, labels: dict, in_year: str):
    """Yield the texts of one block with their roles."""
    kind = block.kind
    if kind == "paragraphs":
        for item in block.paragraphs:
            yield from _item("paragraph", item)
    elif kind == "cards":
        for card in block.cards:
            yield Entry("card title", card.title)
            yield from _item("card", card)
    elif kind == "goal":
        goal = block.goal
        yield Entry("statement", goal.statement)
        for target in goal.targets:
            yield from _item("target", target)
        yield from (Entry("indicator category", c) for c in goal.indicator_categories)
        yield Entry("goal title", (block.title or section.heading) +
                    in_year.replace("{}", str(goal.year)))
        if goal.indicator_categories:
            yield Entry("box text", str(labels.get("list_sep", ", ")).join(
                goal.indicator_categories))
    elif kind == "groups":
        for group in block.groups:
            yield Entry("group title", group.title)
            if group.thrust:
                yield Entry("thrust", group.thrust)
            for measure in group.measures:
                yield from _item("item", measure)
    elif kind == "list":
        for item in block.items:
            yield from _item("item", item)
    elif kind == "table":
        table = block.table
        yield Entry("table caption", table.caption)
        rows = str(labels.get("table_rows", "({})")).replace("{}", str(len(table.data_rows)))
        yield Entry("table caption", table.caption + rows)  # the handout's summary line
        if table.note:
            yield Entry("table note", table.note)
    elif kind == "figure":
        yield Entry("figure caption", block.figure.caption)


def _item(role: str, item):
    """Yield an item's full text and, when it has one, its short form."""
    yield Entry(role, item.text)
    if item.short:
        yield Entry(role, item.short)


def tables(briefing: Briefing) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Return, per table header (its column names, compared as normal text), the texts of
    its rows (cells joined as printed, compared as normal text; a group row is its one cell),
    and its caption."""
    rows: dict[str, set[str]] = {}
    captions: dict[str, str] = {}
    for section in briefing.sections:
        for block in section.blocks:
            if block.kind != "table":
                continue
            table = block.table
            header = normal("".join(table.columns))
            captions.setdefault(header, table.caption)
            for row in table.rows:
                rows.setdefault(header, set()).add(
                    normal(row.group if hasattr(row, "group") else
                           "".join(map(shown_cell, row))))  # an empty cell printed —
    return rows, captions
