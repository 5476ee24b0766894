"""The lede, a briefing's introduction: printed before section 一 without a number and without a
contents entry, shown on the deck (a slide of its own before the first section, or the
agenda's lead when it is one or two short statements), and on the handout before the
sections — for a briefing written by hand (tests/data/qa-three-questions.yaml, a lede of three
paragraphs; tests/data/english-briefing.yaml, one sentence)."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from pptx import Presentation

from briefing.builder.pipeline import build
from briefing.content.load import load_briefing
from briefing.design.templating import statement
from briefing.proof.deck import FOOTERS
from briefing.proof.reading import read_tagged_pdf
from briefing.proof.roles import Catalogue

from .conftest import ENGLISH_CONTENT, QA_CONTENT


def flat(text: str) -> str:
    """Return text without the spaces and line breaks layout puts between characters."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    """The three-question briefing's PDF, deck and handout, and the briefing."""
    result = build(QA_CONTENT, outputs=("pdf", "pptx", "handout"),
                   out_dir=tmp_path_factory.mktemp("lede"))
    assert result.ok, [str(d) for d in result.diagnostics]
    return {w.kind: w.path for w in result.written}, load_briefing(QA_CONTENT).briefing


def test_the_lede_is_printed_before_section_one_as_paragraphs_without_a_number(qa):
    paths, b = qa
    pages = read_tagged_pdf(paths["pdf"], Catalogue(b))
    elements = [e for page in pages for e in page.elements]
    ledes = [i for i, e in enumerate(elements) if e.role == "lede"]
    first = next(i for i, e in enumerate(elements) if e.role == "section heading")
    assert [elements[i].tag for i in ledes] == ["P", "P", "P"]
    assert [flat(elements[i].text) for i in ledes] == [flat(p.text) for p in b.lede]
    assert ledes[-1] < first and flat(elements[first].text) == "一、重点任务"
    assert not elements[ledes[0]].numbered


def test_the_lede_is_no_entry_of_the_contents(qa):
    paths, b = qa
    with pdfplumber.open(paths["pdf"]) as document:
        contents = flat(document.pages[1].extract_text())
    assert contents.startswith("目录内容要点") and "一、重点任务" in contents
    assert "引言" not in contents and flat(b.lede[0].short) not in contents


def test_a_lede_of_three_paragraphs_has_a_slide_of_its_own_before_the_first_section(qa):
    paths, b = qa
    slides = list(Presentation(str(paths["pptx"])).slides)
    titles = [s.shapes.title.text_frame.text.replace("\v", "") for s in slides]
    at = titles.index("引言")
    assert titles[at - 1] == "内容要点" and titles[at + 1].startswith("一、重点任务")
    body = [p.text for shape in slides[at].placeholders
            if shape.placeholder_format.idx != 0 and int(shape.placeholder_format.type)
            not in FOOTERS for p in shape.text_frame.paragraphs if p.text]
    assert body == [statement(p.short) for p in b.lede]
    notes = slides[at].notes_slide.notes_text_frame.text
    assert all(p.text in notes for p in b.lede)


def test_a_lede_of_one_short_sentence_is_the_agendas_lead(tmp_path):
    result = build(ENGLISH_CONTENT, outputs=("pptx",), out_dir=tmp_path)
    slides = list(Presentation(str(result.written[0].path)).slides)
    titles = [s.shapes.title.text_frame.text for s in slides]
    assert "Introduction" not in titles
    agenda = slides[titles.index("Agenda")]
    lead = next(shape for shape in agenda.shapes if shape.name == "Lead")
    assert lead.text_frame.text == "The district council adopted the plan in January 2026"
    assert "The district council adopted the plan in January 2026." in \
        agenda.notes_slide.notes_text_frame.text


def test_the_handout_gives_the_ledes_short_forms_before_the_sections(qa):
    paths, b = qa
    with pdfplumber.open(paths["handout"]) as document:
        text = flat(document.pages[0].extract_text())
    shown = [text.index(flat(p.short)) for p in b.lede]
    assert shown == sorted(shown) and shown[-1] < text.index("一、重点任务")
