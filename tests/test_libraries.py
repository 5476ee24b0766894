"""WeasyPrint without two of its costs, and nothing else changed: the linker cache answers a
library lookup as ctypes does (that WeasyPrint then loads the same files is a contract of
test_engine_contract.py), and the PDF's streams are compressed at the level chosen, not
pydyf's 9, and decompress to the same data."""

from __future__ import annotations

import re
import zlib

import pytest
from pypdf import PdfReader

from briefing.pdf import engine, libraries


@pytest.mark.skipif(libraries.linker_cache() is None, reason="no glibc linker cache here")
def test_the_linker_cache_answers_as_ctypes_does_for_names_it_has():
    import ctypes.util
    cache = libraries.linker_cache()
    for name in ("pango-1.0", "gobject-2.0", "fontconfig", "harfbuzz"):
        assert libraries.soname_in_cache(name, cache) == ctypes.util.find_library(name)
    assert libraries.soname_in_cache("no-such-library-here", cache) is None


def test_pdf_streams_are_compressed_at_the_chosen_level(built):
    reader = PdfReader(built["pdf"])
    checked = 0
    for page in reader.pages[1:4]:
        raw = page["/Contents"].get_object()._data  # the stream's bytes as written
        decoded = zlib.decompress(raw)
        again = zlib.compressobj(engine.COMPRESSION_LEVEL)
        assert raw == again.compress(decoded) + again.flush()
        level_9 = zlib.compressobj(9)
        checked += raw != level_9.compress(decoded) + level_9.flush()
    assert checked >= 2


def test_the_zlib_level_is_restored_after_writing():
    import pydyf
    before = pydyf.zlib
    with engine.compression_level():
        assert pydyf.zlib is not before
    assert pydyf.zlib is before and re.fullmatch(r"\d+", str(engine.COMPRESSION_LEVEL))
