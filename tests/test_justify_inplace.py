"""Justifying in place (one layout) gives the PDF the two-pass path gives (two layouts).

Each case is built both ways into a temporary folder; the two PDFs must have the same pages,
the same text (pdfplumber and pdftotext), the same characters on every line at the same
places, and render to the same pixels at 100 and 300 dpi (pdftoppm). A last case, Latin
runs and signs in the body, is one the two-pass path cannot justify (cutting a line changes
its natural width; its second layout breaks lines anew and it keeps the ragged one): there
the in-place PDF must keep the ragged one's pages and lines and end them at the right edge.
Slow: each case lays out and renders its PDF twice (marked slow).
"""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image, ImageChops

from briefing.content.load import load_briefing
from briefing.design.theme import load_theme
from briefing.pdf import justify, justify_inplace
from briefing.pdf import writer as pdf

from .conftest import DEFAULT_CONTENT, ENGLISH_CONTENT, ROOT

pytestmark = pytest.mark.slow  # each case is laid out and rendered twice

SLIPS_CONTENT = ROOT / "tests" / "data" / "nankai-with-slips.yaml"
# Latin words, digits, half-width punctuation and East Asian "ambiguous" signs (≤ μ ³ · ₂) in
# the body: runs that keep letter-spacing 0 next to runs that take it, on many lines.
LATIN_HEAVY = {"生态环境质量": "生态环境质量（PM2.5≤35μg/m³）",
               "碳排放": "碳排放(CO₂)",
               "绿色发展": "绿色发展·Green2025",
               "污染防治": "污染防治/Pollution-Control"}
CASES = {"nankai-default": (DEFAULT_CONTENT, "default"),
         "nankai-official": (DEFAULT_CONTENT, "official"),
         "english": (ENGLISH_CONTENT, "default"),
         "nankai-slips": (SLIPS_CONTENT, "default")}
needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("pdftotext"),
                                   reason="poppler-utils (pdftoppm, pdftotext) not installed")


def _latin_heavy(folder: Path) -> Path:
    """Write the default content with Latin runs put into its body text; return its path."""
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    for old, new in LATIN_HEAVY.items():
        text = "\n".join(line.replace(old, new) if line.lstrip().startswith(("text:", "- text:"))
                         or line.lstrip().startswith(("statement:", "intro:", "outro:",
                                                      "- intro:"))
                         else line for line in text.splitlines())
    path = folder / "latin-heavy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _write(content: Path, theme: str, target: Path, in_place: bool) -> dict:
    """Write the briefing PDF one way; return how many layouts and in-place passes it made."""
    made = {"layouts": 0, "in_place": [], "lines": []}
    justified = pdf._justified
    checked = justify_inplace.justify_in_place

    def counting(lay_out, html, in_place=in_place, ragged=None):
        def counted(markup):
            made["layouts"] += 1
            return lay_out(markup)
        made["layouts"] += ragged is not None  # the first layout, made before (continued.py)
        return justified(counted, html, in_place=in_place, ragged=ragged)

    def recording(document, lines):
        made["lines"].append(lines)
        made["in_place"].append(checked(document, lines))
        return made["in_place"][-1]

    pdf._justified, justify_inplace.justify_in_place = counting, recording
    try:
        pdf.write_briefing(load_briefing(content), load_theme(theme), target)
    finally:
        pdf._justified, justify_inplace.justify_in_place = justified, checked
    return made


@pytest.fixture(scope="module", params=list(CASES))
def pair(request, tmp_path_factory):
    """One case built the two-pass way and the in-place way."""
    folder = tmp_path_factory.mktemp(request.param)
    content, theme = CASES[request.param]
    old, new = folder / "two-pass.pdf", folder / "in-place.pdf"
    made_old = _write(content, theme, old, in_place=False)
    made_new = _write(content, theme, new, in_place=True)
    return {"case": request.param, "old": old, "new": new, "made_old": made_old,
            "made_new": made_new, "chinese": load_briefing(content).briefing.is_chinese}


def test_the_in_place_path_lays_out_once_and_the_two_pass_path_twice(pair):
    if not pair["chinese"]:  # English briefings are not justified line by line at all
        assert pair["made_old"]["layouts"] == pair["made_new"]["layouts"] == 0
        return
    assert pair["made_old"]["layouts"] == 2 and pair["made_old"]["in_place"] == []
    assert pair["made_new"]["layouts"] == 1 and pair["made_new"]["in_place"] == [True]


