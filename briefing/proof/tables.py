"""Table rows across pages: a body row shows whole on a page when its cells show the whole
text of a row of the briefing's table with that header (cells joined, as normal text). A row
that does not is split: it begins at the foot of one page and ends on a later one, and is
reported once, on the page where it begins."""

from __future__ import annotations

from .findings import Finding, quote
from .reading import Page
from .roles import normal


def mark_rows(pages: list[Page], rows: dict[str, set[str]]) -> None:
    """Set whether each body row of a known table begins and ends on its page: a row that is
    not whole runs on from the page before when that page ended with a row not whole, and
    onto the next when it is its page's last element."""
    open_row = False  # the page before ended inside a row
    for page in pages:
        body = [e for e in page.elements if e.role == "row" and e.table in rows]
        ended_open = False
        for element in body:
            if normal("".join(element.cells)) in rows[element.table]:
                continue
            last = element is page.elements[-1]
            element.begins = not (open_row and element is body[0])
            element.ends = not last
            ended_open = last
        open_row = ended_open


def split_rows(output: str, pages: list[Page], captions: dict[str, str]) -> list[Finding]:
    """Return a finding for every table row split across pages, on the page where it begins;
    `captions` names each table by its header (normal text)."""
    found = []
    for index, page in enumerate(pages):
        for element in page.elements:
            if element.role != "row" or not element.begins or element.ends:
                continue
            end = index + 1
            while end < len(pages) and any(
                    e.role == "row" and not e.begins and not e.ends for e in pages[end].elements):
                end += 1
            table = captions.get(element.table, "")
            where = f" of table {quote(table)}" if table else ""
            first = next((cell for cell in element.cells if cell), "")
            found.append(Finding(
                output, page.number, "split row", first,
                f"row {quote(first)}{where} begins on page {page.number} and"
                f" ends on page {min(end, len(pages) - 1) + 1}"))
    return found
