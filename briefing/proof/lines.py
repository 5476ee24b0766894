"""Characters as drawn -> the lines they make: glyphs with their boxes, grouped by baseline.

Positions are PDF points from the page's top-left corner, as pdfplumber gives them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..design.chars import is_wide

BASELINE_TOLERANCE = 0.3  # of the larger type size: glyphs this close in baseline share a line
WORD_GAP = 0.15  # em: a gap this wide between two Latin glyphs is a space (a space is ~0.25 em)


@dataclass(frozen=True)
class Glyph:
    """One drawn character: its text, its box (points) and its type size (points)."""

    char: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float

    @classmethod
    def from_char(cls, char: dict, page_height: float) -> Glyph:
        """Return the glyph of one pdfplumber character (its baseline read from its matrix)."""
        matrix = char.get("matrix") or (0, 0, 0, 0, 0, page_height - char["bottom"])
        return cls(char["text"], char["x0"], char["x1"], char["top"], char["bottom"],
                   page_height - matrix[5], char.get("size") or char["bottom"] - char["top"])


@dataclass(frozen=True)
class Line:
    """The glyphs set on one line of a text, left to right."""

    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        """Return the line's characters, trailing and leading spaces removed; a space between
        two Latin glyphs set a word gap apart where the PDF draws none (LibreOffice's do not)."""
        out: list[str] = []
        for before, glyph in zip((None, *self.glyphs), self.glyphs):
            if before is not None and not (before.char + glyph.char).isspace() \
                    and " " not in (before.char, glyph.char) \
                    and not any(is_wide(c) for c in before.char + glyph.char) \
                    and glyph.x0 - before.x1 > WORD_GAP * max(before.size, glyph.size):
                out.append(" ")
            out.append(glyph.char)
        return "".join(out).strip()

    @property
    def x0(self) -> float:
        """Return the left edge of the line's first visible glyph (points)."""
        return min(g.x0 for g in self._visible())

    @property
    def x1(self) -> float:
        """Return the right edge of the line's last visible glyph (points)."""
        return max(g.x1 for g in self._visible())

    @property
    def width(self) -> float:
        """Return the width of the line's visible glyphs, first to last (points)."""
        return self.x1 - self.x0

    @property
    def top(self) -> float:
        """Return the top of the line's highest glyph (points from the page's top)."""
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        """Return the bottom of the line's lowest glyph (points from the page's top)."""
        return max(g.bottom for g in self.glyphs)

    @property
    def size(self) -> float:
        """Return the line's largest type size (points): its em."""
        return max(g.size for g in self.glyphs)

    def _visible(self) -> tuple[Glyph, ...]:
        """Return the glyphs that draw something (spaces only when the line is all spaces)."""
        return tuple(g for g in self.glyphs if not g.char.isspace()) or self.glyphs


def lines_of(glyphs: list[Glyph]) -> list[Line]:
    """Group glyphs into lines, top to bottom: glyphs whose baselines differ by less than
    BASELINE_TOLERANCE of the larger size share a line, set left to right."""
    rows: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: g.baseline):
        if rows:
            last = rows[-1]
            reach = BASELINE_TOLERANCE * max(glyph.size, max(g.size for g in last))
            if abs(glyph.baseline - last[-1].baseline) <= reach:
                last.append(glyph)
                continue
        rows.append([glyph])
    lines = [Line(tuple(sorted(row, key=lambda g: g.x0))) for row in rows]
    return [line for line in lines if line.text]


def joined(lines: list[Line]) -> str:
    """Return the text of lines read on: a space between two lines that end and begin with
    Latin letters or digits, nothing between CJK characters."""
    text = ""
    for line in lines:
        if text and text[-1].isalnum() and line.text[:1].isalnum() \
                and not (is_wide(text[-1]) or is_wide(line.text[0])):
            text += " "
        text += line.text
    return text


def widths_of(lines: list[Line]) -> dict[str, float]:
    """Return each character's drawn width (points) as these lines set it: the measure of
    texts made of the same characters (the first width seen for each)."""
    found: dict[str, float] = {}
    for line in lines:
        for glyph in line.glyphs:
            found.setdefault(glyph.char, glyph.x1 - glyph.x0)
    return found
