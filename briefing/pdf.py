"""Briefing -> HTML (Jinja) -> PDF (WeasyPrint), fetching nothing from outside the templates.

WeasyPrint is imported only when a PDF is written: it costs ~0.5 s to import.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import justify
from .content import LoadedBriefing
from .diagnostics import Diagnostic, DiagnosticError
from .templating import render
from .theme import TEMPLATES, Theme, load_labels
from .version import TOOL

PDF_VARIANTS = ("pdf/ua-1", "pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u",
                "pdf/a-4")
PRINT_MARKS_CSS = "@page { bleed: 3mm; marks: crop; }"


@dataclass(frozen=True)
class PdfOptions:
    """How PDFs are written: the PDF variant (tagged PDF/UA-1 by default) and print marks."""

    variant: str = "pdf/ua-1"
    print_marks: bool = False  # 3 mm bleed and crop marks, for a print shop


STYLES = {"briefing": TEMPLATES / "briefing" / "briefing.css",
          "slides": TEMPLATES / "deck" / "slides.css",
          "handout": TEMPLATES / "handout" / "handout.css"}


def briefing_html(loaded: LoadedBriefing, theme: Theme) -> str:
    """Return the briefing as one HTML document."""
    b = loaded.briefing
    return render("briefing/briefing.html.j2", b=b, labels=load_labels(b.language), tool=TOOL,
                  content_file=loaded.file, build_date=build_date(b.date))


def build_date(content_date: dt.date) -> dt.date:
    """Return the date a build stamps: SOURCE_DATE_EPOCH's (UTC), else the briefing's own date.

    Never the clock: the same input always gives the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return content_date


def theme_css(theme: Theme, chinese: bool) -> str:
    """Return the theme's tokens as CSS: page size and margins, then custom properties."""
    return theme.page_css() + "\n" + theme.css_variables(chinese)


def briefing_styles(loaded: LoadedBriefing, theme: Theme) -> tuple[str, list[Path]]:
    """Return the briefing's CSS in cascade order: generated (tokens, page furniture in the
    template's words), then the stylesheet files (briefing.css, the theme's own)."""
    b = loaded.briefing
    furniture = render("briefing/page.css.j2", b=b, labels=load_labels(b.language))
    files = [STYLES["briefing"]] + ([TEMPLATES / theme.stylesheet] if theme.stylesheet else [])
    return theme_css(theme, b.is_chinese) + "\n" + furniture, files


def write_briefing(loaded: LoadedBriefing, theme: Theme, target: Path,
                   options: PdfOptions = PdfOptions()) -> int:
    """Write the A4 briefing PDF; return its page count."""
    generated, files = briefing_styles(loaded, theme)
    return write_pdf(briefing_html(loaded, theme), generated, files, target, loaded.file,
                     options, justify_cjk=loaded.briefing.is_chinese)


def handout_html(loaded: LoadedBriefing) -> str:
    """Return the one-sheet handout as one HTML document."""
    b = loaded.briefing
    return render("handout/handout.html.j2", b=b, labels=load_labels(b.language), tool=TOOL)


HANDOUT_SIZES_PT = (12.5, 11.5, 10.5, 9.5)  # the handout shrinks until it fits one sheet
HANDOUT_MAX_PAGES = 2  # one sheet, two sides
def write_handout(loaded: LoadedBriefing, theme: Theme, target: Path,
                  options: PdfOptions = PdfOptions()) -> int:
    """Write the one-sheet handout PDF (two sides at most, the text shrunk step by step if
    it must); return its page count."""
    sizes = tuple(f"html {{ font-size: {size}pt; }}" for size in HANDOUT_SIZES_PT)
    return write_pdf(handout_html(loaded), theme.css_variables(loaded.briefing.is_chinese),
                     [STYLES["handout"]], target, loaded.file, options, last_css=sizes,
                     max_pages=HANDOUT_MAX_PAGES)


