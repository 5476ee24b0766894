"""The draft -> YAML text in the style of content/nankai-eco-14th-fyp.yaml: a header comment
that says where everything came from and what to review, keys in the documented order, one
item per line, plain scalars where YAML reads them back as the same text and double-quoted
scalars (with escapes) everywhere else — never a tag, an anchor or a folded line.

``scalar`` is the one place that decides how a text is written; any text survives a round trip
through the loader (tests/test_importer_hostile.py says so for every string).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .blocks import Block
from .cleaning import Fix
from .structure import Section

SAFE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                  "\U00010000-\U0010ffff]")
INDICATORS = set("-?:,[]{}#&*!|>'\"%@`~")
FLOW_UNSAFE = set(",[]{}#:?")
ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": "\\0"}
COMMENT_BREAKS = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
COMMENT_TEXT_MAX = 80  # characters of page text quoted in a comment
COLUMNS_MAX = 12  # columns listed per kind of fix and line
FIX_LINES_MAX = 120  # page lines whose fixes are listed one by one
WRAP = 96  # characters of a comment line
KEYS = ("title", "intro", "kind", "outro", "overview", "count", "count_measures")


class Flow(list):
    """A list written on one line, [a, b, c] (indicator categories, table columns and rows)."""


def _plain_ok(value: str, flow: bool) -> bool:
    """Tell whether YAML reads the text back as itself when written plain."""
    if not value or value[0] in INDICATORS or value[0] in " \t" or value[-1] in " \t:":
        return False
    if ": " in value or " #" in value or (flow and FLOW_UNSAFE & set(value)):
        return False
    return all(SAFE.match(char) for char in value) and "\ufeff" not in value


def scalar(value: str, flow: bool = False) -> str:
    """Return a text as a YAML scalar: plain when that reads back as the same text, else
    double-quoted with escapes."""
    if _plain_ok(value, flow):
        return value
    out = []
    for char in value:
        if char in ESCAPES:
            out.append(ESCAPES[char])
        elif SAFE.match(char) and char != "\ufeff":
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def _flow(values: list) -> str:
    """Return a list of texts as a one-line flow sequence."""
    return "[" + ", ".join(scalar(v, flow=True) for v in values) + "]"


def _emit(key: str, value: Any, indent: int) -> list[str]:
    """Return the lines of one key and its value (text, flow list, list or mapping)."""
    pad = " " * indent
    if isinstance(value, Flow):
        return [f"{pad}{key}: {_flow(value)}"]
    if isinstance(value, str):
        return [f"{pad}{key}: {scalar(value)}"]
    lines = [f"{pad}{key}:"]
    if isinstance(value, list):
        for item in value:
            lines += _item(item, indent + 2)
    else:
        for child_key, child in value.items():
            lines += _emit(child_key, child, indent + 2)
    return lines


def _item(item: Any, indent: int) -> list[str]:
    """Return the lines of one list entry: '- text', '- [a, b]' or '- key: …' and its keys."""
    pad = " " * indent
    if isinstance(item, Flow):
        return [f"{pad}- {_flow(item)}"]
    if isinstance(item, str):
        return [f"{pad}- {scalar(item)}"]
    lines: list[str] = []
    for n, (key, value) in enumerate(item.items()):
        sub = _emit(key, value, indent + 2)
        if n == 0:
            sub[0] = f"{pad}- {sub[0][indent + 2:]}"
        lines += sub
    return lines


def item_value(item: dict) -> Any:
    """Return an item as written: a plain string when it is only a text."""
    if not item.get("title") and not item.get("short"):
        return item["text"]
    return {k: item[k] for k in ("title", "short", "text") if item.get(k)}


def block_value(block: Block) -> dict:
    """Return a block as a mapping, keys in the documented order."""
    body: Any
    if block.kind == "goal":
        goal = dict(block.body)
        body = {"year": goal["year"], "statement": goal["statement"]}
        if goal["targets"]:
            body["targets"] = [item_value(t) for t in goal["targets"]]
        if goal.get("indicator_categories"):
            body["indicator_categories"] = Flow(goal["indicator_categories"])
    elif block.kind == "table":
        table = dict(block.body)
        body = {"caption": table["caption"], "columns": Flow(table["columns"]),
                "rows": [r if isinstance(r, dict) else Flow(r) for r in table["rows"]]}
        if table["note"]:
            body["note"] = table["note"]
    elif block.kind == "groups":
        body = [{"title": g["title"], "thrust": g["thrust"],
                 "measures": [item_value(m) for m in g["measures"]]}
                for g in block.body]
    else:
        body = [item_value(i) for i in block.body]
    values = {"title": block.title, "intro": block.intro, "kind": body, "outro": block.outro,
              "count": block.count}
    return {(block.kind if key == "kind" else key): values[key]
            for key in KEYS if values.get(key)}


@dataclass
class Draft:
    """Everything the new file says: metadata, sections, and the header's account."""

    metadata: dict
    sections: list[Section]
    page_name: str
    page_lines: int
    encoding: str
    provenance: list[str] = field(default_factory=list)  # where each metadata field came from
    furniture: list[tuple[int, str]] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    shorts: list[str] = field(default_factory=list)  # where short forms were made, by block
    short_count: int = 0
    unit: str = "lines"  # what the page's numbered lines are: lines, or a document's paragraphs
    removed: dict[str, int] = field(default_factory=dict)  # markup taken out unread: script -> 3
    lede: list[dict] = field(default_factory=list)  # items: the text before the first section
    lede_lines: tuple[int, int] = (0, 0)


