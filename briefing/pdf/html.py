"""Briefing -> HTML: the printed briefing and the handout as HTML documents (templates), and
their stylesheets in cascade order. Nothing here lays anything out."""

from __future__ import annotations

import datetime as dt
import os
from functools import cache
from pathlib import Path

from ..content.load import LoadedBriefing
from ..design import phrases, templates
from ..design.images import LOGO_KEY
from ..design.punctuation import typeset
from ..design.series import series_fills
from ..design.templating import render
from ..design.theme import Theme, load_labels, page_size_mm
from ..diagnostics import Diagnostic, DiagnosticError
from ..version import TOOL
from .chart import Style, TextMeasure, chart_svg
from .titles import title_setter, words_fit

PT_PER_MM = 72 / 25.4
ELLIPSIS = "…"

STYLES = {"briefing": "briefing/briefing.css", "slides": "deck/slides.css",
          "handout": "handout/handout.css"}  # under the templates (design/templates.py)


def style_file(kind: str) -> Path:
    """Return the stylesheet file of an output: the user's, when they have one, or ours."""
    return templates.find(STYLES[kind])


def briefing_html(loaded: LoadedBriefing, theme: Theme, pictures: dict | None = None,
                  measures: dict | None = None, colophon: bool = False) -> str:
    """Return the briefing as one HTML document; `pictures` are the checked picture files of
    its figure blocks, by path as written (checks/figures.py), and its theme's emblem;
    `measures` those of its titles (titles.py: without them, titles are not balanced); with
    `colophon`, the back page says which content file and tool made it, and when."""
    b = loaded.briefing
    labels = load_labels(b.language)
    html = render("briefing/briefing.html.j2", b=b, labels=labels, tool=TOOL,
                  colophon=colophon, content_file=loaded.path.name,
                  build_date=build_date(b.date),
                  draw_chart=chart_drawer(theme, b.is_chinese, labels, *type_area_pt(theme)),
                  pictures=pictures or {}, logo=theme_logo(theme, pictures),
                  title=title_setter(measures),
                  running=running_head_fitter(theme, b.short_title),
                  words_fit=lambda table: words_fit(table, *map((measures or {}).get,
                                                                ("cell", "header"))))
    return typeset(html, b.is_chinese)


RUNNING_GAP_EM = 2.0  # between the short title and the section's heading in the running head
RUNNING_LEAST_EM = 8.0  # the section's heading keeps this much however long the short title
WIDEST_EM = 1.1  # no character of the running head's faces is wider (CJK ones are 1 em)


def running_head_fitter(theme: Theme, short_title: str):
    """Return the function that cuts a section's heading short, between word groups and
    with …, so that it stands on one line beside the short title in the running head (in
    the PDF's sans face at the theme's small size): (heading) -> the running head's text.
    The faces are measured only when the two might not fit (no character is wider than
    WIDEST_EM), as they rarely do."""
    size = theme.type_pt.small
    width = type_area_pt(theme)[0] - RUNNING_GAP_EM * size

    @cache
    def measure() -> TextMeasure:
        """Return the running head's faces' widths, loaded the first time they are needed."""
        return TextMeasure(theme.fonts.pdf.sans_latin[0], theme.fonts.pdf.sans_cjk[0])

    def running(heading: str) -> str:
        """Return the heading as the running head shows it."""
        if (len(short_title) + len(heading)) * WIDEST_EM * size <= width:
            return heading
        room = max(width - measure().width(short_title, size), RUNNING_LEAST_EM * size)
        if measure().width(heading, size) <= room:
            return heading
        shown = ""
        for group in phrases.word_groups(heading):
            if measure().width((shown + group).rstrip() + ELLIPSIS, size) > room:
                break
            shown += group
        return (shown.rstrip() or heading[:1]) + ELLIPSIS

    return running


def type_area_pt(theme: Theme) -> tuple[float, float]:
    """Return the width and height of the theme's type area, in points."""
    width, height = page_size_mm(theme.page.size)
    p = theme.page
    return ((width - p.margin_left_mm - p.margin_right_mm) * PT_PER_MM,
            (height - p.margin_top_mm - p.margin_bottom_mm) * PT_PER_MM)