def write_slides(loaded: LoadedBriefing, theme: Theme, slides: list, target: Path,
                 options: PdfOptions = PdfOptions()) -> int:
    """Write the deck as 16:9 PDF pages from the fitted outline; return its page count."""
    b = loaded.briefing
    html = render("deck/slides.html.j2", b=b, labels=load_labels(b.language), tool=TOOL,
                  slides=slides)
    return write_pdf(html, theme.css_variables(b.is_chinese), [STYLES["slides"]], target,
                     loaded.file, PdfOptions(options.variant))  # slides are not trimmed


class _WarningCollector(logging.Handler):
    """Keeps WeasyPrint's warnings: a clean build logs none, so each one fails the build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep a warning's message."""
        self.messages.append(record.getMessage())


@lru_cache(maxsize=1)
def _weasyprint():
    """Import WeasyPrint once, with the project's restricted fetcher and one font config."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    class ProjectOnlyFetcher(URLFetcher):
        """Serves files under templates/ and nothing else: no network, no other file."""

        def fetch(self, url, headers=None):
            """Return a file under templates/; refuse every other URL."""
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(TEMPLATES) and path.is_file():
                    return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url!r}: only files under templates/ are allowed")

    return weasyprint, FontConfiguration(), ProjectOnlyFetcher(allowed_protocols={"file"},
                                                               allow_redirects=False)


def _justified(lay_out, html: str):
    """Lay out twice, the second time with every marked line spread to the full measure.

    The first layout is dropped before the second is made (each holds ~100 MB of boxes); in
    the rare case that the second breaks a paragraph differently, the ragged one is redone.
    """
    ragged = lay_out(html)
    lines = justify.measure_lines(ragged)
    if not any(line.room > 0.01 for found in lines.values() for line in found[:-1]):
        return ragged
    del ragged
    gc.collect()
    document = lay_out(justify.justified_html(html, lines))
    if justify.same_breaks(lines, justify.measure_lines(document)):
        return document
    del document
    gc.collect()
    return lay_out(html)


def harfbuzz_subset_missing() -> bool:
    """Tell whether WeasyPrint will fall back to slow fontTools subsetting (~10 s per CJK face)."""
    from weasyprint.text.ffi import harfbuzz_subset
    return harfbuzz_subset is None


def write_pdf(html: str, generated_css: str, css_files: list[Path], target: Path,
              source_file: str, options: PdfOptions = PdfOptions(),
              justify_cjk: bool = False, last_css: tuple[str, ...] = ("",),
              max_pages: int | None = None) -> int:
    """Lay out HTML with generated CSS then CSS files, write a tagged PDF; count its pages.

    With justify_cjk, paragraphs marked class="j" are justified line by line (justify.py).
    With max_pages, each of the last_css rules is tried in turn until the document fits.
    """
    weasyprint, font_config, fetcher = _weasyprint()
    collector = _WarningCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        base = [weasyprint.CSS(string=generated_css, font_config=font_config,
                               url_fetcher=fetcher)]
        base += [weasyprint.CSS(filename=str(path), font_config=font_config,
                                url_fetcher=fetcher) for path in css_files]
        marks = [weasyprint.CSS(string=PRINT_MARKS_CSS, font_config=font_config)] \
            if options.print_marks else []
        for rule in last_css:
            stylesheets = base + [weasyprint.CSS(string=rule, font_config=font_config)] + marks

            def lay_out(markup: str, sheets: list = stylesheets):
                return weasyprint.HTML(string=markup, base_url=str(TEMPLATES) + "/",
                                       url_fetcher=fetcher).render(
                    font_config=font_config, stylesheets=sheets, pdf_tags=True,
                    pdf_variant=options.variant)

            if justify_cjk:
                document = _justified(lay_out, justify.number_paragraphs(html))
            else:
                document = lay_out(html)
            if max_pages is None or len(document.pages) <= max_pages:
                break
        identifier = hashlib.md5(html.encode() + generated_css.encode()).hexdigest().encode()
        document.write_pdf(target, pdf_tags=True, pdf_identifier=identifier,
                           pdf_variant=options.variant)
    finally:
        logger.removeHandler(collector)
    if collector.messages:
        raise DiagnosticError([Diagnostic(source_file, 0, 0, "error", "", f"WeasyPrint: {m}")
                               for m in collector.messages])
    return len(document.pages)