def comment(text: str) -> str:
    """Return text fit for a comment line: no line breaks, page text cut at a length."""
    text = COMMENT_BREAKS.sub(" ", text)
    return text if len(text) <= COMMENT_TEXT_MAX else text[:COMMENT_TEXT_MAX - 1] + "…"


def _fix_lines(fixes: list[Fix]) -> list[str]:
    """Return the fixes, one line of the page per line: what became what, at which columns."""
    by_line: dict[int, dict[tuple[str, str], list[int]]] = {}
    for fix in sorted(fixes):
        by_line.setdefault(fix.line, {}).setdefault((fix.before, fix.after), []).append(
            fix.column)
    lines = []
    for line, kinds in list(by_line.items())[:FIX_LINES_MAX]:
        parts = []
        for (before, after), columns in kinds.items():
            shown = ", ".join(map(str, columns[:COLUMNS_MAX])) + \
                (f", … (+{len(columns) - COLUMNS_MAX})" if len(columns) > COLUMNS_MAX else "")
            what = f"'{before}' removed" if not after else f"'{before}' → '{after}'"
            times = f" ×{len(columns)}" if len(columns) > 1 else ""
            parts.append(f"{what}{times} (col {shown})")
        lines.append(f"- line {line}: " + "; ".join(parts))
    if len(by_line) > FIX_LINES_MAX:
        lines.append(f"- … and fixes on {len(by_line) - FIX_LINES_MAX} more lines")
    return lines


def _header(draft: Draft) -> list[str]:
    """Return the header comment: the title, where the draft comes from, what was dropped,
    fixed, kept and made."""
    m = draft.metadata
    out = [m["title"]] + ([m["subtitle"]] if m.get("subtitle") else []) + [""]
    out += [f"A draft imported by `build.py import` from {draft.page_name} ({draft.page_lines}"
            f" {draft.unit}, {draft.encoding}). Review it against the page, then run `build.py"
            " check` on it and build it."]
    if draft.unit != "lines":
        out += [f"A line of the page below is one of its {draft.unit}, counted from 1 in"
                " reading order (a table is one)."]
    removed = [f"{n} {tag}" for tag, n in sorted(draft.removed.items()) if tag != "head"]
    if removed:
        out += ["Taken out of the markup unread (never run, never fetched): "
                + ", ".join(removed) + "."]
    out += [""]
    out += ["Metadata:"] + [f"- {p}" for p in draft.provenance] + [""]
    out += [f"Website furniture dropped ({len(draft.furniture)} lines):"]
    out += [f"- line {n}: {comment(text)}" for n, text in draft.furniture] or ["- none"]
    out += ["", "Removed by construction (the templates number sections, blocks and items): the"
            " 问：/答： prefixes (and an asker's 记者：), and the numbers 一、 （一） 1. （1）,"
            " 第一部分 (and a 是 after it) and the enumerators 一是 … in front of questions,"
            " headings and items.", ""]
    out += [f"Fixed mechanically ({len(draft.fixes)}; page line and column, as printed →"
            " as written):"] + (_fix_lines(draft.fixes) or ["- none"])
    out += ["", "Kept as printed (`check` reports what a rule can see, at its line:column in"
            " this file; a dropped character no rule can see — read the page):"]
    out += [f"- {k}" for k in draft.kept] or ["- no numbering; the rest, if any, is what"
                                              " `check` reports"]
    out += ["", "Made by the import from the page's words — review:"]
    out += [f"- {r}" for r in draft.review]
    if draft.shorts:
        out += [f"- short forms made from first clauses that state (the clauses that only"
                f" introduce — 当前，, 《办法》规定，, 指导思想是： — left out; up to the first"
                f" ，：；。 that leaves at least 8 characters, or an enumeration's 一是/二是 items;"
                f" none over 40), {draft.short_count}: " + ", ".join(draft.shorts)]
    return ["#" + (" " + part if part else "") for line in out for part in _wrap(line)]


def _wrap(line: str, width: int = WRAP) -> list[str]:
    """Return a comment line wrapped at spaces (or anywhere in Chinese text) to the width;
    continuation lines of a list entry are indented."""
    line = COMMENT_BREAKS.sub(" ", line)
    lead = "  " if line.startswith("- ") else ""
    parts = []
    while len(line) > width:
        cut = line.rfind(" ", width // 2, width)
        cut = cut if cut > 0 else width
        parts.append(line[:cut].rstrip())
        line = lead + line[cut:].lstrip()
    return parts + [line]


def render(draft: Draft) -> str:
    """Return the YAML text of a draft."""
    lines = [line.rstrip() for line in _header(draft)]
    lines += ["", "# --- metadata " + "-" * 76]
    for key, value in draft.metadata.items():
        if value:
            lines += _emit(key, value, 0)
    if draft.lede:
        first, last = draft.lede_lines
        span = f"line {first}" if first == last else f"lines {first}–{last}"
        lines += ["", "# --- lede: the page's introduction, before its first question or heading"
                  " " + "-" * 15, f"# page {span}"]
        lines += _emit("lede", [item_value(p) for p in draft.lede], 0)
    lines += ["", "# --- sections: one per question or heading of the page " + "-" * 33,
              "sections:"]
    for section in draft.sections:
        entry: dict[str, Any] = {"heading": section.heading}
        if section.question:
            entry["question"] = section.question
        entry["blocks"] = [block_value(b) for b in section.blocks]
        span = f"line {section.first_line}" if section.first_line == section.last_line else \
            f"lines {section.first_line}–{section.last_line}"
        lines += ["", f"  # page {span}"] + _item(entry, 2)
    return "\n".join(lines) + "\n"
