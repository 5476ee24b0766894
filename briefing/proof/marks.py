"""Chinese punctuation as printed -> its findings: two adjacent marks set a whole blank em
apart (not compressed, clreq 标点挤压), a quotation mark or colon of Chinese text set
half-width, and a figure caption on a page without its figure.

A mark's advance is read from where the next glyph starts (a compressed mark keeps its
glyph's width in the PDF, its half blank is taken off the position of what follows); a
mark's width from its glyph's box.
"""

from __future__ import annotations

from ..design.chars import is_wide
from ..design.punctuation import CLOSING, OPENING
from .findings import Finding, quote
from .reading import Element, Page

LOOSE = (0.8, 1.3)  # em from one mark to the next: a visible hole (further: another cell)
NARROW = 0.6  # em: a Chinese quotation mark or colon narrower than this is a Latin one
FULL_WIDTH = "“”‘’：；"  # marks of Chinese text that are full-width in every CJK face


def adjacent_marks(line) -> list[tuple[str, float]]:
    """Return the pairs of adjacent marks on a line that compression applies to (a closing
    mark or pause before another mark, two opening marks), each with the first's advance in
    ems."""
    found = []
    for a, b in zip(line.glyphs, line.glyphs[1:]):
        if a.char in CLOSING and b.char in CLOSING + OPENING \
                or a.char in OPENING and b.char in OPENING:
            found.append((a.char + b.char, (b.x0 - a.x0) / a.size))
    return found


def narrow_marks(line) -> list[str]:
    """Return the quotation marks and colons of a line's Chinese text set narrower than
    NARROW (a Latin face's, or a 楷 face's proportional ones): next to a wide character."""
    glyphs = line.glyphs
    found = []
    for index, glyph in enumerate(glyphs):
        if glyph.char not in FULL_WIDTH or (glyph.x1 - glyph.x0) / glyph.size >= NARROW:
            continue
        near = glyphs[max(index - 1, 0):index] + glyphs[index + 1:index + 2]
        if any(is_wide(g.char) and g.char not in FULL_WIDTH for g in near):
            found.append(glyph.char)
    return found


def mark_findings(output: str, page: int, element: Element) -> list[Finding]:
    """Return the punctuation findings of one text on one page."""
    found: list[Finding] = []
    text = element.source or element.text
    for line in element.lines:
        loose = [(pair, advance) for pair, advance in adjacent_marks(line)
                 if LOOSE[0] < advance < LOOSE[1]]
        if loose:
            pairs = "、".join(quote(pair) for pair, _ in loose)
            found.append(Finding(output, page, "loose punctuation", text,
                                 f"{element.role} {quote(text)}: {pairs} in line"
                                 f" {quote(line.text)} leave a whole blank em between the"
                                 " marks; they are compressed to half"))
        narrow = narrow_marks(line)
        if narrow:
            found.append(Finding(output, page, "half-width mark", text,
                                 f"{element.role} {quote(text)}: {'、'.join(map(quote, narrow))}"
                                 f" in line {quote(line.text)} is set half-width in Chinese"
                                 " text; it takes a full-width CJK mark"))
    return found


def captions_alone(output: str, pages: list[Page]) -> list[Finding]:
    """Return a finding for each figure caption on a page that has no figure."""
    found: list[Finding] = []
    for page in pages:
        if any(e.tag == "Figure" for e in page.elements):
            continue
        for element in page.elements:
            if element.role == "figure caption":
                text = element.source or element.text
                found.append(Finding(output, page.number, "caption alone", text,
                                     f"figure caption {quote(text)} is printed without its"
                                     " figure"))
    return found
