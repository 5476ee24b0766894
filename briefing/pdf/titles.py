"""Titles set in balanced lines that break only between word groups, at their real measure.

A title's measure (the width its lines have, and the face it is set in) is read from a small
layout of templates/briefing/measures.html.j2 with the briefing's own stylesheets: one element
per kind of title (the cover's title line, a section heading, a card's title, an overview box
in a row of one or two), nested as briefing.html.j2 nests them. So the measure follows
whatever the theme and its stylesheet make of the page; it costs a layout of a small page
(whose fonts the briefing's layout needs anyway), made once per stylesheet and process.
tests/test_typography.py lays the briefing out and checks each title's box against the
measure read here.

Text is measured as the layout sets it: shaped by Pango in the title's computed style, by
the line breaking WeasyPrint sets lines with (engine.line_width), so kerning and the face
Pango picks for each character are those of the PDF. With a measure, a title gets the breaks
design/phrases.balanced chooses; without one (the handout, a kind not measured) it may break
between any two word groups (phrases.phrased). Either way its last line is never a lone
character or short word.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..design import phrases
from ..design.templating import render
from . import engine

PX_TO_PT = 0.75
SAFETY = 0.99  # of the measure: the layout's own rounding never breaks a balanced line again
WIDEST_EM = 1.1  # no character of a title's faces is wider: a short title needs no widths


@dataclass(frozen=True)
class Measure:
    """Where one kind of title is set: its lines' width in points (the first line's indent
    taken off every line), its type size in points and its computed style (WeasyPrint's)."""

    width: float
    size: float
    style: object = field(compare=False, repr=False)
    inset: float = 0.0  # pt: the box's padding and borders across (a table cell's)

    def text_width(self, text: str) -> float:
        """Return the width of text on one line in this title's style (pt), as Pango sets it."""
        return engine.line_width(text, self.style) * PX_TO_PT


def set_title(text: str, measure: Measure | None, grouping=None) -> str:
    """Return a title's text ready for the template: balanced at its measure, or (without one)
    free to break between word groups (or `grouping`'s) only."""
    if measure is None or len(text) * measure.size * WIDEST_EM <= measure.width * SAFETY:
        return phrases.phrased(text, grouping)  # no line to break (or no measure): no widths
    return phrases.balanced(text, measure.text_width, measure.width * SAFETY, grouping)


def title_setter(measures: dict[str, Measure] | None) -> Callable[..., str]:
    """Return the template's title function: (text, kind) -> the text set for that kind of
    title (see set_title); a kind the measures lack breaks between word groups only."""
    found = measures or {}

    def title(text: object, kind: str) -> str:
        """Return a title of a kind, set for its measure; an overview box's short texts break
        between phrases (phrases.label_groups: 水环境质量, 以人民 为中心), as chart labels do."""
        grouping = phrases.label_groups if kind.startswith("ov-") else None
        return set_title(str(text), found.get(kind), grouping)

    return title


def words_fit(table, cell: Measure | None, header: Measure | None) -> bool:
    """Tell whether a table's columns can each be as wide as their widest piece — a word group
    of a heading, a word group of a cell with its last two tied (phrases.phrased: no runt),
    a whole cell where the column is numeric (numbers never wrap) — within the table's width,
    measured in the faces of its cells and header: then no word group need break (CSS:
    overflow-wrap: break-word). `cell` and `header` are those of a table of one column."""
    if cell is None or header is None:
        return False
    numeric = table.numeric_columns
    needed = 0.0
    for index, heading in enumerate(table.columns):
        cells = [row[index] for row in table.data_rows if index < len(row)]
        widest = 0.0
        for texts, measure, split in (([heading], header, phrases.word_groups),
                                      (cells, cell, None if numeric[index] else
                                       phrases.tied_groups)):
            pieces = {g.strip() for text in texts for g in split(text)} if split else set(texts)
            widest = max([widest] + [measure.text_width(p) for p in pieces])
        needed += widest + cell.inset
    return needed <= (cell.width + cell.inset) * SAFETY


def probe_html(language: str, chinese: bool) -> str:
    """Return the page of one element per kind of title, nested as in the briefing."""
    return render("briefing/measures.html.j2", language=language, zh=chinese)


def read_measures(document) -> dict[str, Measure]:
    """Return the measure of every element marked data-measure in a laid-out document: its
    content width less its first line's indent, and the style of its text."""
    kinds = engine.kinds()
    found: dict[str, Measure] = {}
    for box, _ in engine.document_boxes(document):
        kind = box.element.get("data-measure") if box.element is not None else None
        if kind and isinstance(box, kinds.block_container) and kind not in found:
            line = next((c for c in box.children if isinstance(c, kinds.line)), None)
            text = next((b for b, _ in engine.walk(line) if isinstance(b, kinds.text)), None) \
                if line is not None else None
            if text is not None:
                inset = box.padding_left + box.padding_right + box.border_left_width \
                    + box.border_right_width
                found[kind] = Measure((box.width - max(line.text_indent, 0)) * PX_TO_PT,
                                      text.style["font_size"] * PX_TO_PT, text.style,
                                      inset * PX_TO_PT)
    return found


ROW_BOXES = 6  # the most boxes a row of the overview holds


def more_boxes(found: dict[str, Measure]) -> dict[str, Measure]:
    """Return the measures with those of overview rows of three to six boxes, from the rows of
    one and two: a row's boxes share its width equally (a fixed table layout), so a box's
    measure is X / n - Y for n boxes, and the two measured rows give X and Y."""
    more = dict(found)
    for kind in ("cards", "groups", "groups-text"):
        one, two = found.get(f"ov-{kind}-1"), found.get(f"ov-{kind}-2")
        if one is None or two is None:
            continue
        whole = 2 * (one.width - two.width)  # X
        for n in range(3, ROW_BOXES + 1):
            more[f"ov-{kind}-{n}"] = replace(one, width=whole / n - (whole - one.width))
    return more


_CACHE: dict[str, dict[str, Measure]] = {}


def measures_for(key: str, lay_out: Callable[[], object]) -> dict[str, Measure]:
    """Return the measures of a stylesheet (key: its digest), laying the probe page out with
    lay_out() only the first time in a process."""
    if key not in _CACHE:
        _CACHE[key] = more_boxes(read_measures(lay_out()))
    return _CACHE[key]


def style_key(language: str, generated_css: str, files: list) -> str:
    """Return the digest that names a briefing's stylesheets and language."""
    digest = hashlib.md5(language.encode() + generated_css.encode())
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()
