"""A saved web page (.html, .htm) -> the page's text as numbered paragraphs, for the steps that
read a copied page: the article that readability-lxml finds, the title and the info line
(发布时间：… 来源：… 【字体：大 中 小】 打印本页) above it, data tables as tables, and every other
block of the page — navigation, breadcrumbs, share links, related links, footers — kept as a
dropped paragraph, so that the draft's header lists it. The meta tags Chinese government sites
write (ArticleTitle, PubDate, ContentSource, …) stand in where the text has no title, date or
source. Nothing is run or fetched: scripts, styles, frames and forms are taken out unread.

readability-lxml was chosen by measuring it, trafilatura and selectolax with rules on fictional
pages shaped like government sites (docs/importing.md, "Web pages").
"""

from __future__ import annotations

import re

from ..design.templating import cjk_numeral
from .furniture import Field, metadata_fields
from .markup import Markup, Piece, decode, parse
from .reading import _error
from .tables import TABLE_LINE

TITLE_META = ("articletitle", "og:title", "title", "dc.title")
DATE_META = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time",
             "dc.date", "dcterms.created", "dc.date.created", "date")
SOURCE_META = ("contentsource", "source", "dc.publisher", "author")
SITE_SUFFIX = re.compile(r"\s*[_|｜—–-]+\s*[^_|｜—–-]*$")
QUESTION_END = "？?"
MARKED = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+"
                    r"\s*[）)]|\d+\s*[.．、]|第[一二三四五六七八九十]+部分|问\s*[:：])")
WIDE = re.compile(r"\s")
MAX_DEPTH = 256  # elements nested in one another: libxml2's limit without its huge option
LONG = 20  # characters: a shorter block must be a line of the article, not a part of one


def _flat(text: str) -> str:
    """Return text without white space, to compare what the extractor kept."""
    return WIDE.sub("", text)


def article_text(html: str) -> str:
    """Return the text of the article readability-lxml finds in a page's markup, one line a
    block of it."""
    from readability import Document

    try:
        summary = Document(html).summary(html_partial=True)
    except Exception:  # readability raises its own errors for pages it cannot score
        return ""
    if not summary.strip():
        return ""
    pieces = parse(summary).pieces
    cells = [c for p in pieces if p.table for row in p.table["rows"] if isinstance(row, list)
             for c in row if c]
    return "\n".join([p.text for p in pieces if p.text] + cells)


def _kept(piece: Piece, article: str, lines: set[str]) -> bool:
    """Tell whether the extractor kept a block: a short one as a line of its own, a long one
    within its text, a table by most of its cells."""
    if piece.furniture or piece.links:
        return False
    if piece.table:
        cells = [c for row in piece.table["rows"] if isinstance(row, list) for c in row if c]
        return sum(_flat(c) in article for c in cells) * 2 >= len(cells)
    flat = _flat(piece.text)
    return flat in lines or len(flat) >= LONG and flat in article


def _title_of(markup: Markup) -> str:
    """Return the page's title from its meta tags, or its <title> without the site's name."""
    for key in TITLE_META:
        if markup.meta.get(key):
            return markup.meta[key]
    return SITE_SUFFIX.sub("", markup.title) if markup.title else ""


def _meta_fields(markup: Markup) -> list[Field]:
    """Return the date and the source the meta tags give, as fields at line 0."""
    found = []
    for keys, label in ((DATE_META, "发布时间"), (SOURCE_META, "来源")):
        key = next((k for k in keys if markup.meta.get(k)), None)
        if key:
            found.append(Field(label, markup.meta[key], 0, 0, f'<meta name="{key}">'))
    return found


