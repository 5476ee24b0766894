"""A tagged PDF (WeasyPrint's PDF/UA: the briefing, the slides, the handout) -> its pages, each
a list of elements in reading order: a heading, a paragraph, a list item, a table caption or
row, with the lines its characters make and what the briefing says it is (roles.py).

WeasyPrint tags every page on its own (a paragraph that runs on is two elements, one per
page), and gives every character the marked-content id of the element it belongs to. A picture
or chart (Figure) is one element without lines: its text is drawn, not set in lines.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .findings import ProofError
from .lines import Glyph, Line, joined, lines_of
from .roles import Catalogue, Match, normal

LEAVES = {"H1", "H2", "H3", "H4", "H5", "H6", "P", "LI", "Caption"}


@dataclass
class Element:
    """One text on one page: its tag, its lines, what it is and whether it shows whole."""

    tag: str
    lines: list[Line]
    role: str = "other"
    source: str = ""  # the whole text it is part of, as the content has it ('' if unknown)
    begins: bool = True  # its text begins on this page
    ends: bool = True  # … and ends on it
    table: str = ""  # for a table row: its table's header, as normal text
    cells: tuple[str, ...] = ()  # for a table row: its cells' texts, in order
    numbered: bool = False  # shown after a number or a label (一、 1. 问：)

    @property
    def text(self) -> str:
        """Return the text shown, its lines joined."""
        return joined(self.lines)

    @property
    def whole(self) -> bool:
        """Tell whether the element's whole text is on this page."""
        return self.begins and self.ends


@dataclass
class Page:
    """One page (or slide): its number (1-based), size in points, elements and (a slide of
    a deck) the layout it was made from."""

    number: int
    width: float
    height: float
    elements: list[Element] = field(default_factory=list)
    layout: str = ""
    lowest: float = 0.0  # the bottom of its lowest character, tagged or not (points)


def read_tagged_pdf(path: Path, catalogue: Catalogue) -> list[Page]:
    """Return the pages of a tagged PDF with their elements, each matched to the briefing;
    raise ProofError for a PDF with text but no tags."""
    import pdfplumber

    pages = []
    last_header = [""]  # the header of the last table seen: a row running on has none above
    with pdfplumber.open(path) as document:
        for page in document.pages:
            by_mcid: dict[int, list[dict]] = defaultdict(list)
            for char in page.chars:
                if char.get("mcid") is not None:
                    by_mcid[char["mcid"]].append(char)
            found = Page(page.page_number, float(page.width), float(page.height),
                         lowest=max((c["bottom"] for c in page.chars if c["text"].strip()),
                                    default=0.0))
            for node in page.structure_tree:
                _collect(node, by_mcid, float(page.height), found.elements, last_header)
            _identify(found.elements, catalogue)
            pages.append(found)
    if any(p.lowest for p in pages) and not any(p.elements for p in pages):
        raise ProofError("it has characters but no tags (a PDF this tool makes is tagged);"
                         " build it again")
    return pages


def _mcids(node: dict) -> list[int]:
    """Return the marked-content ids of a structure element and all its descendants."""
    ids = list(node.get("mcids") or ())
    for child in node.get("children") or ():
        ids += _mcids(child)
    return ids


def _glyphs(node: dict, by_mcid: dict[int, list[dict]], height: float) -> list[Glyph]:
    """Return the glyphs a structure element draws."""
    return [Glyph.from_char(c, height) for m in _mcids(node) for c in by_mcid.get(m, ())]


def _collect(node: dict, by_mcid, height: float, out: list[Element], header: list[str],
             in_head: bool = False, parent: str = "") -> None:
    """Append the elements under a structure node, in reading order (a table's rows as
    elements of their own: its head rows as "table header", a body row of header cells only
    as "group row"; a caption outside a table is a figure's)."""
    kind = node.get("type", "")
    if kind == "Figure":
        out.append(Element("Figure", [], "figure"))
        return
    if kind == "Table":
        header[0] = _table_header(node, by_mcid, height) or header[0]
    if kind == "TR":
        cells = [c for c in node.get("children") or () if c.get("type") in ("TH", "TD")]
        lines = lines_of(_glyphs(node, by_mcid, height))
        if lines:
            role = "table header" if in_head else \
                "group row" if all(c.get("type") == "TH" for c in cells) else "row"
            out.append(Element("TR", lines, role,
                               table=header[0], cells=tuple(
                                   joined(lines_of(_glyphs(c, by_mcid, height)))
                                   for c in cells)))
        return
    if kind in LEAVES:
        lines = lines_of(_glyphs(node, by_mcid, height))
        if lines:
            out.append(Element(kind if kind != "Caption" or parent == "Table" else "FigCaption",
                               lines))
        return
    for child in node.get("children") or ():
        _collect(child, by_mcid, height, out, header, in_head or kind == "THead", kind)


def _table_header(table: dict, by_mcid, height: float) -> str:
    """Return a table's column names (its head row's text) as normal text."""
    for part in table.get("children") or ():
        if part.get("type") == "THead":
            return normal("".join(g.char for g in _glyphs(part, by_mcid, height)))
    return ""


def _identify(elements: list[Element], catalogue: Catalogue) -> None:
    """Set each element's role and source from the briefing's texts; a page's first and last
    elements may show part of a text that runs on from or onto another page."""
    texts = [e for e in elements if e.lines and e.tag != "TR"]
    for element in texts:
        match: Match | None = catalogue.match(element.tag, element.text,
                                              first=element is elements[0],
                                              last=element is elements[-1])
        if match is None:
            continue
        element.role = "figure caption" if element.tag == "FigCaption" else match.entry.role
        element.source = match.entry.text
        element.begins, element.ends = match.begins, match.ends
        element.numbered = match.prefix > 0
