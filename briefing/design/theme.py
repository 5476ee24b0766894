"""Design tokens (templates/themes/*.yaml) and labels (templates/labels/*.yaml).

The PDF reads the tokens as CSS custom properties; the deck reads the same objects.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import quote

from pydantic import Field, StringConstraints, ValidationError, field_validator, model_validator

from ..caches import file_cache
from ..content import limits
from ..content.model import Strict
from ..content.source import load_yaml
from ..diagnostics import Diagnostic, DiagnosticError, format_path
from . import templates
from .fonts import find_face

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
Family = Annotated[str, StringConstraints(pattern=r"^[^\"'\\;{}<>]+$", min_length=1)]
# a 72-pt line is a poster's: larger, a heading with its leading outgrows an A5 page
Points = Annotated[float, Field(gt=0, le=72)]
SlidePoints = Annotated[float, Field(gt=0, le=96)]  # a slide is 7.5 in high
Families = Annotated[list[Family], Field(min_length=1)]
Millimetres = Annotated[float, Field(ge=0, le=100)]


class Tokens(Strict):
    """A group of design tokens; unknown keys are errors."""


PAGE_SIZES_MM = {"a3": (297, 420), "a4": (210, 297), "a5": (148, 210), "b4": (250, 353),
                 "b5": (176, 250), "letter": (215.9, 279.4), "legal": (215.9, 355.6)}
UNITS_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
MIN_TYPE_AREA_MM = 60  # the room inside the margins, each way: less cannot hold a heading
PT_PER_MM = 72 / 25.4
TYPE_LINES = 4  # lines of the largest type the type area holds down, at least
TYPE_CHARACTERS = 6  # characters of it across


def page_size_mm(size: str) -> tuple[float, float]:
    """Return the width and height (mm) of a CSS page size: A4, A4 landscape, 210mm 297mm."""
    words = size.lower().split()
    orientation = [w for w in words if w in ("portrait", "landscape")]
    words = [w for w in words if w not in ("portrait", "landscape")]
    if len(words) == 1 and words[0] in PAGE_SIZES_MM:
        width, height = PAGE_SIZES_MM[words[0]]
    else:
        lengths = [re.fullmatch(r"(\d+(?:\.\d+)?)(mm|cm|in|pt)", w) for w in words]
        if not 1 <= len(lengths) <= 2 or not all(lengths):
            raise ValueError(f"expected a page size such as A4, A4 landscape or 210mm 297mm,"
                             f" got '{size}'")
        width, height = (float(m[1]) * UNITS_MM[m[2]] for m in (lengths * 2)[:2])
    if orientation == ["landscape"]:
        width, height = max(width, height), min(width, height)
    return width, height


class Page(Tokens):
    """Page size and margins, in millimetres; the type area inside them at least 60 mm each
    way."""

    size: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9 .]+$")]
    margin_top_mm: Millimetres
    margin_right_mm: Millimetres
    margin_bottom_mm: Millimetres
    margin_left_mm: Millimetres

    @model_validator(mode="after")
    def _room_for_type(self) -> Page:
        """Refuse margins that leave less than 60 mm of type area either way."""
        width, height = page_size_mm(self.size)
        across = width - self.margin_left_mm - self.margin_right_mm
        down = height - self.margin_top_mm - self.margin_bottom_mm
        if min(across, down) < MIN_TYPE_AREA_MM:
            raise ValueError(f"the margins leave a type area of {across:.0f} × {down:.0f} mm"
                             f" on a {width:.0f} × {height:.0f} mm page; at least"
                             f" {MIN_TYPE_AREA_MM} mm each way")
        return self


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

    serif_cjk: Families
    sans_cjk: Families
    serif_latin: Families
    sans_latin: Families
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

    title: SlidePoints
    heading: SlidePoints
    body: SlidePoints
    notes: SlidePoints
    footer: SlidePoints
    minimum: SlidePoints


class LogoSizes(Tokens):
    """The emblem's height on the briefing's cover, in its running head, on the handout and on
    the deck's title and closing slides, in millimetres; its width follows its shape."""

    cover: Annotated[float, Field(gt=0, le=100)] = 24
    head: Annotated[float, Field(gt=0, le=20)] = 8
    handout: Annotated[float, Field(gt=0, le=40)] = 12
    deck: Annotated[float, Field(gt=0, le=60)] = 25


def read_logo(name: str):
    """Return an emblem under templates/ as a checked picture; raise ValueError saying why it
    cannot be used."""
    from .images import PictureError, inspect

    path = templates.find(name)
    try:
        with open(path, "rb") as file:
            data = file.read(limits.LOGO_BYTES + 1)
    except OSError as exc:
        raise ValueError(f"cannot read templates/{name}: {exc.strerror}") from None
    if len(data) > limits.LOGO_BYTES:
        raise ValueError(f"templates/{name} is larger than {limits.LOGO_BYTES // 10**6} MB")
    try:
        return inspect(data, limits.FIGURE_PIXELS, allowed=("png", "svg"))
    except PictureError as exc:
        raise ValueError(f"templates/{name}: {exc}") from None


