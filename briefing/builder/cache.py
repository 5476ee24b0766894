"""Incremental builds: an output is rebuilt only when something it is made from changed.

The inputs of a briefing's outputs are its content file, the pictures of its figures (their
digests, as the check read them), everything under templates/ (themes, labels, templates,
stylesheets, emblems), the installed fonts, the tool's version and code, the build options and
SOURCE_DATE_EPOCH. Their digest is kept per output in
`<out>/.briefing-cache/<stem>.json` (one file per briefing, so parallel builds never write the
same one), with the digest of the output itself, so an output edited or damaged by hand is
rebuilt too.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from ..design import templates
from ..design.fonts import installed_fonts
from ..version import TOOL

CACHE_FOLDER = ".briefing-cache"


def _file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(folder: Path, pattern: str = "*") -> str:
    """Return one digest of the files below a folder that match a pattern, names and bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Return a digest of the tool's own code: a changed checkout rebuilds, whatever its version."""
    return tree_digest(Path(__file__).resolve().parents[1], "*.py")


@lru_cache(maxsize=1)
def fonts_digest() -> str:
    """Return a digest of the installed fonts: families, styles, files and their sizes."""
    digest = hashlib.sha256()
    for face in sorted(installed_fonts(), key=lambda f: (str(f.path), f.index, f.family)):
        size = face.path.stat().st_size if face.path.exists() else 0
        digest.update(f"{face.family}\t{face.style}\t{face.path}\t{face.index}\t{size}\n".encode())
    return digest.hexdigest()


def input_digest(content: str, options: tuple, pictures: list[str] = ()) -> str:
    """Return the digest of everything an output is made from: `content` is the digest of the
    content file's bytes as the loader read them (read again, a file edited mid-build would be
    recorded as built when it was not), the pictures' digests are the check's."""
    digest = hashlib.sha256()
    for part in (TOOL, code_digest(), content, *map(tree_digest, templates.roots()),
                 fonts_digest(), repr(options), os.environ.get("SOURCE_DATE_EPOCH", ""),
                 *sorted(pictures)):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


class Manifest:
    """The record, in an output folder, of which inputs made which output."""

    def __init__(self, folder: Path, stem: str):
        self.path = folder / CACHE_FOLDER / f"{stem}.json"
        try:
            self.entries: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def fresh(self, target: Path, inputs: str) -> dict | None:
        """Return the record of an output that is up to date with these inputs, else None."""
        entry = self.entries.get(target.name)
        if not entry or entry.get("inputs") != inputs or not target.is_file():
            return None
        return entry if _file_digest(target) == entry.get("output") else None

    def record(self, target: Path, inputs: str, units: int) -> None:
        """Note that an output was just made from these inputs."""
        self.entries[target.name] = {"inputs": inputs, "output": _file_digest(target),
                                     "units": units}

    def save(self) -> None:
        """Write the manifest atomically."""
        self.path.parent.mkdir(exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_text(json.dumps(self.entries, indent=1, sort_keys=True),
                                 encoding="utf-8")
            os.replace(temporary, self.path)
        finally:
            temporary.unlink(missing_ok=True)
