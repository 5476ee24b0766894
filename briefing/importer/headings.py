"""A question -> the heading of its section, by taking words away, never by adding any.

The asking sentence is taken (a journalist's premise before it is not the question: 近年来，…
增长了37.5%。请问…？), then its asking clause, stripped of the interrogative forms (请问, 您能否
介绍一下, 如何, 是什么, 有哪些 …). What is left is a noun phrase, kept with its subject:
资金来源有哪些要求 -> 资金来源要求; a clause that asks only for 情况 takes the topic before it
(关于来华留学经费使用情况，您能否介绍一下情况 -> 来华留学经费使用情况). A heading never starts
with 的, 方面 or 您 and is never a bare 要求, 规范 or 规定; where no rule gives one of 4–20
characters, the asking sentence itself is the heading, cut between word groups.
"""

from __future__ import annotations

import re

from ..design.phrases import word_groups

ALIAS = re.compile(r"[（(]以下简称[^）)]*[）)]")
ENDS = "？?！!。"
ASKING = ("是什么", "有哪些", "是哪些", "有什么", "怎么样", "怎样", "如何", "为什么", "为何",
          "什么", "哪些", "哪几", "吗", "呢", "多少", "请问", "能否", "介绍", "谈谈", "说说",
          "有何", "何种")
# what opens an asking clause: 请问, 您能否介绍一下, 能不能谈谈 …
POLITE = re.compile(r"^(?:请问|那么|另外|此外|同时|最后)?[，,]?\s*"
                    r"(?:(?:请)?(?:您|你)?(?:能否|能不能|可否|可不可以|是否可以|能)?"
                    r"(?:给我们|为我们|向大家)?(?:具体|详细|简要|再)?"
                    r"(?:介绍|谈谈|说说|讲讲|解读|解释)(?:一下)?)?\s*")
HOW = re.compile(r"^(?:是)?(?:如何|怎样|怎么|为什么要?|为何要?)")
MIDDLE_HOW = re.compile(r"是?(?:如何|怎样|怎么)")
# X是如何考虑的 -> X的考虑: the verb is what the heading names
CONSIDERED = re.compile(r"^(?P<subject>.+?)(?:是|有)?(?:如何|怎样|怎么|何)"
                        r"(?P<verb>考虑|安排|部署|设计|谋划)的?$")
ASKING_TAIL = re.compile(r"(?:是什么|是哪些|有哪些|有什么|是怎样的|是怎么样的|怎么样|是多少|有何"
                         r"|吗|呢|的情况|情况|的有关情况|有关情况)+$")
WHICH = re.compile(r"(?P<subject>.*?)(?:主要|还|将|都|又|会)?(?:有哪些|有什么|是哪些|有何|哪些"
                   r"|(?<!为)什么|哪几[个项类方面]?)(?P<rest>.*)$")
HEAD_NOUN = re.compile("措施|任务|举措|目标|指标|内容|原则|政策|方面|要求|背景|意义|亮点|特点|变化"
                       "|工程|项目|标准|机制|体系|规定|思路|考虑|依据|范围|对象|条件|程序|流程|安排"
                       "|打算|作用|成效|情况|规范|问题|重点|创新|难点")
# nouns too general to stand alone: they take the subject before them
BARE = {"要求", "规范", "规定", "措施", "举措", "考虑", "安排", "情况", "内容", "变化", "特点",
        "亮点", "意义", "作用", "打算", "问题", "重点", "创新", "背景", "成效", "方面", "体现",
        "政策", "条件", "工作"}
MODIFIERS = re.compile(r"^(?:具体|主要|重要|新的|哪些|重点)")
SUBJECT_HEAD = re.compile(r"^(?:《[^《》]{1,6}》)?(?:在|对|对于|关于|针对|围绕|就|从|为)?")
SUBJECT_TAIL = re.compile(r"(?:等?方面|上|中|里|方面上|领域|问题上)?(?:主要|还|将|都|又|会|也)?"
                          r"(?:有|是|提出了?|作出了?|做出了?|进行了?|强化了?|明确了?|规定了?"
                          r"|部署了?|采取了?|推出了?|出台了?|设置了?|安排了?|开展了?|包括|涉及)?$")
NOT_FIRST = ("的", "方面", "您", "你", "请", "那么")
LEAST, MOST = 4, 20  # characters of a heading
TAIL_MAX = 12  # characters of the words after 的 that make a heading


def heading_of(question: str) -> str:
    """Return a heading made from a question by taking words away: 《规划》的主要内容是什么？ ->
    主要内容; 资金来源有哪些要求？ -> 资金来源要求."""
    sentence = asking_sentence(ALIAS.sub("", question))
    made = _from_clauses(sentence)
    made = _trim(made)
    if not LEAST <= len(made) <= MOST or made in BARE or made.startswith(NOT_FIRST):
        made = _shortened(sentence)
    return made or sentence or question


