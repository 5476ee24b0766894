"""The lines a renderer drew for each paragraph of a deck, read back from a PDF: LibreOffice's
rendering of the PPTX, or the slides PDF (drawn from the same fitted outline, in the same boxes).
Characters are placed in the frames of the deck's shapes, gathered into lines by baseline and
matched, in order, to the frames' paragraphs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pptx import Presentation

from briefing.proof.deck import all_shapes

EMU_PER_POINT = 12700
TOLERANCE = 2.0  # points: anti-aliasing and glyph side bearings
TITLE_LAYOUTS = ("title", "section", "closing")  # their subtitles are title-like too


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the deck: where it is, what it is, its written and its drawn lines."""

    slide: int
    layout: str
    shape: str
    kind: str  # "title" (titles, subtitles, leads, card and box titles), "body" or "footer"
    written: tuple[str, ...]  # its lines as the PPTX writes them (split at <a:br/>)
    drawn: tuple[str, ...]  # the lines drawn, without bullets; spaces from gaps; Line as a rule

    @property
    def text(self) -> str:
        """Return the paragraph's text without its line breaks."""
        return "".join(self.written)


def squeeze(text: str) -> str:
    """Return text without white space, in compatibility form (ligatures undone)."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def _kind(shape, index: int, layout: str) -> str:
    """Return what a shape's paragraph is: a title-like text, a body text or the footer."""
    if shape.is_placeholder:
        idx = shape.placeholder_format.idx
        if idx == 0 or (idx == 1 and layout in TITLE_LAYOUTS) or (idx == 2 and index == 0):
            return "title"
        return "footer" if idx >= 10 else "body"
    if shape.name == "Lead" or (shape.name.startswith("Card: ") and index == 0):
        return "title"
    if shape.name.split(":")[0] in ("goal", "cards", "groups"):  # the overview's boxes
        return "title"
    return "body"


class Line(str):
    """A drawn line's text, and its width on the page (points: its first character's left
    edge to its last one's right edge)."""

    width: float = 0.0


def _lines(chars: list[dict]) -> list[str]:
    """Return the lines of characters, top to bottom, each read left to right, with one space
    wherever a gap of a fifth of the type size or more parts two characters."""
    rows: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (c["bottom"], c["x0"])):
        if rows and abs(rows[-1][0]["bottom"] - char["bottom"]) < char["size"] * 0.3:
            rows[-1].append(char)
        else:
            rows.append([char])
    lines = []
    for row in rows:
        row = sorted((c for c in row if c["text"].strip()), key=lambda c: c["x0"])
        text = "".join((" " if before and char["x0"] - before["x1"] >= char["size"] * 0.2
                        else "") + char["text"] for before, char in zip([None, *row], row))
        line = Line(unicodedata.normalize("NFKC", text))
        line.width = row[-1]["x1"] - row[0]["x0"] if row else 0.0
        lines.append(line)
    return lines


def _match(paragraphs: list[str], lines: list[str]) -> list[tuple[str, ...]]:
    """Return the drawn lines of each paragraph: lines in order, the first of a paragraph
    stripped of a bullet or number drawn before its text."""
    drawn: list[tuple[str, ...]] = []
    lines = [line for line in lines if line.strip()]
    for text in paragraphs:
        want, got = squeeze(text), []
        while want and lines:
            line = lines.pop(0)
            if not got and not want.startswith(squeeze(line)):  # a bullet or a number first
                line = next((line[cut:].lstrip() for cut in range(1, min(len(line), 5))
                             if squeeze(line[cut:]) and want.startswith(squeeze(line[cut:]))),
                            line)
            got.append(line)
            want = want[len(squeeze(line)):] if want.startswith(squeeze(line)) else ""
        drawn.append(tuple(got))
    return drawn


def rendered_paragraphs(deck_path: Path, pdf_path: Path) -> list[Paragraph]:
    """Return every paragraph with text of a deck, with the lines a PDF of it draws."""
    deck = Presentation(str(deck_path))
    found = []
    with pdfplumber.open(pdf_path) as document:
        for number, (page, slide) in enumerate(zip(document.pages, deck.slides), start=1):
            # tables and charts first (and a chart's unit, which the slides PDF's chart draws
            # itself): the characters drawn inside them are theirs
            drawings = [s for s in all_shapes(slide.shapes)
                        if s.has_table or s.has_chart or s.name == "Unit"]
            shapes = drawings + [s for s in all_shapes(slide.shapes) if s not in drawings
                                 and s.has_text_frame and s.text_frame.text.strip()]
            frames = [(s.left / EMU_PER_POINT, s.top / EMU_PER_POINT,
                       (s.left + s.width) / EMU_PER_POINT, (s.top + s.height) / EMU_PER_POINT)
                      for s in shapes]
            inside: list[list[dict]] = [[] for _ in shapes]
            for char in page.chars:
                middle = ((char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2)
                for index, (x0, top, x1, bottom) in enumerate(frames):
                    if x0 - TOLERANCE <= middle[0] <= x1 + TOLERANCE \
                            and top - TOLERANCE <= middle[1] <= bottom + TOLERANCE:
                        inside[index].append(char)
                        break
            for shape, chars in zip(shapes, inside):
                if shape in drawings:
                    continue
                texts = [p.text for p in shape.text_frame.paragraphs if p.text.strip()]
                for index, (text, drawn) in enumerate(zip(texts, _match(texts, _lines(chars)))):
                    found.append(Paragraph(number, slide.slide_layout.name, shape.name,
                                           _kind(shape, index, slide.slide_layout.name),
                                           tuple(text.split("\v")), drawn))
    return found


def ends_in_a_runt(lines: tuple[str, ...]) -> bool:
    """Tell whether a paragraph's last line holds a single CJK character (its punctuation
    aside) or a single Latin word of at most 20 characters, after another line."""
    if len(lines) < 2:
        return False
    last = lines[-1].strip()
    letters = [c for c in last if c.isalnum()]
    if any(unicodedata.east_asian_width(c) in "WF" for c in letters):
        return len(letters) == 1
    words = re.findall(r"[\w.%/]+", last)  # runs of letters and digits, with . % / inside
    return len(words) == 1 and len(words[0]) <= 20
