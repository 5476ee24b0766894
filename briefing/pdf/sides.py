"""Where a two-sided handout turns over: at the section or block that leaves both sides about
as full, when flowing on would leave one of them less than half full.

A handout laid out as it flows fills its first side and leaves the rest on the second, however
little that is (a line or two of a briefing just too long for one side). When the second side
would be less than half full, it starts instead at the place (a section, a block after a
section's first, a group of measures after a block's first; the template numbers them
data-flow) that makes the two sides' filled heights closest, the second side still holding
the rest; a second layout of the handout sets it there. A second side at least half full is
left as it flows (a full first side reads best, and needs no second layout).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import engine

FIT = 0.97  # of a side's height: what the second side may take, a margin for the new layout
HALF = 0.5  # of a side's height: a second side filled less than this is evened with the first
WORTH = 0.1  # of a side's height: a smaller gain is not worth a second layout


@dataclass(frozen=True)
class Side:
    """How much of one side is filled (CSS px from its top) out of its height (px)."""

    filled: float
    height: float


def side(page) -> Side:
    """Return how far down a page's content reaches: its last line, table row or picture."""
    kinds = engine.kinds()
    area = engine.page_box(page)
    top = area.content_box_y()
    bottom = top
    for box, _ in engine.walk(area):
        if isinstance(box, (kinds.line, kinds.table_row, kinds.replaced)):
            bottom = max(bottom, box.position_y + box.margin_height())
    return Side(bottom - top, area.height)


def flow_places(page) -> list[tuple[str, float]]:
    """Return the places a side may start on a page (data-flow, in order) with how far down
    the page each begins (px from its top)."""
    found: dict[str, float] = {}
    area = engine.page_box(page)
    top = area.content_box_y()
    for box, _ in engine.walk(area):
        element = getattr(box, "element", None)
        place = element.get("data-flow") if element is not None else None
        if place is not None and place not in found:
            found[place] = box.position_y - top
    return list(found.items())


ONE_SIDE = 1.3  # of a side's height: two sides filled more than this cannot become one


def could_fit_one(document) -> bool:
    """Tell whether a two-sided document's content might fit one side at the next type step
    or in two columns: both sides together fill at most ONE_SIDE of a side (so the handout
    tries that only where it can succeed)."""
    filled = [side(page) for page in document.pages]
    return sum(s.filled for s in filled) <= ONE_SIDE * filled[0].height


def even_turn(document) -> str | None:
    """Return the data-flow place the second side of a two-page document should start at so
    that both sides are about as full, or None when its second side is at least half full
    (or no place does better, or it has one page)."""
    if len(document.pages) != 2:
        return None
    first, second = (side(page) for page in document.pages)
    height = first.height
    if second.filled >= HALF * height:
        return None
    best, best_gap = None, float("inf")
    for place, top in flow_places(document.pages[0]):
        rest = first.filled - top + second.filled  # the second side's height if it starts here
        if top > 0 and rest <= FIT * height and abs(top - rest) < best_gap:
            best, best_gap = place, abs(top - rest)
    worth = best_gap < abs(first.filled - second.filled) - WORTH * height
    return best if worth else None
