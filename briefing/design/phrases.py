"""Where a title may break, and what may not end a text alone: word groups and balanced lines.

A word group is a piece of text a line should not break inside: a Chinese word (from jieba's
dictionary, through rjieba), a Latin word with the marks around it (``µg/m³``, ``e.g.``,
``2026–2030``), a number with its unit (``2025年``, ``3.2万吨``, ``52微克/立方米``), an
ordinal (``（一）``, ``第3页``) and a short term in 《》 or “” — each with the punctuation
that may not start or end a line (clreq's bans) attached. A text's groups joined give it back.

Titles break only between groups, in lines of even length (``balanced_lines``); a paragraph's
last line holds at least its last two characters or words (``runt_tie``). Renderers keep a
group whole by ``join_within``: word joiners (U+2060) between its characters, which no face
draws and text extraction drops, or no-break spaces between Latin words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .chars import is_wide

WORD_JOINER = "\u2060"
NO_BREAK_SPACE = "\u00a0"
# clreq's bans (shared with the deck's fitting): what may not start, and not end, a line
NO_LINE_START = set("、，。．：；！？”’）》」』】〕〉·・ー々〻…—‐-,.:;!?)]}%")
NO_LINE_END = set("“‘（《「『【〔〈([{")
MARKS = NO_LINE_START | NO_LINE_END  # punctuation: a character with its marks is still one
DASHES = set("—–-~～")
TERMS = {"《": "》", "“": "”", "「": "」", "『": "』"}
TERM_LIMIT = 12  # characters: a longer term in 《》 or “” may break at its own word groups
UNITS = frozenset(
    "年 月 日 号 时 分 秒 个 项 次 座 处 家 条 台 辆 人 名 元 倍 天 周 度 期 批 类 级"
    " 户 所 栋 亩 吨 米 克 岁 页 章 节 篇 件 株 棵 公里 千米 平方米 平方公里 立方米 公顷"
    " 千克 公斤 毫克 微克 分贝 百分点 个百分点 小时 分钟 万 亿 千 百".split())
NUMBER = re.compile("[\\d\u2160-\u217f]")  # digits and Roman numerals (Ⅲ类, 劣Ⅴ类)
RUNT_TIE_LIMIT = 8  # characters: a longer last group is tied by its last two characters only


# jieba cuts each run of these characters on its own (and everything else one by one, runs of
# white space aside), so a text's words are its runs' words: runs can be cut ahead of time
JIEBA_RUN = re.compile(
    "([\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0002A6DF\U0002A700-\U0002EBEF"
    "\U0002F800-\U0002FA1Fa-zA-Z0-9+#&._%\\-]+)")
JIEBA_SKIP = re.compile(r"(\r\n|\s)")
_RUN_WORDS: dict[str, tuple[str, ...]] = {}  # runs cut ahead of time (remember_words)


def jieba_runs(text: str) -> list[str]:
    """Return the runs of a text that jieba cuts into words (the rest it takes one by one)."""
    return JIEBA_RUN.split(text)[1::2]


def cut_runs(runs) -> dict[str, tuple[str, ...]]:
    """Return jieba's words of each run (loading jieba's dictionary, ~35 MB)."""
    import rjieba
    return {run: tuple(rjieba.cut(run)) for run in runs}


def has_cut() -> bool:
    """Tell whether this process has cut or been given any words yet."""
    return bool(_RUN_WORDS)


def remember_words(words: dict[str, tuple[str, ...]]) -> None:
    """Keep runs cut ahead of time (in another process: builder/segmenting.py), so that this
    process cuts them without loading jieba's dictionary."""
    _RUN_WORDS.update(words)


def _cut(text: str) -> list[str]:
    """Return jieba's words of a text (its concatenation is the text), as rjieba.cut gives
    them: each run from the words remembered, or cut now."""
    words: list[str] = []
    for index, piece in enumerate(JIEBA_RUN.split(text)):
        if not piece:
            continue
        if index % 2:
            if piece not in _RUN_WORDS:
                _RUN_WORDS.update(cut_runs([piece]))
            words.extend(_RUN_WORDS[piece])
            continue
        for part in JIEBA_SKIP.split(piece):
            if part:
                words.extend([part] if JIEBA_SKIP.fullmatch(part) else part)
    return words


