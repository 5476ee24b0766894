"""Image bytes -> a checked picture: PNG, JPEG or SVG told by content (never by name), its size
read from the header before anything is decoded, then decoded once to prove it is whole; an
SVG parsed without entities, DTDs or the network, and refused when it refers to anything
outside itself. Used for figures (checks/figures.py) and a theme's emblem (theme.py).

Pictures are served to WeasyPrint from memory under a name made of their digest
(``briefing-asset:<sha256>.png``), so that no renderer reads a file after the check, and the
PDF's bytes do not depend on where the files are.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import threading
import warnings
from dataclasses import dataclass, replace
from functools import cached_property

from lxml import etree

ASSET_SCHEME = "briefing-asset"
LOGO_KEY = "\0logo"  # the theme's emblem among a build's pictures: no content path is this
MIMES = {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
LOCAL = re.compile(r"\s*(#|data:image/(png|jpeg);base64,)", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?P<target>[^'\")\s]*)", re.IGNORECASE)
CSS_IMPORT = re.compile(r"@import", re.IGNORECASE)
SVG_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(px|pt|mm|cm|in|pc)?\s*")
PX_PER = {"px": 1.0, None: 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54,
          "in": 96.0}
_PILLOW_LIMIT = threading.Lock()


class PictureError(ValueError):
    """Why bytes are not a picture the outputs can take; the message says how to fix it."""


@dataclass(frozen=True)
class Picture:
    """A checked picture: its bytes, its format and its size in pixels (CSS px for SVG)."""

    data: bytes
    format: str  # png, jpeg or svg
    width: float
    height: float

    @cached_property
    def digest(self) -> str:
        """Return the SHA-256 of the bytes."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def url(self) -> str:
        """Return the name WeasyPrint fetches the picture by (served from memory)."""
        return f"{ASSET_SCHEME}:{self.digest}.{self.format}"

    @property
    def data_url(self) -> str:
        """Return the picture as a data: URL, for a browser (the preview), which cannot fetch
        the in-memory name."""
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"

    @property
    def mime(self) -> str:
        """Return the picture's media type."""
        return MIMES[self.format]

    @property
    def ratio(self) -> float:
        """Return width / height."""
        return self.width / self.height


def sniff(data: bytes) -> str | None:
    """Return png, jpeg or svg from a file's first bytes, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE", b"<!doctype")):
        return "svg"
    return None


def inspect(data: bytes, max_pixels: int, allowed: tuple[str, ...] = ("png", "jpeg", "svg")
            ) -> Picture:
    """Return the picture in some bytes, or raise PictureError saying what is wrong."""
    kind = sniff(data)
    if kind not in allowed:
        names = ", ".join(k.upper() for k in allowed[:-1]) + f" or {allowed[-1].upper()}"
        raise PictureError(f"not a {names} image (told by its content, not its name)")
    if kind == "svg":
        return _svg(data, max_pixels)
    return _raster(data, kind, max_pixels)


def _raster(data: bytes, kind: str, max_pixels: int) -> Picture:
    """Read a PNG's or JPEG's size from its header, refuse it above max_pixels, then decode it
    once (at reduced scale for a JPEG) to prove it is whole."""
    from PIL import Image, ImageFile

    # Pillow's settings are global, and WeasyPrint turns LOAD_TRUNCATED_IMAGES on when it is
    # imported: both are set for the check and put back, under a lock
    with _PILLOW_LIMIT, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        saved = Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES
        Image.MAX_IMAGE_PIXELS = None  # our limit, below, before anything is decoded
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            return _decoded(data, kind, max_pixels)
        finally:
            Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _decoded(data: bytes, kind: str, max_pixels: int) -> Picture:
    """Read the size from the header, check it, then decode (see _raster)."""
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data), formats=[kind.upper()])
        width, height = image.size  # the header only: nothing decoded yet
    except Exception as exc:  # Pillow raises many kinds for a broken header
        raise PictureError(f"the image does not decode: {_reason(exc)}") from None
    if width * height > max_pixels:
        raise PictureError(f"the image is {width:,} × {height:,} pixels"
                           f" ({width * height / 1e6:,.0f} megapixels); at most"
                           f" {max_pixels / 1e6:,.0f} megapixels")
    if not width or not height:
        raise PictureError("the image has no pixels")
    try:
        if kind == "jpeg":
            image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
        image.load()
    except Exception as exc:
        raise PictureError(f"the image does not decode: {_reason(exc)}") from None
    return Picture(data, kind, float(width), float(height))


def _reason(exc: BaseException) -> str:
    """Return an exception's message, on one line, short, without the in-memory file Pillow
    names (<_io.BytesIO object at 0x…>): a broken header (a bad checksum) is said so."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = re.sub(r"\s*<_io\.BytesIO object at 0x[0-9a-f]+>", "", text)
    if text == "cannot identify image file":
        text = "its header is broken (a bad checksum, or not this kind of image)"
    return text[:160]


def _svg(data: bytes, max_pixels: int) -> Picture:
    """Parse an SVG safely and refuse what would make a renderer read anything else."""
    if re.search(rb"<!ENTITY", data):
        raise PictureError("the SVG declares entities (<!ENTITY>); remove the declarations")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise PictureError(f"the SVG is not well-formed XML: {_reason(exc)}") from None
    info = root.getroottree().docinfo
    if info.system_url or info.public_id or info.internalDTD is not None:
        raise PictureError("the SVG has a <!DOCTYPE> that names a DTD; remove the <!DOCTYPE>"
                           " line")
    if root.tag != f"{SVG}svg":
        raise PictureError("not an SVG image: its root element is not <svg> in the SVG"
                           " namespace")
    problem = svg_reference(root, max_pixels) or svg_expansion(root)
    if problem:
        raise PictureError(problem)
    width, height = svg_size(root)
    return Picture(data, "svg", width, height)


