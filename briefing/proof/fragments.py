"""Fragments: a text of a content slide that ends as an introducer — its last clause only
announces what follows (《实施方案》强调, 指导思想是, 主要包括：, 当前，除金融机构外; the rule is
design/clauses.py) — shown as if it were a statement. A slide says a statement; the room cannot
hear the sentence the introducer leads into. Every text of a content slide but its title is
read: items, cards, leads, the boxes of the overview diagram, in any deck, written by hand or
imported. Title, section and closing slides are dividers and are left out by the caller."""

from __future__ import annotations

from ..design.clauses import fragment
from .findings import Finding, quote
from .reading import Page
from .roles import TITLES

BULLETS = "•·▪◦ \u3000"
TAGS = ("P", "LI")  # paragraphs and list items: no heading, caption or table row
NOT_STATEMENTS = TITLES | {"question", "table caption", "figure caption", "table note",
                           "table header", "group row", "number", "heading"}


def fragment_findings(output: str, slides: list[Page]) -> list[Finding]:
    """Return a finding for every text of these content slides that ends as an introducer."""
    found = []
    for slide in slides:
        for element in slide.elements:
            if element.tag not in TAGS or element.role in NOT_STATEMENTS or not element.lines:
                continue
            shown = element.source if element.source and element.whole else element.text
            text = shown.lstrip(BULLETS)  # the slides PDF draws the bullet as text
            clause = fragment(text)
            if clause is None:
                continue
            what = "text" if element.role == "other" else element.role
            found.append(Finding(
                output, slide.number, "fragment", text,
                f"{what} {quote(text, tail=True)} ends as an introducer ({quote(clause)}), not"
                " a statement: give it a short form that says what it introduces"))
    return found
