"""Briefing -> HTML (Jinja) -> PDF (WeasyPrint), fetching nothing from outside the templates.

WeasyPrint is imported only when a PDF is written (its import is not cheap), and reached
beyond its public API only through engine.py.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..content.load import LoadedBriefing
from ..design import templates
from ..design.fonts import line_em
from ..design.images import Picture
from ..design.punctuation import typeset
from ..design.templating import render
from ..design.theme import Theme, load_labels
from ..diagnostics import Diagnostic, DiagnosticError
from . import continued, engine, justify, justify_inplace, sides, titles
from .chart import chart_svg
from .html import (
    HANDOUT_DETAILS,
    briefing_html,
    briefing_styles,
    chart_style,
    handout_html,
    style_file,
    theme_logo,
)

# the variants of WeasyPrint 70 that the tests build (tests/test_hardening.py)
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u",
                "pdf/a-4u")
PRINT_MARKS_CSS = "@page { bleed: 3mm; marks: crop; }"


@dataclass(frozen=True)
class PdfOptions:
    """How PDFs are written: the PDF variant (tagged PDF/UA-1 by default) and print marks."""

    variant: str = "pdf/ua-1"
    print_marks: bool = False  # 3 mm bleed and crop marks, for a print shop
    colophon: bool = False  # the content file, build date and tool on the back page


def lay_out_briefing(loaded: LoadedBriefing, theme: Theme,
                     options: PdfOptions = PdfOptions(),
                     pictures: dict | None = None) -> LaidOut:
    """Lay out the A4 briefing (its Chinese paragraphs justified, its titles balanced at
    their measures), without writing it."""
    generated, files = briefing_styles(loaded, theme)
    sheets = stylesheets(generated, files, loaded.file, pictures)
    measures = title_measures(loaded, generated, files, sheets)
    return lay_out([(briefing_html(loaded, theme, pictures, measures, options.colophon), "")],
                   generated, files,
                   loaded.file, options, justify_cjk=loaded.briefing.is_chinese,
                   pictures=pictures, sheets=sheets)


def stylesheets(generated_css: str, css_files: list[Path], source_file: str,
                pictures: dict | None = None) -> list:
    """Return generated CSS and CSS files parsed (WeasyPrint's CSS objects), in that order."""
    weasyprint, font_config, fetcher = _weasyprint()
    fetcher = fetcher.serving(pictures)
    with warnings_as_errors(source_file):
        sheets = [weasyprint.CSS(string=generated_css, font_config=font_config,
                                 url_fetcher=fetcher)]
        return sheets + [weasyprint.CSS(filename=str(path), font_config=font_config,
                                        url_fetcher=fetcher) for path in css_files]


def title_measures(loaded: LoadedBriefing, generated_css: str, css_files: list[Path],
                   sheets: list | None = None) -> dict:
    """Return the measures of the briefing's titles under its stylesheets (titles.py; `sheets`
    are those stylesheets parsed, if they are already): a small page laid out once per
    stylesheet and process."""
    b = loaded.briefing

    def probe():
        weasyprint, font_config, fetcher = _weasyprint()
        with warnings_as_errors(loaded.file):
            return weasyprint.HTML(string=titles.probe_html(b.language, b.is_chinese),
                                   base_url=str(templates.SHIPPED) + "/",
                                   url_fetcher=fetcher).render(
                font_config=font_config,
                stylesheets=sheets or stylesheets(generated_css, css_files, loaded.file))

    return titles.measures_for(titles.style_key(b.language, generated_css, css_files), probe)


def write_briefing(loaded: LoadedBriefing, theme: Theme, target: Path,
                   options: PdfOptions = PdfOptions(), laid_out: LaidOut | None = None,
                   pictures: dict | None = None) -> int:
    """Write the A4 briefing PDF (laid out now, or already); return its page count."""
    return write_laid_out(laid_out or lay_out_briefing(loaded, theme, options, pictures), target)


HANDOUT_SIZES_PT = (12.5, 11.5, 10.5, 9.5)  # the handout shrinks until it fits one sheet
HANDOUT_LAST_RESORT_PT = 8.5  # only for the shortest form, when nothing else fits
HANDOUT_MAX_PAGES = 2  # one sheet, two sides
HANDOUT_COLUMNS = "main { columns: 2; column-gap: 8mm; } main .columns { columns: 1; }"


def lay_out_handout(loaded: LoadedBriefing, theme: Theme,
                    options: PdfOptions = PdfOptions(),
                    pictures: dict | None = None) -> LaidOut:
    """Lay out the one-sheet handout (two sides at most): the text shrunk step by step if it
    must, then tables shown by caption and row count, then every item kept to one line, at
    last in a smaller size still. When
    it takes two sides and the second would be less than half full, the second starts where
    both are about as full (sides.py)."""
    sizes = [f"html {{ font-size: {size}pt; }}" for size in HANDOUT_SIZES_PT]
    pages = list(dict.fromkeys(handout_html(loaded, detail, theme, pictures)
                               for detail in HANDOUT_DETAILS))
    attempts = [(html, rule) for html in pages for rule in sizes]
    attempts.append((pages[-1], f"html {{ font-size: {HANDOUT_LAST_RESORT_PT}pt; }}"))
    generated = theme.css_variables(loaded.briefing.is_chinese)
    laid_out = lay_out(attempts, generated, [style_file("handout")], loaded.file, options,
                       max_pages=HANDOUT_MAX_PAGES, pictures=pictures)
    if len(laid_out.document.pages) > 1 and sides.could_fit_one(laid_out.document):
        one = _one_side(laid_out, attempts, generated, loaded.file, options, pictures)
        if one is not None:
            return one
    turn = sides.even_turn(laid_out.document)
    if turn is None:
        return laid_out
    rule = f'{laid_out.rule} [data-flow="{turn}"] {{ break-before: page; }}'
    evened = lay_out([(laid_out.html, rule)], generated, [style_file("handout")], loaded.file,
                     options, pictures=pictures)
    return evened if len(evened.document.pages) <= HANDOUT_MAX_PAGES else laid_out


def _one_side(two: LaidOut, attempts: list[tuple[str, str]], generated: str, source: str,
              options: PdfOptions, pictures: dict | None) -> LaidOut | None:
    """Return the handout on one side when the next type step (the same content), or two
    columns at the same size, sets on one side what took two; None when neither does."""
    try:
        index = attempts.index((two.html, two.rule))
    except ValueError:
        return None
    smaller = [(html, rule) for html, rule in attempts[index + 1:index + 2] if html == two.html]
    tries = smaller + [(two.html, f"{two.rule} {HANDOUT_COLUMNS}")]  # never less content
    for html, rule in tries:
        one = lay_out([(html, rule)], generated, [style_file("handout")], source, options,
                      pictures=pictures)
        if len(one.document.pages) == 1:
            return one
        del one
    return None


def write_handout(loaded: LoadedBriefing, theme: Theme, target: Path,
                  options: PdfOptions = PdfOptions(), laid_out: LaidOut | None = None,
                  pictures: dict | None = None) -> int:
    """Write the one-sheet handout PDF; return its page count."""
    return write_laid_out(laid_out or lay_out_handout(loaded, theme, options, pictures), target)


def slides_html(loaded: LoadedBriefing, theme: Theme, slides: list,
                pictures: dict | None = None) -> str:
    """Return the deck's fitted outline as one HTML document of 16:9 pages."""
    b = loaded.briefing
    labels = load_labels(b.language)
    html = render("deck/slides.html.j2", b=b, labels=labels, slides=slides,
                  draw_chart=slide_chart_drawer(theme, labels), pictures=pictures or {},
                  logo=theme_logo(theme, pictures))
    return typeset(html, b.is_chinese)


def write_slides(loaded: LoadedBriefing, theme: Theme, slides: list, target: Path,
                 options: PdfOptions = PdfOptions(), pictures: dict | None = None) -> int:
    """Write the deck as 16:9 PDF pages from the fitted outline; return its page count."""
    deck = theme.fonts.deck  # lines as tall as the fitting measured them and the PPTX sets them
    line = f":root {{ --deck-line: {line_em(deck.metrics_latin, deck.metrics_east_asian):.4f}; }}"
    laid_out = lay_out([(slides_html(loaded, theme, slides, pictures), "")],
                       theme.css_variables(loaded.briefing.is_chinese) + "\n" + line,
                       [style_file("slides")],
                       loaded.file, PdfOptions(options.variant),  # slides are not trimmed
                       pictures=pictures)
    return write_laid_out(laid_out, target)


def slide_chart_drawer(theme: Theme, labels: dict):
    """Return the function the slides' template draws a fitted chart with: (fitted chart,
    description) -> SVG in the chart's box, in the deck's faces at the fitted size."""
    deck = theme.fonts.deck
    family = f'"{deck.metrics_east_asian}", "{deck.metrics_latin}"'

    def draw(chart, description):
        style = chart_style(theme, len(chart.data.series), chart.size, family,
                            deck.metrics_latin, deck.metrics_east_asian, chart.smallest)
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
    weasyprint = engine.import_weasyprint()
    URLFetcher, URLFetcherResponse = engine.fetcher_classes()

    class ProjectOnlyFetcher(URLFetcher):
        """Serves files under the templates (a file of the user's folder over the shipped
        one of the same name), the checked pictures of one build (from memory, by their
        digest) and data: URLs, and nothing else: no network, no other file."""

        pictures: dict[str, Picture] = {}

        def serving(self, pictures: dict | None) -> ProjectOnlyFetcher:
            """Return a fetcher that also serves these checked pictures."""
            fetcher = ProjectOnlyFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)
            fetcher.pictures = {p.url: p for p in (pictures or {}).values()}
            return fetcher

        def fetch(self, url, headers=None):
            """Return a file under templates/, a checked picture or a data: URL's bytes; refuse
            every other URL."""
            parts = urlsplit(url)
            if parts.scheme == "data":  # self-contained (the running head's rule): no I/O
                return super().fetch(url, headers)
            if parts.scheme == "file":
                relative = templates.relative(Path(unquote(parts.path)))
                found = templates.find(relative) if relative is not None else None
                if found is not None and found.is_file() and templates.relative(found):
                    return super().fetch(found.resolve().as_uri(), headers)
            if url in self.pictures:
                picture = self.pictures[url]
                return URLFetcherResponse(url, picture.data, {"Content-Type": picture.mime})
            raise ValueError(f"refused to fetch {url!r}: only files under templates/ are allowed")

    return weasyprint, engine.font_configuration(), ProjectOnlyFetcher(
        allowed_protocols={"file", "data"}, allow_redirects=False)


