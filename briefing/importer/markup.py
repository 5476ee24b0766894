"""A web page's bytes -> its text: the charset (from the BOM, the meta declaration, or read as
UTF-8 or GB18030), the parsed tree with scripts, styles, forms and embedded objects taken out
(never run, never fetched), and the tree's blocks in reading order — paragraphs, headings, list
items, the lines a <br> makes, and data tables (header row, group rows from cells spanning the
row) — each with whether it is bold and whether it stands in the site's furniture (nav,
header, footer, aside, breadcrumbs, share boxes, a line that is only links).

web.py decides which blocks are the article; this module only reads the markup.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from ..diagnostics import DiagnosticError
from .reading import _error, _where, looks_chinese
from .tables import table_of

CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # C0 controls but tab and line ends
DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
                      rb"""|^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
SNIFF_BYTES = 4096  # the declaration must come early, as browsers look for it
GB = {"gbk", "gb2312", "gb_2312-80", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}
UTF8 = {"utf-8", "utf8"}
DROPPED_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
                "canvas", "form", "select", "button", "input", "textarea", "video", "audio",
                "map", "head")
BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "table", "tr", "td", "th", "tbody", "thead", "tfoot", "section", "article", "main",
          "header", "footer", "nav", "aside", "blockquote", "pre", "center", "address",
          "figure", "figcaption", "caption", "body", "hr"}
FURNITURE_TAGS = {"nav", "header", "footer", "aside"}
# the words of class and id names that mark the site's boxes (BreadcrumbNav, share-box, xglj)
FURNITURE_NAMES = {"nav", "navbar", "menu", "topbar", "top", "header", "footer", "foot",
                   "bottom", "breadcrumb", "crumb", "crumbs", "position", "location", "dqwz",
                   "share", "sharebox", "bdshare", "qrcode", "related", "xgxx", "xglj", "link",
                   "links", "copyright", "sidebar", "banner", "ad", "ads", "print", "close",
                   "tool", "tools", "app", "download", "comment", "comments", "hot", "rank",
                   "ranking", "recommend"}
# names that say where a box stands, not what it holds: a left column of links or the right
# column that holds the article (main_right): web.py asks the extractor which one it is
PLACE_NAMES = {"left", "right", "top", "side", "aside", "l", "r"}
NAME_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)
SPACES = re.compile(r"[ \t\r\n\f]+")
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


@dataclass
class Piece:
    """One block of the page: its text, where the markup has it, and what the markup says."""

    text: str
    source_line: int
    level: int = 0  # 1-6 for <h1>-<h6>
    bold: bool = False  # every character inside <strong>, <b> or a bold style
    furniture: bool = False  # inside nav, header, footer, aside or a furniture-named box
    links: bool = False  # every character inside a link, and the block holds two or more
    table: dict | None = None  # a data table: columns, rows ({"group": …} or cells)
    box: int = 0  # the outermost box named for its place (left, right, side) it stands in


@dataclass
class Markup:
    """What a web page's markup holds: its blocks, its meta tags and what was taken out."""

    pieces: list[Piece] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # name (lower case) -> content
    title: str = ""  # the <title>
    removed: dict[str, int] = field(default_factory=dict)  # tag -> how many (script, style…)
    too_deep: int = 0  # the line where the markup nests past the parser's 256 levels, or 0


def decode(raw: bytes, file: str) -> tuple[str, str]:
    """Return a web page's text and the name of its charset: from the BOM, else the meta
    declaration (GBK and GB2312 read as GB18030, their superset), else UTF-8 or GB18030 by
    what the bytes read as; a declaration the bytes contradict is an error."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", "replace"), "UTF-8 with BOM"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", "replace"), "UTF-16"
    declared = DECLARED.search(raw[:SNIFF_BYTES])
    name = (declared.group(1) or declared.group(2)).decode("ascii").lower() if declared else ""
    if name in GB and not raw.isascii() and _reads_as(raw, "utf-8"):
        # GB18030 reads any bytes: UTF-8 text would pass as nonsense, so say what it is
        line = raw[:declared.start()].count(b"\n") + 1
        raise _error(file, f"the page declares charset={name} (line {line}) but its bytes are"
                           " UTF-8: correct the declaration", line, 1)
    if name in GB or name in UTF8:
        codec = "gb18030" if name in GB else "utf-8"
        try:
            return raw.decode(codec), name.upper()
        except UnicodeDecodeError as exc:
            other = "utf-8" if codec == "gb18030" else "gb18030"
            reads = _reads_as(raw, other)
            where = _where(raw, exc.start)
            hint = f"; it reads as {reads}: correct the declaration" if reads else ""
            line = raw[:declared.start()].count(b"\n") + 1
            raise DiagnosticError([_error(
                file, f"the page declares charset={name} (line {line}) but byte"
                      f" 0x{raw[exc.start]:02X} at offset {exc.start:,} is not {name.upper()}"
                      f"{hint}", *where).diagnostics[0]]) from None
    if name:
        try:
            return raw.decode(name), name.upper()
        except (LookupError, UnicodeDecodeError):
            pass  # an unknown or wrong declaration: read the bytes as below
    for codec in ("utf-8", "gb18030"):
        reads = _reads_as(raw, codec)
        if reads:
            return raw.decode(codec), reads
    raise _error(file, "the page's charset is not declared and its bytes are neither UTF-8 nor"
                       " Chinese text in GB18030; save it as UTF-8")


def _reads_as(raw: bytes, codec: str) -> str:
    """Return the charset's name when the bytes read as text in it (Chinese for GB18030)."""
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return ""
    if codec == "utf-8":
        return "UTF-8"
    visible = re.sub(r"<[^>]*>|&\w+;", "", text)
    return "GB18030" if looks_chinese(re.sub(r"[\x00-\x7f]", "", visible) or "x") else ""


