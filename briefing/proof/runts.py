"""Runts: a text whose last line holds a single CJK character (with or without the marks that
close it: 题。 要。 心 战）。) or a single short Latin word (at most LATIN_RUNT_LIMIT letters
or digits: "gate.", "2030"), under a full line.

The line before is full when the last line's text could not have been set on it: the room
it leaves (the widest line's right edge minus its own, in points) is less than the last
line's width plus FULL_SLACK em. A line ended on purpose (a forced break, a title set in two
lines) leaves that room, and its lone word is no runt.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ..design.chars import is_wide
from ..design.phrases import NO_LINE_START

LATIN_RUNT_LIMIT = 7  # letters or digits: a longer last word alone is not a runt
FULL_SLACK = 0.5  # em: a space's room, added to the last line's width
CLOSING = NO_LINE_START | set("'\"")  # marks that may follow the lone character


class SetLine(NamedTuple):
    """A line as set: its text, its left and right edges (points) and its type size (points)."""

    text: str
    x0: float
    x1: float
    size: float


def is_lone(text: str) -> bool:
    """Tell whether a line's text is a runt's: one CJK character and the marks after it, or
    one Latin word of at most LATIN_RUNT_LIMIT letters and digits (with its marks)."""
    text = text.strip()
    body = text.rstrip("".join(CLOSING))
    if not body:
        return False
    if any(is_wide(c) for c in body):
        return len(body) == 1 and body.isalnum()
    if any(c.isspace() for c in body):
        return False
    return 0 < sum(c.isalnum() for c in body) <= LATIN_RUNT_LIMIT


def runt(lines: Sequence[SetLine]) -> bool:
    """Tell whether a text set in these lines ends in a runt: its last line is lone
    (is_lone) and the line before it is full (see the module's docstring)."""
    if len(lines) < 2 or not is_lone(lines[-1].text):
        return False
    last, before = lines[-1], lines[-2]
    right = max(line.x1 for line in lines)
    room = right - before.x1
    return room < (last.x1 - last.x0) + FULL_SLACK * max(last.size, before.size)
