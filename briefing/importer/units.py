"""Content lines -> units: what each line of the page is — a question (问：, or a numbered line
that is one question: 一、…是什么？), the start of an answer (答：), a heading (一、 on a short
line), a sub-heading (（一） on a short line), an
enumerated item (一、 （一） 1. （1） 第一部分 一是 at the start of a longer line), a plain
paragraph, or a table made of a run of lines whose cells are separated by tabs or two or more
spaces. The numbers and the 问/答 prefixes are taken off (the templates generate numbers); the
rest is cleaned (cleaning.py), and the text as printed, marker and all, is kept beside it for
an enumeration whose numbering has a gap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..checks.lint import _cn_number
from .cleaning import Cleaner, Fix

CN = "[一二三四五六七八九十]{1,3}"
QUESTION = re.compile(rf"^(?:(?P<n>{CN}|\d{{1,2}})\s*[、.．]\s*)?"
                      r"(?:问|(?P<asker>[^\s:：，。？?]{0,16}记者))\s*[:：]\s*")
ANSWER = re.compile(r"^答\s*[:：]\s*")
MARKERS = [  # (family, pattern); the number is the group "n"
    ("部分", re.compile(rf"^第(?P<n>{CN})部分\s*")),
    ("是", re.compile(rf"^(?P<n>{CN})是(?=\S)")),
    ("、", re.compile(rf"^(?P<n>{CN})\s*、\s*")),
    ("（）", re.compile(rf"^[（(]\s*(?P<n>{CN})\s*[）)]\s*")),
    ("1.", re.compile(r"^(?P<n>\d{1,2})\s*[.．、](?!\d)\s*")),
    ("(1)", re.compile(r"^[（(]\s*(?P<n>\d{1,2})\s*[）)]\s*")),
]
BARE = re.compile(r"^是(?=[\u4e00-\u9fff])")  # 一是、二是、是…: the 三 was dropped
HEADING_MAX = 30  # characters: a numbered line this short, without a sentence end, is a heading
QUESTION_MAX = 80  # characters: a numbered line this short that is one question is a question
SENTENCE_ENDS = "。！？；!?;"
CELLS = re.compile("[ \u3000]*\t[\t \u3000]*|[ \u3000]{2,}")
CAPTION = re.compile(r"^附?表\s*\d+(?:[-－.．]\d+)?[\s\u3000:：.．]*|^附?表[\s\u3000:：]+")
NOTE = re.compile(r"^(?:注|备注|说明)\s*[\d]*\s*[:：]")
CAPTION_MAX = 60
GROUP_ROW_MAX = 20
# a press conference's roster: 主持人： or 嘉宾： on a line, then a name and a title in columns
ROLE = re.compile(r"^(?P<role>主\s*持\s*人|嘉\s*宾|发布人|发布嘉宾|出席嘉宾|答问嘉宾|发言人"
                  r"|出席人员|参会嘉宾|出席领导|出\s*席)\s*[:：]\s*")
HAN_CHAR = "[\u3400-\u4dbf\u4e00-\u9fff]"
PADDED = rf"{HAN_CHAR}(?:[ \u3000]{{1,3}}{HAN_CHAR}){{1,2}}(?=[ \u3000]{{2}}|\t)"  # 许  伟
ENTRY = re.compile(rf"^(?P<name>{PADDED}|{HAN_CHAR}[\u3400-\u4dbf\u4e00-\u9fff·]{{1,5}})"
                   r"(?P<gap>[ \u3000]{2,}|\t[\t ]*|\u3000)(?P<title>\S.{1,60})$")
ROSTER_DASH = "——"  # between a name and a title: the Chinese dash, no spaces for the lint


@dataclass
class Unit:
    """One content line of the page, as the structure sees it."""

    kind: str  # question, heading, subheading, item, plain, table
    line: int
    text: str  # cleaned, marker and prefix taken off
    marked: str = ""  # cleaned, with its marker as printed (for an irregular enumeration)
    family: str = ""  # an item's kind of marker: 部分 是 、 （） 1. (1)
    number: int | None = None
    answer: bool = False  # the line started with 答：
    table: dict = field(default_factory=dict)  # caption, columns, rows, note, categories
    last_line: int = 0  # the last page line a table spans


def _cells(line: str) -> list[str]:
    """Return a line split at tabs and runs of two or more spaces."""
    return [c for c in CELLS.split(line) if c]


def _is_question(text: str) -> bool:
    """Tell whether a numbered line is a question standing as a heading (一、《规划》的编制背景
    是什么？): one sentence, ending in a question mark, no longer than QUESTION_MAX."""
    return len(text) <= QUESTION_MAX and text[-1:] in "？?" and \
        not any(mark in text[:-1] for mark in SENTENCE_ENDS)


def _is_sentence(text: str) -> bool:
    """Tell whether a text holds a sentence end (so it is not a heading or a table cell)."""
    return any(mark in text for mark in SENTENCE_ENDS)


def find_tables(content: list[tuple[int, str]]) -> dict[int, tuple[int, int]]:
    """Return the tables among the content lines: index of the header -> (first index, last
    index) of the lines that make it, caption and note included."""
    found: dict[int, tuple[int, int]] = {}
    i = 0
    while i < len(content):
        width = len(_cells(content[i][1]))
        end, rows = i, 0
        if width >= 2:
            j = i + 1
            while j < len(content) and content[j][0] == content[j - 1][0] + 1:
                n = len(_cells(content[j][1]))
                group = n == 1 and len(content[j][1]) <= GROUP_ROW_MAX and \
                    not _is_sentence(content[j][1]) and j + 1 < len(content) and \
                    content[j + 1][0] == content[j][0] + 1 and \
                    len(_cells(content[j + 1][1])) == width
                if n != width and not group:
                    break
                rows += n == width
                end, j = j, j + 1
        if rows >= 2:
            first, last = i, end
            if i > 0 and content[i - 1][0] == content[i][0] - 1 and \
                    len(content[i - 1][1]) <= CAPTION_MAX and \
                    len(_cells(content[i - 1][1])) == 1 and not _is_sentence(content[i - 1][1]):
                first = i - 1
            if end + 1 < len(content) and content[end + 1][0] == content[end][0] + 1 and \
                    NOTE.match(content[end + 1][1]):
                last = end + 1
            found[i] = (first, last)
            i = last + 1
        else:
            i += 1
    return found


def _table(content: list[tuple[int, str]], header: int, span: tuple[int, int],
           cleaner: Cleaner, indents: dict[int, int]) -> Unit:
    """Return the table unit made of the lines of one table."""
    first, last = span

    def cells(index: int) -> list[str]:
        number, text = content[index]
        out, at = [], 0
        for cell in _cells(text):
            at = text.index(cell, at)
            out.append(cleaner.clean(cell, number, indents[number] + at + 1))
            at += len(cell)
        return out

    caption = ""
    if first < header:
        number, text = content[first]
        lead = CAPTION.match(text)
        body = text[lead.end():] if lead and lead.end() < len(text) else text
        caption = cleaner.clean(body, number, indents[number] + len(text) - len(body) + 1)
    columns = cells(header)
    end = last - (last > header and NOTE.match(content[last][1]) is not None)
    rows: list = []
    categories = []
    for index in range(header + 1, end + 1):
        row = cells(index)
        if len(row) == 1:
            rows.append({"group": row[0]})
            categories.append(row[0])
        else:
            rows.append(row)
    note = ""
    if end < last:
        number, text = content[last]
        note = cleaner.clean(text, number, indents[number] + 1)
    return Unit("table", content[first][0], caption, last_line=content[last][0],
                table={"caption": caption, "columns": columns, "rows": rows, "note": note,
                       "categories": categories})


def _strip_marker(text: str) -> tuple[str, str, int | None, int]:
    """Return (family, marker as printed, number, length) of a line's leading enumerator."""
    for family, pattern in MARKERS:
        m = pattern.match(text)
        if m and m.end() < len(text):
            number = _cn_number(m["n"]) if not m["n"].isdigit() else int(m["n"])
            return family, m.group(), number, m.end()
    return "", "", None, 0


