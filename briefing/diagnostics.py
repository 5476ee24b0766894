"""Diagnostics: what went wrong, where, in the form editors and CI parse.

    content/x.yaml:12:5: error: sections[3].blocks[0].cards[2].title: this field is required
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

KeyPath = tuple[str | int, ...]


def format_path(path: KeyPath) -> str:
    """Return a key path as text: ``sections[3].blocks[0].cards[2].title`` (indexes 0-based)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding about an input file; line and column are 1-based (0 = unknown)."""

    file: str
    line: int
    column: int
    severity: str  # "error" or "warning"
    path: str
    message: str

    def __str__(self) -> str:
        """Return the diagnostic on one line (control characters escaped), as editors and CI
        parse it."""
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        subject = f"{self.path}: " if self.path else ""
        return one_line(f"{where}: {self.severity}: {subject}{self.message}")


def one_line(text: str) -> str:
    """Return text with its line breaks and other control characters escaped (\\n, \\x0b)."""
    return CONTROL.sub(lambda m: m[0].encode("unicode_escape").decode(), text)


class DiagnosticError(Exception):
    """Raised when an input cannot be used; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(map(str, diagnostics)))
        self.diagnostics = diagnostics


def summary_line(diagnostics: list[Diagnostic]) -> str:
    """Return the one closing line: how many errors and warnings in how many files."""
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len({d.file for d in diagnostics})
    parts = [f"{errors} error{'s' * (errors != 1)}"]
    if warnings:
        parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
    return f"{', '.join(parts)} in {files} file{'s' * (files != 1)}"