def _justified(lay_out, html: str, in_place: bool = True, ragged=None):
    """Lay out once (or take `ragged`, html's layout) and spread every marked line to the
    full measure where it lies
    (justify_inplace.py); if that meets a line it cannot handle, or its result does not check
    out, lay out a second time with every marked line set on its own and spread (justify.py).

    The first layout is dropped before the second is made (each holds all of its boxes); in
    the rare case that the second breaks a paragraph differently, the ragged one is redone.
    """
    ragged = lay_out(html) if ragged is None else ragged
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
    """Tell whether WeasyPrint will subset fonts with fontTools, far slower on CJK faces."""
    return engine.harfbuzz_subset_missing()


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


@dataclass
class LaidOut:
    """A document laid out and not yet written: its HTML, the digest of its style (with the
    HTML, the PDF's identifier) and what it is written with."""

    html: str
    style_digest: str
    document: object  # weasyprint.Document
    source_file: str
    options: PdfOptions
    rule: str = ""  # the last CSS rule it was laid out with (the handout's type size)


@contextmanager
def warnings_as_errors(source_file: str):
    """Collect WeasyPrint's warnings while the block runs and raise them, at its end, as
    errors of the source file: a clean build logs none."""
    collector = _WarningCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        yield
    finally:
        logger.removeHandler(collector)
    if collector.messages:
        raise DiagnosticError([Diagnostic(source_file, 0, 0, "error", "", f"WeasyPrint: {m}")
                               for m in collector.messages])