def mix_with_white(colour: str, share: float) -> str:
    """Return #RRGGBB mixed with white: share 0 keeps the colour, 1 is white."""
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * share):02X}" for c in channels)


class Theme(Tokens):
    """All design tokens of one theme."""

    name: str
    page: Page
    colors: Colours
    # the deck's colours, where the documents' print colours are not for a screen (the
    # official theme prints black on white; its deck is red and white): colors by default
    deck_colors: Colours | None = None
    fonts: Fonts
    type_pt: TypeScale
    line_height: Annotated[float, Field(ge=1.0, le=3.0)]
    deck_pt: DeckScale
    stylesheet: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_/-]+\.css$")] | None = None
    # a divider slide before every section, or only before a long one (outline.py)
    deck_dividers: Literal["long-sections", "every-section"] = "long-sections"
    # an organisation's own deck master under templates/, instead of the built-in one
    deck_master: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_/-]+\.pptx$")] | None = None
    # the organisation's emblem under templates/ (SVG or PNG), and its heights
    logo: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_/-]+\.(svg|png)$")] | None = None
    logo_mm: LogoSizes = LogoSizes()

    @field_validator("stylesheet", "deck_master", "logo")
    @classmethod
    def _file_under_templates(cls, value: str | None) -> str | None:
        """Refuse a file that is not a regular file under templates/."""
        if value is not None:
            if not _under_templates(value):
                raise ValueError(f"no file templates/{value}")
        return value

    @field_validator("logo")
    @classmethod
    def _readable_logo(cls, value: str | None) -> str | None:
        """Refuse an emblem that is no PNG or SVG, is too big, or does not decode."""
        if value is not None:
            read_logo(value)
        return value

    @model_validator(mode="after")
    def _type_fits_the_page(self) -> Theme:
        """Refuse type too large for the type area: the largest size must set TYPE_LINES lines
        down it and TYPE_CHARACTERS characters across (else a heading and what it keeps with it
        cannot fit a page)."""
        width, height = page_size_mm(self.page.size)
        across = (width - self.page.margin_left_mm - self.page.margin_right_mm) * PT_PER_MM
        down = (height - self.page.margin_top_mm - self.page.margin_bottom_mm) * PT_PER_MM
        name, largest = max(self.type_pt.model_dump().items(), key=lambda item: item[1])
        most = min(down / (TYPE_LINES * self.line_height), across / TYPE_CHARACTERS)
        if largest > most:
            raise ValueError(f"type_pt.{name} of {largest:g} pt is too large for the type area"
                             f" of {across / PT_PER_MM:.0f} × {down / PT_PER_MM:.0f} mm; at most"
                             f" {int(most)} pt at line_height {self.line_height:g}")
        return self

    def for_deck(self) -> Theme:
        """Return the theme the deck and the slides PDF are made with: its deck colours, when
        it has them, in place of the documents' colours."""
        if self.deck_colors is None:
            return self
        return self.model_copy(update={"colors": self.deck_colors})

    def logo_picture(self):
        """Return the emblem as a checked picture (design/images.py), or None."""
        return read_logo(self.logo) if self.logo else None

    def with_installed_fonts(self) -> Theme:
        """Return the theme with each list of PDF faces led by its installed ones, in the
        theme's order (an office's 仿宋_GB2312 where it has it, the free stand-in elsewhere),
        and only the stand-ins that are then used; a list with none installed is kept whole,
        for the font check to name."""
        pdf = self.fonts.pdf
        lists = {}
        for role in ("serif_cjk", "sans_cjk", "kai_cjk", "serif_latin", "sans_latin"):
            families = getattr(pdf, role)
            lists[role] = [f for f in families if find_face(f) is not None] or families
        used = {families[0] for families in lists.values() if families}
        used |= {f"{lists['serif_cjk'][0]} Bold"}  # the title's face
        stand_ins = {face: free for face, free in self.fonts.stand_ins.items() if free in used}
        fonts = self.fonts.model_copy(update={"pdf": pdf.model_copy(update=lists),
                                              "stand_ins": stand_ins})
        return self.model_copy(update={"fonts": fonts})

    def series_colours(self, count: int) -> list[str]:
        """Return the fills of a chart's series: primary, accent and muted, then their tints
        (a theme whose colours are all one, such as black, gets greys that stay apart)."""
        bases = list(dict.fromkeys(c.upper() for c in (self.colors.primary, self.colors.accent,
                                                      self.colors.muted)))
        found: list[str] = []
        for share in (0.0, 0.45, 0.7, 0.25, 0.58, 0.82):
            for base in bases:
                tint = mix_with_white(base, share)
                if tint not in found:
                    found.append(tint)
        return found[:count]

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
                  f"--line-height: {self.line_height};",
                  f"--rule-line: {rule_line(self.colors.rule)};"]
        if self.logo:
            lines += [f"--logo-{name}: {value}mm;" for name, value in
                      self.logo_mm.model_dump().items()]
        return ":root {\n  " + "\n  ".join(lines) + "\n}"

    def page_css(self) -> str:
        """Return the ``@page`` size and margins (custom properties cannot reach @page)."""
        p = self.page
        return (f"@page {{ size: {p.size}; margin: {p.margin_top_mm}mm {p.margin_right_mm}mm"
                f" {p.margin_bottom_mm}mm {p.margin_left_mm}mm; }}")


