"""The one place the PDF modules reach into WeasyPrint and pydyf beyond their public API.

WeasyPrint's public API (HTML, CSS, Document, write_pdf) is used where it is needed; what it
does not offer, and the project relies on, is here and nowhere else: its box tree (the boxes
of a laid-out page, told apart by class), shaping a run of text as a line's text box is
shaped and measuring text as its line breaking does, its URL fetcher and font configuration
classes, the font subsetter it calls, the library it subsets fonts with, how it finds its C
libraries at import, and pydyf's zlib.

Each internal is looked up by name through `internal()`, which raises EngineMismatch naming
it (and the version that lacks it) when it is gone or takes other parameters. Where a safe
fallback exists it is taken instead: the justification in place is skipped (its caller lays
out again), font subsets are not remembered, pydyf keeps its own zlib level, WeasyPrint is
imported with its own library lookups. docs/engine.md lists what is relied on and why;
tests/test_engine_contract.py pins each internal by name.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import importlib
import inspect
import sys
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from math import inf

from .libraries import MEMO, linker_cache, soname_in_cache

HERE = "briefing/pdf/engine.py"
GUIDE = "docs/engine.md"
PROJECTS = {"weasyprint": "WeasyPrint", "pydyf": "pydyf"}


class EngineMismatch(RuntimeError):
    """WeasyPrint or pydyf lacks an internal the project relies on, or it has changed."""


def _release(module: str) -> str:
    """Return the project and version a module belongs to, e.g. "WeasyPrint 70.0"."""
    top = module.split(".")[0]
    version = getattr(sys.modules.get(top), "__version__", "(version unknown)")
    return f"{PROJECTS.get(top, top)} {version}"


def mismatch(module: str, attribute: str, how: str = "") -> EngineMismatch:
    """Return the error saying that an internal is missing (or, with `how`, how it differs)."""
    what = f"'s {module}.{attribute} {how}" if how else f" has no {module}.{attribute}"
    return EngineMismatch(f"{_release(module)}{what} ({HERE} relies on it; see {GUIDE})")


@lru_cache(maxsize=None)
def internal(module: str, attribute: str, parameters: tuple[str, ...] = ()):
    """Return an internal of WeasyPrint or pydyf (a module and a dotted attribute in it),
    checking that a function's first parameters have the names relied on."""
    if module.split(".")[0] == "weasyprint":
        import_weasyprint()  # first through the fast library lookups
    try:
        found = importlib.import_module(module)
        for name in attribute.split("."):
            found = getattr(found, name)
    except (ImportError, AttributeError) as error:
        raise mismatch(module, attribute) from error
    if parameters:
        names = tuple(inspect.signature(found).parameters)[:len(parameters)]
        if names != parameters:
            raise mismatch(module, attribute, f"takes ({', '.join(names)}, …), not"
                                              f" ({', '.join(parameters)}, …)")
    return found


# --- importing WeasyPrint -------------------------------------------------------------------

@contextmanager
def lookups_from_linker_cache():
    """Answer ctypes.util.find_library from one reading of the linker cache while the block
    runs (nothing changes where there is no linker cache).

    WeasyPrint loads Pango, HarfBuzz, fontconfig and GObject through cffi, trying several names
    for each; for every name without a dot cffi asks find_library, which on Linux runs
    ldconfig and then, for a name the cache lacks, gcc and ld. Answered from the cache, a name
    it lacks gets None at once and WeasyPrint tries its next one (its lists end with exact
    sonames, which the dynamic loader finds itself): the same files are loaded either way."""
    cache = linker_cache()
    if cache is None:
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: soname_in_cache(name, cache)
    try:
        yield
    finally:
        ctypes.util.find_library = original


def import_weasyprint():
    """Import WeasyPrint (once per process) with its library lookups answered from the cache."""
    if "weasyprint" not in sys.modules:
        with lookups_from_linker_cache():
            import weasyprint  # noqa: F401
    return sys.modules["weasyprint"]


def harfbuzz_subset_missing() -> bool:
    """Tell whether WeasyPrint found no HarfBuzz-subset library and so subsets fonts with
    fontTools, far slower on CJK faces (False where WeasyPrint no longer says)."""
    try:
        return internal("weasyprint.text.ffi", "harfbuzz_subset") is None
    except EngineMismatch:
        return False


def font_configuration():
    """Return a new WeasyPrint font configuration (holds the fonts of @font-face rules)."""
    return internal("weasyprint.text.fonts", "FontConfiguration")()


def fetcher_classes() -> tuple[type, type]:
    """Return WeasyPrint's URL fetcher class (to subclass) and the response class its fetch
    returns."""
    return (internal("weasyprint.urls", "URLFetcher"),
            internal("weasyprint.urls", "URLFetcherResponse", ("url", "body", "headers")))


# --- the box tree ---------------------------------------------------------------------------

BOXES = "weasyprint.formatting_structure.boxes"


@dataclass(frozen=True)
class BoxKinds:
    """WeasyPrint's box classes that the PDF modules tell boxes apart by."""

    text: type
    line: type
    page: type
    replaced: type
    table_row: type
    block_container: type


BOX_CLASSES = {"text": "TextBox", "line": "LineBox", "page": "PageBox",
               "replaced": "ReplacedBox", "table_row": "TableRowBox",
               "block_container": "BlockContainerBox"}


@lru_cache(maxsize=1)
def kinds() -> BoxKinds:
    """Return WeasyPrint's box classes (isinstance(box, kinds().line) and so on)."""
    return BoxKinds(**{field: internal(BOXES, name) for field, name in BOX_CLASSES.items()})


