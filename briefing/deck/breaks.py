"""Where slide texts break: titles between word groups in balanced lines, body texts without a
runt — written as line feeds, which the PPTX writes as ``<a:br/>`` and the slides PDF shows.

Renderers wrap text themselves, each a little differently (LibreOffice adds ¼ em between Han and
Latin, WeasyPrint does not and sets Latin in the CJK face), and LibreOffice 7.4 breaks Chinese
between any two characters whatever joins them (U+2060, U+FEFF and U+202F were measured): a
joiner cannot keep a word or a tie together there. So a break that matters is written out:
a title that takes more than one line gets its balanced lines; a body text whose wrap would
leave a runt in any renderer's measure gets the fitting's lines with its tail tied; every
other body text wraps itself (the fitting's prediction, narrower by its safety margin, then
only bounds its height), and stays pleasant to edit. Every written line fits with the fitting's
safety margin, measured with the wider of the faces the renderers set Latin in, so that no
renderer breaks it again. A line feed follows the spaces at a break, so removing the line feeds
gives the text back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from ..design.chars import is_wide, tokens
from ..design.fonts import Metrics
from ..design.phrases import NO_LINE_END, NO_LINE_START, balanced_lines, word_groups
from .fitting import SAFETY, Measure

RUNT_WORD = 20  # characters: a longer Latin word alone on a last line is no runt
HALVES = "\u3000"  # an ideographic space parts a title's halves (docs/content-format.md)
MARKS = NO_LINE_START | NO_LINE_END


def one_line(text: str) -> str:
    """Return a title-like text with its line feeds (and the spaces around them) as one space,
    as the briefing's plain title has them."""
    return re.sub(r"\s*\n\s*", " ", text)


def unbroken(text: str) -> str:
    """Return a fitted text without the line breaks the fitting wrote into it."""
    return text.replace("\n", "")


def is_runt(line: str) -> bool:
    """Tell whether a line, as the last of a paragraph, is a runt: one CJK character with or
    without its punctuation, or one Latin word (of at most RUNT_WORD characters) with or
    without its."""
    core = [c for c in line if not c.isspace() and c not in MARKS]
    if any(is_wide(c) for c in core):
        return len(core) == 1
    words = [t for t in tokens(line) if any(c.isalnum() for c in t)]
    return len(words) == 1 and len(words[0]) <= RUNT_WORD


def has_runt(lines: list[str]) -> bool:
    """Tell whether wrapped lines end in a runt (a text of one line has none)."""
    return len(lines) > 1 and is_runt(lines[-1])


def renderers(measure: Measure, chinese: bool = True) -> tuple[Measure, ...]:
    """Return the measures that stand for the renderers' own wrapping of body text, each
    filling the whole width: LibreOffice's and PowerPoint's (with and without the ¼ em between
    Han and Latin) and WeasyPrint's (no such space; in a Chinese briefing, Latin set in the CJK
    face, which the slides PDF names first)."""
    plain = replace(measure, autospace=0.0)
    return (measure, plain) + ((replace(plain, latin=measure.east_asian),) if chinese else ())


class _Wider:
    """A face whose every character is as wide as in the wider of two faces."""

    def __init__(self, one: Metrics, other: Metrics):
        self.one, self.other = one, other

    def width(self, char: str) -> float:
        """Return a character's advance width in em: the larger of the two faces'."""
        return max(self.one.width(char), self.other.width(char))


@lru_cache(maxsize=16)
def written(measure: Measure, chinese: bool = True) -> Measure:
    """Return the measure that written lines are fitted with: in a Chinese briefing each Latin
    character as wide as in the wider of the Latin face and the CJK face (the PPTX sets Latin
    in the first, the slides PDF in the second), so that every written line fits in both."""
    return replace(measure, latin=_Wider(measure.latin, measure.east_asian)) if chinese \
        else measure


def with_breaks(text: str, lines: list[str]) -> str:
    """Return text with a line feed after each of its lines but the last (lines as wrap gives
    them: the text's characters in order, spaces at the breaks dropped); a break already in
    the text is kept, not doubled."""
    out: list[str] = []
    at = 0
    for number, line in enumerate(lines):
        count = sum(not c.isspace() for c in line)
        start = at
        while count and at < len(text):
            count -= not text[at].isspace()
            at += 1
        if number == len(lines) - 1:
            at = len(text)
        while at < len(text) and text[at].isspace() and text[at] != "\n":
            at += 1
        if at < len(text) and text[at] == "\n":
            at += 1
        piece = text[start:at]
        out.append(piece if piece.endswith("\n") or number == len(lines) - 1 else piece + "\n")
    return "".join(out)


def title_lines(measure: Measure, text: str, width: float, size: float,
                chinese: bool = True, grouping: Callable[[str], tuple[str, ...]] = word_groups
                ) -> list[str]:
    """Return a title's lines at a size in a width (points): one if it fits one; else its
    halves, where an ideographic space parts them and each fits a line; else broken between
    word groups (design/phrases.py: words, numbers with their units, years, short terms in
    《》 and “”; or `grouping`'s), as few lines as filling them takes and as even as can be.
    A group wider than a line is broken as wrap() breaks it."""
    measure = written(measure, chinese)
    natural = measure.wrap(text, width, size)
    if len(natural) <= 1:
        return natural
    limit = width * SAFETY
    halves = [part.strip() for part in text.split(HALVES) if part.strip()]
    if len(halves) > 1 and all(measure.width(half, size) <= limit for half in halves):
        return halves  # a title's halves (the genre's 对仗 title) each on a line of its own
    groups: list[str] = []
    for group in grouping(text):
        if measure.width(group.strip(), size) > limit:
            groups += with_breaks(group, measure.wrap(group, width, size)).split("\n")
        else:
            groups.append(group)
    return balanced_lines(groups, lambda line: measure.width(line, size), limit)


def title_text(measure: Measure, text: str, width: float, size: float,
               chinese: bool = True) -> str:
    """Return a title-like text with a line feed at each break of its balanced lines."""
    text = one_line(text)
    return with_breaks(text, title_lines(measure, text, width, size, chinese))


OVERSET = 1.002  # LibreOffice sets a line up to this much wider than its box (its 1/100 mm)


def body_text(measure: Measure, text: str, width: float, size: float,
              chinese: bool = True) -> str:
    """Return a body text (a bullet, a card's text, a note) as the renderers will set it
    without a runt: unchanged when no renderer's wrap leaves one (the fitting's own, narrower
    by its safety margin, only bounds the height), else with a line feed at each of the
    fitting's lines, its last two characters or words tied (Measure.wrap_tied) — unless no tie
    fits a line (a word wider than the box ends the text)."""
    strict = written(measure, chinese)
    if ("\n" not in text and strict.width(text, size) <= width * SAFETY) \
            or not any(has_runt(m.wrap(text, width, size, safety))
                       for safety in (1.0, OVERSET)
                       for m in renderers(measure, chinese)):
        return text  # on one line in every renderer, or no runt in any
    tied = strict.wrap_tied(text, width, size)
    return text if has_runt(tied) else with_breaks(text, tied)  # no tie that fits a line