def _rows(page):
    """Return a page's lines of characters, top to bottom, each sorted left to right."""
    rows = defaultdict(list)
    for char in page.chars:  # by baseline: Latin and CJK faces have different boxes
        rows[-round(char["matrix"][5], 1)].append(char)
    return [sorted(row, key=lambda c: c["x0"]) for _, row in sorted(rows.items())]


def test_same_pages_text_and_line_ends(pair):
    with pdfplumber.open(pair["old"]) as old, pdfplumber.open(pair["new"]) as new:
        assert len(old.pages) == len(new.pages)
        lines = 0
        for page_old, page_new in zip(old.pages, new.pages):
            assert page_old.extract_text() == page_new.extract_text()
            rows_old, rows_new = _rows(page_old), _rows(page_new)
            assert len(rows_old) == len(rows_new)
            for row_old, row_new in zip(rows_old, rows_new):
                assert "".join(c["text"] for c in row_old) == "".join(c["text"] for c in row_new)
                assert abs(row_old[-1]["x1"] - row_new[-1]["x1"]) < 0.1
                assert abs(row_old[-1]["x0"] - row_new[-1]["x0"]) < 0.1
                # every character in the same place, not only the last
                assert max(abs(a["x0"] - b["x0"]) for a, b in zip(row_old, row_new)) < 0.01
                lines += 1
        assert lines > 50


@needs_poppler
def test_same_text_by_pdftotext(pair):
    def text(path):
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              check=True).stdout
    assert text(pair["old"]) == text(pair["new"])


@needs_poppler
def test_same_pixels_at_100_dpi(pair, tmp_path):
    assert_same_pixels(pair, 100, tmp_path)


@needs_poppler
@pytest.mark.parametrize("pair", ["nankai-default"], indirect=True)
def test_same_pixels_at_300_dpi_for_the_default_content(pair, tmp_path):
    assert_same_pixels(pair, 300, tmp_path)


def assert_same_pixels(pair, dpi: int, tmp_path) -> None:
    """Render both PDFs of a pair at a resolution and require every pixel to be the same."""
    for name in ("old", "new"):
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pair[name]),
                        str(tmp_path / name)], check=True)
    old, new = sorted(tmp_path.glob("old-*.png")), sorted(tmp_path.glob("new-*.png"))
    assert old and len(old) == len(new)
    report = []
    for a, b in zip(old, new):
        diff = ImageChops.difference(Image.open(a).convert("RGB"), Image.open(b).convert("RGB"))
        grey = diff.convert("L")
        report.append((a.name, max(hi for _, hi in diff.getextrema()),
                       sum(grey.histogram()[1:])))
    print(pair["case"], dpi, "dpi (page, max difference, pixels that differ):", report)
    assert all(most == 0 and count == 0 for _, most, count in report), report


def test_lines_the_two_pass_path_cannot_justify_are_justified_in_place(tmp_path):
    content = _latin_heavy(tmp_path)
    old, new = tmp_path / "two-pass.pdf", tmp_path / "in-place.pdf"
    made_old = _write(content, "default", old, in_place=False)
    made_new = _write(content, "default", new, in_place=True)
    assert made_old["layouts"] == 3  # justified, broken anew, ragged again
    assert made_new["layouts"] == 1 and made_new["in_place"] == [True]
    spread = {line.text for found in made_new["lines"][0].values() for line in found[:-1]
              if justify.spread(line.text, line.room, line.font_size)}
    right = (210 - 22) * 72 / 25.4  # the default theme's type area
    checked = 0
    with pdfplumber.open(old) as ragged, pdfplumber.open(new) as justified:
        assert len(ragged.pages) == len(justified.pages)
        for page_old, page_new in zip(ragged.pages, justified.pages):
            rows_old, rows_new = _rows(page_old), _rows(page_new)
            assert ["".join(c["text"] for c in r) for r in rows_old] == \
                ["".join(c["text"] for c in r) for r in rows_new]
            for row in rows_new:
                if "".join(c["text"] for c in row) in spread:
                    # the type area's edge, or a key-message box's (4 mm inside it)
                    edge = min((right, right - 4 * 72 / 25.4), key=lambda e: abs(row[-1]["x1"] - e))
                    assert abs(row[-1]["x1"] - edge) < 0.1, "".join(c["text"] for c in row)
                    checked += 1
    assert checked > 40


def test_a_document_it_cannot_handle_is_left_untouched():
    class Document:  # measured lines of a paragraph the document does not have
        pages = []
    lines = {"0": [justify.Line("生态环境", 3.0, 14.0), justify.Line("保护", 0, 14.0)]}
    assert justify_inplace.justify_in_place(Document(), lines) is False
