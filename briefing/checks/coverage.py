"""Font coverage: every character of the content has a glyph in the fonts the theme names for
each output, or the check names the character, its code point, where it stands and the fonts
tried. No tofu reaches a PDF or a deck. Characters that need no glyph of their own (spaces,
joiners, variation selectors) are not looked up."""

from __future__ import annotations

import unicodedata

from ..content.load import LoadedBriefing
from ..content.positions import CharacterPositions, scalars
from ..design.fonts import metrics
from ..design.theme import Theme
from ..diagnostics import Diagnostic, format_path


def families_per_output(theme: Theme, chinese: bool) -> dict[str, list[str]]:
    """Return the installed families each output draws text with, in the theme's order."""
    pdf = theme.fonts.pdf
    stacks = theme.font_stack("serif", chinese) + theme.font_stack("sans", chinese) + pdf.kai_cjk
    deck = theme.fonts.deck
    return {"PDF": list(dict.fromkeys(stacks)),
            "deck": [deck.metrics_east_asian, deck.metrics_latin]}


def needs_no_glyph(char: str) -> bool:
    """Tell whether a character is drawn with no glyph of its own: spaces, controls (refused
    elsewhere), format characters such as the zero-width joiner, and variation selectors,
    which choose a form of the character before them."""
    code = ord(char)
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") \
        or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x180B <= code <= 0x180F


def _drawn(char: str, families: list[str]) -> bool:
    """Tell whether any installed family of a list has a glyph for a character."""
    return any(m is not None and m.has_glyph(char) for m in map(metrics, families))


def uncovered(loaded: LoadedBriefing, theme: Theme) -> list[Diagnostic]:
    """Return an error for each character of the content that an output's fonts cannot draw."""
    outputs = families_per_output(theme, loaded.briefing.is_chinese)
    text, root = loaded.located.text, loaded.located.root
    positions = CharacterPositions(text)
    found: list[Diagnostic] = []
    checked: dict[str, list[str]] = {}
    for path, node in scalars(root):
        if path[-2:] == ("figure", "path"):
            continue  # a file's name, never drawn
        for at, char in enumerate(node.value):
            if needs_no_glyph(char):
                continue
            if char not in checked:
                checked[char] = [name for name, families in outputs.items()
                                 if not _drawn(char, families)]
            if checked[char]:
                tried = "; ".join(f"{', '.join(outputs[o])} ({o})" for o in checked[char])
                found.append(Diagnostic(
                    loaded.file, *positions.of(node, at), "error", format_path(path),
                    f"no font of the theme draws '{char}' (U+{ord(char):04X}"
                    f"{', ' + unicodedata.name(char) if unicodedata.name(char, '') else ''});"
                    f" tried {tried}"))
    return found
