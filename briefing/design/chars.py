"""How characters behave in a line: which are East Asian wide, which may stand alone."""

from __future__ import annotations

import unicodedata


def is_wide(char: str) -> bool:
    """Tell whether a character is East Asian wide (set in the a:ea font): Han, kana, 。，"""
    return unicodedata.east_asian_width(char) in ("W", "F")


def stands_alone(char: str) -> bool:
    """Tell whether a line may break on either side of a character (bans aside)."""
    return unicodedata.east_asian_width(char) in ("W", "F", "A")
