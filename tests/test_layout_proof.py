"""The layout proof on constructed outputs: for each kind of finding, a small document that
has the fault (pinned with its exact text) and one that does not.

The documents are tagged PDFs made by WeasyPrint from a few lines of HTML shaped like the
templates' (a heading, a question, a paragraph, a list item, a table; widths in em of 1-em
Chinese characters or monospaced Latin ones, so that each line breaks where the test says),
decks made with python-pptx and drawn by LibreOffice, and briefings built by the real
pipeline; the loaded briefing says what each text is. They do not depend on today's layouts
of the content files, which fixes to the typesetting may change."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from briefing.builder.pipeline import build
from briefing.content.load import load_briefing
from briefing.proof import Proofer, proof, render_decks

from .conftest import write_yaml

BRIEF = """
title: Example District Clean Air Plan 2026–2030
short_title: 示例
issuer: 示例办公室
date: 2024-01-01
language: zh-CN
source:
  title: 示例来源
sections:
  - heading: 深入打好污染防治攻坚战
    question: 为什么要做这件事？
    blocks:
      - intro: 导语一句话。
        cards:
          - title: 坚持以人民为中心
            text: 一二三四五六七八九十题。
          - title: 卡片
            text: 一二三四五六七八九十问题。
      - list:
          - Every school has a clean-air zone at its gate.
          - Every school has a clean-air zone at the school gate.
      - table:
          caption: 指标表
          columns: [指标, 数值]
          rows:
            - [丙, "0"]
            - group: 分组
            - [甲甲甲甲甲甲甲甲甲甲甲甲, "1"]
