"""Pictures on slides: a figure block's picture scaled to fit the body box (its shape kept),
its caption under it and its alt text as the shape's description; and the theme's emblem on
the master's title and closing layouts. The pictures are the bytes the check read
(checks/figures.py); an SVG is drawn to PNG by resvg, which needs no system library and reads
no file (the SVG was checked to refer to nothing outside itself).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from functools import lru_cache

from ..design.images import Picture
from .geometry import Rect
from .measures import Measures
from .outline import PlannedSlide, Slide

GAP = 0.1  # inches between a picture and its caption
DPI = 220  # an SVG's pixels per inch on the slide
MAX_PIXELS = 4000  # an SVG's rendering, at most this many pixels across


@dataclass(frozen=True)
class FittedPicture:
    """A picture placed on a slide (inches), with its caption and alt text."""

    path: str
    rect: Rect
    alt: str
    caption: str
    caption_rect: Rect
    caption_size: float


def fit_picture(fitter: Measures, base: Slide, planned: PlannedSlide, area: Rect,
                pictures: dict[str, Picture]) -> Slide:
    """Return a picture's slide: the picture as large as the box allows, centred, its caption
    (shortened to two lines if it must be) under it."""
    planned_picture = planned.picture
    assert planned_picture is not None
    caption, size, caption_height = fitter.text_under(planned_picture.caption, area)
    room = (area[0], area[1], area[2], area[3] - caption_height - GAP)
    rect = fitted_rect(pictures[planned_picture.path].ratio, room)
    caption_rect = (area[0], rect[1] + rect[3] + GAP, area[2], caption_height)
    return replace(base, picture=FittedPicture(planned_picture.path, rect, planned_picture.alt,
                                               caption, caption_rect, size))


def fitted_rect(ratio: float, room: Rect, top: bool = False) -> Rect:
    """Return the largest rectangle of a shape (width / height) inside a room, centred across
    (and down, unless top)."""
    width = min(room[2], room[3] * ratio)
    height = width / ratio
    left = room[0] + (room[2] - width) / 2
    return (left, room[1] if top else room[1] + (room[3] - height) / 2, width, height)


def emblem_rect(picture: Picture, height_mm: float, box: Rect) -> Rect:
    """Return where the emblem stands in its layout box: at its top left, its height the
    theme's (at most the box's), its width following its shape."""
    height = min(height_mm / 25.4, box[3], box[2] / picture.ratio)
    return (box[0], box[1], height * picture.ratio, height)


def image_bytes(picture: Picture, width_in: float) -> bytes:
    """Return a picture as PowerPoint takes it: PNG or JPEG as checked, an SVG drawn to PNG
    at DPI pixels per inch of its width on the slide."""
    if picture.format != "svg":
        return picture.data
    pixels = max(1, min(MAX_PIXELS, round(width_in * DPI)))
    return _svg_png(picture.data, pixels)


@lru_cache(maxsize=16)
def _svg_png(data: bytes, pixels: int) -> bytes:
    """Return an SVG drawn to PNG, `pixels` wide (resvg: system fonts, nothing fetched)."""
    import resvg_py

    return bytes(resvg_py.svg_to_bytes(svg_string=data.decode("utf-8"), width=pixels))


def draw_picture(writer, slide, fitted: FittedPicture, picture: Picture) -> None:
    """Add a fitted picture, described by its alt text, and its caption under it."""
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches

    shape = slide.shapes.add_picture(io.BytesIO(image_bytes(picture, fitted.rect[2])),
                                     *(Inches(v) for v in fitted.rect))
    shape.name = f"Figure: {fitted.caption}"
    shape._element.nvPicPr.cNvPr.set("descr", fitted.alt)
    writer.text_box(slide, fitted.caption_rect, fitted.caption, fitted.caption_size,
                    color=writer.colors.muted, align=PP_ALIGN.CENTER, name="Caption")
