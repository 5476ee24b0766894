"""Briefing -> HTML (Jinja) -> PDF (WeasyPrint), fetching nothing from outside the templates.

WeasyPrint is imported only when a PDF is written: it costs ~0.5 s to import.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..content.load import LoadedBriefing
from ..design.templating import render
from ..design.theme import TEMPLATES, Theme, load_labels
from ..diagnostics import Diagnostic, DiagnosticError
from ..version import TOOL
from . import justify, justify_inplace
from .html import HANDOUT_DETAILS, STYLES, briefing_html, briefing_styles, handout_html

# the variants of WeasyPrint 70 that the tests build (tests/test_api_and_limits.py)
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u",
                "pdf/a-4u")
PRINT_MARKS_CSS = "@page { bleed: 3mm; marks: crop; }"


@dataclass(frozen=True)
class PdfOptions:
    """How PDFs are written: the PDF variant (tagged PDF/UA-1 by default) and print marks."""

    variant: str = "pdf/ua-1"
    print_marks: bool = False  # 3 mm bleed and crop marks, for a print shop


def write_briefing(loaded: LoadedBriefing, theme: Theme, target: Path,
                   options: PdfOptions = PdfOptions()) -> int:
    """Write the A4 briefing PDF; return its page count."""
    generated, files = briefing_styles(loaded, theme)
    return write_pdf([(briefing_html(loaded, theme), "")], generated, files, target, loaded.file,
                     options, justify_cjk=loaded.briefing.is_chinese)


HANDOUT_SIZES_PT = (12.5, 11.5, 10.5, 9.5)  # the handout shrinks until it fits one sheet
HANDOUT_MAX_PAGES = 2  # one sheet, two sides


def write_handout(loaded: LoadedBriefing, theme: Theme, target: Path,
                  options: PdfOptions = PdfOptions()) -> int:
    """Write the one-sheet handout PDF (two sides at most): the text shrunk step by step if it
    must, then tables shown by caption and row count, then every item kept to one line;
    return its page count."""
    sizes = [f"html {{ font-size: {size}pt; }}" for size in HANDOUT_SIZES_PT]
    pages = list(dict.fromkeys(handout_html(loaded, detail) for detail in HANDOUT_DETAILS))
    attempts = [(html, rule) for html in pages for rule in sizes]
    return write_pdf(attempts, theme.css_variables(loaded.briefing.is_chinese),
                     [STYLES["handout"]], target, loaded.file, options,
                     max_pages=HANDOUT_MAX_PAGES)


def write_slides(loaded: LoadedBriefing, theme: Theme, slides: list, target: Path,
                 options: PdfOptions = PdfOptions()) -> int:
    """Write the deck as 16:9 PDF pages from the fitted outline; return its page count."""
    b = loaded.briefing
    html = render("deck/slides.html.j2", b=b, labels=load_labels(b.language), tool=TOOL,
                  slides=slides)
    return write_pdf([(html, "")], theme.css_variables(b.is_chinese), [STYLES["slides"]],
                     target, loaded.file, PdfOptions(options.variant))  # slides are not trimmed


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


def _justified(lay_out, html: str, in_place: bool = True):
    """Lay out once and spread every marked line to the full measure where it lies
    (justify_inplace.py); if that meets a line it cannot handle, or its result does not check
    out, lay out a second time with every marked line set on its own and spread (justify.py).

    The first layout is dropped before the second is made (each holds ~100 MB of boxes); in
    the rare case that the second breaks a paragraph differently, the ragged one is redone.
    """
    ragged = lay_out(html)
    lines = justify.measure_lines(ragged)
    if not any(line.room > 0.01 for found in lines.values() for line in found[:-1]):
        return ragged
    if in_place and justify_inplace.justify_in_place(ragged, lines) \
            and justify_inplace.spread_as_planned(ragged, lines):
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


def first_fitting(attempt, count: int, max_pages: int | None):
    """Return the first of `count` attempts (in order of preference) whose layout has at most
    max_pages pages, or the last one when none has. Attempts are taken to fit from some point
    on (smaller type, shorter tables), so after the first and the last, a binary search finds
    it: one layout when the first fits, at most 2 + log2(count) otherwise."""
    first = attempt(0)
    if max_pages is None or count == 1 or len(first[1].pages) <= max_pages:
        return first
    del first
    best = attempt(count - 1)
    if len(best[1].pages) > max_pages:
        return best
    low, high = 1, count - 1  # attempt `high` fits, those before `low` do not
    while low < high:
        middle = (low + high) // 2
        found = attempt(middle)
        if len(found[1].pages) <= max_pages:
            high, best = middle, found
        else:
            low = middle + 1
        del found
    return best


def write_pdf(attempts: list[tuple[str, str]], generated_css: str, css_files: list[Path],
              target: Path, source_file: str, options: PdfOptions = PdfOptions(),
              justify_cjk: bool = False, max_pages: int | None = None) -> int:
    """Lay out HTML with generated CSS, CSS files and a last rule; write a tagged PDF; return
    its page count. `attempts` are (HTML, last CSS rule) pairs: with max_pages, each is tried
    in turn until the document fits (the last one is written whatever its length).

    With justify_cjk, paragraphs marked class="j" are justified line by line (justify.py).
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

        def attempt(index: int):
            """Lay out one of the attempts; return (its HTML, the document)."""
            html, rule = attempts[index]
            sheets = base + [weasyprint.CSS(string=rule, font_config=font_config)] + marks

            def lay_out(markup: str):
                return weasyprint.HTML(string=markup, base_url=str(TEMPLATES) + "/",
                                       url_fetcher=fetcher).render(
                    font_config=font_config, stylesheets=sheets, pdf_tags=True,
                    pdf_variant=options.variant)

            if justify_cjk:
                return html, _justified(lay_out, justify.number_paragraphs(html))
            return html, lay_out(html)

        html, document = first_fitting(attempt, len(attempts), max_pages)
        identifier = hashlib.md5(html.encode() + generated_css.encode()).hexdigest().encode()
        document.write_pdf(target, pdf_tags=True, pdf_identifier=identifier,
                           pdf_variant=options.variant)
    finally:
        logger.removeHandler(collector)
    if collector.messages:
        raise DiagnosticError([Diagnostic(source_file, 0, 0, "error", "", f"WeasyPrint: {m}")
                               for m in collector.messages])
    return len(document.pages)
