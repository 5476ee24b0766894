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

from dataclasses import dataclass

from ..checks.lint import FULL_WIDTH, TITLE_SPACE, ZERO, repeated_marks, value_fixes, zeros

__all__ = ["ZERO", "Cleaner", "Fix", "edits_of"]


def edits_of(text: str, title: bool = False) -> dict[int, str]:
    """Return the width and space edits of a text (index -> replacement, "" removes): half-width
    marks, and a single stray space (a title's spaces become its U+3000)."""
    return dict(value_fixes(text, title))


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
        for at in repeated_marks(value):
            self.fixes.append(Fix(line, fixed[at][1], fixed[at][0], ""))
            removed.add(at)
        return "".join(c for i, (c, _) in enumerate(fixed) if i not in removed)

    def by_kind(self) -> dict[str, int]:
        """Return how many fixes of each kind were made."""
        counts: dict[str, int] = {}
        for fix in self.fixes:
            counts[fix.kind] = counts.get(fix.kind, 0) + 1
        return counts
