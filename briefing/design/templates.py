"""Where templates, themes and labels are found: a folder of the user's, when one is named
(``--templates DIR``), over the ones shipped with the tool.

A file in the user's folder stands in for the shipped file of the same relative path
(``themes/office.yaml``, ``briefing/briefing.css``, ``deck/outline.json.j2``); every other file
comes from the shipped templates. The shipped ones are ``briefing/templates/`` in an installed
package and the checkout's top-level ``templates/`` in a source tree (pyproject.toml maps the one
onto the other).
"""

from __future__ import annotations

import contextlib
from importlib import resources
from pathlib import Path

from ..diagnostics import Diagnostic, DiagnosticError

PROJECT = Path(__file__).resolve().parents[2]


def _shipped() -> Path:
    """Return the templates folder that comes with the tool: in the package, or the checkout's."""
    packaged = Path(str(resources.files("briefing") / "templates"))
    return packaged if packaged.is_dir() else PROJECT / "templates"


SHIPPED = _shipped()
# The user's folder in use: one per process at a time, so that every thread of a build (watch's
# preview server's included) and every process forked for it sees the same templates.
_user: Path | None = None


def user_folder() -> Path | None:
    """Return the user's templates folder in use, or None."""
    return _user


def roots() -> tuple[Path, ...]:
    """Return the folders searched for a template, the user's first."""
    return (_user, SHIPPED) if _user is not None else (SHIPPED,)


def find(relative: str) -> Path:
    """Return the file a template path names: the user's if it has one, else the shipped one
    (which may not exist: the caller says so)."""
    for root in roots():
        path = root / relative
        if path.is_file():
            return path
    return SHIPPED / relative


def names(folder: str, suffix: str) -> list[str]:
    """Return the stems of the files of a template folder (themes, labels) in any root."""
    return sorted({p.name.removesuffix(suffix) for root in roots()
                   for p in (root / folder).glob(f"*{suffix}") if p.is_file()})


def relative(path: Path) -> str | None:
    """Return a path's place under the root that holds it (``deck/slides.css``), or None when
    it is under none of them."""
    resolved = path.resolve()
    for root in roots():
        if resolved.is_relative_to(root.resolve()):
            return resolved.relative_to(root.resolve()).as_posix()
    return None


def shown(path: Path) -> str:
    """Return a template file's name as diagnostics show it: ``templates/…`` for a shipped
    file, the user's folder as it was named for one of theirs."""
    resolved = path.resolve()
    if _user is not None and resolved.is_relative_to(_user.resolve()):
        return str(_user / resolved.relative_to(_user.resolve()))
    if resolved.is_relative_to(SHIPPED.resolve()):
        return "templates/" + resolved.relative_to(SHIPPED.resolve()).as_posix()
    return str(path)


def folder_named(folder: Path | str | None, file: str) -> Path | None:
    """Return the user's templates folder a build of `file` names (None: none named); raise
    DiagnosticError, for that file, when it is no folder."""
    if folder is None:
        return None
    if not Path(folder).is_dir():
        raise DiagnosticError([Diagnostic(file, 0, 0, "error", "",
                                          f"templates: no such folder {folder}")])
    return Path(folder)


@contextlib.contextmanager
def using(folder: Path | str | None):
    """Search a user's templates folder over the shipped ones while the block runs (None:
    keep the folders in use as they are)."""
    global _user
    previous = _user
    if folder is not None:
        _user = Path(folder)
    try:
        yield
    finally:
        _user = previous
