"""Briefing -> HTML: the printed briefing and the handout as HTML documents (templates), and
their stylesheets in cascade order. Nothing here lays anything out."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..content.load import LoadedBriefing
from ..design.templating import render
from ..design.theme import TEMPLATES, Theme, load_labels
from ..version import TOOL

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


HANDOUT_DETAILS = ("full", "summary", "compact")  # from the most to the least


def handout_html(loaded: LoadedBriefing, detail: str = "full") -> str:
    """Return the one-sheet handout as one HTML document at a level of detail: "full",
    "summary" (tables by caption and row count) or "compact" (also every item on one line)."""
    b = loaded.briefing
    return render("handout/handout.html.j2", b=b, labels=load_labels(b.language), tool=TOOL,
                  detail=detail)
