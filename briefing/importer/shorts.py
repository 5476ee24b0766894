"""Items of the draft -> the same items with a short form for the slide where they are long:
the page's own words, never others — a long item's first clause (structure.first_clause), when
that is short enough and balanced. A roster's paragraph keeps its text whole (every name is on
the slide). The draft's header lists where short forms were made, block by block."""

from __future__ import annotations

from ..checks.lint import unbalanced
from .structure import Section, first_clause

SHORT_AFTER = 30  # characters: a longer item gets a short form for the slide
SHORT_MAX = 40  # characters: a longer first clause is no short form (the slide shows the text)
ITEM_LISTS = ("paragraphs", "cards", "list")


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
    """Give a long item its first clause as its short form; tell whether it got one."""
    if item.get("short") or item.get("whole") or len(item["text"]) <= SHORT_AFTER:
        return False
    short = first_clause(item["text"])
    if short and len(short) <= SHORT_MAX and not unbalanced(short):
        item["short"] = short
        return True
    return False