def _latin(token: str) -> bool:
    """Tell whether a token is Latin (no wide character, no space)."""
    return bool(token) and not token.isspace() and not any(is_wide(c) for c in token)


def _is_unit(token: str) -> bool:
    """Tell whether a token is a unit or a counter that belongs to the number before it."""
    return token in UNITS or (token[:1] in "万亿千百" and token[1:] in UNITS | {""}) \
        or token in ("%", "‰", "℃")


def _starts_with_unit(token: str) -> bool:
    """Tell whether a token is a unit or begins with one (jieba cuts 2025年细颗粒物 as 2025 |
    年细 | 颗粒物: the unit goes with its number, and the rest of its word with it)."""
    return any(_is_unit(token[:end]) for end in range(len(token), 0, -1))


@lru_cache(maxsize=2048)
def word_groups(text: str) -> tuple[str, ...]:
    """Split text into word groups: the pieces a line may break between (see the module's
    docstring); their concatenation is the text."""
    groups: list[str] = []
    glue_next = False  # the last group must take the next token (an opening mark, a slash)
    for token in _cut(text):
        last = groups[-1] if groups else ""
        joins = bool(groups) and (
            glue_next
            or token.isspace()  # a space ends the group before it
            or token[0] in NO_LINE_START
            or (_latin(token) and _latin(last) and not last[-1:].isspace())
            or (NUMBER.search(last[-1:] or "") and _starts_with_unit(token))
            or (last[-1:].isdigit() and token[:1].isdigit())  # jieba cuts ２０２５ one by one
            or (last.endswith("第") and token[:1].isdigit())
            or (last.endswith("/") or token.startswith("/"))
            or (last[-1:] in DASHES and last[-2:-1].isdigit() and token[:1].isdigit()))
        if joins:
            groups[-1] += token
        else:
            groups.append(token)
        glue_next = token[-1] in NO_LINE_END or token in ("/", "第") \
            or (glue_next and token.isspace())
    return tuple(_kept_terms(groups))


def _kept_terms(groups: list[str]) -> list[str]:
    """Join the groups of each short term in 《》 or “” (opening mark to closing mark)."""
    out: list[str] = []
    index = 0
    while index < len(groups):
        group = groups[index]
        closing = TERMS.get(group[:1])
        if closing and closing not in group:
            end = next((j for j in range(index + 1, len(groups)) if closing in groups[j]), None)
            if end is not None and sum(map(len, groups[index:end + 1])) <= TERM_LIMIT:
                out.append("".join(groups[index:end + 1]))
                index = end + 1
                continue
        out.append(group)
        index += 1
    return out


def join_within(group: str) -> str:
    """Return a group that renderers will not break: no-break spaces for its inner spaces and
    word joiners where a line could otherwise break (beside a CJK character, after a dash or
    a slash; never inside a Latin word, where they could stop kerning); a trailing space stays
    a place to break."""
    body = group.rstrip(" ")
    out: list[str] = []
    for index, char in enumerate(body):
        before = body[index - 1] if index else " "
        if " " not in (before, char) and (is_wide(before) or is_wide(char) or before in "-/–—‐"):
            out.append(WORD_JOINER)
        out.append(NO_BREAK_SPACE if char == " " else char)
    return "".join(out) + group[len(body):]


def unbreakable_groups(text: str) -> str:
    """Return text in which lines may break only between word groups."""
    return "".join(join_within(group) for group in word_groups(text))