def walk(box, parent=None):
    """Yield every box below a box, the box itself first, in document order, each with its
    parent."""
    yield box, parent
    for child in getattr(box, "children", None) or ():
        yield from walk(child, box)


def page_box(page):
    """Return the root box (a PageBox) of one page of a laid-out document."""
    try:
        return page._page_box
    except AttributeError:
        raise mismatch("weasyprint.document", "Page._page_box") from None


def page_boxes(document) -> list:
    """Return the root box of every page of a laid-out document, in order."""
    return [page_box(page) for page in document.pages]


def document_boxes(document):
    """Yield every box of a laid-out document, page after page, each with its parent."""
    for area in page_boxes(document):
        yield from walk(area)


# --- text -----------------------------------------------------------------------------------

def shape_run(text_box, text: str, style):
    """Return a copy of a TextBox with another text and style, shaped as WeasyPrint shapes a
    text box on a line (with no width limit: a run is never broken); ValueError if WeasyPrint
    would not keep it whole."""
    split_text_box = internal("weasyprint.layout.inline", "split_text_box",
                              ("context", "box", "available_width", "skip"))
    piece = text_box.copy_with_text(text)
    piece.style = style
    shaped, resume_at, _ = split_text_box(None, piece, inf, 0)
    if shaped is None or resume_at is not None or shaped.text != text:
        raise ValueError(f"WeasyPrint would not keep {text!r} whole")
    return shaped


LINE_PARAMETERS = ("text", "style", "context", "max_width", "justification_spacing")


def line_width(text: str, style) -> float:
    """Return the width (CSS px) of text on one line in a computed style, as WeasyPrint's line
    breaking has Pango set it."""
    split_first_line = internal("weasyprint.text.line_break", "split_first_line",
                                LINE_PARAMETERS)
    found = split_first_line(text, style, None, None, 0)
    try:
        return found[3]  # (layout, length, resume index, width, height, baseline)
    except (TypeError, IndexError):
        raise mismatch("weasyprint.text.line_break", "split_first_line",
                       "returns no width fourth") from None


# --- writing the PDF ------------------------------------------------------------------------

# pydyf asks zlib for level 9 and offers no option; 6 writes faster for a PDF barely larger
COMPRESSION_LEVEL = 6


@contextmanager
def patched(owner, name: str, value):
    """Set an attribute of an object (a module, a class) to a value while the block runs."""
    original = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, original)


class _Compressor:
    """A zlib compressor at one level that, in a warm process, gives a stream it has seen
    compressed before its earlier result (with the compressed bytes all from compress())."""

    def __init__(self, level: int):
        self.level = level
        self.flushed = b""

    def compress(self, data: bytes) -> bytes:
        """Return the data compressed (all of it: flush() then gives the rest, if any)."""
        key = hashlib.blake2b(data, digest_size=16, person=b"z%d" % self.level).digest() \
            if MEMO.on and len(data) > 4096 else None
        found = MEMO.get(key) if key else None
        if found is None:
            compressor = zlib.compressobj(self.level)
            found = compressor.compress(data) + compressor.flush()
            if key:
                MEMO.put(key, found)
        return found

    def flush(self, *args) -> bytes:
        """Return nothing more: compress() gave it all."""
        return self.flushed


class _ZlibAtLevel:
    """The zlib module, with every compressobj made at one level."""

    def __init__(self, level: int):
        self.level = level

    def compressobj(self, level: int = -1, *args, **kwargs):
        """Return a compressor at this object's level, whatever level is asked for."""
        return _Compressor(self.level) if not args and not kwargs \
            else zlib.compressobj(self.level, *args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(zlib, name)


@contextmanager
def compression_level(level: int = COMPRESSION_LEVEL):
    """Compress the PDF's streams at `level` while the block runs, by giving pydyf (which
    writes WeasyPrint's PDFs) a zlib whose compressors use it. The PDF is the same but for its
    compressed bytes; where pydyf has no module-level zlib, it keeps its own level."""
    try:
        internal("pydyf", "zlib")
    except EngineMismatch:
        yield
        return
    with patched(sys.modules["pydyf"], "zlib", _ZlibAtLevel(level)):
        yield


def _subset_key(font, to_unicode, hinting) -> bytes | None:
    """Return the digest naming a font's subset (its face, the glyphs kept, the hinting), or
    None when the font lacks what names it."""
    try:
        named = (font.hash, font.index, len(font.file_content), sorted(to_unicode), hinting,
                 bool(font.missing))
    except (AttributeError, TypeError):
        return None
    return hashlib.blake2b(repr(named).encode(), digest_size=16, person=b"subset").digest()


def _remembering(original):
    """Return a Font.subset that gives a font the subset remembered for the same glyphs, if
    any, and otherwise subsets it as `original` does and remembers the result."""

    def subset(font, to_unicode, hinting, *args, **kwargs):
        key = _subset_key(font, to_unicode, hinting) if MEMO.on else None
        if key is None:
            return original(font, to_unicode, hinting, *args, **kwargs)
        found = MEMO.get(key)
        if found is not None:
            font.file_content = found
            return None
        result = original(font, to_unicode, hinting, *args, **kwargs)
        MEMO.put(key, font.file_content)
        return result

    return subset


@contextmanager
def subsets_remembered():
    """In a warm process, give a font the subset it was given before for the same glyphs
    (subsetting a CJK face is much of a warm build's writing when an edit adds no glyph);
    where WeasyPrint's Font.subset is not as relied on, subset every time."""
    try:
        font = internal("weasyprint.pdf.fonts", "Font")
        internal("weasyprint.pdf.fonts", "Font.subset", ("self", "to_unicode", "hinting"))
    except EngineMismatch:
        yield
        return
    with patched(font, "subset", _remembering(font.subset)):
        yield
