"""WeasyPrint without two of its costs, and nothing else changed: the library lookups at import
answered from one reading of the linker cache load the same library files, and the PDF's
streams are compressed at the level chosen (level 6, not 9) and decompress to the same data."""

from __future__ import annotations

import re
import subprocess
import sys
import zlib

import pytest
from pypdf import PdfReader

from briefing.pdf import libraries

LOADED = ("import re, sys;{setup};"
          "maps = open('/proc/self/maps').read();"
          "print(sorted(set(re.findall(r'/\\S+\\.so[.\\d]*', maps))))")


@pytest.mark.skipif(libraries.linker_cache() is None, reason="no glibc linker cache here")
def test_the_fast_import_loads_the_same_library_files_as_the_plain_one():
    def loaded(setup: str) -> str:
        return subprocess.run([sys.executable, "-c", LOADED.format(setup=setup)],
                              capture_output=True, text=True, check=True).stdout

    fast = loaded("from briefing.pdf.libraries import import_weasyprint; import_weasyprint()")
    plain = loaded("import weasyprint")
    assert fast == plain and "libpango-1.0.so" in fast and "libharfbuzz" in fast


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
        again = zlib.compressobj(libraries.COMPRESSION_LEVEL)
        assert raw == again.compress(decoded) + again.flush()
        level_9 = zlib.compressobj(9)
        checked += raw != level_9.compress(decoded) + level_9.flush()
    assert checked >= 2


def test_the_zlib_level_is_restored_after_writing():
    import pydyf
    before = pydyf.zlib
    with libraries.compression_level():
        assert pydyf.zlib is not before
    assert pydyf.zlib is before and re.fullmatch(r"\d+", str(libraries.COMPRESSION_LEVEL))
