"""Installed fonts: where a family's file is (via fontconfig), and advance widths for fitting."""

from __future__ import annotations

import bisect
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


class Charset:
    """The characters a face draws, as sorted ranges of code points."""

    def __init__(self, ranges: list[tuple[int, int]]):
        self.starts = [low for low, _ in ranges]
        self.ends = [high for _, high in ranges]

    def __contains__(self, code: int) -> bool:
        at = bisect.bisect_right(self.starts, code) - 1
        return at >= 0 and code <= self.ends[at]

    @classmethod
    def parse(cls, text: str) -> Charset:
        """Read fontconfig's charset form: "20-7e a0 4e00-9fa5"."""
        ranges = []
        for part in text.split():
            low, _, high = part.partition("-")
            ranges.append((int(low, 16), int(high or low, 16)))
        return cls(sorted(ranges))


def charset(face: FontFile) -> Charset:
    """Return the characters a face draws: fontconfig's charset, read from its cache (nothing
    to parse), or the font's character map through fontTools where there is no fontconfig (a
    CJK face's map is large to read)."""
    if shutil.which("fc-list"):
        listing = subprocess.run(["fc-list", "--format", "%{index}\t%{charset}\n",
                                  f":file={face.path}"], capture_output=True, text=True,
                                 check=False).stdout
        for line in listing.splitlines():
            index, _, ranges = line.partition("\t")
            if index == str(face.index) and ranges:
                return Charset.parse(ranges)
    from fontTools.ttLib import TTFont
    codes = sorted(TTFont(face.path, fontNumber=face.index, lazy=True).getBestCmap())
    return Charset([(code, code) for code in codes])


class Metrics:
    """One face's characters (fontconfig's charset) and advance widths in em (FreeType via
    Pillow, glyph by glyph: a briefing uses a small share of a CJK face's glyphs, so reading
    its whole width table would be wasted)."""

    UNITS = 2048  # the size, in pixels, at which advances are read: widths in 1/2048 em

    def __init__(self, face: FontFile):
        from fontTools.ttLib import TTFont

        font = TTFont(face.path, fontNumber=face.index, lazy=True)
        self.face = face
        self._charset = charset(face)
        units, hhea = font["head"].unitsPerEm, font["hhea"]
        self.line_em = (hhea.ascent - hhea.descent + hhea.lineGap) / units
        self._freetype = None
        self._cache: dict[str, float] = {}

    def has_glyph(self, char: str) -> bool:
        """Tell whether the face draws a character."""
        return ord(char) in self._charset

    def width(self, char: str) -> float:
        """Return a character's advance width in em (1 em for a missing glyph, to be safe)."""
        if char not in self._cache:
            if ord(char) not in self._charset:
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


def line_em(*families: str) -> float:
    """Return the height of a line set in these installed families, in em: the tallest
    face's (a run of Latin and Han text takes the taller line); 0 when none is installed."""
    return max((m.line_em for m in map(metrics, families) if m is not None), default=0.0)


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
