"""A deck and the PDF LibreOffice drew of it -> its slides as pages of elements: each
paragraph of each shape, with the lines LibreOffice set it in and what it is by its shape (the
title placeholder: slide title; the section slide's subtitle: question; Lead: lead; a
card: its title and text; a box of the overview diagram: its title and text; the body: items),
top to bottom as drawn; tables, charts and pictures as elements without lines.

A character belongs to the smallest shape frame that holds it (python-pptx gives the frames);
within a shape, the characters are matched in drawing order to the text of its paragraphs, so
that the bullets and numbers LibreOffice draws are left out.
"""

from __future__ import annotations

from pathlib import Path

from .lines import Glyph, lines_of
from .reading import Element, Page

EMU_PER_POINT = 12700
TOLERANCE = 2.0  # points: anti-aliasing and glyph side bearings
DIVIDERS = ("title", "section", "closing")  # layouts without content of their own
SKIPPED = ("Table", "Title rule", "Overview diagram")
FOOTERS = {13, 15, 16}  # placeholder types: slide number, footer, date


def read_drawn_deck(deck: Path, drawn: Path) -> list[Page]:
    """Return the slides of a deck, as LibreOffice drew them, with their elements."""
    import pdfplumber
    from pptx import Presentation

    presentation = Presentation(str(deck))
    pages: list[Page] = []
    with pdfplumber.open(drawn) as document:
        for number, (page, slide) in enumerate(zip(document.pages, presentation.slides), 1):
            height = float(page.height)
            shapes = [s for s in all_shapes(slide.shapes) if _role_of(s, slide)[0] is not None]
            frames = [(_frame(s), s) for s in shapes]
            owned: dict[int, list[Glyph]] = {id(s): [] for s in shapes}
            for char in page.chars:
                if char["text"].strip():
                    shape = _owner(char, frames)
                    if shape is not None:
                        owned[id(shape)].append(Glyph.from_char(char, height))
            found = Page(number, float(page.width), height, layout=slide.slide_layout.name)
            placed = [(e.lines[0].top, e.lines[0].x0, e) for s in shapes
                      for e in _elements(s, slide, owned[id(s)])]
            placed += [(s.top / EMU_PER_POINT, s.left / EMU_PER_POINT,
                        Element("Figure", [], "figure"))
                       for s in all_shapes(slide.shapes) if _is_figure(s)]
            found.elements = [e for _, _, e in sorted(placed, key=lambda p: p[:2])]
            pages.append(found)
    return pages


def all_shapes(shapes):
    """Yield shapes, and the shapes inside groups (whose child space equals the slide's)."""
    for shape in shapes:
        if shape.shape_type == 6:  # a group
            yield from all_shapes(shape.shapes)
        else:
            yield shape


def _is_figure(shape) -> bool:
    """Tell whether a shape is a table, a chart or a picture: content without lines."""
    return getattr(shape, "has_table", False) or getattr(shape, "has_chart", False) \
        or shape.shape_type == 13  # a picture


def _role_of(shape, slide) -> tuple[str | None, str | None]:
    """Return the roles of a shape's first paragraph and of the others, or (None, None) for a
    shape whose text is not checked (footers, tables, charts, rules)."""
    if not shape.has_text_frame or shape.name in SKIPPED:
        return None, None
    if shape.is_placeholder:
        kind = int(shape.placeholder_format.type)
        index = shape.placeholder_format.idx
        if kind in FOOTERS:
            return None, None
        if index == 0:
            return "slide title", "slide title"
        if slide.slide_layout.name == "section":
            return "question", "question"
        if slide.slide_layout.name in DIVIDERS:
            return "other", "other"
        if slide.slide_layout.name == "two_columns" and index == 2:
            return "heading", "item"
        return "item", "item"
    if shape.name == "Lead":
        return "lead", "lead"
    if shape.name in ("List column", "Side column"):  # a list's second column; a side
        return "item", "item"  # column set as a line under a wide list
    if shape.name.startswith("Card: "):
        return "card title", "card"
    if shape.name.split(":")[0] in ("goal", "cards", "groups"):
        return "box title", "box text"
    return "other", "other"


def _frame(shape) -> tuple[float, float, float, float]:
    """Return a shape's frame in points: left, top, right, bottom."""
    x0, top = shape.left / EMU_PER_POINT, shape.top / EMU_PER_POINT
    return x0, top, x0 + shape.width / EMU_PER_POINT, top + shape.height / EMU_PER_POINT


def _owner(char: dict, frames):
    """Return the shape of the smallest frame that holds a character, or None."""
    best, area = None, None
    for (x0, top, x1, bottom), shape in frames:
        if (x0 - TOLERANCE <= char["x0"] and char["x1"] <= x1 + TOLERANCE
                and top - TOLERANCE <= char["top"] and char["bottom"] <= bottom + TOLERANCE):
            size = (x1 - x0) * (bottom - top)
            if area is None or size < area:
                best, area = shape, size
    return best


def _elements(shape, slide, glyphs: list[Glyph]) -> list[Element]:
    """Return a shape's paragraphs as elements: each with the glyphs that draw its text (in
    drawing order; glyphs that match no character of the text, such as bullets, are left)."""
    first_role, other_role = _role_of(shape, slide)
    texts = [p.text for p in shape.text_frame.paragraphs]
    wanted = [(index, char) for index, text in enumerate(texts)
              for char in text if not char.isspace()]
    per_paragraph: list[list[Glyph]] = [[] for _ in texts]
    position = 0
    for glyph in glyphs:
        piece = glyph.char.strip()
        if position + len(piece) <= len(wanted) and \
                "".join(c for _, c in wanted[position:position + len(piece)]) == piece:
            per_paragraph[wanted[position][0]].append(glyph)
            position += len(piece)
    elements = []
    for index, (text, own) in enumerate(zip(texts, per_paragraph)):
        lines = lines_of(own)
        if text.strip() and lines:
            elements.append(Element("P", lines, first_role if index == 0 else other_role,
                                    source=text))
    return elements
