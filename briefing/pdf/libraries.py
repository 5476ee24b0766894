"""What engine.py's two speed-ups are made of, with no WeasyPrint in it: one reading of the
linker cache, which answers WeasyPrint's library lookups at its import (engine.
lookups_from_linker_cache), and the memo of a warm process, which keeps font subsets and
compressed streams from one build to the next (watch). Elsewhere than Linux with glibc's
ldconfig there is no linker cache, and nothing changes.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
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
