"""A deck as a meeting room sees it, measured on the PDF LibreOffice drew of it: for each
content slide (not the title, contents, divider or closing slide), how much of the body area
its body covers ("span"), the sizes its body is set in, and its title's size; for the deck,
its continuation slides and its dividers.

The body area is the slide below its title box and above the footer band (the bottom 10 %),
within 5 % side margins; the span is the bounding box of the characters (and the pictures: a
figure's slide is its picture) drawn there over that area. Sizes are the drawn characters' font
sizes, in points.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path

from ..deck.geometry import TITLE_RATIO
from .deck import DIVIDERS
from .findings import Finding, quote

FOOTER_BAND = 0.10  # the bottom of a slide that holds its footer
SIDE_MARGIN = 0.05  # each side of a slide left out of the body area
PT_PER_INCH = 72.0


@dataclass(frozen=True)
class SlideMeasure:
    """What one slide shows a room: its kind, its title's size, its body's sizes and span."""

    number: int
    kind: str  # "content", "contents", "divider" (title, section, closing)
    title: str
    title_size: float
    body_sizes: tuple[float, ...] = ()
    span: float = 0.0
    continued: bool = False
    table: bool = False  # it shows a table (whose continuation slide is allowed)


@dataclass(frozen=True)
class DeckMeasure:
    """A deck's slides as measured, and the figures its targets are stated in."""

    slides: list[SlideMeasure] = field(default_factory=list)

    @property
    def content(self) -> list[SlideMeasure]:
        """Return the content slides (those with a body of their own)."""
        return [s for s in self.slides if s.kind == "content" and s.body_sizes]

    def median_span(self) -> float:
        """Return the median span of the content slides (0 for none)."""
        return statistics.median([s.span for s in self.content] or [0.0])

    def median_body_size(self) -> float:
        """Return the median of the content slides' body sizes, each slide's the median of its
        characters': the size of the typical slide, which one dense table does not decide."""
        return statistics.median([statistics.median(s.body_sizes) for s in self.content]
                                 or [0.0])

    def smallest_size(self) -> float:
        """Return the smallest body size on any content slide."""
        return min((z for s in self.content for z in s.body_sizes), default=0.0)

    def dividers(self) -> int:
        """Return the number of section dividers (not the title or the closing slide)."""
        return sum(s.kind == "divider" for s in self.slides[1:-1])


def title_bottom(layout: str, layouts: dict) -> float:
    """Return where a layout's title box ends, in points from the slide's top."""
    box = layouts.get(layout, {}).get("title")
    return (box[1] + box[3]) * PT_PER_INCH if box else 0.0


def measure_slide(number: int, chars: list[dict], width: float, height: float, kind: str,
                  title: str, top: float, continued_mark: str,
                  pictures: list[dict] = (), table: bool = False) -> SlideMeasure:
    """Return what one drawn slide shows: chars are pdfplumber's (x0, x1, top, bottom, size),
    pictures its images (x0, x1, top, bottom: a figure's picture is its slide's body), top is
    where its title box ends (points)."""
    drawn = [c for c in chars if c["text"].strip()]
    title_chars = [c for c in drawn if c["bottom"] <= top + 2]
    left, right = SIDE_MARGIN * width, (1 - SIDE_MARGIN) * width
    floor = (1 - FOOTER_BAND) * height
    body, bounds = body_bounds(drawn, pictures, width, height, top)
    span = 0.0
    if bounds is not None:
        span = (bounds[2] - bounds[0]) * (bounds[3] - bounds[1]) \
            / ((right - left) * (floor - top))
    return SlideMeasure(number, kind, title,
                        round(max((c["size"] for c in title_chars), default=0.0), 1),
                        tuple(round(c["size"], 1) for c in body), round(span, 3),
                        title.endswith(continued_mark.strip()), table)


