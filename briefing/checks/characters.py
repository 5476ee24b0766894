"""Characters every output can set: no control characters (they end CSS strings, become
_x000B_ in a deck, or stop WeasyPrint without a position), and no word longer than a line can
break (WeasyPrint's time grows with the cube of such a word's length), no bidirectional
override that would print the text in another order. Each finding is an error at its
character."""

from __future__ import annotations

import unicodedata

from ..content import limits
from ..content.load import LoadedBriefing
from ..content.positions import CharacterPositions, scalars
from ..design.chars import longest_word
from ..diagnostics import Diagnostic, format_path

ALLOWED_CONTROLS = "\t\n"
# format characters that stop renderers: interlinear annotation anchors and separators
STOPPERS = {"\u2028", "\u2029", "\ufff9", "\ufffa", "\ufffb"}
# bidirectional embeddings, overrides and isolates: they reorder the text around them, so
# that what is read (控制) is not what is printed (制控)
REORDERING = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
WORD_EXEMPT = {("source", "url")}  # printed with break opportunities after / ? & =


def unprintable(char: str) -> bool:
    """Tell whether a character cannot be set in the outputs: a control character other than
    tab and line feed, a line or paragraph separator, an annotation character, a noncharacter
    or a lone surrogate."""
    code = ord(char)
    category = unicodedata.category(char)
    return (category == "Cc" and char not in ALLOWED_CONTROLS) or char in STOPPERS \
        or category == "Cs" or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


CONTROL_NAMES = (  # Unicode gives control characters no names; these are their usual ones
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION",
    "ENQUIRY", "ACKNOWLEDGE", "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED",
    "LINE TABULATION", "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN",
    "DATA LINK ESCAPE", "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
    "FILE SEPARATOR", "GROUP SEPARATOR", "RECORD SEPARATOR", "UNIT SEPARATOR")
MORE_NAMES = {"\x7f": "DELETE", "\x85": "NEXT LINE"}


def describe(char: str) -> str:
    """Return a character as a message names it: U+000B (LINE TABULATION)."""
    code = ord(char)
    name = unicodedata.name(char, "") or MORE_NAMES.get(char, "") or \
        (CONTROL_NAMES[code] if code < 32 else "")
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def character_problems(loaded: LoadedBriefing) -> list[Diagnostic]:
    """Return an error for each character no output can set and each word too long to break."""
    root = loaded.located.root
    positions = CharacterPositions(loaded.located.text)
    found = []
    for path, node in scalars(root):
        value = node.value
        for at, char in enumerate(value):
            if unprintable(char):
                found.append(Diagnostic(
                    loaded.file, *positions.of(node, at), "error", format_path(path),
                    f"{describe(char)} cannot be printed; remove it"))
            elif char in REORDERING:
                found.append(Diagnostic(
                    loaded.file, *positions.of(node, at), "error", format_path(path),
                    f"{describe(char)} reorders the text around it, so that the outputs"
                    " would not read as written; remove it"))
        at, length = longest_word(value)
        if length > limits.WORD and path not in WORD_EXEMPT:
            found.append(Diagnostic(
                loaded.file, *positions.of(node, at), "error", format_path(path),
                f"a word of {length} characters with no place to break a line; at most"
                f" {limits.WORD}: add spaces or shorten it"))
    return found
