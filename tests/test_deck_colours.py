"""A deck is shown on a screen, a document printed: a theme may give its deck colours of their
own (deck_colors). The official theme prints black on white, as GB/T 9704 documents are, and
shows its deck in the red and white of a government deck, never on a black slide."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest
from PIL import Image
from pptx import Presentation

from briefing.builder.pipeline import build
from briefing.design.theme import load_theme

from .conftest import ENGLISH_CONTENT

RED = "C00000"


@pytest.fixture(scope="module")
def official_deck(tmp_path_factory):
    """The English briefing's deck and slides PDF in the official theme."""
    out = tmp_path_factory.mktemp("official-deck")
    result = build(ENGLISH_CONTENT, outputs=("pptx", "slides"), out_dir=out, theme="official")
    assert result.ok, [str(d) for d in result.diagnostics]
    return {w.kind: w.path for w in result.written}


def slide_backgrounds(pptx) -> dict[str, str]:
    """Return the solid background colour of every slide, layout and master that has one."""
    found = {}
    with zipfile.ZipFile(pptx) as package:
        for name in package.namelist():
            if re.fullmatch(r"ppt/(slides|slideLayouts|slideMasters)/\w+\.xml", name):
                fill = re.search(rb'<p:bg><p:bgPr><a:solidFill><a:srgbClr val="(\w{6})"',
                                 package.read(name))
                if fill:
                    found[name] = fill[1].decode()
    return found


def test_the_official_theme_prints_black_and_shows_its_deck_red():
    official = load_theme("official")
    assert official.colors.primary == "#000000" and official.colors.text == "#000000"
    assert official.for_deck().colors.primary == f"#{RED}"
    assert "--color-primary: #000000;" in official.css_variables(True)
    assert f"--color-primary: #{RED};" in official.for_deck().css_variables(True)
    default = load_theme("default")
    assert default.for_deck() is default  # no deck colours: the documents' own


def test_no_slide_of_the_official_deck_is_black(official_deck):
    backgrounds = slide_backgrounds(official_deck["pptx"])
    assert backgrounds and "000000" not in backgrounds.values()
    deck = Presentation(str(official_deck["pptx"]))
    layouts = {layout.name: layout.part.partname.lstrip("/") for layout in deck.slide_layouts}
    assert {name: backgrounds.get(layouts[name]) for name in ("title", "section", "closing")} \
        == {"title": RED, "section": RED, "closing": RED}
    with zipfile.ZipFile(official_deck["pptx"]) as package:
        theme = package.read("ppt/theme/theme1.xml")
    assert f'<a:dk2><a:srgbClr val="{RED}"'.encode() in theme


def test_the_official_slides_pdf_opens_on_a_red_title_slide(official_deck, tmp_path):
    subprocess.run(["pdftoppm", "-r", "10", "-png", "-f", "1", "-l", "1",
                    str(official_deck["slides"]), str(tmp_path / "first")], check=True)
    with Image.open(next(tmp_path.glob("first*.png"))) as page:
        corner = page.convert("RGB").getpixel((2, 2))
    assert corner == (0xC0, 0x00, 0x00)
