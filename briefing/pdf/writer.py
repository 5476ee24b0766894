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
from ..design.images import Picture
from ..design.templating import render
from ..design.theme import TEMPLATES, Theme, load_labels
from ..diagnostics import Diagnostic, DiagnosticError
from ..version import TOOL
from . import justify
from .chart import chart_svg
from .html import (
    HANDOUT_DETAILS,
    STYLES,
    briefing_html,
    briefing_styles,
    chart_style,
    handout_html,
    theme_logo,
)

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
                   options: PdfOptions = PdfOptions(), pictures: dict | None = None) -> int:
    """Write the A4 briefing PDF; return its page count."""
    generated, files = briefing_styles(loaded, theme)
    return write_pdf([(briefing_html(loaded, theme, pictures), "")], generated, files, target,
                     loaded.file, options, justify_cjk=loaded.briefing.is_chinese,
                     pictures=pictures)


HANDOUT_SIZES_PT = (12.5, 11.5, 10.5, 9.5)  # the handout shrinks until it fits one sheet
HANDOUT_MAX_PAGES = 2  # one sheet, two sides


def write_handout(loaded: LoadedBriefing, theme: Theme, target: Path,
                  options: PdfOptions = PdfOptions(), pictures: dict | None = None) -> int:
    """Write the one-sheet handout PDF (two sides at most): the text shrunk step by step if it
    must, then tables shown by caption and row count, then every item kept to one line;
    return its page count."""
    sizes = [f"html {{ font-size: {size}pt; }}" for size in HANDOUT_SIZES_PT]
    pages = list(dict.fromkeys(handout_html(loaded, detail, theme, pictures)
                               for detail in HANDOUT_DETAILS))
    attempts = [(html, rule) for html in pages for rule in sizes]
    return write_pdf(attempts, theme.css_variables(loaded.briefing.is_chinese),
                     [STYLES["handout"]], target, loaded.file, options,
                     max_pages=HANDOUT_MAX_PAGES, pictures=pictures)


def write_slides(loaded: LoadedBriefing, theme: Theme, slides: list, target: Path,
                 options: PdfOptions = PdfOptions(), pictures: dict | None = None) -> int:
    """Write the deck as 16:9 PDF pages from the fitted outline; return its page count."""
    b = loaded.briefing
    labels = load_labels(b.language)
    html = render("deck/slides.html.j2", b=b, labels=labels, tool=TOOL, slides=slides,
                  draw_chart=slide_chart_drawer(theme, labels), pictures=pictures or {},
                  logo=theme_logo(theme, pictures))
    return write_pdf([(html, "")], theme.css_variables(b.is_chinese), [STYLES["slides"]],
                     target, loaded.file, PdfOptions(options.variant),  # slides are not trimmed
                     pictures=pictures)


def slide_chart_drawer(theme: Theme, labels: dict):
    """Return the function the slides' template draws a fitted chart with: (fitted chart,
    description) -> SVG in the chart's box, in the deck's faces at the fitted size."""
    deck = theme.fonts.deck
    family = f'"{deck.metrics_east_asian}", "{deck.metrics_latin}"'

    def draw(chart, description):
        style = chart_style(theme, len(chart.data.series), chart.size, family,
                            deck.metrics_latin, deck.metrics_east_asian)
        return chart_svg(chart.data, style, chart.area[2] * 72, chart.area[3] * 72,
                         str(description), str(labels["chart_unit"]))

    return draw


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
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectOnlyFetcher(URLFetcher):
        """Serves files under templates/ and the checked pictures of one build (from memory,
        by their digest) and nothing else: no network, no other file."""

        pictures: dict[str, Picture] = {}

        def serving(self, pictures: dict | None) -> ProjectOnlyFetcher:
            """Return a fetcher that also serves these checked pictures."""
            fetcher = ProjectOnlyFetcher(allowed_protocols={"file"}, allow_redirects=False)
            fetcher.pictures = {p.url: p for p in (pictures or {}).values()}
            return fetcher

        def fetch(self, url, headers=None):
            """Return a file under templates/ or a checked picture; refuse every other URL."""
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(TEMPLATES) and path.is_file():
                    return super().fetch(url, headers)
            if url in self.pictures:
                picture = self.pictures[url]
                return URLFetcherResponse(url, picture.data, {"Content-Type": picture.mime})
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
              justify_cjk: bool = False, max_pages: int | None = None,
              pictures: dict | None = None) -> int:
    """Lay out HTML with generated CSS, CSS files and a last rule; write a tagged PDF; return
    its page count. `attempts` are (HTML, last CSS rule) pairs: with max_pages, each is tried
    in turn until the document fits (the last one is written whatever its length).

    With justify_cjk, paragraphs marked class="j" are justified line by line (justify.py).
    """
    weasyprint, font_config, fetcher = _weasyprint()
    fetcher = fetcher.serving(pictures)
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
