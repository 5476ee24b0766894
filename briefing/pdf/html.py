"""Briefing -> HTML: the printed briefing and the handout as HTML documents (templates), and
their stylesheets in cascade order. Nothing here lays anything out."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..content.load import LoadedBriefing
from ..design.templating import render
from ..design.theme import TEMPLATES, Theme, load_labels
from ..diagnostics import Diagnostic, DiagnosticError
from ..version import TOOL

STYLES = {"briefing": TEMPLATES / "briefing" / "briefing.css",
          "slides": TEMPLATES / "deck" / "slides.css",
          "handout": TEMPLATES / "handout" / "handout.css"}


def briefing_html(loaded: LoadedBriefing, theme: Theme) -> str:
    """Return the briefing as one HTML document."""
    b = loaded.briefing
    return render("briefing/briefing.html.j2", b=b, labels=load_labels(b.language), tool=TOOL,
                  content_file=loaded.path.name, build_date=build_date(b.date))


LAST_EPOCH = int(dt.datetime(2108, 1, 1, tzinfo=dt.timezone.utc).timestamp()) - 1


def source_date_problem() -> str | None:
    """Return why SOURCE_DATE_EPOCH cannot be used, or None when it is unset or a whole number
    of seconds up to the end of 2107 (the last date a deck's zip records)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch or (epoch.isdigit() and int(epoch) <= LAST_EPOCH):
        return None
    shown = epoch if len(epoch) <= 30 else epoch[:30] + "…"
    return (f"SOURCE_DATE_EPOCH is '{shown}'; it must be a whole number of seconds since"
            f" 1970-01-01 UTC, at most {LAST_EPOCH} (2107-12-31)")


def build_date(content_date: dt.date) -> dt.date:
    """Return the date a build stamps: SOURCE_DATE_EPOCH's (UTC), else the briefing's own date.

    Never the clock: the same input always gives the same bytes.
    """
    if source_date_problem():
        raise DiagnosticError([Diagnostic("SOURCE_DATE_EPOCH", 0, 0, "error", "",
                                          source_date_problem())])
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
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


HANDOUT_DETAILS = ("full", "summary", "compact")  # from the most to the least


def handout_html(loaded: LoadedBriefing, detail: str = "full") -> str:
    """Return the one-sheet handout as one HTML document at a level of detail: "full",
    "summary" (tables by caption and row count) or "compact" (also every item on one line)."""
    b = loaded.briefing
    return render("handout/handout.html.j2", b=b, labels=load_labels(b.language), tool=TOOL,
                  detail=detail)