def chart_style(theme: Theme, count: int, size: float, family: str, latin: str,
                east_asian: str, smallest: float = 0.0) -> Style:
    """Return how a chart of `count` series looks in a theme, at a type size, no text under
    `smallest` points."""
    c = theme.colors
    return Style(series=tuple(series_fills(theme, count)), text=c.text, muted=c.muted,
                 rule=c.rule, family=family, latin=latin, east_asian=east_asian, size=size,
                 smallest=smallest)


def chart_drawer(theme: Theme, chinese: bool, labels: dict, width: float, height: float):
    """Return the function the briefing's template draws a chart with: (data, description)
    -> SVG as wide as the type area (and at most 70 % of its height, so that it fits a page
    with its caption), in the PDF's sans faces at the theme's small size."""
    pdf = theme.fonts.pdf
    family = ", ".join(f'"{f}"' for f in theme.font_stack("sans", chinese))

    def draw(data, description):
        style = chart_style(theme, len(data.series), theme.type_pt.small, family,
                            pdf.sans_latin[0], pdf.sans_cjk[0])
        return chart_svg(data, style, width, None, str(description), str(labels["chart_unit"]),
                         max_height=height * 0.7)

    return draw


def theme_logo(theme: Theme, pictures: dict | None):
    """Return the theme's emblem as a checked picture, or None (no logo, or none given)."""
    return (pictures or {}).get(LOGO_KEY) if theme.logo else None


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
    files = [style_file("briefing")]
    if theme.stylesheet:
        files.append(templates.find(theme.stylesheet))
    return theme_css(theme, b.is_chinese) + "\n" + furniture, files


HANDOUT_DETAILS = ("full", "summary", "compact")  # from the most to the least


def handout_html(loaded: LoadedBriefing, detail: str = "full", theme: Theme | None = None,
                 pictures: dict | None = None) -> str:
    """Return the one-sheet handout as one HTML document at a level of detail: "full",
    "summary" (tables by caption and row count) or "compact" (also every item on one line)."""
    b = loaded.briefing
    logo = theme_logo(theme, pictures) if theme else None
    labels = load_labels(b.language)
    draw = chart_drawer(theme, b.is_chinese, labels, HANDOUT_CHART_MM * PT_PER_MM,
                        HANDOUT_CHART_MM * PT_PER_MM) if theme else None
    html = render("handout/handout.html.j2", b=b, labels=labels, detail=detail, logo=logo,
                  draw_chart=draw, pictures=pictures or {},
                  handout_title=handout_title(b.plain_title, theme, logo is not None))
    return typeset(html, b.is_chinese)


HANDOUT_MEASURE_MM = 210 - 2 * 14  # A4 less the margins of templates/handout/handout.css
HANDOUT_CHART_MM = 100  # a chart's width on the handout (a column or line chart: half as tall)
HANDOUT_TITLE_PT = 12.5 * 1.6  # its h1 (1.6 em) at the largest size the handout is tried at


def handout_title(title: str, theme: Theme | None, emblem: bool) -> str:
    """Return the handout's title breaking only between word groups, in even lines at the
    largest size the handout is tried at (a smaller one sets fewer of them, at the same
    places), in the sans bold faces of the theme; the faces are read only for a title that
    might take more than one line."""
    limit = (HANDOUT_MEASURE_MM - ((theme.logo_mm.handout + 4) if emblem and theme else 0)) \
        * PT_PER_MM * 0.98
    if theme is None or len(title) * WIDEST_EM * HANDOUT_TITLE_PT <= limit:
        return phrases.phrased(title)
    pdf = theme.fonts.pdf
    measure = TextMeasure(pdf.sans_latin[0], pdf.sans_cjk[0], bold=True)
    return phrases.balanced(title, lambda text: measure.width(text, HANDOUT_TITLE_PT), limit)
