"""Units of one part of a section -> blocks of the kind that fits: a run of 第一部分“X”，… parts
becomes cards; a run of 一是… battles (title. thrust, measures.) becomes groups; a run of
enumerated items with a title sentence becomes cards, without one a list; a paragraph with a
target year in a section about goals becomes the goal (its 包括：…；…；… series or the
numbered items after it its targets); a "1.…2.…" run, a "：一是…；二是…。" run or a
"包括：…；…；…。" series inside a paragraph becomes a list; a table stays a table; what fits
none stays paragraphs. The plain paragraph just before a block is its intro, the one just
after it its outro; a goal statement's last sentence that announces the next block (主要指标
如下：) is that block's intro.

Words are the page's own: titles are first sentences, thrusts second sentences, counts the
words the intro names the number with (五项原则 -> 项原则).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..checks.lint import _cn_number
from ..design.clauses import fragment
from .units import Unit

SENTENCE = re.compile(r"[^。！？]*[。！？]+[”’」』）)]*|[^。！？]+$")
TITLE_MAX = 30  # characters of a title sentence
THRUST_MAX = 40
YEAR = re.compile(r"到\s*(?P<year>(?:19|20|21)\d{2})\s*年")
SERIES = re.compile(r"包括\s*[：:]?")
INLINE = re.compile(r"(?:^|(?<=[：:。；;]))\s*"
                    r"(?:(?P<n>\d{1,2})[.．、](?!\d)|[（(](?P<p>\d{1,2})[）)])")
# 一是…；二是…；三是…。 inside a paragraph: each 是 at the start of a clause
INLINE_SHI = re.compile(r"(?:^|(?<=[：:。；;，,]))\s*(?P<c>[一二三四五六七八九十]{1,3})是(?=\S)")
# a thrust that runs into the first measure without a full stop: …稳定向好实施重点行业…
THRUST_RUN = re.compile(
    r"^(?P<thrust>.+?(?:向好|提升|改善|好转|可控|增强|提高|下降|减少|优化|见效|巩固))"
    r"(?P<measure>(?:实施|明确|开展|加强|强化|推进|完善|持续|严格|深化|推动|建立|健全|落实"
    r"|做好|加快|提高|提升|全面|坚持|组织|积极)[^，]{2,})$")
PART = re.compile(r"^[是为：]?\s*(?:“(?P<quoted>[^“”，]{1,20})(?:”\s*[，：]?|[，：](?=.))"
                  r"|(?P<plain>[^“”，。]{1,20})[，：])")
COUNT = re.compile(r"(?P<n>[一二三四五六七八九十两]{1,3}|\d{1,3})\s*"
                   r"(?P<words>(?:项|个|大|类|条|部分|方面)[\u4e00-\u9fff]{0,6})"
                   r"(?=[，。；、（）()]|$)")


@dataclass
class Block:
    """A block of the draft: its kind, its body and the options beside it."""

    kind: str
    body: Any  # a list of items or groups, or the goal's or the table's mapping
    line: int
    title: str | None = None
    intro: str | None = None
    outro: str | None = None
    count: str | None = None
    has_intro: bool = False  # the block made its own intro (a run inside one paragraph)


@dataclass
class Notes:
    """What the import decided that an author should review, with the page lines."""

    review: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def sentences(text: str) -> list[str]:
    """Return a text's sentences, each with its end mark (and a closing quote after it)."""
    return [s for s in SENTENCE.findall(text) if s.strip()]


def title_split(text: str) -> tuple[str, str] | None:
    """Return (title, rest) when the text opens with a short title sentence and goes on."""
    parts = sentences(text)
    if len(parts) < 2 or not parts[0].endswith("。"):
        return None
    title, rest = parts[0][:-1].strip(), text[len(parts[0]):].strip()
    return (title, rest) if 0 < len(title) <= TITLE_MAX and rest else None


def group_of(text: str, line: int, notes: Notes) -> dict | None:
    """Return a group (title, thrust, measures) when the text reads TITLE。THRUST，…。MEASURE。…"""
    parts = sentences(text)
    if len(parts) < 3 or not parts[0].endswith("。") or not parts[1].endswith("。"):
        return None
    title, thrust, measures = parts[0][:-1], parts[1][:-1], parts[2:]
    if "，" in title or len(title) > TITLE_MAX or "，" not in thrust:
        return None
    head, _, last = thrust.rpartition("，")
    run = THRUST_RUN.match(last)
    if run:
        thrust = f"{head}，{run['thrust']}"
        measures = [run["measure"] + "。", *measures]
        notes.review.append(f"line {line}: the thrust runs into the first measure without a"
                            f" full stop; split before “{run['measure']}”")
    if len(thrust) > THRUST_MAX or len(measures) < 2:
        return None
    return {"title": title, "thrust": thrust, "measures": [{"text": m} for m in measures]}


