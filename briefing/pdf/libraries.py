"""WeasyPrint without two of its costs: its library lookups at import, and zlib level 9.

WeasyPrint loads Pango, HarfBuzz, fontconfig and GObject through cffi, trying several names for
each (weasyprint/text/ffi.py); for every name without a dot cffi asks
``ctypes.util.find_library``, which on Linux runs ``ldconfig -p`` and then, for a name the
linker cache does not have, ``gcc`` and ``ld`` — about twenty subprocesses, half of WeasyPrint's
import time. While WeasyPrint is imported, ``find_library`` answers instead from one reading of
the linker cache, with CPython's own rule for reading it; a name the cache does not have gets
None at once, and WeasyPrint goes on to its next name (its lists end with exact sonames, which
the dynamic loader finds itself, LD_LIBRARY_PATH included). The same library files are loaded
either way (tests/test_libraries.py). Elsewhere than Linux with glibc's ldconfig, nothing
changes.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import re
import struct
import subprocess
import sys
import zlib
from contextlib import contextmanager
from functools import lru_cache

LDCONFIG = "/sbin/ldconfig"
ABI_TYPES = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit",
             "sparc64-64": "libc6,64bit", "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}


@lru_cache(maxsize=1)
def linker_cache() -> bytes | None:
    """Return the output of `ldconfig -p` (read once), or None where there is none."""
    if not sys.platform.startswith("linux") or not os.access(LDCONFIG, os.X_OK):
        return None
    try:
        return subprocess.run([LDCONFIG, "-p"], stdin=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              env={"LC_ALL": "C", "LANG": "C"}, check=False).stdout
    except OSError:
        return None


def soname_in_cache(name: str, cache: bytes) -> str | None:
    """Return the soname the linker cache has for a library name, by the rule of CPython's
    ctypes.util (`_findSoname_ldconfig`): lib<name>.<anything> for this machine's ABI."""
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    abi = ABI_TYPES.get(machine, "libc6")
    found = re.search(os.fsencode(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}"), cache)
    return os.fsdecode(found.group(1)) if found else None


@contextmanager
def lookups_from_linker_cache():
    """Answer ctypes.util.find_library from one reading of the linker cache while the block
    runs (nothing changes where there is no linker cache)."""
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


COMPRESSION_LEVEL = 6  # measured on the default briefing: level 9 0.40 s, 6 0.25 s, 1 0.20 s
# to write; 884, 886 and 934 KB: level 6 costs 0.2 % in size for 0.15 s


MEMO_BYTES = 64 << 20  # the compressed streams and font subsets remembered, at most


class Memo:
    """Results remembered from one build to the next in a warm process (watch), by a digest
    of what they are made from, the least recently used dropped past MEMO_BYTES."""

    def __init__(self):
        self.entries: dict[bytes, bytes] = {}
        self.size = 0
        self.on = False

    def get(self, key: bytes) -> bytes | None:
        """Return what is remembered for a key (and keep it as the most recent), or None."""
        found = self.entries.pop(key, None)
        if found is not None:
            self.entries[key] = found
        return found

    def put(self, key: bytes, value: bytes) -> None:
        """Remember a value, forgetting the oldest ones past the size limit."""
        if key in self.entries:
            return
        self.entries[key] = value
        self.size += len(value)
        while self.size > MEMO_BYTES and self.entries:
            self.size -= len(self.entries.pop(next(iter(self.entries))))


MEMO = Memo()


def remember(on: bool) -> None:
    """Remember font subsets and compressed streams from one build to the next (watch)."""
    MEMO.on = on


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
def subsets_remembered():
    """In a warm process, give a font the subset it was given before for the same glyphs
    (WeasyPrint's Font.subset: ~0.15 s of a warm build when an edit adds no new glyph)."""
    from weasyprint.pdf.fonts import Font
    original = Font.subset

    def subset(font, to_unicode, hinting, *args, **kwargs):
        if not MEMO.on:
            return original(font, to_unicode, hinting, *args, **kwargs)
        key = hashlib.blake2b(repr((font.hash, font.index, len(font.file_content),
                                    sorted(to_unicode), hinting, bool(font.missing))).encode(),
                              digest_size=16, person=b"subset").digest()
        found = MEMO.get(key)
        if found is not None:
            font.file_content = found
            return None
        result = original(font, to_unicode, hinting, *args, **kwargs)
        MEMO.put(key, font.file_content)
        return result

    Font.subset = subset
    try:
        yield
    finally:
        Font.subset = original


@contextmanager
def compression_level(level: int = COMPRESSION_LEVEL):
    """Compress the PDF's streams at `level` while the block runs: pydyf (which writes
    WeasyPrint's PDFs) asks zlib for level 9 and offers no option; it is given a zlib whose
    compressors use `level` instead. The PDF is the same but for its compressed bytes;
    tests/test_libraries.py fails if pydyf stops using it."""
    import pydyf
    original = pydyf.zlib
    pydyf.zlib = _ZlibAtLevel(level)
    try:
        yield
    finally:
        pydyf.zlib = original
