"""Items of the draft -> the same items with a short form for the slide where they are long:
the page's own words, never others. A short form is a statement: it starts at the first clause
that says something, the clauses that only introduce it left out (当前，…, 《办法》规定，…,
指导思想是：…; design/clauses.py), and runs to the first ，：；。 that leaves at least 8
characters; where that clause opens an enumeration (一是…；二是…), the items' first clauses
joined by ；. A statement over 40 characters, unbalanced or ending as an introducer is no
short form (the slide shows the text). A roster's paragraph keeps its text whole (every name
is on the slide). The draft's header lists where short forms were made, block by block."""

from __future__ import annotations

import re

from ..checks.lint import unbalanced
from ..design.clauses import EDGES, clauses, fragment, introduces
from .structure import Section

SHORT_AFTER = 30  # characters: a longer item gets a short form for the slide
SHORT_MAX = 40  # characters: a longer statement is no short form (the slide shows the text)
LEAST = 8  # characters: a clause shorter than this runs on to the next
ITEM_LISTS = ("paragraphs", "cards", "list")
ALIAS = re.compile(r"[（(](?:以下|下文)?(?:简称|下称)[^（）()]{1,30}[）)]")  # （以下简称《规划》）
ENUMERATOR = re.compile(r"(?:^|(?<=[，,；;。：:]))\s*[一二三四五六七八九十]{1,3}是(?=\S)")


def short_form(text: str) -> str | None:
    """Return the short form a long text's own words give: its first clause that states, run
    on to LEAST characters (or its enumeration's items), or None when none is shorter than the
    text or it would end as an introducer."""
    body = ALIAS.sub("", text)
    parts = clauses(body)
    at = 0
    while at < len(parts) and introduces(body[parts[at][0]:parts[at][1]]):
        at += 1
    if at == len(parts):
        return None
    start = parts[at][0]
    if ENUMERATOR.match(body, start):
        return _items(body[start:])
    for _, end in parts[at:]:
        short = body[start:end].strip(EDGES)
        if len(short) >= LEAST:
            break
    whole = text.strip().rstrip("。！？!?")
    return short if len(short) < len(whole) and not fragment(short) else None


def _items(run: str) -> str | None:
    """Return an enumeration's items (一是…；二是…) as one short form: each item's first
    clause, joined by ；; None for a single item."""
    marks = list(ENUMERATOR.finditer(run))
    items = []
    for k, m in enumerate(marks):
        item = run[m.end():marks[k + 1].start() if k + 1 < len(marks) else len(run)]
        first = clauses(item)[:1]
        items.append(item[:first[0][1]].strip(EDGES) if first else "")
    return "；".join(items) if len(items) > 1 and all(items) else None


def add_short_forms(sections: list[Section], lede: list[dict] | None = None) \
        -> tuple[list[str], int]:
    """Give every long item of the lede and the sections a short form; return where, block by
    block, and how many."""
    made, count = [], 0
    found = [i for i, item in enumerate(lede or []) if _shorten(item)]
    if found:
        made.append(f"lede[{', '.join(map(str, found))}]")
        count += len(found)
    for s, section in enumerate(sections):
        for b, block in enumerate(section.blocks):
            lists: list[tuple[str, list]] = []
            if block.kind in ITEM_LISTS:
                lists.append((block.kind, block.body))
            elif block.kind == "groups":
                lists += [(f"groups[{g}].measures", group["measures"])
                          for g, group in enumerate(block.body)]
            elif block.kind == "goal":
                lists.append(("goal.targets", block.body["targets"]))
            for name, items in lists:
                indexes = [i for i, item in enumerate(items) if _shorten(item)]
                count += len(indexes)
                if indexes:
                    made.append(f"sections[{s}].blocks[{b}].{name}"
                                f"[{', '.join(map(str, indexes))}]")
    return made, count


def _shorten(item: dict) -> bool:
    """Give a long item its short form, where its words give one; tell whether it got one."""
    if item.get("short") or item.get("whole") or len(item["text"]) <= SHORT_AFTER:
        return False
    short = short_form(item["text"])
    if short and len(short) <= SHORT_MAX and not unbalanced(short):
        item["short"] = short
        return True
    return False
