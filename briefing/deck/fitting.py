"""Text fitting for slides, measured with real font metrics.

Chinese breaks between any two characters except where clreq's line-start and line-end bans
forbid it (no 。，、）》” at a line start, no （《“ at a line end; —— and …… stay whole);
Latin words stay whole; a line feed is a line break (breaks.py writes them). Sizes and lengths
are in points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..design.chars import is_wide, stands_alone, tokens
from ..design.fonts import Metrics
from ..design.phrases import runt_tie

NO_LINE_START = set("、，。．：；！？”’）》」』】〕〉·・ー々〻…—‐-,.:;!?)]}%")
NO_LINE_END = set("“‘（《「『【〔〈([{")
ELLIPSIS = "…"
SAFETY = 0.96  # fitting uses 96 % of the width: substitute fonts differ in Latin widths


def _push_down(line: list[str], piece: str) -> list[str]:
    """Move pieces from the end of a full line so that neither line breaks a ban; return them.

    The next line must not start with a closing mark (。，、”）…), this one must not end with an
    opening mark (“（《…); spaces at the break vanish.
    """
    carry: list[str] = []
    while len(line) > 1 and line[-1] == " ":
        line.pop()
    while len(line) > 1:
        head = carry[0] if carry else piece
        if head == " ":
            carry.pop(0)
        elif head[0] in NO_LINE_START:
            carry.insert(0, line.pop())
        else:
            break
    while len(line) > 1:
        if line[-1] == " ":
            line.pop()
        elif line[-1][-1] in NO_LINE_END:
            carry.insert(0, line.pop())
        else:
            break
    return carry


AUTOSPACE = 0.25  # em added where a CJK character meets a Latin character (48, PM2.5, /)


def _han_latin(text: str) -> int:
    """Return how many times text passes between a CJK character and a Latin one (a letter, a
    digit or a mark such as / or %; not a space)."""
    kinds = [1 if is_wide(c) else 2 if c.isascii() and not c.isspace() else 0 for c in text]
    return sum(a and b and a != b for a, b in zip(kinds, kinds[1:]))


REMEMBERED = 64  # characters: the widths of texts up to this long are remembered


@lru_cache(maxsize=1 << 16)
def _ems(measure: Measure, text: str) -> float:
    """Return a text's width in em by a measure, remembered: wrapping measures the same
    characters, words and lines again and again (at most 65,536 texts of at most REMEMBERED
    characters are kept)."""
    return measure.ems(text)


@dataclass(frozen=True)
class Measure:
    """Measures text set in a Latin face and an East Asian face, as PowerPoint sets runs."""

    latin: Metrics
    east_asian: Metrics
    line_em: float  # one line's height at 100 % spacing, in em
    autospace: float = AUTOSPACE  # em added where CJK meets Latin (WeasyPrint adds none)

    def width(self, text: str, size: float) -> float:
        """Return the advance width of text at a size, in points, with the space renderers add
        where CJK meets Latin letters or digits (LibreOffice's autospace: ¼ em)."""
        return size * (_ems(self, text) if len(text) <= REMEMBERED else self.ems(text))

    def ems(self, text: str) -> float:
        """Return the advance width of text in em (see width)."""
        return sum(self._em(c) for c in text) + self.autospace * _han_latin(text)

    def _em(self, char: str) -> float:
        """Return a character's width in em; ambiguous ones (“ — …) take the wider face's."""
        if is_wide(char):
            return self.east_asian.width(char)
        if stands_alone(char):
            return max(self.east_asian.width(char), self.latin.width(char))
        return self.latin.width(char)

    def wrap(self, text: str, width: float, size: float, safety: float = SAFETY) -> list[str]:
        """Break text into lines no wider than width (points) times safety, under the
        line-start/end bans; a line feed ends a line."""
        return [line for part in text.split("\n")
                for line in self._wrap(tokens(part), width * safety, size)]

    def wrap_tied(self, text: str, width: float, size: float) -> list[str]:
        """Break text as wrap() does, its tail (phrases.runt_tie: the last two CJK characters
        or words, or the last word group) kept on one line if it fits one, so that the last line
        is no runt."""
        *parts, last = text.split("\n")
        start = runt_tie(last)
        tail = last[start:].strip()  # spaces after the text vanish at its end
        tied = bool(tail) and self.width(tail, size) <= width * SAFETY
        pieces = tokens(last[:start]) + (tail,) if tied else tokens(last)
        return [line for part in parts for line in self._wrap(tokens(part), width * SAFETY, size)
                ] + self._wrap(pieces, width * SAFETY, size)

    def _wrap(self, pieces: tuple[str, ...], limit: float, size: float) -> list[str]:
        """Break unbreakable pieces into lines no wider than limit (points), under the bans;
        the space between Han and Latin counts where a piece meets the line before it."""
        lines: list[list[str]] = []
        line: list[str] = []
        used = 0.0
        for piece in pieces:
            piece_width = self.width(piece, size)
            if piece == " ":  # a space never starts a line, and vanishes at a break
                if line:
                    line.append(piece)
                    used += piece_width
                continue
            if piece_width > limit and len(piece) > 1:  # a word wider than the box: break it
                if line and used + self._gap(line, piece, size) \
                        + self.width(piece[0], size) > limit:
                    carry = _push_down(line, piece)
                    lines.append(line)
                    line = [p for p in carry if p != " "]
                    used = self.width("".join(line), size)
                *full, piece = self._split_word(piece, limit, size,
                                                limit - used - self._gap(line, piece, size))
                for chunk in full:
                    line.append(chunk)
                    lines.append(line)
                    line, used = [], 0.0
                piece_width = self.width(piece, size)
            gap = self._gap(line, piece, size)
            if used + gap + piece_width <= limit or not line:
                line.append(piece)
                used += gap + piece_width
                continue
            carry = _push_down(line, piece)
            while carry and carry[0] == " ":
                carry.pop(0)  # a space never starts a line
            if "".join(line).strip():
                lines.append(line)
            line = [*carry, piece]
            used = self.width("".join(line), size)
        if line:
            lines.append(line)
        return ["".join(pieces).strip() for pieces in lines] or [""]

    def _gap(self, line: list[str], piece: str, size: float) -> float:
        """Return the space (points) renderers add between a line's last piece and the next
        one where Han meets Latin."""
        return self.autospace * size * _han_latin(line[-1][-1] + piece[0]) if line and piece \
            else 0.0

    def _split_word(self, word: str, limit: float, size: float, first: float) -> list[str]:
        """Split a word wider than a line into pieces that fill lines, the first one the room
        left on the current line (as renderers break a word that fits no line); in time
        proportional to the word's length."""
        pieces, start, used, room = [], 0, 0.0, max(first, 0.0)
        for index, char in enumerate(word):
            advance = self.width(char, size)
            if index > start and used + advance > room:
                pieces.append(word[start:index])
                start, used, room = index, 0.0, limit
            used += advance
        return pieces + [word[start:]]

    def line_height(self, size: float) -> float:
        """Return the height of one line of text at a size (single spacing), in points."""
        return size * self.line_em


@dataclass(frozen=True)
class Box:
    """The room text has inside a shape, in points: width after insets and indents, height."""

    width: float
    height: float
    paragraph_gap: float = 0.0  # space before each paragraph after the first, in points


def height_of(measure: Measure, texts: list[str], box: Box, size: float) -> float:
    """Return the height that paragraphs take in a box at a size, in points."""
    lines = sum(len(measure.wrap(text, box.width, size)) for text in texts)
    gaps = box.paragraph_gap * max(0, len(texts) - 1)
    return lines * measure.line_height(size) + gaps


def fits(measure: Measure, texts: list[str], box: Box, size: float) -> bool:
    """Tell whether paragraphs fit a box at a size."""
    return height_of(measure, texts, box, size) <= box.height


def largest_fitting_size(measure: Measure, texts: list[str], box: Box, largest: float,
                         smallest: float) -> float | None:
    """Return the largest whole-point size from largest down to smallest that fits, or None."""
    size = largest
    while size >= smallest:
        if fits(measure, texts, box, size):
            return size
        size -= 1
    return None


def shorten_to_fit(measure: Measure, text: str, box: Box, size: float,
                   shape: Callable[[str], str] = str) -> str:
    """Return the longest start of text, ending in …, that fits a box alone at a size, as
    shape() sets it (with its line breaks, say)."""
    if fits(measure, [shaped := shape(text)], box, size):
        return shaped
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(measure, [shape(text[:middle].rstrip() + ELLIPSIS)], box, size):
            low = middle
        else:
            high = middle - 1
    return shape(text[:low].rstrip() + ELLIPSIS)


def paginate(measure: Measure, texts: list[str], box: Box, size: float) -> list[list[int]]:
    """Split paragraphs, in order, into the fewest boxes at a size; return their indexes."""
    pages: list[list[int]] = [[]]
    for index, text in enumerate(texts):
        trial = [texts[i] for i in pages[-1]] + [text]
        if pages[-1] and not fits(measure, trial, box, size):
            pages.append([])
        pages[-1].append(index)
    return pages
