"""Content file -> validated Briefing, or every problem at once as positioned diagnostics."""

from __future__ import annotations

import difflib
import os
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, DiagnosticError, KeyPath, format_path
from .model import Briefing
from .source import Located, load_yaml


@dataclass(frozen=True)
class LoadedBriefing:
    """A valid briefing with the file it came from and the position of every value."""

    briefing: Briefing
    located: Located
    file: str  # as shown in diagnostics
    path: Path

    @property
    def stem(self) -> str:
        """Return the name the outputs take: the file name without .yaml."""
        return self.path.stem


def display_name(path: Path) -> str:
    """Return a path as diagnostics show it: relative to the working folder when inside it,
    absolute otherwise."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(Path(path).absolute())
    return str(Path(path).absolute()) if relative.startswith("..") else relative


def load_briefing(path: Path) -> LoadedBriefing:
    """Read, parse and validate one content file; raise DiagnosticError with every problem."""
    file = display_name(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DiagnosticError([Diagnostic(file, 0, 0, "error", "",
                                          f"cannot read the file: {exc.strerror}")]) from None
    located = load_yaml(raw, file)
    try:
        briefing = Briefing.model_validate(located.data)
    except ValidationError as exc:
        raise DiagnosticError(sorted(located.problems + _diagnostics(exc, located, file))) \
            from None
    if located.problems:
        raise DiagnosticError(located.problems)
    return LoadedBriefing(briefing, located, file, path)


def _diagnostics(exc: ValidationError, located: Located, file: str) -> list[Diagnostic]:
    """Return one positioned diagnostic per distinct validation error."""
    found: dict[tuple, Diagnostic] = {}
    for error in exc.errors(include_url=False):
        path: KeyPath = tuple(error["loc"])
        message = _message(error, path)
        line, column = located.position(path, key=error["type"] == "extra_forbidden")
        diagnostic = Diagnostic(file, line, column, "error", format_path(path), message)
        found.setdefault((path, message), diagnostic)
    return list(found.values())


def _kind(value: Any) -> str:
    """Return how a wrong value is named in a message: a list, a mapping, 'text'."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


EXPECTED = {
    "string_type": "text",
    "list_type": "a list (lines starting with '- ')",
    "model_type": "a mapping (key: value lines)",
    "dict_type": "a mapping (key: value lines)",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "date_type": "a date as YYYY-MM-DD",
    "date_parsing": "a date as YYYY-MM-DD",
    "date_from_datetime_parsing": "a date as YYYY-MM-DD",
    "date_from_datetime_inexact": "a date as YYYY-MM-DD, without a time",
}

PATTERNS = {
    "language": "a language tag such as zh-CN or en",
    "url": "an address starting with http:// or https://",
}


def _message(error: dict, path: KeyPath) -> str:
    """Return a pydantic error as a sentence that says how to fix it."""
    kind, value = error["type"], error.get("input")
    if kind == "missing":
        return "this field is required"
    if kind == "extra_forbidden":
        key = str(path[-1])
        close = difflib.get_close_matches(key, _fields_at(path[:-1]), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"unknown key '{key}'{hint}"
    if value is None and kind in EXPECTED:
        return "this field is empty; write a value or remove the key"
    if kind in EXPECTED:
        return f"expected {EXPECTED[kind]}, got {_kind(value)}"
    if kind == "string_too_short":
        return "this field is empty; write a value or remove the key"
    if kind == "too_short":
        return "this list needs at least one entry"
    if kind == "string_pattern_mismatch":
        return f"expected {PATTERNS.get(str(path[-1]), 'another form')}, got {_kind(value)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{_kind(value)} is out of range: {error['msg'][0].lower()}{error['msg'][1:]}"
    message = error["msg"].removeprefix("Value error, ")
    return message[0].lower() + message[1:]


def _fields_at(path: KeyPath) -> list[str]:
    """Return the keys allowed at a path of the model, for 'did you mean' hints."""
    model: Any = Briefing
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        field = model.model_fields.get(part)
        model = _model_in(field.annotation) if field else None
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    """Return the first pydantic model inside an annotation (list[X], X | None, …)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if isinstance(arg, types.GenericAlias) or typing.get_args(arg) or isinstance(arg, type):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
