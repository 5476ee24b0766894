"""A file -> its page, whatever it is: the kind comes from its first bytes (reading.kind_of),
then plain text is read by reading.py, a Word file by word.py and a web page by web.py, each
into the same numbered lines (a document's paragraphs), with the tables, the dropped lines and
the metadata fields that only a document can give."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic
from .reading import Page, read_raw, text_page


def read_document(path: Path, file: str) -> tuple[Page, list[Diagnostic]]:
    """Read any file the import takes; return its page and warnings, or raise
    DiagnosticError."""
    raw, kind = read_raw(path, file)
    if kind == "Word file":
        from .word import read_word
        lines, tables, fields = read_word(raw, file)
        return Page(file, path, lines, "Word file", len(raw), kind, tables=tables,
                    fields=fields), []
    if kind == "web page":
        from .web import read_web
        lines, dropped, tables, fields, charset, removed = read_web(raw, file)
        return Page(file, path, lines, f"web page in {charset}", len(raw), kind,
                    frozenset(dropped), tables, fields, removed), []
    return text_page(raw, path, file)