"""
STYLE = """@page { size: 148mm 100mm; margin: 10mm }
body { font-family: 'Noto Sans CJK SC'; font-size: 10pt; line-height: 1.5 }
.mono { font-family: 'Liberation Mono' } tr { break-inside: avoid } td { width: 3em }"""
PARAGRAPH = "一二三四五六七八九十题。"


@pytest.fixture(scope="module")
def proofer(tmp_path_factory):
    """A proofer that knows the texts of the constructed briefing."""
    folder = tmp_path_factory.mktemp("brief")
    return Proofer(load_briefing(write_yaml(folder, BRIEF)))


def tagged_pdf(folder: Path, body: str, style: str = STYLE, name: str = "made.pdf") -> Path:
    """Write a tagged PDF (PDF/UA, as the build makes) of an HTML body; return its path."""
    import weasyprint

    html = (f'<html lang="zh-CN"><head><meta charset="utf-8"><title>t</title>'
            f"<style>{style}</style></head><body>{textwrap.dedent(body)}</body></html>")
    path = folder / name
    weasyprint.HTML(string=html).write_pdf(path, pdf_tags=True, pdf_variant="pdf/ua-1")
    return path


def found(proofer, path: Path, kind: str = "pdf") -> list[str]:
    """Return the findings of one constructed output as printed, under the name out.pdf."""
    return [str(f) for f in proofer.output(kind, path, "out.pdf")]


# --- runts ------------------------------------------------------------------------------------

def test_a_card_ending_in_one_character_under_a_full_line_is_a_runt(proofer, tmp_path):
    pdf = tagged_pdf(tmp_path, f'<p style="width: 10.5em">{PARAGRAPH}</p>')
    assert found(proofer, pdf) == [
        "out.pdf:1: warning: runt: card '一二三四五六七八九十题。': its last line '题。' stands"
        " alone under a full line"]


def test_a_card_ending_in_two_characters_is_not(proofer, tmp_path):
    pdf = tagged_pdf(tmp_path, '<p style="width: 10.5em">一二三四五六七八九十问题。</p>')
    assert found(proofer, pdf) == []


def test_one_short_latin_word_alone_on_the_last_line_is_a_runt(proofer, tmp_path):
    pdf = tagged_pdf(tmp_path, '<ul class="mono" style="width: 41ch; padding: 0">'
                               "<li>Every school has a clean-air zone at its gate.</li></ul>")
    assert found(proofer, pdf) == [
        "out.pdf:1: warning: runt: item 'Every school has a clean-air zone at its gate.': its"
        " last line 'gate.' stands alone under a full line"]


def test_two_words_on_the_last_line_are_not(proofer, tmp_path):
    pdf = tagged_pdf(tmp_path, '<ul class="mono" style="width: 41ch; padding: 0"><li>Every'
                               " school has a clean-air zone at the school gate.</li></ul>")
    assert found(proofer, pdf) == []


# --- titles -----------------------------------------------------------------------------------

def test_a_box_title_broken_inside_a_word_it_could_keep_is_reported(proofer, tmp_path):
    pdf = tagged_pdf(tmp_path, '<h3>规划总览</h3><p style="width: 4em">坚持以人民为中心</p>')
    assert found(proofer, pdf) == [
        "out.pdf:1: warning: broken word group: box title '坚持以人民为中心' is broken inside"
        " '人民' ('坚持以人' / '民为中心'), which fits its line"]


def test_a_box_title_broken_between_words_is_not(proofer, tmp_path):
    pdf = tagged_pdf(tmp_path, '<h3>规划总览</h3><p style="width: 5em">坚持以人民为中心</p>')
    assert found(proofer, pdf) == []


def test_a_cover_title_with_its_closing_year_alone_is_broken_and_unbalanced(proofer, tmp_path):
    pdf = tagged_pdf(tmp_path, '<h1 class="mono" style="width: 38ch; font-size: 10pt">'
                               "Example District Clean Air Plan 2026–2030</h1>")
    assert found(proofer, pdf) == [
        "out.pdf:1: warning: broken word group: cover title 'Example District Clean Air Plan"
        " 2026–2030' is broken inside '2026–2030' ('Example District Clean Air Plan 2026–' /"
        " '2030'), which fits its line",
        "out.pdf:1: warning: unbalanced title: cover title 'Example District Clean Air Plan"
        " 2026–2030' is set in lines of uneven length ('Example District Clean Air Plan 2026–'"
        " / '2030'): the shortest is 11% of the longest; breaking between word groups gives"
        " 82%"]


def test_a_heading_in_lines_of_very_uneven_length_is_unbalanced(proofer, tmp_path):
    pdf = tagged_pdf(tmp_path, '<h2 style="width: 10.5em">一、深入打好污染防治攻坚战</h2>')
    assert found(proofer, pdf) == [
        "out.pdf:1: warning: unbalanced title: section heading '深入打好污染防治攻坚战' is set"
        " in lines of uneven length ('一、深入打好污染防治' / '攻坚战'): the shortest is 30% of"
        " the longest; breaking between word groups gives 83%"]


def test_a_heading_in_lines_of_similar_length_is_not(proofer, tmp_path):
    pdf = tagged_pdf(tmp_path, '<h2 style="width: 8.5em">一、深入打好污染防治攻坚战</h2>')
    assert found(proofer, pdf) == []


# --- stranded introducers and table heads -----------------------------------------------------

SECTION_AT_FOOT = """
<div style="height: {space}mm"></div>
<section><h2>一、深入打好污染防治攻坚战</h2><p>问：为什么要做这件事？</p>
<div><p>导语一句话。</p>
<div style="{gap}"><h3>（一）坚持以人民为中心</h3><p>一二三四五六七八九十题。</p></div></div>
</section>"""


def test_a_heading_question_and_intro_at_a_page_foot_are_stranded(proofer, tmp_path):
    pdf = tagged_pdf(tmp_path, SECTION_AT_FOOT.format(space=30, gap="break-before: page"))
    assert found(proofer, pdf) == [
        "out.pdf:1: warning: stranded: section heading '一、深入打好污染防治攻坚战' (with its"
        " question and intro) stands at the foot of the page without two lines or one item"
        " of what it introduces after it"]


def test_a_heading_followed_by_its_first_item_on_the_page_is_not(proofer, tmp_path):
    pdf = tagged_pdf(tmp_path, SECTION_AT_FOOT.format(space=0, gap=""))
    assert found(proofer, pdf) == []


TABLE = """
<div style="height: {space}mm"></div>
<table><caption>指标表</caption><thead><tr><th>指标</th><th>数值</th></tr></thead>
<tbody><tr><td>丙</td><td>0</td></tr><tr><th colspan="2">分组</th></tr>
<tr><td>甲甲甲甲甲甲甲甲甲甲甲甲</td><td>1</td></tr></tbody></table>"""


def test_a_group_row_at_a_page_foot_is_a_table_header_at_the_foot(proofer, tmp_path):
    pdf = tagged_pdf(tmp_path, TABLE.format(space=50))
    assert found(proofer, pdf) == [
        "out.pdf:1: warning: table header at foot: group row '分组' stands at the foot of the"
        " page without a row of its table after it"]


def test_a_table_whose_rows_follow_their_heads_is_not(proofer, tmp_path):
    pdf = tagged_pdf(tmp_path, TABLE.format(space=0))
    assert found(proofer, pdf) == []


# --- the handout ------------------------------------------------------------------------------

HANDOUT = """@page { size: A4; margin: 14mm } body { font-family: 'Noto Sans CJK SC' }"""


def test_a_handout_side_less_than_half_full_beside_a_full_one_is_reported(proofer, tmp_path):
    pdf = tagged_pdf(tmp_path, f'<div style="height: 255mm"></div><p>{PARAGRAPH}</p>'
                               f'<p style="break-before: page">{PARAGRAPH}</p>', HANDOUT)
    assert found(proofer, pdf, "handout") == [
        "out.pdf:2: warning: unbalanced handout: side 2 is 4% full while side 1 is 99% full"]


def test_a_handout_with_two_sides_more_than_half_full_is_not(proofer, tmp_path):
    pdf = tagged_pdf(tmp_path, f'<div style="height: 255mm"></div><p>{PARAGRAPH}</p>'
                               '<div style="break-before: page; height: 140mm"></div>'
                               f"<p>{PARAGRAPH}</p>", HANDOUT)
    assert found(proofer, pdf, "handout") == []


# --- decks, as LibreOffice draws them ---------------------------------------------------------

def made_deck(path: Path, card_text: str, bullets: list[str]) -> Path:
    """Write a deck of two slides: a card of 18 pt text in a box 10.5 em wide; a title, a
    lead and, when given, bullets in the body placeholder."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches, Pt

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # Title Only
    slide.shapes.title.text = "卡片"
    card = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(0.5), Inches(2),
                                  Pt(10.5 * 18 + 14.4), Inches(1.5))
    card.name = "Card: 卡片"
    frame = card.text_frame
    frame.word_wrap = True
    frame.text = f"卡片\n{card_text}"
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(18)
    slide = deck.slides.add_slide(deck.slide_layouts[1])  # Title and Content
    slide.shapes.title.text = "导语"
    body = slide.placeholders[1]
    body.left, body.top, body.width, body.height = (Inches(v) for v in (0.5, 2.5, 9, 1.5))
    body.text_frame.text = "\n".join(bullets)
    if not bullets:
        body._element.getparent().remove(body._element)
    lead = slide.shapes.add_textbox(Inches(0.5), Inches(1.6), Inches(6), Inches(0.5))
    lead.name, lead.text_frame.text = "Lead", "导语一句话。"
    deck.save(path)
    return path


