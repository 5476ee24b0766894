"""The limits a draft stays within, so that what the import writes always loads: the lengths
and counts a content file may hold (one-line values 255 characters, texts 4,000, 30 sections,
30 blocks a section, 200 items a list, 30 groups, 12 columns) and the dates a deck can record.
A page past them is an error at its line, with nothing written — never a file that fails to
load. The numbers are the content format's own (briefing/content/limits.py)."""

from __future__ import annotations

from ..content.limits import (
    BLOCKS,
    COLUMNS,
    FIRST_YEAR,
    GROUPS,
    ITEMS,
    LAST_YEAR,
    LINE,
    SECTIONS,
    TEXT,
)
from .blocks import Block
from .structure import Section

__all__ = ["BLOCKS", "COLUMNS", "FIRST_YEAR", "GROUPS", "ITEMS", "LAST_YEAR", "LINE",
           "SECTIONS", "TEXT", "problems"]


def _long(value: str | None, limit: int, what: str) -> str | None:
    """Return why a value is too long, or None."""
    if value and len(value) > limit:
        return f"{what} is {len(value):,} characters long; a briefing holds at most {limit:,}"
    return None


def _many(count: int, limit: int, what: str) -> str | None:
    """Return why there are too many of something, or None."""
    if count > limit:
        return f"{count:,} {what}; a briefing holds at most {limit:,} — split the page"
    return None


def _items(items: list[dict], what: str) -> list[str | None]:
    """Return the problems of a list of items: their number and their lengths."""
    found = [_many(len(items), ITEMS, what)]
    for item in items:
        found += [_long(item.get("title"), LINE, "a title"),
                  _long(item.get("short"), LINE, "a short form"),
                  _long(item.get("text"), TEXT, "a text")]
    return found


def _block(block: Block) -> list[str | None]:
    """Return the problems of one block."""
    found = [_long(block.title, LINE, "a sub-heading"), _long(block.intro, TEXT, "a paragraph"),
             _long(block.outro, TEXT, "a paragraph")]
    body = block.body
    if block.kind == "goal":
        found += [_long(body["statement"], TEXT, "the goal statement")]
        found += _items(body["targets"], "targets")
    elif block.kind == "groups":
        found.append(_many(len(body), GROUPS, "groups"))
        for group in body:
            found += [_long(group["title"], LINE, "a group's title"),
                      _long(group["thrust"], LINE, "a thrust")]
            found += _items(group["measures"], "measures")
    elif block.kind == "table":
        table = body
        found += [_many(len(table["columns"]), COLUMNS, "columns"),
                  _many(len(table["rows"]), ITEMS, "rows"),
                  _long(table["note"], TEXT, "the table's note")]
        cells = [c for row in table["rows"]
                 for c in (row.values() if isinstance(row, dict) else row)]
        found += [_long(c, LINE, "a table cell") for c in cells + table["columns"]]
    else:
        found += _items(body, block.kind.replace("list", "list items"))
    return found


def problems(sections: list[Section], lede: list[dict] | None = None, lede_line: int = 1) \
        -> list[tuple[int, str]]:
    """Return (page line, message) for every limit the draft would pass."""
    found: list[tuple[int, str]] = [(lede_line, m) for m in _items(lede or [], "lede paragraphs")
                                    if m]
    if len(sections) > SECTIONS:
        found.append((sections[SECTIONS].first_line,
                      _many(len(sections), SECTIONS, "sections (questions or headings)") or ""))
    for section in sections:
        here = [_long(section.question, LINE, "the question"),
                _long(section.heading, LINE, "the heading"),
                _many(len(section.blocks), BLOCKS, "blocks in this section")]
        found += [(section.first_line, m) for m in here if m]
        for block in section.blocks:
            found += [(block.line, m) for m in _block(block) if m]
    return sorted(set(found))
