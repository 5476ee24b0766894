"""Chinese clauses that only introduce: what a slide must not show alone.

A clause introduces when it announces what follows instead of saying it: it ends in a colon or
in a verb of saying or a copula (《实施方案》强调, 指导思想是, 主要任务包括, 目标为, 解读如下); it
is an adverbial of time or linkage (当前, 近日, 近年来, “十三五”以来, 到2025年, 同时, 其中); a
frame the statement after it fills (除金融机构外, 在防范风险方面, 随着…, 为进一步规范…,
按照《方案》, 市局会同有关部门); or a greeting (各位记者朋友, 大家上午好). A slide text whose
last clause introduces is a fragment, which the layout proof reports (proof/fragments.py); a
short form the importer makes starts after the introducing clauses (importer/shorts.py).
"""

from __future__ import annotations

import re

MARKS = "，,：:；;。！？!?"
EDGES = MARKS + " \u3000"
# a run of clause marks; a half-width , or : between digits (4,860  17:30) is part of a number
CLAUSE_END = re.compile(r"(?:[，：；;。！？!?]|(?<!\d)[,:]|[,:](?!\d))+")
# the words a clause that announces what follows ends in: a verb of saying, the copula
ENDINGS = ("是", "为", "强调", "提出", "指出", "表示", "包括", "认为", "如下")
# ... except where they end a noun or a whole statement (股东行为, 大有作为, 实事求是)
NOT_ENDINGS = re.compile("(?:行为|所作为|有作为|无为|实事求是)$")
ADVERBIALS = frozenset({
    "当前", "目前", "现阶段", "近日", "日前", "近期", "近年来", "多年来", "长期以来", "今年以来",
    "此前", "此外", "另外", "同时", "与此同时", "其中", "其次", "首先", "再次", "最后", "第一",
    "第二", "第三", "一方面", "另一方面", "下一步", "今后", "未来", "为此", "对此", "因此",
    "据此", "总体上", "总的来看", "总体来看", "总体而言", "具体来说", "具体而言", "具体来看",
    "例如", "比如", "特别是", "尤其是", "截至目前"})
TIME = re.compile(r"^(?:(?:到|至|截至|截止到?|从|自|在)\s*)?"
                  r"[“”\d〇一二三四五六七八九十两年月日至—\-－]+"
                  r"(?:年|月|日|年底|年末|年初|以来|期间|时期|前|后)"
                  r"(?:以来|期间|时期|底|末|初)?$")
FRAMES = re.compile(
    r"^除.{1,30}(?:外|以外|之外)$"
    r"|^在.{1,30}(?:方面|中|上|下|里|时|期间|过程中|基础上|背景下|前提下|领域|层面|环节)$"
    r"|^从.{1,30}(?:方面|角度|层面|出发|入手|来看)$"
    r"|^对.{1,30}的$"
    r"|^.{1,30}(?:会同|联合).{1,40}(?:部门|单位|机构)$"
    r"|^据.{0,20}(?:介绍|了解|统计|测算|报道)$"
    r"|^(?:随着|为了|对于|关于|针对|围绕|基于|鉴于|面对|立足|着眼于?|依据|依照|按照|根据)"
    r"|^为(?:进一步|加快|加强|推动|推进|深入|全面|切实|更好|有效|规范|落实|贯彻|促进|保障)"
    r"|^《[^《》]{1,30}》(?:还|也|进一步|明确|专门|同时)?(?:规定|要求|明确|提出|强调|指出)$")
GREETINGS = re.compile(r"^(?:各位|尊敬的).{0,12}(?:朋友|来宾|同志|记者|领导)们?$"
                       r"|^(?:女士们|先生们|朋友们|同志们)(?:、(?:女士们|先生们|朋友们))?$"
                       r"|^大家(?:上午|下午|晚上)?好$")


def clauses(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of each clause of a text, cut after each run of ，：；。！？ (the
    marks belong to the clause they end); clauses of marks and spaces alone are left out."""
    found, start = [], 0
    for m in CLAUSE_END.finditer(text):
        found.append((start, m.end()))
        start = m.end()
    if start < len(text):
        found.append((start, len(text)))
    return [(s, e) for s, e in found if text[s:e].strip(EDGES)]


def introduces(clause: str) -> bool:
    """Tell whether a clause (with or without the marks that end it) only introduces what
    follows: it ends in a colon or a verb of saying, or is an adverbial, a frame or a
    greeting."""
    text = clause.strip(" \u3000")
    if text.rstrip("；;，,").endswith(("：", ":")):
        return True
    bare = text.strip(EDGES)
    if not bare:
        return False
    if bare.endswith(ENDINGS) and not NOT_ENDINGS.search(bare):
        return True
    return bare in ADVERBIALS or any(p.match(bare) for p in (TIME, FRAMES, GREETINGS))


def fragment(text: str) -> str | None:
    """Return the clause a text ends in when that clause only introduces (the text ends as an
    introducer: 《实施方案》强调, 当前，除金融机构外), or None for a text that ends in a
    statement."""
    text = text.strip()
    parts = clauses(text)
    if not parts:
        return None
    start, end = parts[-1]
    return text[start:end].strip() if introduces(text[start:end]) else None
