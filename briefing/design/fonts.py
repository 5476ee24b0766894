"""Installed fonts: where a family's file is (via fontconfig), and advance widths for fitting."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class FontFile:
    """One face of an installed font: its file and its index inside a collection (.ttc)."""

    family: str
    style: str
    path: Path
    index: int


@lru_cache(maxsize=1)
def installed_fonts() -> tuple[FontFile, ...]:
    """Return every face fontconfig knows, by each of its family names."""
    if shutil.which("fc-list") is None:
        return ()
    listing = subprocess.run(
        ["fc-list", "--format", "%{family}\t%{style[0]}\t%{file}\t%{index}\n"],
        capture_output=True, text=True, check=False).stdout
    faces = []
    for line in listing.splitlines():
        families, style, file, index = (line.split("\t") + ["", "", "", "0"])[:4]
        for family in families.split(","):
            faces.append(FontFile(family.strip(), style, Path(file), int(index or 0)))
    return tuple(faces)


def find_face(family: str, bold: bool = False) -> FontFile | None:
    """Return the installed face of a family (Regular or Bold), or None if it is not installed."""
    wanted = {"bold"} if bold else {"regular", "book", "normal", "roman"}
    faces = [f for f in installed_fonts() if f.family.lower() == family.lower()]
    return next((f for f in faces if f.style.lower() in wanted), faces[0] if faces else None)


class Metrics:
    """One face's character map (fontTools) and advance widths in em (FreeType via Pillow,
    glyph by glyph: a CJK face's whole width table costs ~0.1 s to read, a lookup nothing)."""

    UNITS = 2048  # the size, in pixels, at which advances are read: widths in 1/2048 em

    def __init__(self, face: FontFile):
        from fontTools.ttLib import TTFont

        font = TTFont(face.path, fontNumber=face.index, lazy=True)
        self.face = face
        self._cmap = font.getBestCmap()
        units, hhea = font["head"].unitsPerEm, font["hhea"]
        self.line_em = (hhea.ascent - hhea.descent + hhea.lineGap) / units
        self._freetype = None
        self._cache: dict[str, float] = {}

    def has_glyph(self, char: str) -> bool:
        """Tell whether the face draws a character."""
        return ord(char) in self._cmap

    def width(self, char: str) -> float:
        """Return a character's advance width in em (1 em for a missing glyph, to be safe)."""
        if char not in self._cache:
            if ord(char) not in self._cmap:
                self._cache[char] = 1.0
            else:
                if self._freetype is None:
                    from PIL import ImageFont
                    self._freetype = ImageFont.truetype(str(self.face.path), self.UNITS,
                                                        index=self.face.index)
                self._cache[char] = self._freetype.getlength(char) / self.UNITS
        return self._cache[char]


@lru_cache(maxsize=16)
def metrics(family: str, bold: bool = False) -> Metrics | None:
    """Return the metrics of an installed family, or None if fontconfig does not have it."""
    face = find_face(family, bold)
    return Metrics(face) if face else None


def fontconfig_aliases(names_to_installed: dict[str, str]) -> str:
    """Return a fontconfig file that maps font names (a deck's) to installed families.

    Renderers such as LibreOffice then draw "Microsoft YaHei" with Noto Sans CJK SC, and so on;
    the system configuration is included first.
    """
    from xml.sax.saxutils import escape

    aliases = "".join(
        f'  <alias binding="same"><family>{escape(name)}</family>'
        f"<accept><family>{escape(installed)}</family></accept></alias>\n"
        for name, installed in names_to_installed.items())
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
            f"{aliases}</fontconfig>\n")
