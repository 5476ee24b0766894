"""Any briefing of the genre, not one page's shape: sections made of typed blocks build in every
output, every text reaches the PDF and the deck, and long tables split as print and slides
split them. No stage knows what a section is called."""

from __future__ import annotations

import re
import subprocess

import pdfplumber
import pytest
from pptx import Presentation

from briefing.builder.checking import check
from briefing.builder.pipeline import build
from briefing.content.load import load_briefing
from briefing.design.templating import shown_cell, statement

from .conftest import BRIEFINGS, QA_CONTENT, ROOT, block_texts, printed_texts

SECTION_NAMES = r"background|key_tasks|safeguards|principles"
MARGIN = 68  # points: running heads and page numbers stand in the page margins


def flat(text: str) -> str:
    """Return text without the spaces and line breaks layout puts between characters."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module", params=BRIEFINGS, ids=lambda p: p.stem)
def outputs(request, tmp_path_factory):
    """Every output of one briefing, built once, with the build's diagnostics."""
    out = tmp_path_factory.mktemp(request.param.stem)
    result = build(request.param, out_dir=out)
    return request.param, result


@pytest.mark.slow
def test_every_briefing_builds_all_four_outputs_with_no_warning(outputs):
    _, result = outputs
    assert [str(d) for d in result.diagnostics] == []
    assert sorted(w.kind for w in result.written) == ["handout", "pdf", "pptx", "slides"]


@pytest.mark.parametrize("content", BRIEFINGS, ids=lambda p: p.stem)
def test_check_strict_is_clean_on_every_briefing(content):
    assert [str(d) for d in check(content, warnings_are_errors=True).diagnostics] == []


@pytest.mark.slow
def test_every_text_of_the_content_is_in_the_pdf(outputs):
    content, result = outputs
    pdf = next(w.path for w in result.written if w.kind == "pdf")
    with pdfplumber.open(pdf) as document:
        text = flat("".join(page.crop((0, MARGIN, page.width, page.height - MARGIN))
                            .extract_text() or "" for page in document.pages))
    b = load_briefing(content).briefing
    assert [t for t in printed_texts(b) if flat(t) not in text] == []


def deck_text(path) -> str:
    """Return every text of a deck, on its slides (tables included) and in its notes."""
    deck = Presentation(str(path))
    texts = []
    for slide in deck.slides:
        for element in slide._element.iter("{*}t"):
            texts.append(element.text or "")
        texts.append(slide.notes_slide.notes_text_frame.text)
    return flat("".join(texts))


def test_every_text_of_the_content_is_on_a_slide_or_in_the_notes(outputs):
    content, result = outputs
    text = deck_text(next(w.path for w in result.written if w.kind == "pptx"))
    b = load_briefing(content).briefing
    wanted = [k.text for k in b.key_messages] + [p.text for p in b.lede]
    wanted += [statement(p.slide_text) for p in b.lede]
    for section in b.sections:
        wanted += [section.heading] + ([section.question] if section.question else [])
        for block in section.blocks:
            wanted += [t for t in (block.title, block.intro, block.outro) if t]
            wanted += block_texts(block, full=True)
            wanted += [statement(t) for t in block_texts(block, full=False)]
    assert [t for t in wanted if flat(t) not in text] == []


@pytest.fixture(scope="module")
def long_table(tmp_path_factory):
    """The three-question briefing (a goal with a 26-row indicator table), built."""
    out = tmp_path_factory.mktemp("table")
    result = build(QA_CONTENT, out_dir=out)
    assert result.ok
    table = next(block.table for s in load_briefing(QA_CONTENT).briefing.sections
                 for block in s.blocks if block.kind == "table")
    return {w.kind: w.path for w in result.written}, table


@pytest.mark.slow
def test_a_long_table_repeats_its_header_on_each_page_and_splits_no_row(long_table):
    paths, table = long_table
    rows = table.data_rows
    assert len(rows) >= 20
    pages_of = {}
    with pdfplumber.open(paths["pdf"]) as document:
        for number, page in enumerate(document.pages, start=1):
            body = page.crop((0, MARGIN, page.width, page.height - MARGIN))  # no running head
            for found in body.extract_tables():
                if not found or [flat(c or "") for c in found[0]] != \
                        [flat(c) for c in table.columns]:
                    continue
                for cells in found[1:]:
                    pages_of.setdefault(flat(cells[0] or ""), []).append(number)
                    assert [flat(c or "") for c in cells if c is not None] in (
                        [flat(shown_cell(c)) for c in row] for row in table.data_rows + [
                            [g.group] for g in table.rows if not isinstance(g, list)])
    assert len(set(p for pages in pages_of.values() for p in pages)) >= 2  # it spans pages
    assert all(len(pages_of[flat(row[0])]) == 1 for row in rows)  # each row once, whole


def test_a_long_table_shows_its_first_rows_as_a_native_table_and_every_row_in_the_notes(
        long_table):
    paths, table = long_table
    deck = Presentation(str(paths["pptx"]))
    slides = [s for s in deck.slides if any(sh.has_table for sh in s.shapes)]
    assert len(slides) == 1
    [native] = [sh.table for sh in slides[0].shapes if sh.has_table]
    cells = [[cell.text for cell in row.cells] for row in native.rows]
    assert cells[0] == table.columns
    shown = [row for row in cells[1:] if row[0] in {r[0] for r in table.data_rows}]
    printed = [[shown_cell(c) for c in row] for row in table.data_rows]  # empty ones as —
    assert 0 < len(shown) < len(table.data_rows) and shown == printed[:len(shown)]
    note = next(sh for sh in slides[0].shapes if sh.name == "Note").text_frame.text
    assert note.startswith(f"以上为前{len(shown)}行，共{len(table.data_rows)}行")
    notes = slides[0].notes_slide.notes_text_frame.text
    assert all(" | ".join(row) in notes for row in printed)


HANDOUT_MARGIN = 14 * 72 / 25.4  # points: templates/handout/handout.css


def test_no_side_of_the_handout_is_less_than_half_full_while_the_other_is_full(outputs):
    _, result = outputs
    handout = next(w.path for w in result.written if w.kind == "handout")
    with pdfplumber.open(handout) as document:
        area = document.pages[0].height - 2 * HANDOUT_MARGIN
        filled = [(max(c["bottom"] for c in page.chars) - HANDOUT_MARGIN) / area
                  for page in document.pages]
    if len(filled) == 2:  # both sides hold at least half, or neither is full
        assert min(filled) >= 0.5 or max(filled) < 0.9, filled


def test_no_section_name_remains_in_the_code_or_the_templates():
    found = subprocess.run(["grep", "-rnwE", SECTION_NAMES, "--exclude-dir=labels",
                            "--exclude-dir=__pycache__", "briefing", "templates"], cwd=ROOT,
                           capture_output=True, text=True).stdout.splitlines()
    # the one word of the list that is also a CSS property ("background: …", "background-image:
    # …", style.background = …) is not a section name, wherever CSS is written
    css_property = re.compile(r"\bbackground(-[a-z]+)?\s*[:=]")
    assert [line for line in found
            if re.sub(css_property, "", line.split(":", 2)[2]) == line.split(":", 2)[2]
            or re.search(r"\b(key_tasks|safeguards|principles)\b", line)] == []
