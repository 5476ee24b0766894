"""Tables continued on the next page under 续表N, as Chinese documents print them.

WeasyPrint repeats a table's header rows on every page the table runs onto, but not its
caption, and CSS cannot tell a continued header from the first. So the briefing is laid out,
every table whose rows run onto another page is cut before the first row of each page after
its first, and the cut-off rows become a table of their own: a page break, the caption the
template gave it (``data-continued="续表1"``), the same header rows. The briefing is then laid
out again, until no table runs on uncut (one cut a pass). A table on more than CUT_PAGES
pages is not cut (each cut is a layout of the whole briefing): it goes on under its
repeated header alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import engine

CUT_PAGES = 3  # a table on more pages than this goes on under its repeated header only
MAX_PASSES = 4  # layouts a briefing's continued tables may cost, in all
ROW_ATTRIBUTE = "data-row"  # on each body row of a table: the row's path, ….table.rows[k]
ROW_PATH = re.compile(r"^(.*\.table)\.rows\[(\d+)\]$")


def page_starts(document) -> dict[str, set[int]]:
    """Return, for every table of a laid-out document that runs onto another page, the rows
    (by index) that begin each page after the table's first; a row taller than a page (one
    on more than one page) is none: cut before it, it would leave its caption alone."""
    pages: list[list[str]] = []  # per page, the first row of each table on it, by path
    seen_on: dict[str, int] = {}  # row path -> the number of pages it is on
    table_row = engine.kinds().table_row
    for area in engine.page_boxes(document):
        firsts: dict[str, str] = {}
        rows: set[str] = set()
        for box, _ in engine.walk(area):
            element = getattr(box, "element", None)
            match = ROW_PATH.match(element.get(ROW_ATTRIBUTE) or "") \
                if isinstance(box, table_row) and element is not None else None
            if match:
                rows.add(match.group(0))
                firsts.setdefault(match.group(1), match.group(0))
        for row in rows:
            seen_on[row] = seen_on.get(row, 0) + 1
        pages.append(list(firsts.values()))
    found: dict[str, set[int]] = {}
    started: set[str] = set()
    for firsts in pages:
        for row in firsts:
            table, index = ROW_PATH.match(row).groups()
            if table in started and seen_on[row] == 1:
                found.setdefault(table, set()).add(int(index))
            started.add(table)
    return found


def cut(html: str, table: str, row: int) -> str:
    """Return the HTML with a table cut before one of its body rows: the rows from there on
    in a table of their own, after a page break, under the continued caption and the same
    header rows."""
    at = html.find(f'<tr {ROW_ATTRIBUTE}="{table}.rows[{row}]"')
    start = html.rfind("<table", 0, at)
    if at < 0 or start < 0:
        return html
    opening = re.match(r"<table[^>]*>", html[start:]).group(0)
    caption = re.search(r'data-continued="([^"]*)"', opening)
    header = re.search(r"<thead>.*?</thead>", html[start:at], re.S)
    if caption is None or header is None:
        return html
    classes = re.search(r'class="([^"]*)"', opening)
    again = (f'<table class="{classes.group(1) + " " if classes else ""}continued"'
             f' data-continued="{caption.group(1)}">'
             f'<caption class="continued-caption">{caption.group(1)}</caption>'
             f"{header.group(0)}<tbody>")
    return html[:at] + "</tbody></table>" + again + html[at:]


def with_continued_tables(lay_out: Callable[[str], object], html: str) -> tuple[str, object]:
    """Lay out HTML, cutting its tables where they run onto another page until none does
    uncut; return the HTML as cut and its layout (the first, when no table runs on).

    One cut a pass, the first in reading order: a cut moves everything after it, so the
    places found for later ones no longer hold."""
    document = lay_out(html)
    if f"{ROW_ATTRIBUTE}=" not in html:
        return html, document
    starts = page_starts(document)
    # a table running over more pages than CUT_PAGES keeps its repeated header only: a cut
    # costs a layout of the whole briefing
    done = {(table, row) for table, rows in starts.items() if len(rows) >= CUT_PAGES
            for row in rows}
    for _ in range(MAX_PASSES):
        todo = [(table, row) for table, rows in starts.items()
                for row in rows if (table, row) not in done]
        if not todo:
            break
        first = min(todo, key=lambda place: html.find(f'{ROW_ATTRIBUTE}="{place[0]}.rows['
                                                        f'{place[1]}]"'))
        done.add(first)
        cut_html = cut(html, *first)
        if cut_html == html:
            continue
        html = cut_html
        del document
        document = lay_out(html)
        starts = page_starts(document)
    return html, document
