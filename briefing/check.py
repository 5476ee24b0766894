"""`check`: everything a build verifies before rendering, without writing anything."""

from __future__ import annotations

from pathlib import Path

from .content import load_briefing
from .diagnostics import DiagnosticError
from .pipeline import BuildResult, check_fonts
from .theme import load_theme


def check(source: Path, theme: str = "default") -> BuildResult:
    """Validate a content file and the fonts its theme needs; write nothing."""
    result = BuildResult(Path(source))
    try:
        loaded = load_briefing(Path(source))
        result.diagnostics = check_fonts(load_theme(theme), loaded.briefing.is_chinese)
    except DiagnosticError as exc:
        result.diagnostics = exc.diagnostics
    return result
