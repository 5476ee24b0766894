"""Justified Chinese paragraphs for WeasyPrint, whose `text-align: justify` only widens spaces.

What each line gets is decided here (spread); justify_inplace.py applies it to the first
layout's boxes, and this module's second pass is the fallback when that cannot be done.
Two passes. The first lays the briefing out as usual; for every paragraph marked
``<p class="j">`` it reads where Pango broke the lines and how much room each line left. The
second pass sets each line on its own (a ``<br>`` after it) and spreads that room between its
characters with ``letter-spacing``, Latin words excepted. The characters, their order and the
line breaks stay Pango's, so the PDF's text is exactly the content's. If the second layout
breaks any paragraph differently, the first (ragged) layout is kept.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from html import escape, unescape

from ..design.chars import stands_alone
from ..design.punctuation import compressed_marks
from . import engine

MARKED = re.compile(r'<p class="j( [^"]*)?"([^>]*)>(.*?)</p>', re.S)  # other attributes kept
LATIN_WORD = "[\u0021-\u024f]+"
# zero-width format characters (word joiner, zero-width space and joiners, BOM, variation
# selectors): each is a place where Pango would add letter-spacing, so they take none
ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff\ufe00-\ufe0f"
TIGHT = "tight"  # a run's kind: a mark set half-width before another (runs())
MAX_SPACING_EM = 0.2  # wider gaps read as spaces (and extract as spaces): leave the line ragged


@dataclass(frozen=True)
class Line:
    """One laid-out line of a marked paragraph: its text and the room left (CSS px)."""

    text: str
    room: float
    font_size: float  # px


def number_paragraphs(html: str) -> str:
    """Give every marked paragraph a data-j number, in document order."""
    counter = itertools.count()
    return MARKED.sub(lambda m: f'<p class="j{m.group(1) or ""}"{m.group(2)}'
                      f' data-j="{next(counter)}">{m.group(3)}</p>', html)


def measure_lines(document) -> dict[str, list[Line]]:
    """Return, for each numbered paragraph of a rendered document, its lines in order."""
    kinds = engine.kinds()
    found: dict[str, list[Line]] = {}
    for box, block in engine.document_boxes(document):
        if not isinstance(box, kinds.line) or box.element is None:
            continue
        key = box.element.get("data-j")
        if key is None:
            continue
        texts = [b for b, _ in engine.walk(box) if isinstance(b, kinds.text)]
        if not texts:
            continue
        end = max(t.position_x + t.width for t in texts)
        found.setdefault(key, []).append(Line(
            "".join(t.text for t in texts), block.content_box_x() + block.width - end,
            texts[0].style["font_size"]))
    return found


ZERO_WIDTH_RUN = re.compile(f"[{ZERO_WIDTH}]+")
RUN = re.compile(f"{LATIN_WORD}|[{ZERO_WIDTH}]+|[^ \u0021-\u024f{ZERO_WIDTH}]| ")


def runs(text: str) -> list[tuple[str, bool | str]]:
    """Cut a line's text but its last character into runs that take letter-spacing (True),
    Latin words and zero-width characters (word joiners), which take none (False), and the
    marks that give up their blank half before another mark (TIGHT: design/punctuation.py),
    which take the spacing less half an em."""
    tight = set(compressed_marks(text))
    found: list[tuple[str, bool | str]] = []
    at = 0
    for run in RUN.findall(text[:-1]):
        at, start = at + len(run), at
        if start in tight:
            found.append((run, TIGHT))
            continue
        spaced = not (re.fullmatch(LATIN_WORD, run) and not any(stands_alone(c) for c in run)
                      or ZERO_WIDTH_RUN.fullmatch(run))
        if spaced and found and found[-1][1] is True:
            found[-1] = (found[-1][0] + run, True)
        else:
            found.append((run, spaced))
    return found


def tight_count(line_runs: list[tuple[str, bool | str]]) -> int:
    """Count a line's marks that give up their blank half."""
    return sum(1 for _, spaced in line_runs if spaced == TIGHT)


