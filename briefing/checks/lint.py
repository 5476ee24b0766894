"""Copy lint for Chinese text: the slips real government texts arrive with.

``lint`` reports each finding as a warning at the line and column of the offending character
in the YAML file; ``fix_text`` rewrites the mechanical ones inside the file's values — the
importer's fixes (briefing/importer/cleaning.py): half-width punctuation made full-width, a
single stray space removed, ○ in a Chinese number made 〇, an identical doubled mark made one —
and leaves every other byte as it was.

Deliberate exceptions:
- the top-level ``title`` may separate its two halves with one ideographic space U+3000, the
  Chinese convention for two-part titles (docs/content-format.md); any other space there is
  reported, and ``fix_text`` turns it into that U+3000;
- ``source`` is not linted: it cites the page as printed (source.title keeps its own spaces);
- half-width parentheses around Latin text, as in 浓度(PM2.5), are Latin text, not slips;
- ``……``, ``——`` and ``？！`` are marks of their own, not doubled punctuation;
- two or more spaces, a tab or an ideographic space between Chinese characters separate
  columns (a name and a title, the cells of a row): only a single space there is a slip;
- a ○ that opens an item (：○加强…) is a bullet: only a ○ after a numeral (二○二五) is a zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from ..content.load import LoadedBriefing
from ..content.positions import CharacterPositions, source_indexes
from ..design.templating import cjk_numeral
from ..diagnostics import Diagnostic, KeyPath, format_path

HAN = "\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
CJK_MARKS = "\u3001-\u303f\ufe10-\ufe1f\ufe30-\ufe4f\uff01-\uff60"  # 、。《》… and ，：（）…
SHARED_MARKS = "“”‘’…—·"  # Chinese text uses them, but so does English
IS_HAN = re.compile(f"[{HAN}]")
IS_CJK = re.compile(f"[{HAN}{CJK_MARKS}]")
IS_CHINESE = re.compile(f"[{HAN}{CJK_MARKS}{SHARED_MARKS}]")
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
HALF_WIDTH_RUN = re.compile(r"[,:;?!()]+")
LATIN_PARENS = re.compile(r"\((?=[^()]*[A-Za-z])[\x20-\x27\x2a-\x7e]*\)")  # (PM2.5)
SPACE_RUN = re.compile("[ \t\u3000]+")
TITLE_SPACE = "\u3000"
PAIRS = {"《": "》", "“": "”", "‘": "’", "（": "）", "【": "】"}
DOUBLED = re.compile("[，。、；：？！]{2,}")
SPACED = re.compile(f"(?<=[{HAN}]) (?=[A-Za-z0-9])|(?<=[A-Za-z0-9]) (?=[{HAN}])")
TIGHT = re.compile(f"(?<=[{HAN}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{HAN}])")
NUMBER = re.compile("[〇一二三四五六七八九十][〇一二三四五六七八九十○]*")  # 二○二五, 二○○五
ZERO = "〇"  # U+3007, the numeral
SAME_PAUSES = re.compile("([，。、；：])\\1+")  # an identical mark doubled: keep one
CN_DIGITS = "一二三四五六七八九"
MARKER = re.compile(
    r"(?P<cn>[一二三四五六七八九十]{1,3})(?P<cnsep>[、是])"
    r"|[（(](?P<cnp>[一二三四五六七八九十]{1,3})[）)]"
    r"|(?P<ar>\d{1,2})(?P<arsep>[.．、])(?!\d)"
    r"|[（(](?P<arp>\d{1,2})[）)]"
    r"|(?P<bare>是)(?!否)")
SENTENCE_END = "。！？；!?;\n"
CLAUSE_START = SENTENCE_END + "：: \t\u3000"
TITLE: KeyPath = ("title",)
SKIPPED: KeyPath = ("source",)

Finding = tuple[KeyPath, yaml.ScalarNode, int, str]  # path, node, index in its value, message
Edit = tuple[int, str]  # index in a value, replacement ("" removes the character)


# --- the rules, on one value's text ---------------------------------------------------------

def half_width(value: str) -> list[int]:
    """Return the indexes of half-width ,:;?!() that stand in Chinese text."""
    latin = {i for m in LATIN_PARENS.finditer(value) for i in (m.start(), m.end() - 1)}
    found: list[int] = []
    for run in HALF_WIDTH_RUN.finditer(value):
        for part in _split_at(range(run.start(), run.end()), latin):
            before = value[part[0] - 1] if part[0] else ""
            after = value[part[-1] + 1] if part[-1] + 1 < len(value) else ""
            if IS_CJK.match(before) or IS_CJK.match(after):
                found += part  # a converted mark is Chinese, so the whole run converts
    return found


def _split_at(indexes: range, cuts: set[int]) -> Iterator[list[int]]:
    """Yield the runs of indexes left when the cut ones are taken out."""
    part: list[int] = []
    for i in indexes:
        if i in cuts:
            if part:
                yield part
            part = []
        else:
            part.append(i)
    if part:
        yield part


def full_width(value: str) -> str:
    """Return the value with its half-width punctuation in Chinese text made full-width."""
    chars = list(value)
    for i in half_width(value):
        chars[i] = FULL_WIDTH[chars[i]]
    return "".join(chars)


def stray_spaces(value: str, title: bool = False) -> list[tuple[int, int]]:
    """Return the (start, end) of each single space between two Chinese characters (in the
    title, of each run of spaces but its one U+3000); wider gaps separate columns."""
    runs = []
    for m in SPACE_RUN.finditer(value):
        if m.start() == 0 or m.end() == len(value) or (title and m.group() == TITLE_SPACE):
            continue
        if not title and m.group() != " ":
            continue  # two spaces, a tab or U+3000: a column separator (许  伟   某局副局长)
        left, right = value[m.start() - 1], value[m.end()]
        if IS_CHINESE.match(left) and IS_CHINESE.match(right) and \
                (IS_HAN.match(left) or IS_HAN.match(right)):
            runs.append((m.start(), m.end()))
    return runs


def unbalanced(value: str) -> list[tuple[int, str]]:
    """Return each 《》 “” ‘’ （） 【】 mark without its partner in the value."""
    found = []
    for opener, closer in PAIRS.items():
        stack: list[int] = []
        for i, char in enumerate(value):
            if char == opener:
                stack.append(i)
            elif char == closer and not _apostrophe(value, i):
                if stack:
                    stack.pop()
                else:
                    found.append((i, f"unbalanced '{closer}': no matching '{opener}'"))
        found += [(i, f"unbalanced '{opener}': no matching '{closer}'") for i in stack]
    return found


def _apostrophe(value: str, i: int) -> bool:
    """Tell whether a ’ stands between two Latin letters (district’s), not closing a ‘."""
    return value[i] == "’" and 0 < i < len(value) - 1 and \
        value[i - 1].isascii() and value[i - 1].isalpha() and \
        value[i + 1].isascii() and value[i + 1].isalpha()


def doubled(value: str) -> list[tuple[int, str]]:
    """Return doubled pause marks (，，  。。  ，。 …), at the second mark."""
    return [(m.start() + 1, f"doubled punctuation '{m.group()}'; keep one")
            for m in DOUBLED.finditer(value) if set(m.group()) - set("？！")]


def zeros(value: str) -> list[int]:
    """Return the indexes of each ○ written for 〇 inside a Chinese number: after a numeral
    (二○二五, 二○○五); a ○ that opens an item (：○加强…) is a bullet."""
    return [m.start() + i for m in NUMBER.finditer(value) for i, c in enumerate(m.group())
            if c == "○"]


def fake_zeros(value: str) -> list[tuple[int, str]]:
    """Return each ○ (a geometric shape) written as the numeral 〇 in a Chinese number."""
    return [(i, "'○' (U+25CB WHITE CIRCLE) used as a numeral; use '〇' (U+3007)")
            for i in zeros(value)]


def repeated_marks(value: str) -> list[int]:
    """Return the indexes of the repeats of an identical pause mark (the second 。 of 。。);
    a mixed pair (，。) needs a reader to say which was meant."""
    return [i for m in SAME_PAUSES.finditer(value) for i in range(m.start() + 1, m.end())]


def markers(value: str) -> Iterator[tuple[str, int | None, int]]:
    """Yield the enumerators that start a clause: (kind, number, index of the number)."""
    for i in range(len(value)):
        before = value[i - 1] if i else "。"
        m = MARKER.match(value, i) if before in CLAUSE_START + "，," else None
        if m is None:
            continue
        if m["bare"]:
            if before in SENTENCE_END + " \u3000":
                yield "bare", None, i
        elif m["cn"] and m["cnsep"] == "是":
            yield "是", _cn_number(m["cn"]), i
        elif before in "，,":
            continue  # only 一是、二是 run on after a comma
        elif m["cn"]:
            yield "、", _cn_number(m["cn"]), i
        elif m["cnp"]:
            yield "（）", _cn_number(m["cnp"]), m.start("cnp")
        elif m["ar"]:
            yield "1" + m["arsep"].replace("．", "."), int(m["ar"]), i
        else:
            yield "(1)", int(m["arp"]), m.start("arp")


def _cn_number(text: str) -> int | None:
    """Return the number a Chinese numeral from 一 to 九十九 writes, or None."""
    tens, ten, ones = text.rpartition("十") if "十" in text else ("", "", text)
    if len(tens) > 1 or len(ones) > 1 or "十" in tens or (not ten and not ones):
        return None
    return (CN_DIGITS.index(tens) + 1 if tens else bool(ten)) * 10 + \
        (CN_DIGITS.index(ones) + 1 if ones else 0)


def _shown(kind: str, number: int) -> str:
    """Return a number the way its enumeration writes it (三 or 3)."""
    if kind[0].isdigit() or kind[0] == "(" or number > 99:
        return str(number)
    return cjk_numeral(number)


def enumeration(values: list[str]) -> Iterator[tuple[int, int, str]]:
    """Yield gaps and repeats in the numbering running through consecutive values."""
    last: dict[str, int] = {}
    for n, value in enumerate(values):
        for kind, number, at in markers(value):
            prev = last.get("是") if kind == "bare" else last.get(kind)
            if kind == "bare":
                if prev:
                    yield n, at, (f"enumeration skips {_shown('是', prev + 1)}是"
                                  f" ('是' follows '{_shown('是', prev)}是')")
                    last["是"] = prev + 1
                continue
            if number is None:
                continue
            if prev == number:
                yield n, at, f"enumeration repeats {_shown(kind, number)}"
            elif prev is not None and number > prev + 1:
                gap = [_shown(kind, k) for k in range(prev + 1, number)]
                skipped = "、".join(gap) if len(gap) < 4 else f"{gap[0]}–{gap[-1]}"
                yield n, at, (f"enumeration skips {skipped} ({_shown(kind, prev)} is followed"
                              f" by {_shown(kind, number)})")
            last[kind] = number


def value_findings(value: str, title: bool = False) -> list[tuple[int, str]]:
    """Return the findings inside one value: (index in the value, message)."""
    found = [(i, f"half-width '{value[i]}' in Chinese text; use '{FULL_WIDTH[value[i]]}'")
             for i in half_width(value)]
    message = (f"space between the title's halves; use one ideographic space '{TITLE_SPACE}'"
               " (U+3000)" if title else "space between Chinese characters; remove it")
    found += [(start, message) for start, _ in stray_spaces(full_width(value), title)]
    return found + unbalanced(value) + doubled(value) + fake_zeros(value)


def value_fixes(value: str, title: bool = False) -> list[Edit]:
    """Return the mechanical edits of one value: full-width punctuation, no stray spaces."""
    edits = [(i, FULL_WIDTH[value[i]]) for i in half_width(value)]
    for start, end in stray_spaces(full_width(value), title):
        if title:
            edits.append((start, TITLE_SPACE))
            start += 1
        edits += [(i, "") for i in range(start, end)]
    return edits


def all_fixes(value: str, title: bool = False) -> dict[int, str]:
    """Return every mechanical edit of one value, as the importer makes them: the width and
    space edits, then ○ made 〇 and the repeats of a doubled mark removed (index ->
    replacement, "" removes)."""
    zeroed = set(zeros(full_width(value)))
    # zeros first: 一〇; is Chinese text to the width fix, 一○; is not (one pass fixes both)
    value = "".join(ZERO if i in zeroed else c for i, c in enumerate(value))
    edits = dict(value_fixes(value, title))
    edits.update((i, ZERO) for i in zeroed)
    edits.update((i, "") for i in repeated_marks(full_width(value)))
    return edits


# --- where values are in the file -----------------------------------------------------------

def _values(node: yaml.Node, path: KeyPath = ()) -> Iterator[tuple[KeyPath, yaml.Node, KeyPath]]:
    """Yield (path, node, stream) for every value; values in one stream number together."""
    if isinstance(node, yaml.MappingNode):
        children = [(k.value, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
    else:
        children = list(enumerate(node.value))
    for key, child in children:
        child_path = (*path, key)
        if child_path == SKIPPED:
            continue
        if isinstance(child, yaml.ScalarNode):
            stream = ((*path, "*", "text") if isinstance(node, yaml.SequenceNode) else
                      (*path[:-1], "*", key) if path else child_path)
            yield child_path, child, stream
        else:
            yield from _values(child, child_path)


# --- the two entry points -------------------------------------------------------------------

def _findings(root: yaml.Node) -> list[Finding]:
    """Return every finding in a composed file, by value and by stream of values."""
    streams: dict[KeyPath, list[tuple[KeyPath, yaml.ScalarNode]]] = {}
    found: list[Finding] = []
    for path, node, stream in _values(root):
        streams.setdefault(stream, []).append((path, node))
        found += [(path, node, at, msg) for at, msg in value_findings(node.value, path == TITLE)]
    for members in streams.values():
        for n, at, message in enumeration([node.value for _, node in members]):
            found.append((*members[n], at, message))
    return found + _spacing(streams)


def _spacing(streams: dict[KeyPath, list[tuple[KeyPath, yaml.ScalarNode]]]) -> list[Finding]:
    """Return the minority form where Chinese meets Latin/digits with and without a space."""
    spaced: list[Finding] = []
    tight: list[Finding] = []
    for path, node in (member for members in streams.values() for member in members):
        spaced += [(path, node, m.start(), "") for m in SPACED.finditer(node.value)]
        tight += [(path, node, m.start(), "") for m in TIGHT.finditer(node.value)]
    if not spaced or not tight:
        return []
    counts = f"({len(spaced)} places with a space, {len(tight)} without)"
    minority, fix = (spaced, "remove the space") if len(spaced) <= len(tight) else \
        (tight, "add a space")
    message = f"inconsistent spacing between Chinese and Latin/digits {counts}; {fix}"
    return [(path, node, at, message) for path, node, at, _ in minority]


def lint(loaded: LoadedBriefing) -> list[Diagnostic]:
    """Return the copy slips in a loaded briefing's text, as warnings at their characters."""
    text, root = loaded.located.text, loaded.located.root
    if root is None or isinstance(root, yaml.ScalarNode):
        return []
    positions = CharacterPositions(text)
    diagnostics = []
    for path, node, at, message in _findings(root):
        line, column = positions.of(node, at)
        diagnostics.append(Diagnostic(loaded.file, line, column, "warning",
                                      format_path(path), message))
    return sorted(set(diagnostics))


def fix_text(raw: str) -> tuple[str, int]:
    """Return the text with the mechanical slips fixed in its values (all_fixes), and how many
    characters changed."""
    try:
        root = yaml.compose(raw, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return raw, 0
    if root is None or isinstance(root, yaml.ScalarNode):
        return raw, 0
    edits: dict[int, str] = {}
    for path, node, _ in _values(root):
        where = source_indexes(raw, node)
        for at, new in all_fixes(node.value, path == TITLE).items():
            index = where[at]
            if index is not None and raw[index] == node.value[at] and raw[index] != new:
                edits[index] = new  # only characters typed as they are, never escapes
    chars = list(raw)
    for index, new in edits.items():
        chars[index] = new
    return "".join(chars), len(edits)