def _under_templates(name: str) -> bool:
    """Tell whether a theme's file name (a stylesheet, a master, an emblem) is a regular file
    inside a templates folder, with no way out of it."""
    path = templates.find(name)
    return path.is_file() and templates.relative(path) == Path(name).as_posix()


def theme_names() -> list[str]:
    """Return the names of the themes in templates/themes (the user's folder's too)."""
    return templates.names("themes", ".yaml")


def load_theme(name: str) -> Theme:
    """Read and validate templates/themes/NAME.yaml; raise DiagnosticError if it is wrong or
    if there is no such theme (a name is a theme's file name, never a path)."""
    return _load_theme(name, templates.roots())


@file_cache(maxsize=8)
def _load_theme(name: str, roots: tuple[Path, ...]) -> Theme:
    """Return the theme NAME as the template folders `roots` give it."""
    if name not in theme_names():
        raise DiagnosticError([Diagnostic(
            "templates/themes", 0, 0, "error", "",
            f"unknown theme {name!r}; themes: {', '.join(theme_names())}")])
    path = templates.find(f"themes/{name}.yaml")
    file = templates.shown(path)
    located = load_yaml(path.read_bytes(), file)
    if located.problems:  # a key given twice: which one counts is no choice to leave to YAML
        raise DiagnosticError(located.problems)
    try:
        return Theme.model_validate(located.data).with_installed_fonts()
    except ValidationError as exc:
        raise DiagnosticError([
            Diagnostic(file, *located.position(tuple(e["loc"])), "error",
                       format_path(tuple(e["loc"])), e["msg"].removeprefix("Value error, "))
            for e in exc.errors(include_url=False)]) from None


TRADITIONAL = {"hant", "tw", "hk", "mo"}  # script and regions written in Traditional Chinese


def language_problem(language: str) -> str | None:
    """Return why the templates cannot write a language, or None: they need a labels file for
    its language (templates/labels/), and Chinese is Simplified only (labels and fonts SC)."""
    subtags = language.lower().split("-")
    primary = subtags[0]
    available = templates.names("labels", ".yaml")
    if not any(name.lower().split("-")[0] == primary for name in available):
        return (f"no labels for the language '{language}'; the languages with labels are"
                f" {', '.join(available)} (templates/labels/)")
    if primary == "zh" and TRADITIONAL & set(subtags[1:]):
        return (f"'{language}' is Traditional Chinese; the labels and fonts are Simplified"
                " (SC): write zh-CN or zh-Hans")
    return None


def load_labels(language: str) -> dict[str, object]:
    """Return the template words for a language tag: exact file, same language, else English."""
    return _load_labels(language, templates.roots())


@file_cache(maxsize=8)
def _load_labels(language: str, roots: tuple[Path, ...]) -> dict[str, object]:
    """Return the words for a language as the template folders `roots` give them."""
    primary = language.lower().split("-")[0]
    candidates = [language, *(name for name in templates.names("labels", ".yaml")
                              if name.lower().split("-")[0] == primary), "en"]
    path = next(p for p in (templates.find(f"labels/{c}.yaml") for c in candidates)
                if p.is_file())
    located = load_yaml(path.read_bytes(), templates.shown(path))
    if located.problems:
        raise DiagnosticError(located.problems)
    return located.data


RULE_SVG = ("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1' "
            "preserveAspectRatio='none'><rect width='1' height='1' fill='{}'/></svg>")


def rule_line(colour: str) -> str:
    """Return a CSS image of one solid colour (an SVG, drawn as a vector rectangle), for a rule
    that a page draws behind its content (WeasyPrint ignores the size of a gradient there)."""
    return 'url("data:image/svg+xml,' + quote(RULE_SVG.format(colour), safe="=:/' ") + '")'