MAX_DRAWN = 20_000  # elements an SVG may draw once its <use> references are expanded


def svg_expansion(root) -> str | None:
    """Return why an SVG's <use> references cannot be drawn, or None: one that refers to
    itself or to an element that holds it (a loop), or references that multiply into more
    than MAX_DRAWN elements (29 levels of doubling <use> are 1.4 KB and never finish)."""
    nodes = [node for node in root.iter() if isinstance(node.tag, str)]  # held: stable ids
    by_id = {node.get("id"): node for node in nodes if node.get("id")}
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def drawn(node) -> int:
        """Return how many elements a node draws, its <use> references expanded."""
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in visiting:
            raise _Loop(node.get("id") or etree.QName(node).localname)
        visiting.add(key)
        count = 1 + sum(drawn(child) for child in node if isinstance(child.tag, str))
        if etree.QName(node).localname == "use":
            target = by_id.get((node.get("href") or node.get(XLINK_HREF) or "").lstrip("#"))
            if target is not None:
                count += drawn(target)
        visiting.discard(key)
        sizes[key] = min(count, MAX_DRAWN + 1)
        return sizes[key]

    try:
        total = drawn(root)
    except _Loop as loop:
        return f"the SVG's <use> refers to #{loop.args[0]}, which holds that <use>: a loop no" \
            " renderer can draw; remove the reference"
    except RecursionError:
        return "the SVG nests its elements too deeply to be drawn"
    if total > MAX_DRAWN:
        return f"the SVG's <use> references draw more than {MAX_DRAWN:,} elements; draw the" \
            " repeated parts out or simplify the picture"
    return None


class _Loop(Exception):
    """A <use> that refers to itself or to an element that holds it."""


def svg_reference(root, max_pixels: int) -> str | None:
    """Return why an SVG refers to something outside itself, or None: an href or src that is
    not a fragment (#id) or an embedded PNG/JPEG (data:), a CSS url() or @import, an
    <?xml-stylesheet?>; embedded pictures are checked as files are."""
    for node in root.iter():
        if isinstance(node, etree._ProcessingInstruction):
            return f"the SVG has a processing instruction <?{node.target} …?>; remove it"
        if not isinstance(node.tag, str):
            continue
        for name, value in node.attrib.items():
            local = etree.QName(name).localname
            if local in ("href", "src"):
                if not LOCAL.match(value):
                    return f"the SVG refers to {_shown(value)}; an SVG must hold everything it" \
                           " shows (only #id and embedded data:image/png or jpeg)"
                if value.strip().lower().startswith("data:"):
                    _embedded(value, max_pixels)
            elif "url(" in value.lower() or "@import" in value.lower():
                found = _css_problem(value)
                if found:
                    return found
        if etree.QName(node).localname == "style" and node.text:
            found = _css_problem(node.text)
            if found:
                return found
    return None


def _css_problem(css: str) -> str | None:
    """Return why CSS inside an SVG refers to something outside it, or None."""
    if CSS_IMPORT.search(css):
        return "the SVG's CSS has an @import; an SVG must hold everything it shows"
    for match in CSS_URL.finditer(css):
        if not match["target"].startswith("#"):
            return f"the SVG's CSS refers to {_shown(match['target'])} with url(); an SVG" \
                   " must hold everything it shows (only url(#id))"
    return None


def _embedded(value: str, max_pixels: int) -> None:
    """Check a picture embedded in an SVG as a data: URL as a file would be."""
    try:
        data = base64.b64decode(value.split(",", 1)[1], validate=False)
    except (ValueError, IndexError):
        raise PictureError("an image embedded in the SVG is not valid base64") from None
    try:
        inspect(data, max_pixels, allowed=("png", "jpeg"))
    except PictureError as exc:
        raise PictureError(f"an image embedded in the SVG: {exc}") from None


def _shown(value: str) -> str:
    """Return a reference as a message quotes it: short, on one line."""
    text = " ".join(value.split())
    return "'" + (text[:60] + "…" if len(text) > 60 else text) + "'"


def svg_size(root) -> tuple[float, float]:
    """Return an SVG's intrinsic size in CSS px: its width and height, else its viewBox."""
    def length(name: str) -> float | None:
        match = SVG_LENGTH.fullmatch(root.get(name, ""))
        return float(match[1]) * PX_PER[match[2]] if match else None

    width, height = length("width"), length("height")
    box = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v] \
        if re.fullmatch(r"[\s,0-9.eE+-]*", root.get("viewBox", "")) else []
    if len(box) == 4 and box[2] > 0 and box[3] > 0:
        if width and not height:
            height = width * box[3] / box[2]
        elif height and not width:
            width = height * box[2] / box[3]
        elif not width:
            width, height = box[2], box[3]
    if not width or not height:
        raise PictureError("the SVG has no size: give it a viewBox (or a width and a height)")
    return width, height


def opaque(picture: Picture) -> Picture:
    """Return a PNG with an alpha channel or a transparent colour set on white (a PDF/A-1 file
    may hold no soft mask); any other picture as it is."""
    if picture.format != "png":
        return picture
    from PIL import Image

    with Image.open(io.BytesIO(picture.data)) as image:
        if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
            return picture
        drawn = image.convert("RGBA")
    white = Image.new("RGBA", drawn.size, "white")
    white.alpha_composite(drawn)
    out = io.BytesIO()
    white.convert("RGB").save(out, "PNG")
    return replace(picture, data=out.getvalue())
