"""Briefing -> HTML (Jinja) -> PDF (WeasyPrint), fetching nothing from outside the templates.

WeasyPrint is imported only when a PDF is written: it costs ~0.5 s to import.
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .content import LoadedBriefing
from .diagnostics import Diagnostic, DiagnosticError
from .templating import render
from .theme import TEMPLATES, Theme, load_labels
from .version import TOOL

STYLES = {"briefing": TEMPLATES / "briefing" / "briefing.css",
          "slides": TEMPLATES / "deck" / "slides.css",
          "handout": TEMPLATES / "handout" / "handout.css"}


def briefing_html(loaded: LoadedBriefing, theme: Theme) -> str:
    """Return the briefing as one HTML document."""
    b = loaded.briefing
    return render("briefing/briefing.html.j2", b=b, labels=load_labels(b.language), tool=TOOL,
                  content_file=loaded.file)


def theme_css(theme: Theme, chinese: bool) -> str:
    """Return the theme's tokens as CSS: page size and margins, then custom properties."""
    return theme.page_css() + "\n" + theme.css_variables(chinese)


def write_briefing(loaded: LoadedBriefing, theme: Theme, target: Path) -> int:
    """Write the A4 briefing PDF; return its page count."""
    return write_pdf(briefing_html(loaded, theme), "briefing",
                     theme_css(theme, loaded.briefing.is_chinese), target, loaded.file)


def write_handout(loaded: LoadedBriefing, theme: Theme, target: Path) -> int:
    """Write the one-sheet handout PDF; return its page count."""
    b = loaded.briefing
    html = render("handout/handout.html.j2", b=b, labels=load_labels(b.language), tool=TOOL)
    return write_pdf(html, "handout", theme.css_variables(b.is_chinese), target, loaded.file)


def write_slides(loaded: LoadedBriefing, theme: Theme, slides: list, target: Path) -> int:
    """Write the deck as 16:9 PDF pages from the fitted outline; return its page count."""
    from .outline import geometry
    b = loaded.briefing
    html = render("deck/slides.html.j2", b=b, labels=load_labels(b.language), tool=TOOL,
                  slides=slides, footer=geometry().footer)
    return write_pdf(html, "slides", theme.css_variables(b.is_chinese), target, loaded.file)


class _WarningCollector(logging.Handler):
    """Keeps WeasyPrint's warnings: a clean build logs none, so each one fails the build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
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
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(TEMPLATES) and path.is_file():
                    return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url!r}: only files under templates/ are allowed")

    return weasyprint, FontConfiguration(), ProjectOnlyFetcher(allowed_protocols={"file"},
                                                               allow_redirects=False)


def harfbuzz_subset_missing() -> bool:
    """Tell whether WeasyPrint will fall back to slow fontTools subsetting (~10 s per CJK face)."""
    from weasyprint.text.ffi import harfbuzz_subset
    return harfbuzz_subset is None


def write_pdf(html: str, style: str, tokens_css: str, target: Path, source_file: str) -> int:
    """Lay out HTML with a stylesheet and the theme's tokens, write a tagged PDF; count pages."""
    weasyprint, font_config, fetcher = _weasyprint()
    collector = _WarningCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        stylesheets = [
            weasyprint.CSS(string=tokens_css, font_config=font_config, url_fetcher=fetcher),
            weasyprint.CSS(filename=str(STYLES[style]), font_config=font_config,
                           url_fetcher=fetcher)]
        document = weasyprint.HTML(string=html, base_url=str(TEMPLATES) + "/",
                                   url_fetcher=fetcher).render(
            font_config=font_config, stylesheets=stylesheets, pdf_tags=True)
        identifier = hashlib.md5(html.encode() + tokens_css.encode()).hexdigest().encode()
        document.write_pdf(target, pdf_tags=True, pdf_identifier=identifier)
    finally:
        logger.removeHandler(collector)
    if collector.messages:
        raise DiagnosticError([Diagnostic(source_file, 0, 0, "error", "", f"WeasyPrint: {m}")
                               for m in collector.messages])
    return len(document.pages)