@pytest.fixture(scope="module")
def drawn_decks(tmp_path_factory):
    """Two constructed decks, with and without faults, drawn by LibreOffice in one run."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.fail("LibreOffice is not installed; `make test` installs libreoffice-impress")
    folder = tmp_path_factory.mktemp("decks")
    faulty = made_deck(folder / "faulty.pptx", PARAGRAPH, [])
    clean = made_deck(folder / "clean.pptx", "一二三四五六七八九十问题。", ["一二三", "四五六"])
    drawn = render_decks([faulty, clean], folder / "work", {})
    return {"faulty": (faulty, drawn[faulty]), "clean": (clean, drawn[clean])}


@pytest.mark.libreoffice
def test_a_deck_drawn_by_libreoffice_shows_a_card_runt_a_stranded_lead_and_its_thin_slide(
        proofer, drawn_decks):
    deck, drawn = drawn_decks["faulty"]
    assert [str(f) for f in proofer.output("pptx", deck, "out.pptx", drawn)] == [
        "out.pptx:1: warning: runt: card '一二三四五六七八九十题。': its last line '题。' stands"
        " alone under a full line",
        "out.pptx:2: warning: thin slide: '导语': its body covers 6% of the body area"
        " (at least 20%)",
        "out.pptx:2: warning: stranded: slide title '导语' (with its lead) stands at the slide"
        " without two lines or one item of what it introduces after it"]


def test_a_deck_with_a_full_card_and_bullets_under_its_lead_has_no_finding(proofer,
                                                                           drawn_decks):
    deck, drawn = drawn_decks["clean"]
    assert proofer.output("pptx", deck, "out.pptx", drawn) == []


# --- through the pipeline ---------------------------------------------------------------------

def tall_row_briefing(folder: Path) -> Path:
    """Write a briefing with a table row taller than a page (twelve cells of 255 characters)."""
    data = yaml.safe_load(BRIEF)
    data["date"], data["title"] = str(data["date"]), "长行表格"
    data["sections"][0]["blocks"] = [{"table": {
        "caption": "一张有长行的表", "columns": [f"列{i}" for i in range(12)],
        "rows": [["短行", *["1"] * 11], ["长" * 255] * 12, ["末行", *["2"] * 11]]}}]
    path = folder / "tall.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_row_taller_than_a_page_is_split_and_said_once(tmp_path):
    result = build(tall_row_briefing(tmp_path), outputs=("pdf",), out_dir=tmp_path)
    assert result.ok, result.diagnostics
    findings = proof(load_briefing(tmp_path / "tall.yaml"), {"pdf": tmp_path / "tall.pdf"},
                     names={"pdf": "tall.pdf"})
    assert [str(f) for f in findings] == [
        f"tall.pdf:4: warning: split row: row '{'长' * 60}…' of table '一张有长行的表'"
        " begins on page 4 and ends on page 6"]


@pytest.mark.slow
def test_a_small_briefing_built_in_full_has_no_finding_in_any_output(tmp_path):
    source = write_yaml(tmp_path, """
        title: 示例简报
        short_title: 示例
        issuer: 示例办公室
        date: 2024-01-01
        language: zh-CN
        source:
          title: 示例来源
        sections:
          - heading: 背景
            question: 为什么要做这件事？
            blocks:
              - paragraphs:
                  - 这是一段不长的正文，用来说明背景。
              - cards:
                  - title: 坚持以人民为中心
                    text: 以改善生态环境质量为核心。
        """)
    result = build(source, out_dir=tmp_path)
    assert result.ok, result.diagnostics
    outputs = {w.kind: w.path for w in result.written}
    drawn = render_decks([outputs["pptx"]], tmp_path / "work",
                         {"Microsoft YaHei": "Noto Sans CJK SC", "Arial": "Liberation Sans"})
    assert proof(load_briefing(source), outputs, drawn[outputs["pptx"]]) == []