def body_bounds(chars: list[dict], pictures: list[dict], width: float, height: float,
                top: float) -> tuple[list[dict], tuple[float, float, float, float] | None]:
    """Return the characters drawn in a slide's body area (below `top`, points) and the
    bounding box (x0, top, x1, bottom) of them and of the pictures' parts there (None for an
    empty body)."""
    left, right = SIDE_MARGIN * width, (1 - SIDE_MARGIN) * width
    floor = (1 - FOOTER_BAND) * height

    def inside(c: dict) -> bool:
        """Tell whether a character lies in the body area."""
        return c["top"] >= top - 2 and c["bottom"] <= floor and c["x0"] >= left - 2 \
            and c["x1"] <= right + 2

    body = [c for c in chars if c["text"].strip() and inside(c)]
    clipped = [{"x0": max(p["x0"], left), "x1": min(p["x1"], right), "top": max(p["top"], top),
                "bottom": min(p["bottom"], floor)} for p in pictures]  # a picture's part in it
    covering = body + [p for p in clipped if p["x0"] < p["x1"] and p["top"] < p["bottom"]]
    if not covering:
        return body, None
    return body, (min(c["x0"] for c in covering), min(c["top"] for c in covering),
                  max(c["x1"] for c in covering), max(c["bottom"] for c in covering))


def measure_deck(deck: Path, drawn: Path, contents_title: str, continued_mark: str,
                 layouts: dict) -> DeckMeasure:
    """Return the measures of a deck from the PDF LibreOffice drew of it; layouts are the
    boxes of templates/deck/layouts.yaml (geometry().layouts)."""
    import pdfplumber
    from pptx import Presentation

    slides = []
    presentation = Presentation(str(deck))
    with pdfplumber.open(drawn) as document:
        for number, (page, slide) in enumerate(zip(document.pages, presentation.slides), 1):
            layout = slide.slide_layout.name
            title = slide.shapes.title.text_frame.text.replace("\n", "") \
                if slide.shapes.title is not None else ""
            kind = "divider" if layout in DIVIDERS else \
                "contents" if title == contents_title else "content"
            slides.append(measure_slide(number, page.chars, float(page.width),
                                        float(page.height), kind, title,
                                        title_bottom(layout, layouts), continued_mark,
                                        page.images,
                                        any(getattr(s, "has_table", False)
                                            for s in slide.shapes)))
    return DeckMeasure(slides)


THIN = 0.2  # a content slide's body covers at least this share of the body area
SMALLEST = 16.0  # points: nothing on a content slide is smaller


def room_findings(output: str, measured: DeckMeasure) -> list[Finding]:
    """Return what a room would hold against a deck, slide by slide: a content slide whose
    body spans under THIN of the body area, type under SMALLEST, a title not TITLE_RATIO
    times its body, a list or cards continued on another slide, a divider after a divider."""
    found = []
    for s in measured.content:
        title = quote(s.title)
        if s.span < THIN:
            found.append(Finding(output, s.number, "thin slide", s.title,
                                 f"{title}: its body covers {s.span:.0%} of the body area"
                                 f" (at least {THIN:.0%})"))
        if min(s.body_sizes) < SMALLEST:
            found.append(Finding(output, s.number, "small type", s.title,
                                 f"{title}: text at {min(s.body_sizes):g} pt"
                                 f" (at least {SMALLEST:g} pt)"))
        body = statistics.median(s.body_sizes)
        if s.title_size and s.title_size < TITLE_RATIO * body:  # 0: no title drawn
            found.append(Finding(output, s.number, "flat title", s.title,
                                 f"{title}: title at {s.title_size:g} pt over a {body:g}-pt"
                                 f" body (at least {TITLE_RATIO:g} times)"))
        if s.continued and not s.table:
            found.append(Finding(output, s.number, "continued list", s.title,
                                 f"{title}: a list or cards go on from the slide before;"
                                 " set them in columns or shorten them"))
    inner = measured.slides[1:-1]  # the title and the closing slide are no dividers of a run
    for before, slide in zip(inner, inner[1:]):
        if before.kind == slide.kind == "divider":
            found.append(Finding(output, slide.number, "divider run", slide.title,
                                 f"{quote(slide.title)} follows the divider {quote(before.title)}"
                                 " with nothing between"))
    return sorted(found, key=lambda f: f.page)
