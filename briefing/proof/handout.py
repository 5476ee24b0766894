"""The handout's sides: one less than HALF full while another is FULL is unbalanced.

A side's fill is the distance from the top of its type area to the bottom of its lowest line,
over the type area's height; the type area is the page less the margins of the handout's
stylesheet (templates/handout/handout.css, its @page rule).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..design import templates
from .findings import Finding
from .reading import Page

HALF = 0.5  # a side filled less than this …
FULL = 0.9  # … while another is filled at least this much: unbalanced
MM = 72 / 25.4  # points per millimetre
STYLESHEET = "handout/handout.css"  # under the templates


def margins_pt() -> tuple[float, float]:
    """Return the handout's top and bottom page margins (points), from its stylesheet."""
    css = templates.find(STYLESHEET).read_text("utf-8")
    rule = re.search(r"@page\s*{[^}]*?margin:\s*([^;}]+)", css)
    values = [float(v) for v in re.findall(r"([\d.]+)mm", rule[1])] if rule else []
    if not values:
        return 0.0, 0.0
    top = values[0]
    bottom = values[2] if len(values) > 2 else top
    return top * MM, bottom * MM


def fills(pages: Sequence[Page], top: float, bottom: float) -> list[float]:
    """Return how full each side is (0 to 1), given the margins (points)."""
    found = []
    for page in pages:
        area = page.height - top - bottom
        found.append(max(0.0, min(1.0, (page.lowest - top) / area)) if area > 0 else 1.0)
    return found


def unbalanced(sides: Sequence[float]) -> int | None:
    """Return the index of a side less than HALF full while another is FULL, or None."""
    for index, fill in enumerate(sides):
        if fill < HALF and any(other >= FULL for i, other in enumerate(sides) if i != index):
            return index
    return None


def unbalanced_handout(output: str, pages: Sequence[Page]) -> list[Finding]:
    """Return a finding when one side of the handout is less than half full while another
    is full."""
    sides = fills(pages, *margins_pt())
    index = unbalanced(sides)
    if index is None:
        return []
    full = max(range(len(sides)), key=lambda i: sides[i])
    return [Finding(output, index + 1, "unbalanced handout", "",
                    f"side {index + 1} is {sides[index]:.0%} full while side {full + 1} is"
                    f" {sides[full]:.0%} full")]