def part_of(text: str, line: int, notes: Notes) -> dict | None:
    """Return a card from a part: 第一部分“TITLE”，TEXT (the quote may be left open)."""
    m = PART.match(text)
    rest = text[m.end():].strip() if m else ""
    if not m or not rest:
        return None
    if m["quoted"] and "”" not in m.group():
        notes.review.append(f"line {line}: the page never closes the “ before"
                            f" {m['quoted']}; the part's title is taken up to the first ，")
    return {"title": m["quoted"] or m["plain"], "text": rest}


def count_words(intro: str | None, number: int) -> str | None:
    """Return the words the intro counts the block's items with (五项原则 -> 项原则)."""
    for m in COUNT.finditer(intro or ""):
        n = int(m["n"]) if m["n"].isdigit() else _cn_number(m["n"].replace("两", "二"))
        if n == number:
            return m["words"]
    return None


def _regular(run: list[Unit]) -> bool:
    """Tell whether a run is numbered 1, 2, 3… in order (else its markers are kept)."""
    return [u.number for u in run] == list(range(1, len(run) + 1))


def run_block(run: list[Unit], notes: Notes) -> Block:
    """Return the block a run of enumerated items makes: cards, groups or a list."""
    regular = _regular(run)
    texts = [u.text if regular else u.marked for u in run]
    lines = f"lines {run[0].line}–{run[-1].line}"
    if not regular:
        printed = "".join(m if m.endswith("、") else m + "、" for m in (
            u.marked[:len(u.marked) - len(u.text)].strip() or u.text[:1] for u in run))
        printed = printed.rstrip("、")  # 一、二、四 and 1.、2.、4., never 一、、二、
        notes.kept.append(f"{lines}: the numbering {printed} has a gap or a repeat; the"
                          " markers are kept as printed so that check reports it — take them"
                          " out once it is fixed")
    family = run[0].family
    if family == "部分" and regular:
        cards = [part_of(t, u.line, notes) for t, u in zip(texts, run, strict=True)]
        if all(cards):
            return Block("cards", cards, run[0].line)
    if family == "是":
        groups = [group_of(t, u.line, notes) for t, u in zip(texts, run, strict=True)]
        if all(groups):
            return Block("groups", groups, run[0].line)
    if family != "部分":
        split = [title_split(t) for t in texts]
        if all(split):
            return Block("cards", [{"title": s[0], "text": s[1]} for s in split if s],
                         run[0].line)
    return Block("list", [{"text": t} for t in texts], run[0].line)


def inline_run(text: str) -> tuple[str, list[str]] | None:
    """Return (lead, items) of a 1.…2.…3.… run inside a paragraph, numbered from 1 in order,
    or of a 一是…；二是…。 run that a lead announces — it ends in a colon or an introducer
    (其…包括：一是…, 《方案》提出，一是…) — whose items lose the ；or 。 that ends each."""
    for pattern, shi in ((INLINE, False), (INLINE_SHI, True)):
        marks, expected = [], 1
        for m in pattern.finditer(text):
            number = _cn_number(m["c"]) if shi else int(m["n"] or m["p"])
            if number == expected:
                marks.append(m)
                expected += 1
        if len(marks) < 2:
            continue
        bounds = [m.start() for m in marks] + [len(text)]
        items = [text[marks[k].end():bounds[k + 1]].strip() for k in range(len(marks))]
        if shi:
            items = [item.rstrip("；;。") for item in items]
        lead = text[:marks[0].start()].strip()
        if shi and (not (lead.endswith(("：", ":")) or fragment(lead))
                    or any("。" in item for item in items)):
            continue  # 一是… after a full sentence argues in prose: it stays a paragraph
        if all(items):
            return lead, items
    return None


def series(text: str) -> tuple[str, list[str]] | None:
    """Return (lead, items) of a 包括：…；…；…。 series that ends the paragraph."""
    m = SERIES.search(text)
    if not m or not text.endswith("。"):
        return None
    parts = [p.strip() for p in text[m.end():-1].split("；")]
    if len(parts) < 3 or not all(parts) or "。" in text[m.end():-1] or \
            any("包括" in p for p in parts[1:]):
        return None
    return text[:m.end()].strip(), parts


