"""How characters behave in a line: which are East Asian wide, which may stand alone."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

UNBREAKABLE_PAIRS = ("——", "……")


def is_wide(char: str) -> bool:
    """Tell whether a character is East Asian wide (set in the a:ea font): Han, kana, 。，"""
    return unicodedata.east_asian_width(char) in ("W", "F")


def stands_alone(char: str) -> bool:
    """Tell whether a line may break on either side of a character (bans aside)."""
    return unicodedata.east_asian_width(char) in ("W", "F", "A")


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[str, ...]:
    """Split text into unbreakable pieces: a CJK character, a Latin word, a space, ——; in time
    proportional to the text's length."""
    pieces: list[str] = []
    word: list[str] = []  # the Latin word being read

    def end_word() -> None:
        if word:
            pieces.append("".join(word))
            word.clear()

    for char in text:
        if not word and pieces and pieces[-1] + char in UNBREAKABLE_PAIRS:
            pieces[-1] += char
        elif char.isspace():
            end_word()
            pieces.append(" ")
        elif stands_alone(char):
            end_word()
            pieces.append(char)
        else:
            word.append(char)
    end_word()
    return tuple(pieces)


def longest_word(text: str) -> tuple[int, int]:
    """Return (index, length) of the longest run of characters with no place to break a line
    (no space, no CJK character) in text; (0, 0) if it has none."""
    best = (0, 0)
    at = 0
    for piece in tokens(text):
        if len(piece) > best[1] and piece != " " and not stands_alone(piece[0]):
            best = (at, len(piece))
        at += len(piece)
    return best
