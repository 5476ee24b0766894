"""Content file -> validated Briefing, or every problem at once as positioned diagnostics."""

from __future__ import annotations

import difflib
import errno
import hashlib
import os
import stat
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic, DiagnosticError, KeyPath, format_path
from . import limits
from .charts import chart_problems
from .model import BLOCK_KINDS, Briefing, Cards, Goal, GroupRow, Groups, Table, quoted
from .source import Located, load_yaml, size_problem

# Lists whose entries are tagged unions: pydantic puts the tag into an error's location, just
# after the entry's index; the file has no such key, so it is taken out again.
TAGS = {"blocks": set(BLOCK_KINDS), "rows": {"group", "cells"}}
BLOCK_OPTIONS = {name for cls in BLOCK_KINDS.values() for name in cls.model_fields} - set(TAGS)


@dataclass(frozen=True)
class LoadedBriefing:
    """A valid briefing with the file it came from and the position of every value."""

    briefing: Briefing
    located: Located
    file: str  # as shown in diagnostics
    path: Path
    digest: str = ""  # SHA-256 of the bytes read: what the outputs are made from

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


def read_limited(path: Path, limit: int = limits.MAX_FILE_BYTES) -> tuple[bytes, int]:
    """Return at most limit + 1 bytes of a regular file, and its size in bytes; raise OSError
    for anything else (a FIFO would block, /dev/zero never ends)."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "not a regular file")
    with open(path, "rb") as file:
        return file.read(limit + 1), info.st_size


def load_briefing(path: Path | str) -> LoadedBriefing:
    """Read, parse and validate one content file; raise DiagnosticError with every problem."""
    path = Path(path)
    file = display_name(path)
    try:
        raw, size = read_limited(path)
    except OSError as exc:
        raise DiagnosticError([Diagnostic(file, 0, 0, "error", "",
                                          f"cannot read the file: {exc.strerror}")]) from None
    too_big = size_problem(max(size, len(raw)), file)
    if too_big:
        raise too_big
    located = load_yaml(raw, file)
    try:
        briefing = Briefing.model_validate(located.data)
    except ValidationError as exc:
        raise DiagnosticError(sorted(located.problems + _diagnostics(exc, located, file))) \
            from None
    problems = located.problems + [
        Diagnostic(file, *located.position(path, key=path[-1] == "chart"), "error",
                   format_path(path), message)
        for path, message in structure_problems(briefing)]
    if problems:
        raise DiagnosticError(sorted(problems))
    return LoadedBriefing(briefing, located, file, path, hashlib.sha256(raw).hexdigest())


def structure_problems(briefing: Briefing) -> list[tuple[KeyPath, str]]:
    """Return what the model's types cannot say: table rows whose cells do not match the
    columns, charts of columns or rows a table lacks, keywords too long for a deck, an overview
    diagram too big to draw."""
    found: list[tuple[KeyPath, str]] = []
    keywords = len(", ".join(briefing.keywords))
    if keywords > limits.KEYWORDS:
        found.append((("keywords",), f"the keywords are {keywords} characters in all; a deck"
                      f" holds at most {limits.KEYWORDS}"))
    rows = int(any(getattr(b, "overview", False) for s in briefing.sections for b in s.blocks
                   if isinstance(b, Goal)))
    for s, section in enumerate(briefing.sections):
        for b, block in enumerate(section.blocks):
            where = ("sections", s, "blocks", b)
            if isinstance(block, (Cards, Groups)) and block.overview:
                boxes = block.counted()
                if boxes <= limits.OVERVIEW_BOXES:
                    rows += -(-boxes // limits.OVERVIEW_PER_ROW)
                if boxes > limits.OVERVIEW_BOXES:
                    found.append(((*where, "overview"), f"the overview diagram draws at most"
                                  f" {limits.OVERVIEW_BOXES} boxes for a block, and this one"
                                  f" has {boxes}; set overview: false or split the block"))
                elif rows > limits.OVERVIEW_ROWS:
                    found.append(((*where, "overview"), f"the overview diagram holds at most"
                                  f" {limits.OVERVIEW_ROWS} rows of up to"
                                  f" {limits.OVERVIEW_PER_ROW} boxes, and this block would"
                                  f" need row {rows}; set overview: false here or elsewhere"))
            if not isinstance(block, Table):
                continue
            columns = len(block.table.columns)
            rows_fit = True
            for r, row in enumerate(block.table.rows):
                if isinstance(row, list) and len(row) != columns:
                    rows_fit = False
                    found.append(((*where, "table", "rows", r),
                                  f"this row has {len(row)} cell{'s' * (len(row) != 1)}; the"
                                  f" table has {columns} columns"))
            if block.chart is not None and rows_fit:
                found += [((*where, *path), message)
                          for path, message in chart_problems(block.table, block.chart)]
    return found


def _is_tag(loc: tuple, i: int) -> bool:
    """Tell whether a location's part i is the tag pydantic put after a tagged entry's index."""
    return i >= 2 and isinstance(loc[i - 1], int) and loc[i - 2] in TAGS \
        and loc[i] in TAGS[loc[i - 2]]


def model_path(loc: tuple) -> KeyPath:
    """Return a pydantic error location as the key path in the file (union tags taken out)."""
    return tuple(part for i, part in enumerate(loc) if not _is_tag(loc, i))


def _diagnostics(exc: ValidationError, located: Located, file: str) -> list[Diagnostic]:
    """Return one positioned diagnostic per distinct validation error."""
    found: dict[tuple, Diagnostic] = {}
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        path = model_path(loc)
        message, at_key = _message(error, loc, path)
        line, column = located.position(at_key or path, key=bool(at_key) or
                                        error["type"] == "extra_forbidden")
        diagnostic = Diagnostic(file, line, column, "error", format_path(path), message)
        found.setdefault((path, message), diagnostic)
    return list(found.values())


def _kind(value: Any) -> str:
    """Return how a wrong value is named in a message: a list, a mapping, 'text' (on one line,
    cut when long)."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return quoted(value)


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
KINDS_IN_WORDS = ", ".join(BLOCK_KINDS)