def runt_tie(text: str) -> int:
    """Return where the tie at a text's end begins: its last line must hold at least the text
    from there — the last word group if it has two CJK characters or more, else the last groups
    that hold two CJK characters or two words (a single word alone is the runt; marks alone do
    not count). A tie over RUNT_TIE_LIMIT
    characters keeps only its last two CJK characters, or (Latin) nothing. Returns len(text)
    when there is nothing to tie."""
    end = len(text.rstrip())
    groups = word_groups(text[:end])
    if len(groups) < 2:
        return len(text)
    last = groups[-1]
    wide = sum(is_wide(c) and c not in MARKS for c in last)
    tail, index = last, len(groups) - 1
    while index > 0 and not _two_words(groups[index:]):
        index -= 1
        tail = groups[index] + tail
    if len(tail) > RUNT_TIE_LIMIT * (1 if wide else 2.5):
        if not wide:
            return len(text)  # a long last word is no runt
        kept, count = len(tail), 0
        while kept > 0 and count < 2:
            kept -= 1
            count += is_wide(tail[kept]) and tail[kept] not in MARKS
        tail = tail[kept:]
    return end - len(tail)


def _two_words(groups: tuple[str, ...]) -> bool:
    """Tell whether word groups hold two CJK characters or two words (marks aside)."""
    return sum(is_wide(c) and c not in MARKS for g in groups for c in g) >= 2 \
        or sum(any(c.isalnum() for c in g) for g in groups) >= 2


def without_runt(text: str) -> str:
    """Return text whose last line cannot hold a lone character or a lone short word."""
    start = runt_tie(text)
    return text[:start] + join_within(text[start:]) if start < len(text) else text


def _counts(chars: str) -> bool:
    """Tell whether characters make a unit of the last line: not marks alone (。》“)."""
    return any(c not in NO_LINE_START and c not in NO_LINE_END for c in chars)


def last_two_tie(text: str) -> int:
    """Return where the least tie at a text's end begins: its last line must hold its last two
    units, a unit being a CJK character (with the marks that may not start a line) or a Latin
    word or number (``2025``, ``PM2.5``, ``gate.``). Pushing down one unit is all it costs a
    justified line. Returns len(text) when the text has fewer than two units."""
    index, units = len(text.rstrip()), 0
    while index > 0 and units < 2:
        start = index - 1
        if text[start].isspace():
            index = start
            continue
        if not is_wide(text[start]):  # back to the start of the Latin word
            while start > 0 and _latin(text[start - 1]):
                start -= 1
        units += _counts(text[start:index])
        index = start
    while index > 0 and text[index - 1] in NO_LINE_END:  # an opening mark goes with its unit
        index -= 1
    return index if units == 2 else len(text)


def without_lone_last(text: str) -> str:
    """Return text whose last line cannot hold one CJK character or one word alone, tying only
    its last two units (last_two_tie): for justified paragraphs, whose lines a longer tie
    would spread too far."""
    start = last_two_tie(text)
    return text[:start] + join_within(text[start:]) if start < len(text) else text


def balanced_lines(groups: tuple[str, ...] | list[str], width: Callable[[str], float],
                   limit: float) -> list[str]:
    """Break word groups into as few lines as a greedy fill needs at `limit` (width() units),
    choosing among the breaks between groups those that make the lines most even (the longest
    line as short as it can be, then the least squared slack). A group wider than the limit
    gets a line of its own. Spaces at a break are dropped."""
    pieces = [g for g in groups if g]
    if not pieces:
        return [""]
    count = len(pieces)

    def line(i: int, j: int) -> str:
        return "".join(pieces[i:j]).strip()

    measured: dict[tuple[int, int], float] = {}

    def measure(i: int, j: int) -> float:
        if (i, j) not in measured:
            measured[i, j] = width(line(i, j))
        return measured[i, j]

    lines_needed = _greedy_count(pieces, measure, limit)
    # best[k][j]: (longest line, squared slack, breaks) of pieces[:j] set in k lines
    best: list[dict[int, tuple[float, float, tuple[int, ...]]]] = [{0: (0.0, 0.0, ())}]
    for k in range(1, lines_needed + 1):
        row: dict[int, tuple[float, float, tuple[int, ...]]] = {}
        for j in range(k, count + 1):
            for i, (longest, slack, breaks) in best[k - 1].items():
                if i >= j:
                    continue
                used = measure(i, j)
                if used > limit and j - i > 1:
                    continue
                candidate = (max(longest, used), slack + (limit - used) ** 2, breaks + (j,))
                if j not in row or candidate[:2] < row[j][:2]:
                    row[j] = candidate
        best.append(row)
    if count not in best[lines_needed]:  # cannot happen: the greedy fill is one such breaking
        return [line(0, count)]
    ends = best[lines_needed][count][2]
    starts = (0, *ends[:-1])
    return [line(i, j) for i, j in zip(starts, ends)]


