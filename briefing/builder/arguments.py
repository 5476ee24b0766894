"""The library API's arguments, checked before anything is read: a path that is no path, a
name that is no name, outputs given as one string. A caller gets diagnostics, as for a bad
content file, never a TypeError from deep inside (issue 22, item 13)."""

from __future__ import annotations

import os
from pathlib import Path

from ..diagnostics import Diagnostic


def path_problems(call: str, **paths: object) -> list[Diagnostic]:
    """Return an error for each argument that is not a path (a str or an os.PathLike, no NUL
    character, not empty); None is left to the caller where it means "not given"."""
    found = []
    for name, value in paths.items():
        if not isinstance(value, (str, os.PathLike)):
            found.append(_error(call, name, f"expected a path (a str or os.PathLike), got"
                                            f" {_kind(value)}"))
        elif "\0" in os.fspath(value):
            found.append(_error(call, name, "a path cannot hold a NUL character"))
        elif not os.fspath(value):
            found.append(_error(call, name, "expected a path, got an empty one"))
    return found


def name_problems(call: str, **names: object) -> list[Diagnostic]:
    """Return an error for each argument that should be a name (a theme's) and is not a str."""
    return [_error(call, name, f"expected a name (a str), got {_kind(value)}")
            for name, value in names.items() if not isinstance(value, str)]


def as_outputs(outputs: object) -> tuple[str, ...] | None:
    """Return the outputs asked for as a tuple: "pdf,pptx" or "pdf" as one string is a list
    of them, not of letters; None for a value that is neither a string nor a sequence of
    strings."""
    if isinstance(outputs, str):
        return tuple(kind.strip() for kind in outputs.split(",") if kind.strip())
    if isinstance(outputs, (list, tuple, set, frozenset)) and all(isinstance(k, str)
                                                                  for k in outputs):
        return tuple(outputs)
    return None


def output_problems(call: str, outputs: object) -> list[Diagnostic]:
    """Return an error when outputs are neither a string nor strings."""
    if as_outputs(outputs) is None:
        return [_error(call, "outputs", f"expected output names (\"pdf,pptx\" or a tuple of"
                                        f" them), got {_kind(outputs)}")]
    return []


def shown(value: object) -> Path:
    """Return the path a result names for an argument, a checked one or not."""
    return Path(value) if isinstance(value, (str, os.PathLike)) and "\0" not in os.fspath(
        value) and os.fspath(value) else Path(f"<{type(value).__name__}>")


def _error(call: str, name: str, message: str) -> Diagnostic:
    """Return a diagnostic about an argument of a call."""
    return Diagnostic(f"{call}()", 0, 0, "error", name, message)


def _kind(value: object) -> str:
    """Return what a value is, for a message: None, or its type and a short repr."""
    if value is None:
        return "None"
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:40] + '…'}"
