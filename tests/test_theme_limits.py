"""A theme the build cannot honour is refused with a diagnostic, not an IndexError or an
assertion deep in WeasyPrint: an empty font list, type too large for its type area, a key
given twice (issue 22, item 14)."""

from __future__ import annotations

import re

import pytest

from briefing.design.templates import SHIPPED
from briefing.design.theme import load_theme
from briefing.diagnostics import DiagnosticError


def office_theme(folder, change) -> None:
    """Write a theme "office" into a templates folder: the default one, changed."""
    (folder / "themes").mkdir(exist_ok=True)
    shipped = (SHIPPED / "themes" / "default.yaml").read_text(encoding="utf-8")
    (folder / "themes" / "office.yaml").write_text(
        change(shipped.replace("name: default", "name: office")), encoding="utf-8")


def refusal(name: str = "office") -> list[str]:
    """Return the diagnostics loading a theme gives, as printed."""
    with pytest.raises(DiagnosticError) as caught:
        load_theme(name)
    return [str(d) for d in caught.value.diagnostics]


def line_of(folder, text: str) -> int:
    """Return the line of the office theme that holds text."""
    lines = (folder / "themes" / "office.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_an_empty_font_list_is_refused_at_its_key(user_templates):
    office_theme(user_templates, lambda s: s.replace('serif_cjk: ["Noto Serif CJK SC"]',
                                                     "serif_cjk: []"))
    line = line_of(user_templates, "serif_cjk: []")
    assert refusal() == [f"templates/themes/office.yaml:{line}:16: error: fonts.pdf.serif_cjk:"
                         " List should have at least 1 item after validation, not 0"]


def test_type_too_large_for_the_type_area_is_refused_with_the_largest_it_may_be(
        user_templates):
    def huge(text: str) -> str:
        """Return the theme with its PDF title at 70 pt on an A5 page of wide margins."""
        text = text.replace("size: A4", "size: A5")
        text = re.sub(r"margin_(top|bottom)_mm: \d+", r"margin_\1_mm: 75", text)
        return re.sub(r"(type_pt:[^\n]*\n  title: )\d+", r"\g<1>70", text)

    office_theme(user_templates, huge)
    assert refusal() == [
        "templates/themes/office.yaml:3:1: error: type_pt.title of 70 pt is too large for the"
        " type area of 101 × 60 mm; at most 24 pt at line_height 1.75"]


def test_a_key_given_twice_in_a_theme_is_refused_as_in_a_content_file(user_templates):
    office_theme(user_templates, lambda s: s.replace("  accent:", "  primary: \"#000000\"\n"
                                                     "  accent:", 1))
    line = line_of(user_templates, 'primary: "#000000"')
    assert refusal() == [DUPLICATE.format(line=line, first=line - 1)]


DUPLICATE = ("templates/themes/office.yaml:{line}:3: error: colors.primary: key 'primary' is"
             " given twice, on lines {first} and {line}; keep one")


def test_the_shipped_themes_are_within_the_limits():
    assert [load_theme(name).name for name in ("default", "official", "emblem")] == [
        "default", "official", "emblem"]
