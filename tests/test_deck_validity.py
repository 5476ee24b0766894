"""Every deck the tests build is one PowerPoint opens without offering to repair it: no error
from openxml-audit (the Open XML SDK's rules, in Python), shape ids unique on every slide, the
notes master listed in presentation.xml, and a slide size that says what it is."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from openxml_audit import validate_pptx

from briefing.builder.pipeline import build

from .conftest import BRIEFINGS, CHARTS_CONTENT, DATA, DEFAULT_CONTENT
from .test_deck_rendering import stress_content

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
DECKS = [(path, "default") for path in [*BRIEFINGS, DATA / "nankai-with-slips.yaml"]]
DECKS += [(DEFAULT_CONTENT, "official"), ("stress", "default"), (CHARTS_CONTENT, "emblem")]


@pytest.fixture(scope="module", params=DECKS, ids=lambda d: f"{Path(str(d[0])).stem}-{d[1]}")
def deck(request, tmp_path_factory) -> Path:
    """One deck the tests build: every briefing, the official theme, the stress briefing, and
    charts, pictures and an emblem in the master's layouts."""
    source, theme = request.param
    folder = tmp_path_factory.mktemp("deck")
    if source == "stress":
        source = stress_content(folder)
    result = build(source, outputs=("pptx",), out_dir=folder, theme=theme)
    assert result.ok, result.diagnostics
    return result.written[0].path


@pytest.mark.slow
def test_openxml_audit_finds_no_error(deck):
    report = validate_pptx(str(deck))
    assert [str(error) for error in report.errors] == []
    assert report.is_valid


def test_shape_ids_are_unique_on_every_slide(deck):
    repeated = {}
    with zipfile.ZipFile(deck) as package:
        for name in package.namelist():
            if name.startswith("ppt/slides/slide") and name.endswith(".xml"):
                ids = Counter(e.get("id") for e in etree.fromstring(package.read(name))
                              .iter(f"{P}cNvPr", "{*}cNvPr"))
                repeated.update({name: [i for i, n in ids.items() if n > 1]}
                                if any(n > 1 for n in ids.values()) else {})
    assert repeated == {}


def test_the_notes_master_is_listed_and_the_slide_size_is_custom_16_to_9(deck):
    with zipfile.ZipFile(deck) as package:
        presentation = etree.fromstring(package.read("ppt/presentation.xml"))
    assert presentation.find(f"{P}notesMasterIdLst/{P}notesMasterId") is not None
    size = presentation.find(f"{P}sldSz")
    assert size.get("type") is None
    assert round(int(size.get("cx")) / int(size.get("cy")), 3) == round(16 / 9, 3)
