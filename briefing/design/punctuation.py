"""Chinese punctuation as clreq sets it, in a rendered HTML document: adjacent marks
compressed (标点挤压) and CJK quotes marked so that every face can set them full-width.

A mark that gives up its blank half is wrapped in ``<span class="pc">`` (the stylesheets set
it with the font feature ``halt``); a quotation mark in Chinese text in ``<span class="cq">``
(set in a CJK face where the text's own face, such as the 楷, has only proportional quotes).
Only text between tags is touched, never the head, scripts, styles or inline SVG, nor a
justified paragraph, which must stay plain text (pdf/justify.py sets its marks itself).
"""

from __future__ import annotations

import re

# In Simplified Chinese every closing mark and pause has its blank on the right, every opening
# mark its blank on the left (clreq 3.1.6): 》（ or ）） leave a whole blank em between the marks.
CLOSING = "）〕］｝〉》」』】〗〙〛”’，。、；：！？"
OPENING = "（〔［｛〈《「『【〖〘〚“‘"
QUOTES = "“”‘’"

# justified paragraphs (<p class="j">) stay plain text: pdf/justify.py compresses their marks
_SKIPPED = re.compile(r"<(head|script|style|svg)\b.*?</\1\s*>|<p class=\"j[\s\"].*?</p>",
                      re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # word joiners and the like: no gap between marks


def compressed_marks(text: str) -> list[int]:
    """Return the indexes of the marks in a text that give up their blank half: a closing
    mark or pause before another mark (》（ ）） ，“), the second of two opening marks (（《)."""
    seen = [(i, c) for i, c in enumerate(text) if c not in INVISIBLE]
    found = []
    for (i, char), (j, following) in zip(seen, seen[1:]):
        if char in CLOSING and following in CLOSING + OPENING:
            found.append(i)
        elif char in OPENING and following in OPENING:
            found.append(j)
    return found


_UNIT = re.compile(r"&[#\w]+;|.", re.S)  # a character, or an entity standing for one


def set_text(text: str, chinese: bool, before: str = "", after: str = "") -> str:
    """Return a run of (escaped) text with its compressed marks and, in Chinese, its quotes
    wrapped in spans; `before` and `after` are the characters of the text next to it (a
    label's 问： before the question's 《).

    A span's edge is a place WeasyPrint may break a line, even where Chinese forbids it (before
    a closing mark, after an opening one): such a span is kept on one line with the character
    it may not be parted from (``<span class="pg">``, white-space: nowrap)."""
    units = _UNIT.findall(text)
    plain = "".join(u if len(u) == 1 else "\ufffc" for u in units)  # one character a unit
    compressed = {i - len(before) for i in compressed_marks(before + plain + after)}
    classes = [(["pc"] if i in compressed else []) + (["cq"] if chinese and c in QUOTES else [])
               for i, c in enumerate(plain)]
    glued = [False] * len(plain)  # glued[k]: no break between units k - 1 and k
    for k in range(1, len(plain)):
        edge = classes[k] != classes[k - 1] and (classes[k] or classes[k - 1])
        if edge and (plain[k] in CLOSING or plain[k - 1] in OPENING):
            glued[k] = True
    out: list[str] = []
    for k, unit in enumerate(units):
        if k + 1 < len(units) and glued[k + 1] and not glued[k]:
            out.append('<span class="pg">')
        out.append(f'<span class="{" ".join(classes[k])}">{unit}</span>' if classes[k] else unit)
        if glued[k] and not (k + 1 < len(units) and glued[k + 1]):
            out.append("</span>")
    return "".join(out)


def typeset(html: str, chinese: bool) -> str:
    """Return an HTML document with its Chinese punctuation set (see the module's doc)."""
    marks = set(CLOSING + OPENING + (QUOTES if chinese else ""))
    pieces: list[str] = []
    at = 0
    for skipped in _SKIPPED.finditer(html):
        pieces.append(_set_between_tags(html[at:skipped.start()], chinese, marks))
        pieces.append(skipped.group())
        at = skipped.end()
    pieces.append(_set_between_tags(html[at:], chinese, marks))
    return "".join(pieces)


def _set_between_tags(html: str, chinese: bool, marks: set[str]) -> str:
    """Return markup with the text between its tags set; the tags are kept as they are."""
    pieces = _TAG.split(html)
    tags = _TAG.findall(html)
    texts = [i for i, piece in enumerate(pieces) if piece]
    order = {piece_index: at for at, piece_index in enumerate(texts)}
    out: list[str] = []
    for i, piece in enumerate(pieces):
        if piece and marks.intersection(piece):
            at = order[i]
            before = pieces[texts[at - 1]][-1:] if at else ""
            after = pieces[texts[at + 1]][:1] if at + 1 < len(texts) else ""
            piece = set_text(piece, chinese, before, after)
        out.append(piece)
        if i < len(tags):
            out.append(tags[i])
    return "".join(out)
