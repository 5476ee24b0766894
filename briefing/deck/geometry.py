"""The deck's geometry: the boxes of its layouts (templates/deck/layouts.yaml), in inches, and
the insets and gaps every deck stage shares, in points."""

from __future__ import annotations

from pathlib import Path

from ..caches import file_cache
from ..content.model import Strict
from ..content.source import load_yaml
from ..design import templates
from ..diagnostics import DiagnosticError

LAYOUTS_FILE = "deck/layouts.yaml"  # under the templates
PT_PER_INCH = 72.0
TEXT_INSET = 0.1 * PT_PER_INCH  # left/right inset of every text box, in points
BULLET_INDENT = 0.3 * PT_PER_INCH  # hanging indent of a bullet
NUMBER_INDENT = 0.5 * PT_PER_INCH  # hanging indent of a numbered item ("10.")
CARD_GAP = 0.25 * PT_PER_INCH
CARD_PADDING = 0.15 * PT_PER_INCH
DIAGRAM_GAP = 0.15 * PT_PER_INCH
DIAGRAM_PADDING = 0.08 * PT_PER_INCH  # the whole inset of a diagram box's text, every side
CELL_MARGIN_X = 0.08 * PT_PER_INCH  # left/right inset of a table cell's text
CELL_MARGIN_Y = 0.04 * PT_PER_INCH  # top/bottom inset of a table cell's text
PARAGRAPH_GAP = 0.35  # space before a bullet, as a fraction of its size
TAG_SIZE = 16.0  # points: a slide's section tag over its title (no slide text is smaller)
TITLE_RATIO = 1.3  # a content slide's title is at least this many times its body's size

Rect = tuple[float, float, float, float]  # left, top, width, height in inches


class Geometry(Strict):
    """The boxes of a deck's layouts and footers, in inches (templates/deck/layouts.yaml)."""

    slide: tuple[float, float]
    layouts: dict[str, dict[str, tuple[float, float, float, float]]]
    footer: dict[str, tuple[float, float, float, float]]


def geometry() -> Geometry:
    """Return the layout boxes of templates/deck/layouts.yaml."""
    return _geometry(templates.find(LAYOUTS_FILE))


@file_cache(maxsize=2)
def _geometry(path: Path) -> Geometry:
    """Return the layout boxes a layouts file gives."""
    located = load_yaml(path.read_bytes(), templates.shown(path))
    if located.problems:  # a box given twice
        raise DiagnosticError(located.problems)
    return Geometry.model_validate(located.data)