def _message(error: dict, loc: tuple, path: KeyPath) -> tuple[str, KeyPath | None]:
    """Return a pydantic error as a sentence that says how to fix it, and the key it is about
    when that is not the path's own (an unknown block kind)."""
    kind, value = error["type"], error.get("input")
    if kind == "block_kind":
        return _block_kind_message(value, path)
    if kind == "missing":
        return "this field is required", None
    if kind == "extra_forbidden":
        key = str(path[-1])
        close = difflib.get_close_matches(key, _fields_at(loc[:-1]), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"unknown key {quoted(key)}{hint}", None
    if value is None and kind in EXPECTED:
        return "this field is empty; write a value or remove the key", None
    if kind in EXPECTED:
        return f"expected {EXPECTED[kind]}, got {_kind(value)}", None
    if kind == "string_too_short":
        return "this field is empty; write a value or remove the key", None
    if kind == "too_short":
        return "this list needs at least one entry", None
    if kind == "string_too_long":
        limit = error["ctx"]["max_length"]
        return f"this text is {len(value)} characters; at most {limit}", None
    if kind == "too_long":
        limit = error["ctx"]["max_length"]
        return f"this list has {len(value)} entries; at most {limit}", None
    if kind == "string_pattern_mismatch":
        return f"expected {PATTERNS.get(str(path[-1]), 'another form')}, got {_kind(value)}", \
            None
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{_kind(value)} is out of range: {error['msg'][0].lower()}{error['msg'][1:]}", \
            None
    message = error["msg"].removeprefix("Value error, ")
    return message[0].lower() + message[1:], None


def _block_kind_message(value: Any, path: KeyPath) -> tuple[str, KeyPath | None]:
    """Return why a block names no kind: not a mapping, an unknown kind, or two kinds."""
    if not isinstance(value, dict):
        return (f"a block is a mapping whose one key names its kind ({KINDS_IN_WORDS}),"
                f" got {_kind(value)}"), None
    named = [key for key in value if key in BLOCK_KINDS]
    if len(named) > 1:
        return (f"a block has one kind, and this one names {len(named)}:"
                f" {', '.join(repr(k) for k in named)}; split it into blocks"), None
    unknown = [str(key) for key in value if key not in BLOCK_OPTIONS]
    for key in unknown:
        close = difflib.get_close_matches(key, list(BLOCK_KINDS), n=1, cutoff=0.6)
        if close:
            return f"unknown block kind {quoted(key)}; did you mean '{close[0]}'?", (*path, key)
    if unknown:
        return (f"unknown block kind {quoted(unknown[0])}; a block is one of {KINDS_IN_WORDS}",
                (*path, unknown[0]))
    return f"this block names no kind; give it one key of {KINDS_IN_WORDS}", None


def _fields_at(loc: tuple) -> list[str]:
    """Return the keys allowed at a pydantic location, for 'did you mean' hints."""
    model: Any = Briefing
    for i, part in enumerate(loc):
        if _is_tag(loc, i):
            model = BLOCK_KINDS.get(part) or (GroupRow if part == "group" else None)
            continue
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        field = _field(model, part)
        model = _model_in(field.annotation) if field else None
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [field.alias or name for name, field in model.model_fields.items()]
    return []


def _field(model: type[BaseModel], key: str):
    """Return a model's field by its name in the file (its alias, if it has one)."""
    return next((f for name, f in model.model_fields.items() if (f.alias or name) == key), None)


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