def unit_of(number: int, text: str, column: int, cleaner: Cleaner,
            previous: Unit | None) -> Unit:
    """Return the unit one content line makes; `column` is the page column of text[0]."""
    q = QUESTION.match(text)
    if q and q["asker"] and not any(mark in text[q.end():] for mark in "？?"):
        q = None  # 记者：张三 is a byline; a journalist's line that asks is a question
    if q and q.end() < len(text):
        value = None if q["n"] is None else \
            int(q["n"]) if q["n"].isdigit() else _cn_number(q["n"])
        return Unit("question", number, cleaner.clean(text[q.end():], number, column + q.end()),
                    marked=q["n"] or "", number=value)
    a = ANSWER.match(text)
    answer = bool(a)
    if a:
        text, column = text[a.end():], column + a.end()
        if not text:
            return Unit("plain", number, "", answer=True)
    family, marker, value, length = _strip_marker(text)
    if not family and BARE.match(text) and previous is not None and previous.family == "是":
        family, marker, value, length = "是", "", None, 0  # 一是、二是、是: kept as printed
    body = cleaner.clean(text[length:], number, column + length)
    if family in ("、", "1.") and not answer and _is_question(body):
        return Unit("question", number, body, marked=marker.strip(), number=value)
    unit = Unit("plain", number, body, marked=marker + body, family=family, number=value,
                answer=answer)
    if family in ("、", "（）") and len(body) <= HEADING_MAX and not _is_sentence(body) and \
            not answer:
        unit.kind = "heading" if family == "、" else "subheading"
    elif family:
        unit.kind = "item"
    return unit


