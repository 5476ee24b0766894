"""Titles set in several lines: broken inside a word group, or unbalanced.

- Broken word group: a line ends inside a word group (design/phrases.py: a Chinese word, a
  year or a range of years, a number with its unit, a short term in 《》 or “”) that fits the
  measure — the widest line of the title — so that it could have been kept whole.
- Unbalanced title: the shortest line is less than BALANCE of the longest (widths in points),
  while breaking the same word groups evenly within the same measure
  (phrases.balanced_lines) gives lines that are not.

Widths of texts not drawn as such are the sums of the drawn widths of their characters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..design.chars import is_wide
from ..design.phrases import balanced_lines, word_groups
from .roles import normal

BALANCE = 0.5  # the shortest line of a title at least half as wide as its longest
SPACE_EM = 0.25  # the width of a space not drawn (at a break), in em


def break_offsets(text: str, lines: Sequence[str]) -> list[int] | None:
    """Return where in `text` each line after the first begins (breaks inside the text only),
    for lines that show it, maybe between a prefix (a number, a label) and a suffix (（续）);
    None when the lines do not show it."""
    shown = [normal(line) for line in lines]
    wanted = normal(text)
    skip = "".join(shown).find(wanted) if wanted else -1  # characters of the prefix
    if skip < 0:
        return None
    offsets, consumed = [], 0
    position = {}  # n-th visible character of text -> its index in text
    count = 0
    for index, char in enumerate(text):
        if normal(char):
            position[count] = index
            count += 1
    for line in shown[:-1]:
        consumed += len(line)
        visible = consumed - skip
        if 0 < visible < count:
            offsets.append(position[visible])
    return offsets


def broken_groups(text: str, breaks: Sequence[int], width: Callable[[str], float],
                  measure: float, grouping=word_groups) -> list[tuple[str, int]]:
    """Return the word groups (or `grouping`'s) of text that a break falls inside (each with
    the break's offset) and that fit the measure (width() units)."""
    found = []
    start = 0
    spans = []
    for group in grouping(text):
        spans.append((group, start, start + len(group.rstrip())))
        start += len(group)
    for offset in breaks:
        for group, begin, end in spans:
            if begin < offset < end and width(group.strip()) <= measure + 0.01:
                found.append((group.strip(), offset))
    return found


def balance(widths: Sequence[float]) -> float:
    """Return the shortest line's width over the longest's (1.0 for one line)."""
    longest = max(widths, default=0.0)
    return min(widths) / longest if longest > 0 else 1.0


def better_balance(text: str, width: Callable[[str], float], measure: float,
                   grouping=word_groups) -> float:
    """Return the balance of the text broken evenly between its word groups (or
    `grouping`'s) within the measure."""
    lines = balanced_lines(list(grouping(text)), width, measure)
    return balance([width(line) for line in lines])


def text_width(known: dict[str, float], em: float) -> Callable[[str], float]:
    """Return a measure of texts: the drawn widths of their characters (points), a space not
    drawn SPACE_EM, another character 1 em if wide, else half an em."""
    def width(text: str) -> float:
        """Return a text's width in points."""
        total = 0.0
        for char in text:
            if char in known:
                total += known[char]
            elif char.isspace():
                total += SPACE_EM * em
            else:
                total += em if is_wide(char) else em / 2
        return total
    return width
