"""YAML text -> plain data (dicts, lists, text) with the line and column of every key and value.

Scalars stay the text the author typed (``yes`` is not a bool, ``012`` not a number); the typed
model decides what a field means. Tags, anchors and aliases are refused, duplicate keys are
errors, and size and depth are bounded, so a hostile file fails fast with a clear message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..diagnostics import Diagnostic, DiagnosticError, KeyPath, format_path
from . import limits
from .positions import MARK_LINE_BREAK, position

MAX_BYTES = limits.MAX_FILE_BYTES
MAX_DEPTH = limits.MAX_DEPTH
MAX_DIAGNOSTICS = 50
NULL_SCALARS = {"", "~"}

Position = tuple[int, int]  # 1-based line and column


@dataclass
class Located:
    """Plain data read from YAML, with positions of every value and key by key path."""

    data: Any
    values: dict[KeyPath, Position] = field(default_factory=dict)
    keys: dict[KeyPath, Position] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)  # e.g. duplicate keys
    text: str = ""  # the file's text, as read: lint and coverage map characters back into it
    root: yaml.Node | None = None  # the composed document, for the same purpose

    def position(self, path: KeyPath, *, key: bool = False) -> Position:
        """Return where a path stands: its key (if asked and known), else the nearest value."""
        if key and path in self.keys:
            return self.keys[path]
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))


def _mark(mark: yaml.Mark) -> Position:
    """Return a PyYAML mark as a 1-based line and column."""
    return mark.line + 1, mark.column + 1


def size_problem(size: int, filename: str) -> DiagnosticError | None:
    """Return the error for a file of `size` bytes, if it is too big to be a briefing."""
    if size <= MAX_BYTES:
        return None
    return DiagnosticError([Diagnostic(
        filename, 1, 1, "error", "",
        f"the file is {size:,} bytes; a briefing may be at most {MAX_BYTES:,} bytes")])


def _decode(raw: bytes, filename: str) -> str:
    """Return the file's text; a BOM is dropped, anything but UTF-8 is an error."""
    too_big = size_problem(len(raw), filename)
    if too_big:
        raise too_big
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        raise DiagnosticError([Diagnostic(
            filename, line, column, "error", "",
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X}); save it as UTF-8")]
        ) from None


def _runs_to_the_end(problem: str) -> bool:
    """Tell whether PyYAML reached the end of the file inside an unclosed quote or bracket."""
    return "end of stream" in problem or "<stream end>" in problem


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    """Return PyYAML's complaint in words an editor understands."""
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    if "'\\t'" in problem:
        return "a tab character cannot indent YAML; indent with spaces"
    if exc.context_mark and _runs_to_the_end(problem):
        what = exc.context.removeprefix("while scanning ").removeprefix("while parsing ")
        return f"YAML syntax: {what} starts here and is never closed"
    if exc.context and exc.problem:
        return f"YAML syntax: {exc.problem} ({exc.context})"
    return f"YAML syntax: {problem}"


def _scan_events(text: str, filename: str) -> list[Diagnostic]:
    """Refuse tags, anchors, aliases, several documents and deep nesting, streaming."""
    found: list[Diagnostic] = []
    depth = documents = 0

    def refuse(event: yaml.Event, message: str) -> None:
        """Record a diagnostic at an event's position."""
        found.append(Diagnostic(filename, *_mark(event.start_mark), "error", "", message))

    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents == 2:
                refuse(event, "a briefing file holds one YAML document; remove the second '---'")
        elif isinstance(event, yaml.AliasEvent):
            refuse(event, f"aliases (*{event.anchor}) are not allowed; write the value out")
        elif isinstance(event, yaml.NodeEvent):
            if event.anchor is not None:
                refuse(event, f"anchors (&{event.anchor}) are not allowed; write the value out")
            if getattr(event, "tag", None) is not None:
                tag = event.tag.replace("tag:yaml.org,2002:", "!!")
                refuse(event, f"YAML tags ({tag}) are not allowed; a briefing is plain text")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                refuse(event, f"nested more than {MAX_DEPTH} levels deep")
                break
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if len(found) >= MAX_DIAGNOSTICS:
            break
    return found