def run_spacing(spaced: bool | str, spacing: float, font_size: float) -> float:
    """Return the letter-spacing (px) a run takes in a line spread by `spacing`."""
    if spaced == TIGHT:
        return float(f"{spacing - font_size / 2:.4f}")
    return spacing if spaced else 0


def gaps(line_runs: list[tuple[str, bool]]) -> int:
    """Count the characters that take the spacing after them: every one of a spaced run,
    "·Green2025" or "m³" (a Latin word with an East Asian ambiguous sign) included."""
    return sum(len(run) for run, spaced in line_runs if spaced)


def spread(text: str, room: float, font_size: float) -> tuple[float, list[tuple[str, bool]]] | None:
    """Return how one line is spread, or None where it stays as laid out (no room, nothing
    to spread between, or gaps wider than MAX_SPACING_EM).

    The spread is the letter-spacing (px, exactly as the CSS writes it: 4 decimals) and the
    line's runs (see runs()). Both paths set a line from this: the second layout's HTML
    (_spread) and the in-place one (justify_inplace.py).
    """
    line_runs = runs(text)
    count = gaps(line_runs)
    room += tight_count(line_runs) * font_size / 2  # the blank halves the marks give up
    if not count or room <= 0.01 or room / count > MAX_SPACING_EM * font_size:
        return None
    return float(f"{(room - 0.02) / count:.4f}"), line_runs  # a hair short: never wraps


def tightened(text: str) -> tuple[float, list[tuple[str, bool | str]]] | None:
    """Return how a paragraph's last line is set (no spread, its marks that give up their
    blank half set tight), or None where it has no such mark."""
    line_runs = runs(text)
    return (0.0, line_runs) if tight_count(line_runs) else None


def _spread(text: str, room: float, font_size: float, last: bool = False) -> str:
    """Return one line as HTML whose gaps share `room` px, ending with a forced break (none
    after the paragraph's last line, which is only tightened)."""
    planned = tightened(text) if last else spread(text, room, font_size)
    if planned is None:
        return escape(text, quote=False) + ("" if last else "<br>")
    spacing, runs = planned
    inner = "".join(escape(run, quote=False) if spaced is True else
                    f'<span style="letter-spacing: {_css_spacing(spaced, spacing, font_size)}">'
                    f'{escape(run, quote=False)}</span>'
                    for run, spaced in runs)
    return (f'<span class="jl" style="letter-spacing: {spacing:.4f}px">{inner}</span>'
            f"{escape(text[-1], quote=False)}{'' if last else '<br>'}")


def _css_spacing(spaced: bool | str, spacing: float, font_size: float) -> str:
    """Return a run's letter-spacing as the second layout's CSS writes it."""
    return "0" if spaced is False else f"{run_spacing(spaced, spacing, font_size):.4f}px"


NUMBERED = re.compile(r'(<p class="j[^"]*"[^>]* data-j="(\d+)">)(.*?)</p>', re.S)


def justified_html(html: str, lines: dict[str, list[Line]]) -> str:
    """Return the numbered HTML with every measured paragraph set line by line."""
    def rewrite(match: re.Match) -> str:
        """Return one numbered paragraph set line by line, or unchanged."""
        head, key, body = match.groups()
        measured = lines.get(key)
        if not measured or "".join(line.text for line in measured) != unescape(body):
            return match.group(0)  # not laid out as plain text: leave it to the engine
        spread = [_spread(line.text, line.room, line.font_size) for line in measured[:-1]]
        last = measured[-1]
        return head + "".join(spread) + _spread(last.text, 0, last.font_size, True) + "</p>"

    return NUMBERED.sub(rewrite, html)


def same_breaks(first: dict[str, list[Line]], second: dict[str, list[Line]]) -> bool:
    """Tell whether two layouts broke every paragraph into the same lines."""
    return {k: [line.text for line in v] for k, v in first.items()} == \
        {k: [line.text for line in v] for k, v in second.items()}
