"""Units -> the lede and the sections: one section per question (问：) on a 问答 page, one per
一、 heading on a page of numbered headings, one for the whole page when it has neither (with a
warning). The text before the first question or heading is the lede, the page's introduction:
its paragraphs, a press conference's roster among them (a role's names and titles one
paragraph). Inside a section, sub-headings (（一） on a short line, or 一、 inside an answer)
start the parts that give blocks their titles; blocks.py makes the blocks of each part.

A 问答 page has no headings of its own: a section's heading is made from its question by
taking words away (headings.py), never by adding any; the draft lists them for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block, Notes, blocks_of
from .headings import heading_of
from .units import Unit


@dataclass
class Section:
    """A section of the draft and where it comes from on the page."""

    heading: str
    question: str | None
    blocks: list[Block]
    first_line: int
    last_line: int
    made_heading: bool = False  # made from the question (or a first clause): to review


@dataclass
class Structure:
    """The lede and the sections of a page, what to review, and the warnings about the page."""

    sections: list[Section] = field(default_factory=list)
    lede: list[dict] = field(default_factory=list)  # items: the text before the first section
    lede_lines: tuple[int, int] = (0, 0)  # the page lines it comes from
    notes: Notes = field(default_factory=Notes)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (page line, message)


def first_clause(text: str, least: int = 8) -> str | None:
    """Return the text up to the first ，：；。 that leaves at least `least` characters, when
    that is shorter than the text."""
    for m in re.finditer("[，：；。！？]", text):
        if m.start() >= least:
            cut = text[:m.start()].strip()
            return cut if len(cut) < len(text.rstrip("。！？")) else None
    return None


LEDE_UNITS = ("plain", "item", "roster")
ROSTER_SEPARATOR = "；"  # between a role's names with their titles (张晓岚——…副主任；许伟——…)


def lede_of(units: list[Unit]) -> list[dict] | None:
    """Return the lede's paragraphs that the units before the first question or heading make:
    a paragraph each, an enumerated line as printed, a roster's label with its names and
    titles (no short form: the slide shows every name); None when they hold more than
    paragraphs (a table, a sub-heading), which then make a section of their own."""
    if any(u.kind not in LEDE_UNITS for u in units):
        return None
    lede: list[dict] = []
    for unit in units:
        if unit.kind == "roster":
            entries = ROSTER_SEPARATOR.join(unit.table["entries"])
            lede.append({"text": unit.text + entries, "whole": True})
        else:
            lede.append({"text": unit.marked if unit.kind == "item" else unit.text})
    return lede


def _parts(body: list[Unit], sub: str) -> list[tuple[Unit | None, list[Unit]]]:
    """Return a section's body cut at its sub-headings: (sub-heading or None, units)."""
    parts: list[tuple[Unit | None, list[Unit]]] = [(None, [])]
    for unit in body:
        if unit.kind == sub:
            parts.append((unit, []))
        else:
            parts[-1][1].append(unit)
    cleaned: list[tuple[Unit | None, list[Unit]]] = []
    for heading, units in parts:
        if heading is not None and not units:  # a sub-heading with nothing under it
            units, heading = [Unit("plain", heading.line, heading.text)], None
        if units:
            cleaned.append((heading, units))
    return cleaned


def _blocks(body: list[Unit], sub: str, wants_goal: bool, notes: Notes) -> list[Block]:
    """Return the blocks of a section's body, titled by its sub-headings."""
    blocks: list[Block] = []
    for heading, units in _parts(body, sub):
        goal_here = not any(b.kind == "goal" for b in blocks) and \
            (wants_goal or heading is not None and "目标" in heading.text)
        made = blocks_of(units, goal_here, notes)
        if heading is not None and made:
            made[0].title = heading.text
        blocks += made
    goal = next((b for b in blocks if b.kind == "goal"), None)
    table = next((b for b in blocks if b.kind == "table" and b.body["categories"]), None)
    if goal and table and not goal.body["indicator_categories"]:
        goal.body["indicator_categories"] = list(table.body["categories"])
    return blocks


def _section(heading: str, question: str | None, body: list[Unit], sub: str, first: int,
             made: bool, structure: Structure) -> Section:
    """Return one section; a question with no answer becomes the section's paragraph."""
    wants_goal = "目标" in heading or "目标" in (question or "")
    blocks = _blocks(body, sub, wants_goal, structure.notes)
    if not blocks:
        structure.warnings.append((first, "this question has no answer on the page; the draft"
                                          " keeps it as the section's only paragraph"))
        blocks = [Block("paragraphs", [{"text": question or heading}], first)]
        question = None
    last = max([first] + [u.last_line or u.line for u in body])
    return Section(heading, question, blocks, first, last, made)


def sections_of(units: list[Unit], title: str) -> Structure:
    """Return the sections of a page's units."""
    structure = Structure()
    kinds = {u.kind for u in units}
    top = "question" if "question" in kinds else "heading" if "heading" in kinds else ""
    sub = "heading" if top == "question" else "subheading"
    starts = [i for i, u in enumerate(units) if u.kind == top] if top else []
    if not starts:
        first = units[0].line if units else 1
        structure.warnings.append((first, "no 问：/答： pairs and no numbered headings (一、) were"
                                          " found; the page became one section: split it into"
                                          " sections by hand"))
        structure.sections.append(_section(title, None, units, sub, first, False, structure))
        return structure
    numbers = [units[i].number for i in starts]
    if any(n is not None for n in numbers) and numbers != list(range(1, len(starts) + 1)):
        printed = [(units[i].marked if top == "question" else
                    units[i].marked[:len(units[i].marked) - len(units[i].text)]).strip(" 、")
                   for i in starts]  # 一、 is shown 一 and joined by 、: never 一、、三
        shown = "、".join(p or "(none)" for p in printed)
        what = "questions" if top == "question" else "headings"
        structure.notes.review.append(f"the {what} are numbered {shown} on the page; the"
                                      " draft's numbers are generated from their order")
    lead = units[:starts[0]]
    lede = lede_of(lead)
    if lede:
        structure.lede = lede
        structure.lede_lines = (lead[0].line, max(u.last_line or u.line for u in lead))
    elif lead:
        heading = first_clause(lead[0].text) or lead[0].text
        structure.sections.append(_section(heading, None, lead, sub, lead[0].line, True,
                                           structure))
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(units)
        unit, body = units[start], units[start + 1:end]
        if top == "question":
            section = _section(heading_of(unit.text), unit.text, body, sub, unit.line, True,
                               structure)
        else:
            section = _section(unit.text, None, body, sub, unit.line, False, structure)
        structure.sections.append(section)
    return structure