def asking_sentence(text: str) -> str:
    """Return the sentence that asks: the first with an asking word, else the last (a premise
    with a statistic before it is not the question)."""
    parts = [p.strip() for p in re.split(f"[{ENDS}]", text) if p.strip()] or [text.strip()]
    asking = [p for p in parts if any(word in p for word in ASKING)]
    return asking[0] if asking else parts[-1]


def _subject(text: str) -> str:
    """Return the noun phrase a subject clause names: 《办法》对股东资质 -> 股东资质."""
    text = SUBJECT_HEAD.sub("", text.strip(), count=1)
    return SUBJECT_TAIL.sub("", text).strip()


def _strip(clause: str) -> str:
    """Return a clause without its interrogative forms at either end."""
    bare = POLITE.sub("", clause.strip(), count=1)
    bare = HOW.sub("", bare, count=1)
    return ASKING_TAIL.sub("", bare).strip()


def _from_clauses(sentence: str) -> str:
    """Return the noun phrase of the asking clause, with its subject when it needs one."""
    clauses = [c.strip() for c in re.split("[，,：:；;]", sentence) if c.strip()] or [sentence]
    asking = [i for i, c in enumerate(clauses) if any(word in c for word in ASKING)
              and POLITE.sub("", c, count=1)]  # 请问， alone opens the question, asks nothing
    at = asking[0] if asking else len(clauses) - 1
    clause = POLITE.sub("", clauses[at], count=1)
    topic = _subject(clauses[at - 1]) if at else ""
    considered = CONSIDERED.match(clause)
    if considered and _subject(considered["subject"]):
        return _subject(considered["subject"]) + "的" + considered["verb"]
    which = WHICH.match(clause)
    if which and which["rest"]:
        rest = which["rest"]
        nouns = list(HEAD_NOUN.finditer(rest))
        if nouns and len(rest) > 6:  # 保障措施确保《规划》顺利实施 -> 保障措施
            rest = rest[:nouns[-1].end()]
        core = MODIFIERS.sub("", rest)
        subject = _subject(which["subject"]) or topic
        if (core in BARE or len(core) <= 2) and subject:
            return subject + re.sub("^(?:具体|哪些)", "", rest)  # 重点工作 keeps its 重点
        if len(rest) >= 2:
            return rest
    bare = _strip(clause)
    if "的" in bare:
        head, _, tail = bare.rpartition("的")
        named = re.split("[》”]", bare)[-1]  # 《…》出台的背景 -> 出台的背景, not 背景
        if len(tail) <= 2 and len(tail) < len(named) <= TAIL_MAX:
            return named
        if 2 <= len(tail) <= TAIL_MAX and tail not in BARE:
            own = head.strip()  # 改革的主要内容 keeps 改革; 《规划》的主要内容 is 主要内容
            return f"{own}的{tail}" if 0 < len(own) <= 4 and not own.endswith("》") else tail
    if (len(bare) <= 2 or bare in BARE or not bare) and topic:
        return topic + (bare if bare in BARE and bare != "情况" and len(topic) < LEAST else "")
    if len(bare) <= 5 and not HEAD_NOUN.search(bare) and at:
        bare = _strip("，".join(clauses[:at + 1]))
    return MIDDLE_HOW.sub("", bare) if MIDDLE_HOW.sub("", bare) else bare


def _trim(made: str) -> str:
    """Return a heading without a leading 的 / 方面 / 您, and X的Y as XY when both are short
    (出台的背景 -> 出台背景)."""
    for _ in range(3):
        for start in NOT_FIRST:
            if made.startswith(start) and len(made) > len(start):
                made = made[len(start):]
    head, of, tail = made.partition("的")
    if of and 0 < len(head) <= 4 and 0 < len(tail) <= 2 and "的" not in tail:
        made = head + tail
    return made.strip("，、；： ")


def _shortened(sentence: str) -> str:
    """Return the asking sentence itself, without its polite opening, cut between word groups
    to at most MOST characters."""
    text = HOW.sub("", POLITE.sub("", sentence.strip(), count=1), count=1)
    text = ASKING_TAIL.sub("", text).strip("，、；： ")
    while text.startswith(NOT_FIRST):
        text = next(text[len(s):] for s in NOT_FIRST if text.startswith(s))
    if text in BARE:
        return ""
    if len(text) <= MOST:
        return text
    kept = ""
    for group in word_groups(text):
        if len(kept) + len(group) > MOST:
            break
        kept += group
    return kept.rstrip("，、；：的和与及") or text[:MOST]
