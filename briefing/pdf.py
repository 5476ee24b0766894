"""Briefing -> HTML (Jinja) -> PDF (WeasyPrint), fetching nothing from outside the templates.

WeasyPrint is imported only when a PDF is written: it costs ~0.5 s to import.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .content import LoadedBriefing
from .diagnostics import Diagnostic, DiagnosticError
from .templating import render
from .theme import TEMPLATES, Theme, load_labels
from .version import TOOL

STYLESHEET = TEMPLATES / "briefing" / "briefing.css"


def briefing_html(loaded: LoadedBriefing, theme: Theme) -> str:
    """Return the briefing as one HTML document (styles for the page and the tokens inline)."""
    b = loaded.briefing
    return render("briefing/briefing.html.j2", b=b, labels=load_labels(b.language), tool=TOOL,
                  content_file=loaded.file)


def theme_css(theme: Theme, chinese: bool) -> str:
    """Return the theme's tokens as CSS: page size and margins, then custom properties."""
    return theme.page_css() + "\n" + theme.css_variables(chinese)


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


def write_pdf(html: str, tokens_css: str, target: Path, source_file: str) -> int:
    """Lay out HTML with the theme's tokens and write a tagged PDF; return its page count."""
    weasyprint, font_config, fetcher = _weasyprint()
    collector = _WarningCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        stylesheets = [
            weasyprint.CSS(string=tokens_css, font_config=font_config, url_fetcher=fetcher),
            weasyprint.CSS(filename=str(STYLESHEET), font_config=font_config,
                           url_fetcher=fetcher)]
        document = weasyprint.HTML(string=html, base_url=str(TEMPLATES) + "/",
                                   url_fetcher=fetcher).render(
            font_config=font_config, stylesheets=stylesheets, pdf_tags=True)
        document.write_pdf(target, pdf_tags=True, pdf_identifier=b"briefing")
    finally:
        logger.removeHandler(collector)
    if collector.messages:
        raise DiagnosticError([Diagnostic(source_file, 0, 0, "error", "", f"WeasyPrint: {m}")
                               for m in collector.messages])
    return len(document.pages)