def lay_out(attempts: list[tuple[str, str]], generated_css: str, css_files: list[Path],
            source_file: str, options: PdfOptions = PdfOptions(), justify_cjk: bool = False,
            max_pages: int | None = None, pictures: dict | None = None,
            sheets: list | None = None) -> LaidOut:
    """Lay out HTML with generated CSS, CSS files and a last rule. `attempts` are (HTML, last
    CSS rule) pairs: with max_pages, the first that fits is laid out (the last one whatever
    its length). With justify_cjk, paragraphs marked class="j" are justified line by line.
    `pictures` are the build's checked pictures, served from memory; `sheets` the generated
    CSS and the files already parsed (stylesheets()), if they are."""
    weasyprint, font_config, fetcher = _weasyprint()
    fetcher = fetcher.serving(pictures)
    base = sheets or stylesheets(generated_css, css_files, source_file, pictures)
    with warnings_as_errors(source_file):
        marks = [weasyprint.CSS(string=PRINT_MARKS_CSS, font_config=font_config)] \
            if options.print_marks else []

        def attempt(index: int):
            """Lay out one of the attempts; return (its HTML, the document, its last rule)."""
            html, rule = attempts[index]
            sheets = base + [weasyprint.CSS(string=rule, font_config=font_config)] + marks

            def lay_out_html(markup: str):
                return weasyprint.HTML(string=markup, base_url=str(templates.SHIPPED) + "/",
                                       url_fetcher=fetcher).render(
                    font_config=font_config, stylesheets=sheets, pdf_tags=True,
                    pdf_variant=options.variant)

            if justify_cjk:
                html = justify.number_paragraphs(html)
            html, document = continued.with_continued_tables(lay_out_html, html)
            if justify_cjk:
                return html, _justified(lay_out_html, html, ragged=document), rule
            return html, document, rule

        html, document, rule = first_fitting(attempt, len(attempts), max_pages)
    digest = hashlib.md5(generated_css.encode()).hexdigest()
    return LaidOut(html, digest, document, source_file, options, rule)


def write_laid_out(laid_out: LaidOut, target: Path) -> int:
    """Write a laid-out document as a tagged PDF; return its page count."""
    identifier = hashlib.md5(laid_out.html.encode() + laid_out.style_digest.encode()) \
        .hexdigest().encode()
    with warnings_as_errors(laid_out.source_file), engine.compression_level(), \
            engine.subsets_remembered():
        laid_out.document.write_pdf(target, pdf_tags=True, pdf_identifier=identifier,
                                    pdf_variant=laid_out.options.variant)
    return len(laid_out.document.pages)
