"""Where each character of a YAML scalar's value stands in the file: line and column.

PyYAML gives the start of a scalar; a value's characters can be far from it (quotes, escapes,
folded and block scalars). ``CharacterPositions`` maps them back for lint and font coverage.
"""

from __future__ import annotations

import bisect
import re

import yaml

LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
MARK_LINE_BREAK = re.compile("\r(?!\n)|[\n\x85\u2028\u2029]")  # what PyYAML counts as lines
GAP = " \t\n\r\x85\u2028\u2029"  # what folding and indentation leave between source lines
ESCAPE_DIGITS = {"x": 2, "u": 4, "U": 8}


def _source_lines(text: str, node: yaml.ScalarNode) -> list[list[tuple[str | None, int]]]:
    """Return the scalar's source lines as (character, index); None stands for an escape."""
    start, end = node.start_mark.index, node.end_mark.index
    if node.style in ("'", '"'):
        start, end = start + 1, end - 1
    elif node.style in ("|", ">"):
        header = LINE_BREAK.search(text, start, end)
        start = header.end() if header else end
    bounds = [start]
    for m in LINE_BREAK.finditer(text, start, end):
        bounds += [m.start(), m.end()]
    bounds.append(end)
    lines = zip(bounds[::2], bounds[1::2], strict=True)
    return [_decode_line(text, a, b, node.style) for a, b in lines]


def _decode_line(text: str, a: int, b: int, style: str | None) -> list[tuple[str | None, int]]:
    """Return one source line's characters without its outer spaces, quotes undone."""
    while a < b and text[a] in " \t":
        a += 1
    while b > a and text[b - 1] in " \t":
        b -= 1
    out: list[tuple[str | None, int]] = []
    i = a
    while i < b:
        if style == "'" and text.startswith("''", i):
            out.append(("'", i))
            i += 2
        elif style == '"' and text[i] == "\\":
            if i + 1 < b:  # a backslash ending the line joins it to the next one
                out.append((None, i))
            i += 2 + ESCAPE_DIGITS.get(text[i + 1] if i + 1 < b else "", 0)
        else:
            out.append((text[i], i))
            i += 1
    return out


def source_indexes(text: str, node: yaml.ScalarNode) -> list[int | None]:
    """Return, for each character of the scalar's value, its index in the text (or None)."""
    value, where = node.value, [None] * len(node.value)
    pos = 0
    for line in _source_lines(text, node):
        at = pos
        while line:
            if _fits(value, at, line):
                for k, (_, index) in enumerate(line):
                    where[at + k] = index
                pos = at + len(line)
                break
            if at >= len(value) or value[at] not in GAP:
                break
            at += 1
    return where


def _fits(value: str, at: int, line: list[tuple[str | None, int]]) -> bool:
    """Tell whether a decoded source line matches the value at a position."""
    return at + len(line) <= len(value) and \
        all(char is None or value[at + k] == char for k, (char, _) in enumerate(line))


def index_for(where: list[int | None], at: int, node: yaml.Node) -> int:
    """Return the text index of a value's character: exact, or just after the last known."""
    for k in range(min(at, len(where) - 1), -1, -1):
        if where[k] is not None:
            return where[k] + (k != at)
    return node.start_mark.index


def position(text: str, starts: list[int], index: int) -> tuple[int, int]:
    """Return the 1-based line and column of a text index, counted as PyYAML counts."""
    line = bisect.bisect_right(starts, index)
    begin = starts[line - 1]
    return line, index - begin - text.count("\ufeff", begin, index) + 1


class CharacterPositions:
    """The 1-based line and column of any character of any scalar value in one YAML text."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in MARK_LINE_BREAK.finditer(text)]
        self._indexes: dict[int, list[int | None]] = {}

    def of(self, node: yaml.ScalarNode, at: int) -> tuple[int, int]:
        """Return where the character at index `at` of a scalar's value stands."""
        if id(node) not in self._indexes:
            self._indexes[id(node)] = source_indexes(self.text, node)
        return position(self.text, self.starts, index_for(self._indexes[id(node)], at, node))


def scalars(node: yaml.Node, path: tuple = ()):
    """Yield (key path, scalar node) for every scalar value below a node, keys excluded."""
    if isinstance(node, yaml.ScalarNode):
        yield path, node
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            yield from scalars(child, (*path, index))
    elif isinstance(node, yaml.MappingNode):
        for key, child in node.value:
            yield from scalars(child, (*path, key.value))
