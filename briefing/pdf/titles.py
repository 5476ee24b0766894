"""Titles set in balanced lines that break only between word groups, at their real measure.

A title's measure (the width its lines have, the face and size it is set in) is read from a
small layout of templates/briefing/measures.html.j2 with the briefing's own stylesheets: one
element per kind of title (the cover's title line, a section heading, a card's title, an
overview box in a row of one to six, …), nested as briefing.html.j2 nests them. So the measure
follows whatever the theme and its stylesheet make of the page, and costs one layout of a
small page (~15 ms), made once per stylesheet and process. tests/test_typography.py lays the
briefing out and checks each title's box against the measure read here.

With a measure, a title gets the breaks design/phrases.balanced chooses with the faces'
advance widths (design/fonts.py); without one (the handout, a kind not measured) it may break
between any two word groups (phrases.phrased). Either way its last line is never a lone
character or short word.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from ..design import phrases
from ..design.fonts import metrics
from ..design.templating import render

PX_TO_PT = 0.75
# a hair less than the measure: advance widths add no kerning and the engine rounds to 1/1024 px
SAFETY = 0.99
ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff")


@dataclass(frozen=True)
class Measure:
    """Where one kind of title is set: its lines' width (the first line's indent taken off
    every line) and its face, in points."""

    width: float
    size: float
    families: tuple[str, ...]
    bold: bool
    letter_spacing: float = 0.0

    def text_width(self, text: str) -> float:
        """Return the advance width of text set in this face (pt): each character in the
        first family that draws it, as the engine picks faces."""
        faces = [m for m in (metrics(f, self.bold) for f in self.families) if m is not None]
        total = 0.0
        for char in text:
            if char in ZERO_WIDTH:
                continue
            char = " " if char == phrases.NO_BREAK_SPACE else char
            face = next((m for m in faces if m.has_glyph(char)), faces[0] if faces else None)
            total += (face.width(char) if face else 1.0) * self.size + self.letter_spacing
        return total


def set_title(text: str, measure: Measure | None) -> str:
    """Return a title's text ready for the template: balanced at its measure, or (without one)
    free to break between word groups only."""
    if measure is None:
        return phrases.phrased(text)
    return phrases.balanced(text, measure.text_width, measure.width * SAFETY)


def title_setter(measures: dict[str, Measure] | None) -> Callable[..., str]:
    """Return the template's title function: (text, kind) -> the text set for that kind of
    title (see set_title); a kind the measures lack breaks between word groups only."""
    found = measures or {}

    def title(text: object, kind: str) -> str:
        """Return a title of a kind, set for its measure."""
        return set_title(str(text), found.get(kind))

    return title


def probe_html(language: str, chinese: bool) -> str:
    """Return the page of one element per kind of title, nested as in the briefing."""
    return render("briefing/measures.html.j2", language=language, zh=chinese)


def read_measures(document) -> dict[str, Measure]:
    """Return the measure of every element marked data-measure in a laid-out probe page."""
    from weasyprint.formatting_structure import boxes

    found: dict[str, Measure] = {}
    stack = [page._page_box for page in document.pages]
    while stack:
        box = stack.pop()
        kind = box.element.get("data-measure") if box.element is not None else None
        if kind and isinstance(box, boxes.BlockContainerBox) and kind not in found:
            line = next((c for c in box.children if isinstance(c, boxes.LineBox)), None)
            indent = line.text_indent if line is not None else 0
            style = box.style
            spacing = style["letter_spacing"]
            found[kind] = Measure(
                width=(box.width - max(indent, 0)) * PX_TO_PT,
                size=style["font_size"] * PX_TO_PT,
                families=tuple(style["font_family"]),
                bold=style["font_weight"] >= 600,
                letter_spacing=0.0 if spacing == "normal" else spacing * PX_TO_PT)
        stack.extend(getattr(box, "children", None) or ())
    return found


_CACHE: dict[str, dict[str, Measure]] = {}


def measures_for(key: str, lay_out: Callable[[], object]) -> dict[str, Measure]:
    """Return the measures of a stylesheet (key: its digest), laying the probe page out with
    lay_out() only the first time in a process."""
    if key not in _CACHE:
        _CACHE[key] = read_measures(lay_out())
    return _CACHE[key]


def style_key(language: str, generated_css: str, files: list) -> str:
    """Return the digest that names a briefing's stylesheets and language."""
    digest = hashlib.md5(language.encode() + generated_css.encode())
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()