def goal_of(unit: Unit, run: list[Unit] | None) -> tuple[Block, bool]:
    """Return the goal a paragraph states, and whether it took the run after it as targets."""
    year = YEAR.search(unit.text)
    body: dict = {"year": year["year"] if year else "", "statement": unit.text, "targets": [],
                  "indicator_categories": []}
    found = series(unit.text)
    took = False
    if found:
        body["targets"] = [{"text": t} for t in found[1]]
    elif run:
        for u in run:
            split = title_split(u.text)
            body["targets"].append({"short": split[0], "text": u.text} if split else
                                   {"text": u.text})
        took = True
    return Block("goal", body, unit.line), took


def _run_at(units: list[Unit], i: int) -> list[Unit]:
    """Return the run of enumerated items of one family starting at index i."""
    run = [units[i]]
    for u in units[i + 1:]:
        if u.kind != "item" or u.family != run[0].family or u.number == 1:
            break
        run.append(u)
    return run


def blocks_of(units: list[Unit], wants_goal: bool, notes: Notes) -> list[Block]:
    """Return the blocks of one part of a section (its units in reading order)."""
    pieces: list[Block | Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        if u.kind == "table":
            pieces.append(Block("table", u.table, u.line, intro=None))
        elif u.kind == "roster":
            pieces.append(Block("list", [{"text": e} for e in u.table["entries"]], u.line,
                                intro=u.text, has_intro=True))
        elif u.kind == "item":
            run = _run_at(units, i)
            if len(run) > 1:
                pieces.append(run_block(run, notes))
                i += len(run)
                continue
            pieces.append(Unit("plain", u.line, u.marked))  # one item alone: as printed
        elif wants_goal and YEAR.search(u.text):
            wants_goal = False
            following = _run_at(units, i + 1) if i + 1 < len(units) and \
                units[i + 1].kind == "item" else None
            goal, took = goal_of(u, following if following and len(following) > 1 else None)
            pieces.append(goal)
            i += 1 + (len(following) if took and following else 0)
            continue
        elif inline_run(u.text) or series(u.text):
            lead, items = inline_run(u.text) or series(u.text) or ("", [])
            pieces.append(Block("list", [{"text": t} for t in items], u.line,
                                intro=lead or None, has_intro=True))
        else:
            pieces.append(u)
        i += 1
    return _assemble(pieces)


def _lead_into_next(blocks: list[Block]) -> None:
    """Move a goal statement's last sentence that only introduces what follows (主要指标如下：)
    to the next block's intro, where that has none: the statement is a slide's text, and the
    sentence announces the table after it."""
    for goal, after in zip(blocks, blocks[1:]):
        if goal.kind != "goal" or after.intro:
            continue
        parts = sentences(goal.body["statement"])
        if len(parts) > 1 and fragment(parts[-1]):
            goal.body["statement"] = "".join(parts[:-1]).strip()
            after.intro = parts[-1].strip()


def _assemble(pieces: list[Block | Unit]) -> list[Block]:
    """Return blocks: the paragraph before a block its intro, the one after it its outro (when
    not the next block's intro), other paragraphs grouped into paragraphs blocks."""
    used: set[int] = set()
    for k, piece in enumerate(pieces):
        if isinstance(piece, Block) and not piece.has_intro and k and \
                isinstance(pieces[k - 1], Unit) and k - 1 not in used:
            piece.intro = pieces[k - 1].text
            used.add(k - 1)
    for k, piece in enumerate(pieces):
        if isinstance(piece, Block) and k + 1 < len(pieces) and \
                isinstance(pieces[k + 1], Unit) and k + 1 not in used:
            piece.outro = pieces[k + 1].text
            used.add(k + 1)
    blocks: list[Block] = []
    for k, piece in enumerate(pieces):
        if isinstance(piece, Block):
            blocks.append(piece)
        elif k not in used:
            if blocks and blocks[-1].kind == "paragraphs" and k - 1 not in used and \
                    isinstance(pieces[k - 1], Unit):
                blocks[-1].body.append({"text": piece.text})
            else:
                blocks.append(Block("paragraphs", [{"text": piece.text}], piece.line))
    _lead_into_next(blocks)
    for block in blocks:
        if block.kind in ("cards", "groups", "list"):
            block.count = count_words(block.intro, len(block.body))
        elif block.kind == "table":
            rows = [r for r in block.body["rows"] if isinstance(r, list)]
            block.count = count_words(block.intro, len(rows))
    return blocks
