"""Stranded introducers: a heading, question, intro, thrust, or a table's caption, header row
or group row at the foot of a page with too little of what it introduces after it.

An introducer that ends on its page is stranded when what follows it on that page — after
the introducers that come straight after it (a heading's question and intro), up to the next
introducer or the page's end — holds fewer than MIN_LINES lines and no whole item (a
paragraph, card, list item or table row that begins and ends on the page), while the document
goes on after the page. A run of stranded introducers is one finding; a run that begins with
a table's caption, header row or group row is a "table header at foot".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

MIN_LINES = 2  # lines of what an introducer introduces that must follow it on its page


class Flow(NamedTuple):
    """An element of a page as this rule sees it."""

    introduces: bool  # a heading, question, intro, thrust, caption or table header
    lines: int  # lines it has on the page
    whole: bool  # it begins and ends on the page
    ends: bool  # it ends on the page (does not run on)


def stranded_runs(items: Sequence[Flow], more_after: bool) -> list[tuple[int, int]]:
    """Return the runs (first index, index after the last) of stranded introducers on a page
    whose elements are `items`; `more_after` says whether the document goes on after it."""
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(items):
        if not (items[index].introduces and items[index].ends):
            index += 1
            continue
        end = index
        while end < len(items) and items[end].introduces and items[end].ends:
            end += 1
        following, lines, whole = end, 0, False
        while following < len(items) and not (items[following].introduces
                                               and items[following].ends):
            lines += items[following].lines
            whole = whole or (items[following].whole and not items[following].introduces)
            following += 1
        at_foot = following == len(items)
        if lines < MIN_LINES and not whole and (more_after or not at_foot):
            runs.append((index, end))
        index = end
    return runs