def _read_table(number: int, table: dict, cleaner: Cleaner, units: list[Unit]) -> Unit:
    """Return the unit of a table a document holds as one (a web page's, a Word file's): the
    short line just before it its caption, its cells cleaned at the table's line."""
    caption = ""
    before = units[-1] if units else None
    if before is not None and before.kind == "plain" and before.line == number - 1 and \
            len(before.text) <= CAPTION_MAX and not before.text.endswith("。") and \
            (CAPTION.match(before.text) or not _is_sentence(before.text.rstrip("：:"))):
        lead = CAPTION.match(before.text)
        caption = before.text[lead.end():] if lead and lead.end() < len(before.text) else \
            before.text
        units.pop()
    columns = [cleaner.clean(c, number, 1) for c in table["columns"]]
    rows = [{"group": cleaner.clean(r["group"], number, 1)} if isinstance(r, dict) else
            [cleaner.clean(c, number, 1) for c in r] for r in table["rows"]]
    return Unit("table", before.line if caption and before else number, caption,
                last_line=number, table={"caption": caption.rstrip("：:"), "columns": columns,
                                         "rows": rows, "note": "", "categories": [
                                             r["group"] for r in rows if isinstance(r, dict)]})


def _entry(number: int, text: str, column: int, cleaner: Cleaner) -> str | None:
    """Return a roster line as "name——title", the spaces that pad a name to the width of
    the others (许  伟) taken out as fixes, or None when the line is no name and title."""
    m = ENTRY.match(text)
    if not m or _is_sentence(m["title"]):
        return None
    name = "".join(c for c in m["name"] if not c.isspace())
    for at, char in enumerate(m["name"]):
        if char.isspace():
            cleaner.fixes.append(Fix(number, column + at, char, ""))
    title = cleaner.clean(m["title"].strip(), number, column + m.start("title"))
    return f"{name}{ROSTER_DASH}{title}"


def _roster(content: list[tuple[int, str]], i: int, indents: dict[int, int],
            cleaner: Cleaner) -> tuple[list[Unit], int]:
    """Return the roster units starting at content index i (one per 主持人：/嘉宾： line and its
    names) and the index after them; ([], i) when no roster starts there."""
    units: list[Unit] = []
    while i < len(content):
        number, text = content[i]
        role = ROLE.match(text)
        if not role:
            break
        column = indents[number] + 1
        rest = text[role.end():]
        entries = []
        if rest:
            entry = _entry(number, rest, column + role.end(), cleaner)
            if entry is None:
                break
            entries.append(entry)
        j = i + 1
        while j < len(content) and not ROLE.match(content[j][1]):
            found = _entry(content[j][0], content[j][1], indents[content[j][0]] + 1, cleaner)
            if found is None:
                break
            entries.append(found)
            j += 1
        if not entries:
            break
        label = cleaner.clean(text[:role.end()].strip(), number, column)
        units.append(Unit("roster", number, label, last_line=content[j - 1][0],
                          table={"entries": entries}))
        i = j
    return units, i


def units_of(content: list[tuple[int, str]], lines: list[str], cleaner: Cleaner,
             read: dict[int, dict] | None = None) -> list[Unit]:
    """Return the units of the content lines, tables found first (their lines are not
    cleaned as prose: the spaces between cells are not stray); `read` holds the tables a
    document gave as tables, by their line."""
    indents = {n: len(lines[n - 1]) - len(lines[n - 1].lstrip()) for n, _ in content}
    tables = find_tables(content)
    units: list[Unit] = []
    i = 0
    while i < len(content):
        if content[i][0] in (read or {}):
            units.append(_read_table(content[i][0], read[content[i][0]], cleaner, units))
            note = content[i + 1] if i + 1 < len(content) else None
            if note and note[0] == content[i][0] + 1 and NOTE.match(note[1]):
                units[-1].table["note"] = cleaner.clean(note[1], note[0], 1)
                units[-1].last_line = note[0]
                i += 1
            i += 1
            continue
        covering = next(((h, s) for h, s in tables.items() if s[0] == i), None)
        if covering:
            units.append(_table(content, covering[0], covering[1], cleaner, indents))
            i = covering[1][1] + 1
            continue
        roster, after = _roster(content, i, indents, cleaner)
        if roster:
            units += roster
            i = after
            continue
        number, text = content[i]
        unit = unit_of(number, text, indents[number] + 1, cleaner, units[-1] if units else None)
        if unit.text:
            units.append(unit)
        i += 1
    return units