def parse(text: str) -> Markup:
    """Return the blocks and the meta tags of a web page's text."""
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                  recover=True, huge_tree=False)
    text = CONTROLS.sub("", text)  # never text, and lxml refuses to set them on a node
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return Markup()
    markup = Markup()
    deep = next((e for e in parser.error_log if "Excessive depth" in e.message), None)
    markup.too_deep = deep.line if deep is not None else 0
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        if key and meta.get("content") and key not in markup.meta:
            markup.meta[key] = SPACES.sub(" ", meta.get("content")).strip()
    title = root.find(".//title")
    markup.title = SPACES.sub(" ", title.text_content()).strip() if title is not None else ""
    for tag in DROPPED_TAGS:
        for element in list(root.iter(tag)):
            markup.removed[tag] = markup.removed.get(tag, 0) + 1
            element.drop_tree()
    body = root.find("body")
    if body is not None:
        _walk(body, markup.pieces, False, 0, [0])
    return markup


def _box_kind(element) -> str:
    """Return what an element's tag, class or id say it is: "furniture", "place" or ""."""
    if element.tag in FURNITURE_TAGS:
        return "furniture"
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    words = {word.lower() for word in NAME_WORDS.findall(names)}
    return "furniture" if words & FURNITURE_NAMES else "place" if words & PLACE_NAMES else ""


class _Run:
    """The inline text gathered for one block: its parts, bold and linked."""

    def __init__(self, line: int) -> None:
        self.parts: list[tuple[str, bool, bool]] = []  # (text, bold, in a link)
        self.line = line
        self.anchors = 0


def _walk(element, pieces: list[Piece], furniture: bool, box: int, boxes: list[int]) -> None:
    """Append the blocks of an element, in reading order; `boxes` counts the place boxes."""
    kind = _box_kind(element)
    furniture = furniture or kind == "furniture"
    if kind == "place" and not box:
        boxes[0] += 1
        box = boxes[0]
    if element.tag == "table" and _is_data_table(element):
        table = _table(element)
        if table:
            pieces.append(Piece("", element.sourceline or 0, furniture=furniture, table=table,
                                box=box))
            return
    run = _Run(element.sourceline or 0)
    level = HEADINGS.get(element.tag, 0)

    def flush() -> None:
        """Append the gathered run as a piece, when it holds text."""
        text = _text(run.parts)
        if text:
            bold = all(b for t, b, _ in run.parts if t.strip())
            links = run.anchors >= 2 and all(a for t, _, a in run.parts if t.strip())
            pieces.append(Piece(text, run.line, level, bold or level > 0, furniture, links,
                                box=box))
        run.parts.clear()
        run.anchors = 0

    def inline(node, bold: bool, link: bool) -> None:
        """Gather a node's inline text; a block inside it ends the run."""
        if node.text:
            run.parts.append((node.text, bold, link))
        for child in node:
            if not isinstance(child.tag, str):
                pass
            elif child.tag in BLOCKS:
                flush()
                _walk(child, pieces, furniture, box, boxes)
                run.line = child.sourceline or run.line
            elif child.tag == "br":
                flush()
                run.line = child.sourceline or run.line
            else:
                strong = bold or child.tag in ("strong", "b") or \
                    bool(BOLD_STYLE.search(child.get("style") or ""))
                anchor = child.tag == "a"
                run.anchors += anchor
                inline(child, strong, link or anchor)
            if child.tail:
                run.parts.append((child.tail, bold, link))

    inline(element, bool(BOLD_STYLE.search(element.get("style") or "")), False)
    flush()


def _text(parts: list[tuple[str, bool, bool]]) -> str:
    """Return the text of a run: white space collapsed as a browser does, no-break spaces kept
    as spaces (two of them separate columns)."""
    text = SPACES.sub(" ", "".join(t for t, _, _ in parts)).replace("\xa0", " ")
    return text.strip()


def _is_data_table(table) -> bool:
    """Tell whether a table holds data (cells of text) rather than the page's layout."""
    if table.find(".//table") is not None:
        return False
    rows = table.findall(".//tr")
    if len(rows) < 2:
        return False
    for cell in table.iter("td", "th"):
        if any(child.tag in ("div", "ul", "ol", "h1", "h2", "h3") for child in cell.iter()):
            return False
        if len(SPACES.sub("", cell.text_content())) > 200:
            return False
    return max(len(r.findall("td") + r.findall("th")) for r in rows) >= 2


def _span(cell, name: str) -> int:
    """Return a cell's colspan or rowspan (1 when absent or not a number)."""
    try:
        return max(1, min(int(cell.get(name) or 1), 50))
    except ValueError:
        return 1


def _table(table) -> dict | None:
    """Return a data table as columns and rows (tables.py); a cell a rowspan covers is
    empty."""
    grid: list[list[tuple[str, int]]] = []
    pending: dict[int, int] = {}  # column -> rows a rowspan still covers
    for tr in table.iter("tr"):
        row: list[tuple[str, int]] = []
        column = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while pending.get(column):
                pending[column] -= 1
                row.append(("", 1))
                column += 1
            text = SPACES.sub(" ", cell.text_content()).replace("\xa0", " ").strip()
            span = _span(cell, "colspan")
            if _span(cell, "rowspan") > 1:
                for k in range(span):
                    pending[column + k] = _span(cell, "rowspan") - 1
            row.append((text, span))
            column += span
        grid.append(row)
    return table_of(grid)
