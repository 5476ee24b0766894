"""One text as set -> its findings: a runt at its end (runts.py), a title broken inside a
word group or unbalanced (titles.py). A text with a runt is not also reported unbalanced: a
lone last line is the extreme of imbalance, and one fault is one finding."""

from __future__ import annotations

from ..design.phrases import label_groups, word_groups
from .findings import Finding, quote
from .lines import widths_of
from .reading import Element
from .roles import TEXTS, TITLES
from .runts import SetLine, runt
from .titles import BALANCE, balance, better_balance, break_offsets, broken_groups, text_width


def text_findings(output: str, page: int, element: Element) -> list[Finding]:
    """Return the findings of one text on one page."""
    found: list[Finding] = []
    lines = [SetLine(line.text, line.x0, line.x1, line.size) for line in element.lines]
    text = element.source or element.text
    if element.role in TEXTS and element.ends and runt(lines):
        found.append(Finding(
            output, page, "runt", text, f"{element.role} {quote(text, tail=True)}: its last"
            f" line {quote(lines[-1].text)} stands alone under a full line"))
    if element.role not in TITLES or not element.whole or len(lines) < 2 or not element.source:
        return found
    em = max(line.size for line in lines)
    width = text_width(widths_of(element.lines), em)
    measure = max(line.x1 - line.x0 for line in lines)
    shown = " / ".join(quote(line.text) for line in lines)
    name = f"{element.role} {quote(text)}"
    breaks = break_offsets(element.source, [line.text for line in lines])
    # an overview box breaks between phrases, as it is set (pdf/titles.py)
    grouping = label_groups if element.role == "box title" else word_groups
    for group, _ in broken_groups(element.source, breaks or [], width, measure, grouping):
        found.append(Finding(
            output, page, "broken word group", element.source,
            f"{name} is broken inside {quote(group)} ({shown}), which fits its line"))
    ratio = round(balance([line.x1 - line.x0 for line in lines]), 2)  # as printed
    if not any(f.kind == "runt" for f in found) and ratio < BALANCE:
        better = round(better_balance(element.source, width, measure, grouping), 2)
        if better >= BALANCE:
            found.append(Finding(
                output, page, "unbalanced title", element.source,
                f"{name} is set in lines of uneven length ({shown}): the shortest is"
                f" {ratio:.0%} of the longest; breaking between word groups gives"
                f" {better:.0%}"))
    return found
