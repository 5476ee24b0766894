"""Design tokens (templates/themes/*.yaml) and labels (templates/labels/*.yaml).

The PDF reads the tokens as CSS custom properties; the deck reads the same objects.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationError

from ..content.model import Strict
from ..content.source import load_yaml
from ..diagnostics import Diagnostic, DiagnosticError, format_path

PROJECT = Path(__file__).resolve().parents[2]
TEMPLATES = PROJECT / "templates"
THEMES = TEMPLATES / "themes"
LABELS = TEMPLATES / "labels"

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
Family = Annotated[str, StringConstraints(pattern=r"^[^\"'\\;{}<>]+$", min_length=1)]
Points = Annotated[float, Field(gt=0, le=200)]
Millimetres = Annotated[float, Field(ge=0, le=100)]


class Tokens(Strict):
    """A group of design tokens; unknown keys are errors."""


class Page(Tokens):
    """Page size and margins, in millimetres."""

    size: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9 .]+$")]
    margin_top_mm: Millimetres
    margin_right_mm: Millimetres
    margin_bottom_mm: Millimetres
    margin_left_mm: Millimetres


class Colours(Tokens):
    """The theme's colours, as #RRGGBB."""

    primary: Colour
    accent: Colour
    text: Colour
    muted: Colour
    panel: Colour
    rule: Colour
    on_primary: Colour


class PdfFonts(Tokens):
    """Font families of the PDFs, CJK and Latin, serif and sans."""

    serif_cjk: list[Family]
    sans_cjk: list[Family]
    serif_latin: list[Family]
    sans_latin: list[Family]
    kai_cjk: list[Family] = []  # 楷 for secondary headings, where a theme asks for it


class DeckFonts(Tokens):
    """The typefaces the deck names, and installed faces with their metrics."""

    latin: Family
    east_asian: Family
    metrics_latin: Family
    metrics_east_asian: Family


class Fonts(Tokens):
    """The fonts of every output, and the stand-ins a theme uses for standard faces."""

    pdf: PdfFonts
    deck: DeckFonts
    stand_ins: dict[str, str] = {}  # standard face (role) -> the free face used instead


class TypeScale(Tokens):
    """The PDF's type sizes, in points."""

    title: Points
    subtitle: Points
    h1: Points
    h2: Points
    body: Points
    small: Points


class DeckScale(Tokens):
    """The deck's type sizes, in points, and the smallest fitting may use."""

    title: Points
    heading: Points
    body: Points
    notes: Points
    footer: Points
    minimum: Points


class Theme(Tokens):
    """All design tokens of one theme."""

    name: str
    page: Page
    colors: Colours
    fonts: Fonts
    type_pt: TypeScale
    line_height: Annotated[float, Field(ge=1.0, le=3.0)]
    deck_pt: DeckScale
    stylesheet: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_/-]+\.css$")] | None = None
    # an organisation's own deck master under templates/, instead of the built-in one
    deck_master: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_/-]+\.pptx$")] | None = None

    def font_stack(self, role: str, chinese: bool) -> list[str]:
        """Return the PDF font families for 'serif' or 'sans', CJK first for Chinese text."""
        cjk = getattr(self.fonts.pdf, f"{role}_cjk")
        latin = getattr(self.fonts.pdf, f"{role}_latin")
        return [*cjk, *latin] if chinese else [*latin, *cjk]

    def css_variables(self, chinese: bool) -> str:
        """Return the tokens as a CSS ``:root`` rule of custom properties."""
        def quoted(families: list[str]) -> str:
            """Return families as a CSS font-family list."""
            return ", ".join(f'"{f}"' for f in families)

        deck = [self.fonts.deck.metrics_east_asian, self.fonts.deck.metrics_latin]
        lines = [f"--color-{name.replace('_', '-')}: {value};"
                 for name, value in self.colors.model_dump().items()]
        lines += [f"--size-{name}: {value}pt;" for name, value in self.type_pt.model_dump().items()]
        lines += [f"--font-serif: {quoted(self.font_stack('serif', chinese))};",
                  f"--font-sans: {quoted(self.font_stack('sans', chinese))};",
                  f"--font-kai:"
                  f" {quoted(self.fonts.pdf.kai_cjk + self.font_stack('serif', chinese))};",
                  f"--font-deck: {quoted(deck if chinese else deck[::-1])};",
                  f"--font-deck-latin: {quoted([self.fonts.deck.metrics_latin])};",
                  f"--deck-footer: {self.deck_pt.footer}pt;",
                  f"--line-height: {self.line_height};"]
        return ":root {\n  " + "\n  ".join(lines) + "\n}"

    def page_css(self) -> str:
        """Return the ``@page`` size and margins (custom properties cannot reach @page)."""
        p = self.page
        return (f"@page {{ size: {p.size}; margin: {p.margin_top_mm}mm {p.margin_right_mm}mm"
                f" {p.margin_bottom_mm}mm {p.margin_left_mm}mm; }}")


def theme_names() -> list[str]:
    """Return the names of the themes in templates/themes."""
    return sorted(p.stem for p in THEMES.glob("*.yaml"))


@lru_cache(maxsize=8)
def load_theme(name: str) -> Theme:
    """Read and validate templates/themes/NAME.yaml; raise DiagnosticError if it is wrong."""
    path = THEMES / f"{name}.yaml"
    file = f"templates/themes/{name}.yaml"
    located = load_yaml(path.read_bytes(), file)
    try:
        return Theme.model_validate(located.data)
    except ValidationError as exc:
        raise DiagnosticError([
            Diagnostic(file, *located.position(tuple(e["loc"])), "error",
                       format_path(tuple(e["loc"])), e["msg"])
            for e in exc.errors(include_url=False)]) from None


@lru_cache(maxsize=8)
def load_labels(language: str) -> dict[str, object]:
    """Return the template words for a language tag: exact file, same language, else English."""
    primary = language.lower().split("-")[0]
    candidates = [LABELS / f"{language}.yaml",
                  *sorted(p for p in LABELS.glob("*.yaml")
                          if p.stem.lower().split("-")[0] == primary),
                  LABELS / "en.yaml"]
    path = next(p for p in candidates if p.is_file())
    return load_yaml(path.read_bytes(), f"templates/labels/{path.name}").data