SURROGATE = re.compile("[\ud800-\udfff]")


def _convert(node: yaml.Node, path: KeyPath, out: Located, found: list[Diagnostic],
             filename: str) -> Any:
    """Return plain data for a node, recording positions and duplicate keys."""
    out.values[path] = _mark(node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.value in NULL_SCALARS:
            return None
        lone = SURROGATE.search(node.value)
        if lone:  # only an escape ("\ud800") can write one: it is half of a character
            found.append(Diagnostic(
                filename, *_mark(node.start_mark), "error", format_path(path),
                f"'\\u{ord(lone.group()):04x}' is half of a character pair (a lone surrogate),"
                " not a character; write the character itself"))
            return SURROGATE.sub("", node.value)
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), out, found, filename)
                for i, item in enumerate(node.value)]
    mapping: dict[str, Any] = {}
    first_seen: dict[str, Position] = {}
    for key_node, value_node in node.value:
        where = _mark(key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode):
            found.append(Diagnostic(filename, *where, "error", format_path(path),
                                    "a key must be plain text"))
            continue
        key = key_node.value
        if key in first_seen:
            found.append(Diagnostic(
                filename, *where, "error", format_path((*path, key)),
                f"key '{key}' is given twice, on lines {first_seen[key][0]} and {where[0]};"
                " keep one"))
            continue
        first_seen[key] = where
        out.keys[(*path, key)] = where
        mapping[key] = _convert(value_node, (*path, key), out, found, filename)
    return mapping


MAX_CONTROLS = 100  # control characters reported of one file; a binary file has thousands


def _control_characters(text: str, filename: str) -> list[Diagnostic]:
    """Return an error at each character YAML does not allow (a control character), all of
    them at once (YAML's reader stops at the first), up to MAX_CONTROLS."""
    found = []
    starts = None
    for match in yaml.reader.Reader.NON_PRINTABLE.finditer(text):
        if len(found) == MAX_CONTROLS:
            break
        if starts is None:
            starts = [0] + [m.end() for m in MARK_LINE_BREAK.finditer(text)]
        line, column = position(text, starts, match.start())
        found.append(Diagnostic(filename, line, column, "error", "",
                                f"control character U+{ord(match.group()):04X} is not allowed"
                                " in a briefing; remove it"))
    return found


def load_yaml(raw: bytes, filename: str) -> Located:
    """Return the data of one YAML file with positions; raise DiagnosticError on any problem."""
    text = _decode(raw, filename)
    controls = _control_characters(text, filename)
    if controls:
        raise DiagnosticError(controls)
    try:
        found = _scan_events(text, filename)
        if found:
            raise DiagnosticError(found)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and _runs_to_the_end(exc.problem or ""):
            mark = exc.context_mark  # where the unclosed quote or bracket starts
        where = _mark(mark) if mark else (1, 1)
        raise DiagnosticError([Diagnostic(filename, *where, "error", "",
                                          _syntax_message(exc))]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, at its place
        starts = [0] + [m.end() for m in MARK_LINE_BREAK.finditer(text)]
        line, column = position(text, starts, exc.position)
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        raise DiagnosticError([Diagnostic(
            filename, line, column, "error", "",
            f"control character U+{ord(char[:1] or ' '):04X} is not allowed in a briefing;"
            " remove it")]) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise DiagnosticError([Diagnostic(filename, 1, 1, "error", "",
                                          f"YAML: {message}")]) from None
    if root is None:
        raise DiagnosticError([Diagnostic(
            filename, 1, 1, "error", "",
            "the file holds no briefing; it needs at least title, issuer, date, …")])
    if not isinstance(root, yaml.MappingNode):
        raise DiagnosticError([Diagnostic(
            filename, *_mark(root.start_mark), "error", "",
            "a briefing is a mapping of keys (title: …, date: …), not a list or a text")])
    located = Located(data=None, text=text, root=root)
    located.data = _convert(root, (), located, located.problems, filename)
    return located