def read_markup(markup: Markup, article: str) -> tuple[list[str], set[int], dict[int, dict],
                                                       list[Field]]:
    """Return the page's paragraphs (line n is paragraph n), the paragraphs dropped, the
    tables by paragraph and the fields of the meta tags."""
    lines_kept = {_flat(line) for line in article.splitlines()}
    article = _flat(article)
    kept = [_kept(p, article, lines_kept) for p in markup.pieces]
    for box in _side_boxes(markup.pieces, kept):  # a column beside the article: its boxes
        for i, piece in enumerate(markup.pieces):
            if piece.box == box:
                kept[i] = False
                piece.furniture = True
    first = next((i for i, k in enumerate(kept) if k), len(kept))
    last = max((i for i, k in enumerate(kept) if k), default=-1)
    title = _title_of(markup)
    title_at = _title_index(markup.pieces, kept, first, title)
    for i in range(first):  # the head above the article: the title and the info line
        piece = markup.pieces[i]
        if not (piece.furniture or piece.links or piece.table):
            kept[i] = i == title_at or metadata_fields(piece.text, 0) is not None
    for i in range(last + 1, len(kept)):  # the fields printed under the article
        piece = markup.pieces[i]
        if not piece.furniture and not piece.table and metadata_fields(piece.text, 0):
            kept[i] = True
    lines: list[str] = []
    dropped: set[int] = set()
    tables: dict[int, dict] = {}
    if title and title_at is None:
        lines.append(title)  # the article has no title of its own: the meta tag's
    numbering = _heading_levels(markup.pieces, kept, -1 if title_at is None else title_at)
    for index, (piece, keep) in enumerate(zip(markup.pieces, kept, strict=True)):
        if piece.table:
            lines.append(TABLE_LINE)
            tables[len(lines)] = piece.table
        else:
            lines.append(numbering.get(index, "") + _as_question(piece) if keep else piece.text)
        if not keep:
            dropped.add(len(lines))
    return lines, dropped, tables, _meta_fields(markup)


def _side_boxes(pieces: list[Piece], kept: list[bool]) -> set[int]:
    """Return the boxes named for their place (left, right, side) that hold less than half
    of the article the extractor kept: columns beside it, not the column it stands in."""
    size = {}
    for piece, keep in zip(pieces, kept, strict=True):
        if keep:
            size[piece.box] = size.get(piece.box, 0) + len(_flat(piece.text))
    total = sum(size.values())
    boxes = {p.box for p in pieces if p.box}
    return {box for box in boxes if size.get(box, 0) * 2 < total}


def _title_index(pieces: list[Piece], kept: list[bool], first: int, title: str) -> int | None:
    """Return the index of the block that is the page's title, at or above the article's
    first block: the one the meta tags name, else an <h1>, else (no meta title) an <h2>."""
    usable = [i for i in range(min(first + 1, len(pieces))) if not (
        pieces[i].furniture or pieces[i].links or pieces[i].table) and (i < first or kept[i])]

    def named(i: int) -> bool:
        """Tell whether a block is the title the meta tags give (or its first part)."""
        flat = _flat(pieces[i].text)
        return bool(title and flat and (flat == _flat(title) or _flat(title).startswith(flat)
                                        and 2 * len(flat) >= len(_flat(title))))

    for test in (named, lambda i: pieces[i].level == 1,
                 lambda i: not title and pieces[i].level == 2):
        found = next((i for i in usable if test(i)), None)
        if found is not None:
            return found
    return None


def _heading_levels(pieces: list[Piece], kept: list[bool], after: int) -> dict[int, str]:
    """Return the numbers to print before the article's <h2>–<h6> headings that have none
    (the top level used 一、, the next （一）), as a Word file's heading styles get them."""
    inside = [i for i, p in enumerate(pieces) if kept[i] and i > after and p.level >= 2
              and not p.table and not MARKED.match(p.text) and
              not p.text.endswith(tuple(QUESTION_END))]
    levels = sorted({pieces[i].level for i in inside})[:2]
    counts = [0, 0]
    numbers = {}
    for i in inside:
        if pieces[i].level not in levels:
            continue
        depth = levels.index(pieces[i].level)
        counts[depth] += 1
        counts[depth + 1:] = [0] * (1 - depth)
        n = cjk_numeral(counts[depth])
        numbers[i] = f"{n}、" if depth == 0 else f"（{n}）"
    return numbers


def _as_question(piece: Piece) -> str:
    """Return a block's text, with 问： before a bold question that the page does not mark."""
    text = piece.text
    if piece.bold and not piece.level and text.endswith(tuple(QUESTION_END)) and \
            not text.startswith(("问", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十")):
        return "问：" + text
    return text


def read_web(raw: bytes, file: str) -> tuple[list[str], set[int], dict[int, dict],
                                             list[Field], str, dict[str, int]]:
    """Return a web page's paragraphs, the dropped ones, its tables, its meta fields, its
    charset and what was taken out of its markup; raise DiagnosticError for a page that
    cannot be read."""
    text, charset = decode(raw, file)
    markup = parse(text)
    if markup.too_deep:
        raise _error(file, f"the page's markup nests more than {MAX_DEPTH} elements deep; it"
                           " cannot be read past that (save the page again, or copy its text)",
                     markup.too_deep)
    lines, dropped, tables, fields = read_markup(markup, article_text(text))
    return lines, dropped, tables, fields, charset, markup.removed
