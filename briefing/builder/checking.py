"""Everything verified before anything is rendered: fonts installed and covering every
character, copy lint, templates; `build.py check` runs it all and writes nothing."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..checks.characters import character_problems
from ..checks.coverage import uncovered
from ..checks.figures import check_figures
from ..checks.lint import fix_text, lint
from ..content.load import LoadedBriefing, load_briefing, read_limited
from ..design import templates as template_folders
from ..design.fonts import find_face
from ..design.images import LOGO_KEY, Picture
from ..design.theme import Theme, language_problem, load_theme
from ..diagnostics import Diagnostic, DiagnosticError
from . import arguments
from .result import BuildResult


def check_fonts(theme: Theme, chinese: bool) -> list[Diagnostic]:
    """Return an error for each font the theme needs that fontconfig cannot find."""
    pdf = theme.fonts.pdf
    needed = [pdf.serif_cjk[0], pdf.sans_cjk[0], *pdf.kai_cjk[:1]] if chinese \
        else [pdf.serif_latin[0], pdf.sans_latin[0]]
    needed += [theme.fonts.deck.metrics_latin, theme.fonts.deck.metrics_east_asian]
    return [Diagnostic(f"templates/themes/{theme.name}.yaml", 0, 0, "error", "fonts",
                       f"font '{family}' is not installed (run `make` to install the fonts)")
            for family in dict.fromkeys(needed) if find_face(family) is None]


@dataclass(frozen=True)
class Preflight:
    """What the checks before rendering found, and the pictures they read: the figures' by
    path as written, the theme's emblem under LOGO_KEY."""

    diagnostics: list[Diagnostic]
    pictures: dict[str, Picture]


def preflight(loaded: LoadedBriefing, theme: Theme) -> list[Diagnostic]:
    """Return what must hold before rendering (see run_preflight)."""
    return run_preflight(loaded, theme).diagnostics


def run_preflight(loaded: LoadedBriefing, theme: Theme) -> Preflight:
    """Check what must hold before rendering: a language the templates write, characters
    every output can set, pictures that stay in the content's folder and decode, installed
    fonts and coverage (errors), copy lint (warnings), and an organisation's master and
    SOURCE_DATE_EPOCH that work."""
    language = language_problem(loaded.briefing.language)
    found = [Diagnostic(loaded.file, *loaded.located.position(("language",)), "error",
                        "language", language)] if language else []
    figures, pictures = check_figures(loaded)
    found += character_problems(loaded) + source_date_problems(loaded.file) + figures
    if theme.logo:
        pictures[LOGO_KEY] = theme.logo_picture()
    fonts = check_fonts(theme, loaded.briefing.is_chinese)
    if fonts:
        return Preflight(found + fonts, pictures)
    return Preflight(sorted(found + uncovered(loaded, theme) + lint(loaded)
                            + check_master(theme)), pictures)


def source_date_problems(file: str) -> list[Diagnostic]:
    """Return an error when SOURCE_DATE_EPOCH is set to something that is no date a build can
    stamp (a whole number of seconds up to 2107)."""
    from ..pdf.html import source_date_problem
    problem = source_date_problem()
    return [Diagnostic(file, 0, 0, "error", "", problem)] if problem else []


def check_master(theme: Theme) -> list[Diagnostic]:
    """Return what an organisation's deck master lacks (layouts, placeholders, 16:9)."""
    if not theme.deck_master:
        return []
    from ..deck.master import open_master
    try:
        open_master(theme)
    except DiagnosticError as exc:
        return exc.diagnostics
    return []


def check_templates(loaded: LoadedBriefing, theme: Theme,
                    pictures: dict[str, Picture]) -> list[Diagnostic]:
    """Render every template (without laying anything out); return their errors."""
    from ..deck.outline import plan
    from ..pdf.html import briefing_html, briefing_styles, handout_html
    try:
        briefing_html(loaded, theme, pictures)
        briefing_styles(loaded, theme)
        handout_html(loaded, theme=theme, pictures=pictures)
        plan(loaded)
    except DiagnosticError as exc:
        return exc.diagnostics
    return []


def strict(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Return the diagnostics with every warning made an error (--strict)."""
    return [Diagnostic(d.file, d.line, d.column, "error", d.path, d.message)
            for d in diagnostics]


def fix_file(path: Path) -> int:
    """Rewrite the mechanical slips (punctuation width, stray spaces, zeros, doubled marks)
    in a content file in place, keeping comments, order and formatting; return how many
    characters changed.

    A symbolic link's target is fixed; the file keeps its mode and owner, and its other hard
    links see the fix. A read-only file is not touched: OSError, as for any write that fails.
    """
    target = path.resolve()
    raw, size = read_limited(target)
    if size > len(raw):  # too big: the check that follows says so
        return 0
    bom = raw.startswith(b"\xef\xbb\xbf")
    text, changes = fix_text(raw.decode("utf-8-sig"))
    if not changes:
        return 0
    info = target.stat()
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "the file is read-only; nothing was changed")
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    if info.st_nlink > 1:  # other names share this file: rewrite it where it is
        with open(target, "r+b") as file:
            file.write(data)
            file.truncate()
        return changes
    # a new name (O_EXCL: never a file or a link planted under a name known in advance)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                    suffix=".fix.tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            os.fchmod(file.fileno(), stat.S_IMODE(info.st_mode))
            if os.geteuid() == 0:
                os.fchown(file.fileno(), info.st_uid, info.st_gid)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return changes


def check(source: Path | str, theme: str = "default", warnings_are_errors: bool = False,
          templates: Path | str | None = None):
    """Validate a content file, its fonts, its copy and the templates (a user's folder of
    them over the shipped ones, when named); write nothing."""
    result = BuildResult(arguments.shown(source))
    problems = arguments.path_problems("check", source=source) \
        + (arguments.path_problems("check", templates=templates) if templates is not None
           else []) + arguments.name_problems("check", theme=theme)
    if problems:
        result.diagnostics = problems
        return result
    try:
        folder = template_folders.folder_named(templates, str(source))
    except DiagnosticError as exc:
        result.diagnostics = exc.diagnostics
        return result
    with template_folders.using(folder):
        return _check(result, source, theme, warnings_are_errors)


def _check(result: BuildResult, source: Path | str, theme: str, warnings_are_errors: bool):
    """Fill result with what the check of a content file finds; return it."""
    try:
        loaded = load_briefing(Path(source))
        tokens = load_theme(theme)
        checked = run_preflight(loaded, tokens)
        found = checked.diagnostics
        if not any(d.severity == "error" for d in found):
            found += check_templates(loaded, tokens, checked.pictures)
    except DiagnosticError as exc:
        found = exc.diagnostics
    result.diagnostics = strict(found) if warnings_are_errors else found
    return result
