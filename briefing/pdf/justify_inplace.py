"""Justified Chinese paragraphs in one layout: the first layout's lines spread where they lie.

The two-pass path (justify.py) lays the briefing out a second time with every marked line set
on its own and its room spread by ``letter-spacing``. This module gets the same boxes without
that second layout: for every line of a marked paragraph but its last, it cuts the line's
TextBox into the runs the second layout would make of it (justify.spread: runs that take the
spacing, Latin words that do not, the last character on its own), has WeasyPrint shape each
run with its letter-spacing exactly as it shapes any text box (engine.shape_run, on a copy
of the style with ``letter_spacing`` set), and places the runs one after the other
from where the line's text began, on the same baseline. WeasyPrint draws a TextBox from a
Pango layout it re-creates from the box's text and style, so the runs are drawn with their
spacing; the PDF tags get one Span per run, as they do from
the second layout.

Cutting a line can change its natural width (kerning or the font Pango picks for a sign such
as μ or ≤ differ when the sign is shaped apart from its neighbours). The two-pass path does
not see that: it spreads the room the uncut line left, and the line then overflows (and is
broken anew, and the whole document is left ragged) or falls short. Here the room is taken
after the cut; where the cut changes nothing (every line of the default content) the spacing
is the two-pass path's to the last digit.

Anything this does not expect (a line that is not one left-to-right TextBox of the
paragraph's text, a run WeasyPrint would not keep on one line, any error from WeasyPrint's
internals, an internal engine.py no longer finds) makes it give up before it has changed a
single box: the caller then takes the two-pass path. What it relies on is in docs/engine.md;
tests/test_engine_contract.py names an internal that changed, tests/test_justify_inplace.py
tells when the result differs from the two-pass path's.
"""

from __future__ import annotations

from . import engine, justify
from .justify import Line

PANGO_UNIT = 1 / 1024  # px: Pango applies letter-spacing truncated to whole units of this


def room_after(line_runs: list[tuple[str, bool]]) -> float:
    """Return the most room (px) a spread line may keep: the hair justify.spread leaves
    (0.02), plus, per gap, the spacing's rounding to 4 decimals and Pango's truncation of it
    to whole units (WeasyPrint adds the exact value once per run, Pango the truncated one
    between its characters). The two-pass path leaves the same room, to the last digit."""
    return 0.02 + justify.gaps(line_runs) * (PANGO_UNIT + 0.00005) + 1e-6


def _marked_lines(document) -> dict[str, list]:
    """Return, for each numbered paragraph, its LineBoxes with text, in order."""
    kinds = engine.kinds()
    found: dict[str, list] = {}
    for box, _ in engine.document_boxes(document):
        if isinstance(box, kinds.line) and box.element is not None:
            key = box.element.get("data-j")
            if key is not None and any(isinstance(b, kinds.text) for b, _ in engine.walk(box)):
                found.setdefault(key, []).append(box)
    return found


def _plain(element, measured: list[Line]) -> bool:
    """Tell whether a paragraph is plain text laid out as is (the two-pass path's condition:
    no markup inside, and its lines' texts make up its text)."""
    return len(element) == 0 and (element.text or "") == "".join(line.text for line in measured)


def _spread_line(line_box, line: Line, last: bool = False):
    """Return a line's new children (its TextBox cut into spaced runs; a paragraph's last
    line only tightened), None to leave the line as it is; raise ValueError for a line this
    cannot handle."""
    planned = justify.tightened(line.text) if last else \
        justify.spread(line.text, line.room, line.font_size)
    if planned is None:
        return None
    if len(line_box.children) != 1 or not isinstance(line_box.children[0], engine.kinds().text):
        raise ValueError("a line that is not one TextBox")
    text_box = line_box.children[0]
    style = text_box.style
    if text_box.text != line.text or style["direction"] != "ltr" \
            or style["vertical_align"] != "baseline" or text_box.justification_spacing:
        raise ValueError("a line that is not one plain left-to-right TextBox")
    cut = [run for run, _ in planned[1]] + [line.text[-1]]
    natural = sum(engine.shape_run(text_box, run, style).width for run in cut)
    if natural != text_box.width and not last:  # the cut changed its natural width: plan anew
        planned = justify.spread(line.text, line.room - (natural - text_box.width),
                                 line.font_size)
        if planned is None:
            return None
    spacing, line_runs = planned
    styles = {}
    size = line.font_size
    for value in {justify.run_spacing(spaced, spacing, size) for _, spaced in line_runs}:
        styles[value] = style.copy()
        styles[value]["letter_spacing"] = value  # as computed from "letter-spacing: …px"
    pieces = [(run, styles[justify.run_spacing(spaced, spacing, size)])
              for run, spaced in line_runs]
    pieces.append((line.text[-1], style))  # the last character as laid out

    baseline_y = text_box.position_y + text_box.baseline
    x = text_box.position_x
    children = []
    for run, run_style in pieces:
        shaped = engine.shape_run(text_box, run, run_style)
        shaped.position_x = x
        shaped.position_y = baseline_y - shaped.baseline
        x += shaped.margin_width()
        children.append(shaped)
    return children


def justify_in_place(document, lines: dict[str, list[Line]]) -> bool:
    """Spread every measured line of the document's marked paragraphs where it lies.

    `lines` is what justify.measure_lines(document) returned. Return True when every line
    is set; False, with the document untouched, on meeting a line this cannot handle.
    """
    found = _marked_lines(document)
    if found.keys() != lines.keys() or any(len(found[k]) != len(lines[k]) for k in lines):
        return False
    changes = []
    try:
        for key, measured in lines.items():
            if not _plain(found[key][0].element, measured):
                continue  # the two-pass path leaves such a paragraph as the engine set it
            for index, (line_box, line) in enumerate(zip(found[key], measured)):
                children = _spread_line(line_box, line, index == len(measured) - 1)
                if children is not None:
                    changes.append((line_box, children))
    except Exception:  # noqa: BLE001 - anything unforeseen in WeasyPrint's boxes: lay out again
        return False
    for line_box, children in changes:
        line_box.children = type(line_box.children)(children)
        last = children[-1]
        line_box.width = last.position_x + last.margin_width() - line_box.content_box_x()
    return True


def spread_as_planned(document, before: dict[str, list[Line]]) -> bool:
    """Tell whether a document justified in place kept every line's text, and every line it
    spread ends within room_after() of the right edge and not beyond it.

    `before` is what justify.measure_lines returned before justify_in_place.
    """
    after = justify.measure_lines(document)
    if not justify.same_breaks(before, after):
        return False
    found = _marked_lines(document)
    for key, measured in before.items():
        plain = _plain(found[key][0].element, measured)
        for old, new in zip(measured[:-1], after[key][:-1]):
            if new.room == old.room:
                continue  # left as laid out
            if not plain or not -0.001 <= new.room <= room_after(justify.runs(old.text)):
                return False
    return True
