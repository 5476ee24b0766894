"""Text of the page -> the same text with the copy lint's mechanical fixes, each one recorded
with its page line:column: half-width ,:;?!() in Chinese text made full-width, a stray single
space between Chinese characters removed (the title's halves joined by U+3000), ○ (U+25CB)
inside a Chinese number made 〇, and an identical doubled pause mark (，， 。。 、、 ；；) made one.

Two or more spaces, a tab or an ideographic space between words separate columns (a name and
a title, the cells of a row): they are never removed. A ○ that opens an item (：○加强…) is a
bullet, not a zero: only a ○ after a numeral (二○二五, 二○○五) is one.

What a rule cannot decide — a dropped character, an unclosed quote or 《, a gap in a numbering —
is left as printed; ``check`` reports it on the new file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..checks.lint import FULL_WIDTH, TITLE_SPACE, full_width, half_width, stray_spaces, value_fixes

ZERO = "〇"  # U+3007, the numeral
PAUSES = "，。、；："
NUMBER = re.compile("[〇一二三四五六七八九十][〇一二三四五六七八九十○]*")
DOUBLED = re.compile(f"([{PAUSES}])\\1+")


def edits_of(text: str, title: bool = False) -> dict[int, str]:
    """Return the mechanical edits of a text (index -> replacement, "" removes): half-width
    marks, and a single stray space (a title's spaces become its U+3000)."""
    if title:
        return dict(value_fixes(text, True))
    edits = {i: FULL_WIDTH[text[i]] for i in half_width(text)}
    for start, end in stray_spaces(full_width(text)):
        if end - start == 1 and text[start] == " ":
            edits[start] = ""
    return edits


def zeros(text: str) -> list[int]:
    """Return the indexes of each ○ written for 〇 inside a Chinese number."""
    return [m.start() + i for m in NUMBER.finditer(text) for i, c in enumerate(m.group())
            if c == "○"]


@dataclass(frozen=True, order=True)
class Fix:
    """One mechanical fix: where on the page, what was printed, what the draft has."""

    line: int
    column: int
    before: str
    after: str  # "" when the character was removed

    @property
    def kind(self) -> str:
        """Return what kind of slip the fix repairs, in words."""
        if self.after == TITLE_SPACE:
            return "title space"
        if self.before in FULL_WIDTH:
            return "half-width"
        if self.before.isspace():
            return "space"
        if self.after == ZERO:
            return "zero"
        return "doubled"


class Cleaner:
    """Applies the mechanical fixes to pieces of the page and keeps the list of fixes made."""

    def __init__(self) -> None:
        self.fixes: list[Fix] = []

    def clean(self, text: str, line: int, column: int, title: bool = False) -> str:
        """Return text with the mechanical fixes applied; `column` is the page column of
        text[0]. Each fix is recorded."""
        chars = [(char, column + i) for i, char in enumerate(text)]
        edits = edits_of(text, title)
        fixed: list[tuple[str, int]] = []
        for i, (char, col) in enumerate(chars):
            if i in edits:
                self.fixes.append(Fix(line, col, char, edits[i]))
                if edits[i]:
                    fixed.append((edits[i], col))
            else:
                fixed.append((char, col))
        value = "".join(c for c, _ in fixed)
        for at in zeros(value):
            self.fixes.append(Fix(line, fixed[at][1], "○", ZERO))
            fixed[at] = (ZERO, fixed[at][1])
        value = "".join(c for c, _ in fixed)
        removed: set[int] = set()
        for m in DOUBLED.finditer(value):
            for at in range(m.start() + 1, m.end()):
                self.fixes.append(Fix(line, fixed[at][1], fixed[at][0], ""))
                removed.add(at)
        return "".join(c for i, (c, _) in enumerate(fixed) if i not in removed)

    def by_kind(self) -> dict[str, int]:
        """Return how many fixes of each kind were made."""
        counts: dict[str, int] = {}
        for fix in self.fixes:
            counts[fix.kind] = counts.get(fix.kind, 0) + 1
        return counts