def _greedy_count(pieces: list[str], measure: Callable[[int, int], float], limit: float) -> int:
    """Return how many lines filling each line as full as it goes takes."""
    lines, start = 0, 0
    while start < len(pieces):
        end = start + 1
        while end < len(pieces) and measure(start, end + 1) <= limit:
            end += 1
        lines, start = lines + 1, end
    return lines



def _one_han(group: str) -> bool:
    """Tell whether a group is a single Han character (或, 于, 声), marks aside."""
    core = group.strip("".join(MARKS)).strip()
    return len(core) == 1 and is_wide(core) and not NUMBER.search(core)


# single characters that join no word: 以 人民 为 中心 breaks as it reads
FUNCTION_WORDS = frozenset("以为与和及或在对把被从向于的了是将并且而")


def label_groups(text: str) -> tuple[str, ...]:
    """Return a short label's word groups joined into phrases, which a chart's label or an
    overview box breaks between: single characters with a neighbour (达到或好于, 声环境; a
    function word such as 以 or 为 alone joins none) and a word with the next that begins with
    the character it ends with (饮用水水源)."""
    groups = list(word_groups(text))
    runs: list[list[str]] = []
    for group in groups:  # runs of single characters
        if runs and _one_han(group) and all(_one_han(g) for g in runs[-1]):
            runs[-1].append(group)
        else:
            runs.append([group])
    joined: list[str] = []
    carry = ""
    for index, run in enumerate(runs):
        piece = carry + "".join(run)
        carry = ""
        single = all(_one_han(g) for g in run)
        if single and len(run) > 1 and joined:  # 或好于: they end the phrase before them
            joined[-1] += piece
        elif single and piece in FUNCTION_WORDS:
            joined.append(piece)  # 以, 为: a group of its own, as the words are
        elif single and index + 1 < len(runs):
            carry = piece  # 声, 水, 新: it starts the word after it (声环境, 新发展理念)
        elif single and joined:
            joined[-1] += piece
        elif joined and is_wide(piece[:1]) and joined[-1][-1:] == piece[:1]:
            joined[-1] += piece  # 饮用水 + 水源: the word goes on
        else:
            joined.append(piece)
    if carry:
        joined.append(carry)
    return tuple(joined)


def tied_groups(text: str, groups: tuple[str, ...] | None = None) -> list[str]:
    """Return a text's word groups (or the groups given) with its runt tie (runt_tie) made
    one group."""
    groups = list(word_groups(text) if groups is None else groups)
    start, at = runt_tie(text), 0
    for index, group in enumerate(groups):
        if at + len(group) > start:
            return groups[:index] + ["".join(groups[index:])]
        at += len(group)
    return groups


def phrased(text: str, grouping: Callable[[str], tuple[str, ...]] | None = None) -> str:
    """Return a title in which lines may break only between word groups (or `grouping`'s),
    and whose last line holds at least its runt tie (runt_tie)."""
    groups = grouping(text) if grouping else None
    return "".join(join_within(group) for group in tied_groups(text, groups))


def balanced(text: str, width: Callable[[str], float], limit: float,
             grouping: Callable[[str], tuple[str, ...]] | None = None) -> str:
    """Return a title whose only places to break are those balanced_lines chooses at `limit`
    (width() units), between word groups (or `grouping`'s): each line's groups are tied
    together, so that a renderer with that measure sets exactly those lines, and one with a
    wider measure fewer of them; a line wider than the measure is left to the renderer's last
    resort (overflow-wrap)."""
    groups = [g for g in tied_groups(text, grouping(text) if grouping else None) if g]
    out: list[str] = []
    for line in balanced_lines(groups, width, limit):
        taken = ""
        while groups and len(taken.strip()) < len(line):
            taken += groups.pop(0)
        kept = taken.rstrip(" ")
        out.append(join_within(kept) + taken[len(kept):])
    return "".join(out) + "".join(groups)
