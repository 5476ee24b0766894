"""`build.py import PAGE`: the importer's draft (briefing.importer) of a page as text, a saved
web page or a Word file, then the same checks as `build.py check` on the new file, so that
what the import kept as printed is reported at its line:column in that file."""

from __future__ import annotations

import os
from pathlib import Path

from ..diagnostics import Diagnostic
from ..importer.page import ImportResult, import_page
from . import arguments
from .checking import check


def import_text(page: Path | str, output: Path | str | None = None, force: bool = False,
                theme: str = "default") -> ImportResult:
    """Import a page into a content file and check the file; never raises for bad input."""
    problems = arguments.path_problems("import_text", page=page) \
        + (arguments.path_problems("import_text", output=output) if output is not None
           else []) + arguments.name_problems("import_text", theme=theme)
    if problems:
        return ImportResult(arguments.shown(page), diagnostics=problems)
    try:
        result = import_page(Path(page), Path(output) if output else None, force)
    except Exception as exc:  # a bug, not a problem of the page: say so without a traceback
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        return ImportResult(Path(page), diagnostics=[Diagnostic(
            str(page), 0, 0, "error", "", f"internal error: {type(exc).__name__}: {exc} (set"
            " BRIEFING_DEBUG=1 for the traceback, and please report it)")])
    if result.written is not None:
        result.diagnostics += check(result.written, theme).diagnostics
    return result
