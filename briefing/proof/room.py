"""A deck as a meeting room sees it, measured on the PDF LibreOffice drew of it: for each
content slide (not the title, contents, divider or closing slide), how much of the body area
its body covers ("span"), the sizes its body is set in, and its title's size; for the deck,
its continuation slides and its dividers.

The body area is the slide below its title box and above the footer band (the bottom 10 %),
within 5 % side margins; the span is the bounding box of the characters drawn there over that
area. Sizes are the drawn characters' font sizes, in points.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path

from .deck import DIVIDERS

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
        """Return the median size of the content slides' body characters."""
        return statistics.median([z for s in self.content for z in s.body_sizes] or [0.0])

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
                  title: str, top: float, continued_mark: str) -> SlideMeasure:
    """Return what one drawn slide shows: chars are pdfplumber's (x0, x1, top, bottom, size),
    top is where its title box ends (points)."""
    drawn = [c for c in chars if c["text"].strip()]
    title_chars = [c for c in drawn if c["bottom"] <= top + 2]
    left, right = SIDE_MARGIN * width, (1 - SIDE_MARGIN) * width
    floor = (1 - FOOTER_BAND) * height
    body = [c for c in drawn if c["top"] >= top - 2 and c["bottom"] <= floor
            and c["x0"] >= left - 2 and c["x1"] <= right + 2]
    span = 0.0
    if body:
        covered = (max(c["x1"] for c in body) - min(c["x0"] for c in body)) \
            * (max(c["bottom"] for c in body) - min(c["top"] for c in body))
        span = covered / ((right - left) * (floor - top))
    return SlideMeasure(number, kind, title,
                        round(max((c["size"] for c in title_chars), default=0.0), 1),
                        tuple(round(c["size"], 1) for c in body), round(span, 3),
                        title.endswith(continued_mark.strip()))


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
                                        title_bottom(layout, layouts), continued_mark))
    return DeckMeasure(slides)
