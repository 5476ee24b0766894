"""The layout proof's modules on data built in the test (briefing/proof/): a tagged PDF's
pages and elements as pdfplumber gives them, with pdfplumber stood in for (reading); table
rows across pages (tables); one text's runt, broken word group and unbalanced lines (texts);
the four outputs' rules put together, with the PDF and deck readers stood in for (check); and
the LibreOffice run that draws decks, with LibreOffice stood in for (libreoffice) — none of
it lays out, renders or starts anything."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from briefing.content.load import load_briefing
from briefing.design.chars import is_wide
from briefing.proof import check, libreoffice, reading, tables, texts, titles
from briefing.proof.findings import Finding, ProofError
from briefing.proof.lines import Glyph, Line
from briefing.proof.reading import Element, Page
from briefing.proof.roles import Catalogue
from briefing.proof.roles import tables as table_rows
from briefing.proof.room import DeckMeasure

from .conftest import write_yaml

BRIEF = """
title: 示例区清洁空气规划
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
            text: 持续改善生态环境质量，推动绿色低碳发展。
      - table:
          caption: 指标表
          columns: [指标, 数值]
          rows:
            - [丙, "0"]
            - group: 分组
            - [甲甲甲甲甲甲甲甲甲甲甲甲, "1"]
      - figure:
          path: map.png
          caption: 示意图
          alt: 图
"""
HEIGHT = 300.0  # points: the pages made here


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The small briefing every text here is taken from, loaded."""
    return load_briefing(write_yaml(tmp_path_factory.mktemp("brief"), BRIEF))


@pytest.fixture(scope="module")
def catalogue(loaded):
    return Catalogue(loaded.briefing)


def line(text: str, top: float = 0.0, size: float = 10.0, x: float = 0.0) -> Line:
    """Return a line set from x: wide characters 1 em, others half an em."""
    glyphs = []
    for char in text:
        width = size if is_wide(char) else size / 2
        glyphs.append(Glyph(char, x, x + width, top, top + size, top + 0.88 * size, size))
        x += width
    return Line(tuple(glyphs))


def element(tag: str, role: str, source: str, *shown: str, top: float = 0.0,
            **fields) -> Element:
    """Return an element of lines 20 points apart, starting at `top`."""
    return Element(tag, [line(t, top + 20 * i) for i, t in enumerate(shown)], role, source,
                   **fields)


# --- reading ---------------------------------------------------------------------------------

def chars(text: str, mcid: int | None, top: float, x: float = 0.0) -> list[dict]:
    """Return pdfplumber's characters of a text drawn on one line from x, 10 points."""
    return [{"text": g.char, "x0": g.x0, "x1": g.x1, "top": g.top, "bottom": g.bottom,
             "size": g.size, "mcid": mcid, "matrix": (1, 0, 0, 1, g.x0, HEIGHT - g.baseline)}
            for g in line(text, top, x=x).glyphs]


class StandInPage:
    """A page as pdfplumber gives it: its number, size, characters and structure tree."""

    def __init__(self, number: int, chars: list[dict], tree: list[dict]):
        self.page_number, self.width, self.height = number, 400.0, HEIGHT
        self.chars, self.structure_tree = chars, tree


class StandInDocument:
    """An open PDF of stand-in pages."""

    def __init__(self, pages):
        self.pages = pages

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def leaf(kind: str, mcid: int) -> dict:
    """Return a structure element drawing one marked-content sequence."""
    return {"type": kind, "children": [{"type": "Span", "mcids": [mcid]}]}


def read(monkeypatch, catalogue, *pages: tuple[list[dict], list[dict]]) -> list[Page]:
    """Return what read_tagged_pdf makes of stand-in pages, each (characters, tree)."""
    document = StandInDocument([StandInPage(n, c, t) for n, (c, t) in enumerate(pages, 1)])
    monkeypatch.setattr(pdfplumber, "open", lambda path: document)
    return reading.read_tagged_pdf(Path("made.pdf"), catalogue)


def described(page: Page) -> list[tuple]:
    """Return each element of a page as (tag, role, text, source, begins, ends, numbered)."""
    return [(e.tag, e.role, e.text, e.source, e.begins, e.ends, e.numbered)
            for e in page.elements]


def test_tagged_texts_are_elements_in_reading_order_named_by_the_briefing(monkeypatch,
                                                                          catalogue):
    page, = read(monkeypatch, catalogue, (
        chars("一、深入打好污染防治攻坚战", 0, 10) + chars("为什么要做这件事？", 1, 40)
        + chars("导语一句话。", 2, 60) + chars("不在简报里的话。", 3, 80) + chars("7", None, 280),
        [{"type": "Document", "children": [leaf("H2", 0), leaf("P", 1), leaf("P", 2),
                                           leaf("P", 3)]}]))
    assert described(page) == [
        ("H2", "section heading", "一、深入打好污染防治攻坚战", "深入打好污染防治攻坚战",
         True, True, True),
        ("P", "question", "为什么要做这件事？", "为什么要做这件事？", True, True, False),
        ("P", "intro", "导语一句话。", "导语一句话。", True, True, False),
        ("P", "other", "不在简报里的话。", "", True, True, False)]
    assert (page.number, page.width, page.height, page.lowest) == (1, 400.0, HEIGHT, 290.0)


def test_a_paragraph_running_on_ends_off_one_page_and_begins_off_the_next(monkeypatch,
                                                                          catalogue):
    first, second = read(monkeypatch, catalogue,
                         (chars("导语一句话。", 0, 10) + chars("持续改善生态环境", 1, 270),
                          [leaf("P", 0), leaf("P", 1)]),
                         (chars("质量，推动绿色低碳发展。", 0, 10), [leaf("P", 0)]))
    card = "持续改善生态环境质量，推动绿色低碳发展。"
    assert described(first)[1] == ("P", "card", "持续改善生态环境", card, True, False, False)
    assert described(second) == [
        ("P", "card", "质量，推动绿色低碳发展。", card, False, True, False)]


def test_a_part_of_a_text_amid_a_page_is_not_taken_for_it(monkeypatch, catalogue):
    page, = read(monkeypatch, catalogue, (
        chars("导语一句话。", 0, 10) + chars("持续改善生态环境", 1, 40)
        + chars("导语一句话。", 2, 70),
        [leaf("P", 0), leaf("P", 1), leaf("P", 2)]))
    assert described(page)[1] == ("P", "other", "持续改善生态环境", "", True, True, False)


TABLE_CHARS = (chars("指标表", 0, 10) + chars("指标", 1, 30) + chars("数值", 2, 30, x=100)
               + chars("丙", 3, 50) + chars("0", 4, 50, x=100) + chars("分组", 5, 70))


def table_tree(head: bool = True, rows: tuple = ((3, 4), (5,))) -> list[dict]:
    """Return the structure of the table of the briefing: caption, head row, body rows (a
    tuple of one mcid is a row of one header cell, a group row)."""
    body = [{"type": "TR", "children": [leaf("TD" if len(r) > 1 else "TH", m) for m in r]}
            for r in rows]
    parts = [leaf("Caption", 0)]
    if head:
        parts.append({"type": "THead", "children": [
            {"type": "TR", "children": [leaf("TH", 1), leaf("TH", 2)]}]})
    parts.append({"type": "TBody", "children": body})
    return [{"type": "Table", "children": parts}]


def test_a_tables_caption_head_row_body_rows_and_group_rows_are_elements_of_their_own(
        monkeypatch, catalogue):
    page, = read(monkeypatch, catalogue, (TABLE_CHARS, table_tree()))
    assert [(e.tag, e.role, e.text, e.table, e.cells) for e in page.elements] == [
        ("Caption", "table caption", "指标表", "", ()),
        ("TR", "table header", "指标数值", "指标数值", ("指标", "数值")),
        ("TR", "row", "丙0", "指标数值", ("丙", "0")),
        ("TR", "group row", "分组", "指标数值", ("分组",))]


def test_rows_running_on_to_a_page_without_the_tables_head_keep_its_header(monkeypatch,
                                                                           catalogue):
    _, second = read(monkeypatch, catalogue, (TABLE_CHARS, table_tree()),
                     (chars("甲甲甲甲甲甲甲甲甲甲甲甲", 0, 10) + chars("1", 1, 10, x=200),
                      [{"type": "Table", "children": [{"type": "TBody", "children": [
                          {"type": "TR", "children": [leaf("TD", 0), leaf("TD", 1)]}]}]}]))
    assert [(e.role, e.table, e.cells) for e in second.elements] == [
        ("row", "指标数值", ("甲甲甲甲甲甲甲甲甲甲甲甲", "1"))]


def test_a_figure_is_one_element_without_lines_and_its_caption_a_figure_caption(monkeypatch,
                                                                                catalogue):
    page, = read(monkeypatch, catalogue, (
        chars("图", 0, 10) + chars("示意图", 1, 200),
        [{"type": "Figure", "children": [{"type": "Span", "mcids": [0]}]}, leaf("Caption", 1)]))
    assert [(e.tag, e.role, e.lines == [], e.text) for e in page.elements] == [
        ("Figure", "figure", True, ""), ("FigCaption", "figure caption", False, "示意图")]


def test_a_pdf_with_characters_but_no_tags_cannot_be_proofed(monkeypatch, catalogue):
    with pytest.raises(ProofError) as caught:
        read(monkeypatch, catalogue, (chars("导语一句话。", None, 10), []))
    assert str(caught.value) == ("it has characters but no tags (a PDF this tool makes is"
                                 " tagged); build it again")


def test_a_pdf_of_blank_pages_has_pages_without_elements(monkeypatch, catalogue):
    pages = read(monkeypatch, catalogue, (chars("   ", None, 10), []), ([], []))
    assert [(p.number, p.elements, p.lowest) for p in pages] == [(1, [], 0.0), (2, [], 0.0)]


@pytest.mark.slow
def test_a_tagged_pdf_weasyprint_makes_is_read_as_the_stand_in_pages_are(catalogue, tmp_path):
    import weasyprint

    html = ('<html lang="zh-CN"><head><meta charset="utf-8"><title>t</title><style>body {'
            " font-family: 'Noto Sans CJK SC' }</style></head><body>"
            "<h2>一、深入打好污染防治攻坚战</h2><p>为什么要做这件事？</p>"
            "<table><caption>指标表</caption><thead><tr><th>指标</th><th>数值</th></tr></thead>"
            '<tbody><tr><td>丙</td><td>0</td></tr><tr><th colspan="2">分组</th></tr></tbody>'
            "</table></body></html>")
    path = tmp_path / "made.pdf"
    weasyprint.HTML(string=html).write_pdf(path, pdf_tags=True, pdf_variant="pdf/ua-1")
    page, = reading.read_tagged_pdf(path, catalogue)
    assert [(e.tag, e.role, e.text, e.table, e.cells) for e in page.elements] == [
        ("H2", "section heading", "一、深入打好污染防治攻坚战", "", ()),
        ("P", "question", "为什么要做这件事？", "", ()),
        ("Caption", "table caption", "指标表", "", ()),
        ("TR", "table header", "指标数值", "指标数值", ("指标", "数值")),
        ("TR", "row", "丙0", "指标数值", ("丙", "0")),
        ("TR", "group row", "分组", "指标数值", ("分组",))]


# --- tables ----------------------------------------------------------------------------------

def row(*cells: str, top: float = 0.0, role: str = "row") -> Element:
    """Return a body row of the briefing's table, its cells set on one line."""
    return Element("TR", [line("".join(cells), top)], role, table="指标数值", cells=cells)


def test_a_row_that_shows_a_whole_row_of_its_table_begins_and_ends_on_its_page(loaded):
    rows, _ = table_rows(loaded.briefing)
    assert rows == {"指标数值": {"丙0", "分组", "甲甲甲甲甲甲甲甲甲甲甲甲1"}}
    page = Page(1, 400.0, HEIGHT, [row("丙", "0"), row("分组", role="group row")])
    tables.mark_rows([page], rows)
    assert [(e.begins, e.ends) for e in page.elements] == [(True, True), (True, True)]
    assert tables.split_rows("out.pdf", [page], {"指标数值": "指标表"}) == []


def split_over(count: int) -> list[Page]:
    """Return pages over which the long row of the briefing's table runs: its first part at
    the foot of the first, its last at the head of the last."""
    pages = [Page(1, 400.0, HEIGHT, [row("丙", "0"), row("甲甲甲甲", "", top=280)])]
    pages += [Page(n, 400.0, HEIGHT, [row("甲甲甲甲", "")]) for n in range(2, count)]
    pages.append(Page(count, 400.0, HEIGHT, [row("甲甲甲甲", "1"), row("丙", "0", top=40)]))
    return pages


def test_a_row_split_across_two_pages_is_reported_once_where_it_begins(loaded):
    rows, captions = table_rows(loaded.briefing)
    pages = split_over(2)
    tables.mark_rows(pages, rows)
    assert [(e.begins, e.ends) for p in pages for e in p.elements] == [
        (True, True), (True, False), (False, True), (True, True)]
    assert tables.split_rows("out.pdf", pages, captions) == [Finding(
        "out.pdf", 1, "split row", "甲甲甲甲",
        "row '甲甲甲甲' of table '指标表' begins on page 1 and ends on page 2")]


def test_a_row_running_over_three_pages_ends_on_the_third(loaded):
    rows, _ = table_rows(loaded.briefing)
    pages = split_over(3)
    tables.mark_rows(pages, rows)
    assert [str(f) for f in tables.split_rows("out.pdf", pages, {})] == [
        "out.pdf:1: warning: split row: row '甲甲甲甲' begins on page 1 and ends on page 3"]


def test_a_row_of_a_table_the_briefing_does_not_have_is_left_alone(loaded):
    rows, _ = table_rows(loaded.briefing)
    other = Element("TR", [line("甲", 280)], "row", table="别的表头", cells=("甲",))
    page = Page(1, 400.0, HEIGHT, [other])
    tables.mark_rows([page], rows)
    assert (other.begins, other.ends) == (True, True)


# --- texts -----------------------------------------------------------------------------------

def findings(element: Element) -> list[str]:
    """Return the findings of one text on page 3 of out.pdf, as printed."""
    return [str(f) for f in texts.text_findings("out.pdf", 3, element)]


def test_a_text_ending_in_one_character_under_a_full_line_has_a_runt():
    card = element("P", "card", "一二三四五六七八九十题。", "一二三四五六七八九十", "题。")
    assert findings(card) == [
        "out.pdf:3: warning: runt: card '一二三四五六七八九十题。': its last line '题。' stands"
        " alone under a full line"]


def test_a_text_running_on_to_the_next_page_has_no_runt_on_this_one():
    card = element("P", "card", "一二三四五六七八九十题。", "一二三四五六七八九十", "题。",
                   ends=False)
    assert findings(card) == []


def test_a_title_broken_inside_a_word_group_that_fits_its_line_is_reported():
    heading = element("H2", "section heading", "坚持以人民为中心", "坚持以人", "民为中心")
    assert findings(heading) == [
        "out.pdf:3: warning: broken word group: section heading '坚持以人民为中心' is broken inside"
        " '人民' ('坚持以人' / '民为中心'), which fits its line"]


def test_a_title_in_lines_of_uneven_length_that_word_groups_could_even_is_unbalanced():
    heading = element("H2", "section heading", "深入打好污染防治攻坚战", "一、深入打好污染防治",
                      "攻坚战")
    assert findings(heading) == [
        "out.pdf:3: warning: unbalanced title: section heading '深入打好污染防治攻坚战' is set in"
        " lines of uneven length ('一、深入打好污染防治' / '攻坚战'): the shortest is 30% of the"
        " longest; breaking between word groups gives 83%"]


def test_a_title_with_a_runt_is_not_also_reported_unbalanced():
    source = "深入打好污染防治攻坚战题"
    title = element("P", "card title", source, "深入打好污染防治攻坚战", "题")
    assert titles.better_balance(source, titles.text_width({}, 10.0), 110.0) >= titles.BALANCE
    assert findings(title) == [
        "out.pdf:3: warning: runt: card title '深入打好污染防治攻坚战题': its last line '题' stands"
        " alone under a full line"]


@pytest.mark.parametrize("source, begins", [("深入打好污染防治攻坚战", False), ("", True)])
def test_a_title_not_whole_on_its_page_or_not_known_is_not_judged(source, begins):
    heading = element("H2", "section heading", source, "深入打好污染防治", "攻坚战", begins=begins)
    assert findings(heading) == []


# --- check -----------------------------------------------------------------------------------

@pytest.fixture
def proofer(loaded):
    return check.Proofer(loaded)


def stand_in(monkeypatch, pages: list[Page]) -> list[tuple]:
    """Make the PDF and deck readers give these pages; return the calls they get."""
    calls = []

    def tagged(path, catalogue):
        calls.append(("pdf", path))
        return pages

    def deck(path, drawn):
        calls.append(("deck", path, drawn))
        return pages

    monkeypatch.setattr(check, "read_tagged_pdf", tagged)
    monkeypatch.setattr(check, "read_drawn_deck", deck)
    monkeypatch.setattr(check, "measure_deck", lambda *args: DeckMeasure())  # a room's measure
    return calls


def test_a_deck_is_checked_only_as_libreoffice_drew_it(proofer, monkeypatch, loaded):
    calls = stand_in(monkeypatch, [])
    with pytest.raises(ValueError) as caught:
        proofer.output("pptx", Path("a.pptx"))
    assert str(caught.value) == "a deck is checked as LibreOffice drew it: give drawn_deck"
    assert check.proof(loaded, {"pptx": Path("a.pptx")}) == [] and calls == []
    check.proof(loaded, {"pptx": Path("a.pptx")}, Path("a-drawn.pdf"))
    assert calls == [("deck", Path("a.pptx"), Path("a-drawn.pdf"))]


def introducers(top: float = 200.0) -> list[Element]:
    """Return the section's heading, question and intro, set from `top`."""
    return [element("H2", "section heading", "深入打好污染防治攻坚战", "一、深入打好污染防治攻坚战",
                    top=top, numbered=True),
            element("P", "question", "为什么要做这件事？", "为什么要做这件事？", top=top + 20),
            element("P", "intro", "导语一句话。", "导语一句话。", top=top + 40)]


def test_introducers_at_the_foot_of_a_page_are_one_stranded_finding(proofer, monkeypatch):
    pages = [Page(1, 400.0, HEIGHT, introducers()),
             Page(2, 400.0, HEIGHT, [element("P", "card", "一二三四五六七八九十题。",
                                             "一二三四五六七八九十题。")])]
    stand_in(monkeypatch, pages)
    assert [str(f) for f in proofer.output("pdf", Path("x.pdf"), "out.pdf")] == [
        "out.pdf:1: warning: stranded: section heading '一、深入打好污染防治攻坚战' (with its"
        " question and intro) stands at the foot of the page without two lines or one item of"
        " what it introduces after it"]


def test_a_group_row_at_the_foot_of_a_page_is_a_table_header_at_the_foot(proofer, monkeypatch):
    pages = [Page(1, 400.0, HEIGHT, [row("丙", "0"), row("分组", top=280, role="group row")]),
             Page(2, 400.0, HEIGHT, [row("甲甲甲甲甲甲甲甲甲甲甲甲", "1")])]
    stand_in(monkeypatch, pages)
    assert [str(f) for f in proofer.output("handout", Path("x.pdf"), "h.pdf")] == [
        "h.pdf:1: warning: table header at foot: group row '分组' stands at the foot of the page"
        " without a row of its table after it"]


def test_a_handout_side_less_than_half_full_beside_a_full_one_is_reported(proofer,
                                                                         monkeypatch):
    a4 = 841.89
    title = "示例区清洁空气规划"
    pages = [Page(1, 595.28, a4, [element("H1", "cover title", title, title)], lowest=800.0),
             Page(2, 595.28, a4, [element("P", "intro", "导语一句话。", "导语一句话。")],
                  lowest=100.0)]
    stand_in(monkeypatch, pages)
    found = proofer.output("handout", Path("x.pdf"), "h.pdf")
    assert pages[0].elements[0].role == "title"  # the handout's heading is its title
    assert [str(f) for f in found] == [
        "h.pdf:2: warning: unbalanced handout: side 2 is 8% full while side 1 is 100% full"]


def slide(number: int, *elements: Element, layout: str = "") -> Page:
    """Return a slide of the slides PDF (or, with a layout, of a drawn deck)."""
    return Page(number, 960.0, 540.0, list(elements), layout=layout)


def test_a_content_slide_whose_title_has_nothing_under_it_is_stranded(proofer, monkeypatch):
    footer = element("P", "other", "", "示例", top=500.0)
    pages = [slide(1, element("H2", "other", "", "示例区清洁空气规划")),
             slide(2, element("H2", "other", "", "卡片"), footer),
             slide(3, element("H2", "other", "", "谢谢"))]
    stand_in(monkeypatch, pages)
    found = proofer.output("slides", Path("x.pdf"), "s.pdf")
    assert [(f.output, f.page, f.kind, f.text) for f in found] == [("s.pdf", 2, "stranded", "卡片")]
    assert found[0].message.startswith("slide title '卡片' stands at ")
    assert footer not in pages[1].elements  # the footer was left out
    assert [e.role for p in pages for e in p.elements] == ["slide title"] * 3


def test_a_slide_titled_with_a_numbered_section_heading_divides_and_is_not_stranded(
        proofer, monkeypatch):
    pages = [slide(1, element("H2", "other", "", "示例")),
             slide(2, element("H2", "section heading", "深入打好污染防治攻坚战",
                              "一、深入打好污染防治攻坚战", numbered=True)),
             slide(3, element("H2", "other", "", "谢谢"))]
    stand_in(monkeypatch, pages)
    assert proofer.output("slides", Path("x.pdf")) == []


def test_titles_on_the_overview_slide_are_box_titles_and_elsewhere_card_titles(proofer,
                                                                              monkeypatch):
    box = element("P", "card title", "坚持以人民为中心", "坚持以人民为中心")
    text = element("P", "thrust", "导语一句话。", "导语一句话。")
    card = element("P", "group title", "卡片", "卡片")
    pages = [slide(1, element("H2", "heading", "规划总览", "规划总览"), box, text),
             slide(2, element("H2", "other", "", "卡片"), card)]
    stand_in(monkeypatch, pages)
    proofer.output("slides", Path("x.pdf"))
    assert [(box.role, text.role, card.role)] == [("box title", "box text", "card title")]


def test_a_drawn_deck_keeps_the_roles_its_shapes_gave_and_its_divider_layouts(proofer,
                                                                             monkeypatch):
    lead = element("P", "lead", "导语一句话。", "导语一句话。")
    pages = [slide(1, element("P", "slide title", "", "示例"), layout="title"),
             slide(2, element("P", "slide title", "", "卡片"), lead, layout="content")]
    calls = stand_in(monkeypatch, pages)
    found = proofer.output("pptx", Path("x.pptx"), "d.pptx", Path("drawn.pdf"))
    assert calls == [("deck", Path("x.pptx"), Path("drawn.pdf"))]
    assert [str(f) for f in found] == [
        "d.pptx:2: warning: stranded: slide title '卡片' (with its lead) stands at the slide"
        " without two lines or one item of what it introduces after it"]


def test_findings_come_in_page_order_under_the_outputs_path_by_default(proofer, monkeypatch):
    runt = element("P", "card", "一二三四五六七八九十题。", "一二三四五六七八九十", "题。")
    pages = [Page(1, 400.0, HEIGHT, [runt]),
             Page(2, 400.0, HEIGHT, introducers(top=200.0)),
             Page(3, 400.0, HEIGHT, [element("P", "card", runt.source, runt.source)])]
    stand_in(monkeypatch, pages)
    found = proofer.output("pdf", Path("x.pdf"))
    assert [(f.output, f.page, f.kind) for f in found] == [
        ("x.pdf", 1, "runt"), ("x.pdf", 2, "stranded")]


# --- libreoffice -----------------------------------------------------------------------------

class StandInProcess:
    """A LibreOffice run: draws the decks it is given (but those named in `fails`), or takes
    too long, and exits with `code`."""

    started: list = []

    def __init__(self, command, env, stdout, stderr, start_new_session, draws=True, code=0,
                 errors=b"", hangs=False):
        self.command, self.env, self.new_session = command, env, start_new_session
        self.pid, self.returncode, self.errors, self.hangs = 4242, code, errors, hangs
        self.timeouts = []
        StandInProcess.started.append(self)
        if draws:
            outdir = Path(command[command.index("--outdir") + 1])
            for deck in command[command.index("--outdir") + 2:]:
                if "deck1" not in deck:  # the second deck of a run is not drawn
                    (outdir / (Path(deck).stem + ".pdf")).write_bytes(b"%PDF")

    def communicate(self, timeout=None):
        self.timeouts.append(timeout)
        if self.hangs and timeout is not None:
            raise subprocess.TimeoutExpired(self.command, timeout)
        return b"", self.errors


@pytest.fixture
def lo(monkeypatch, tmp_path):
    """LibreOffice stood in for: `soffice` on the PATH, Popen making StandInProcess."""
    monkeypatch.setattr(libreoffice.shutil, "which",
                        lambda name: "/usr/bin/soffice" if name == "soffice" else None)
    StandInProcess.started = []
    options = {}
    monkeypatch.setattr(libreoffice.subprocess, "Popen",
                        lambda *args, **kw: StandInProcess(*args, **kw, **options))
    decks = []
    for name in ("a", "b"):
        deck = tmp_path / f"{name}.pptx"
        deck.write_bytes(name.encode())
        decks.append(deck)
    return options, decks, tmp_path / "work"


ALIASES = {"Microsoft YaHei": "Noto Sans CJK SC"}


def test_without_libreoffice_no_deck_can_be_drawn(monkeypatch, tmp_path):
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: None)
    assert libreoffice.soffice() is None
    with pytest.raises(ProofError) as caught:
        libreoffice.render_decks([tmp_path / "a.pptx"], tmp_path, ALIASES)
    assert str(caught.value) == ("LibreOffice is not installed, so the deck cannot be drawn to"
                                 " check it; install libreoffice-impress (`make test` does)")


def test_libreoffice_is_found_under_either_of_its_names(monkeypatch):
    monkeypatch.setattr(libreoffice.shutil, "which",
                        lambda name: "/opt/lo/libreoffice" if name == "libreoffice" else None)
    assert libreoffice.soffice() == "/opt/lo/libreoffice"


def test_no_decks_start_no_libreoffice(lo):
    _, _, work = lo
    assert libreoffice.render_decks([], work, ALIASES) == {}
    assert StandInProcess.started == []


def test_every_deck_is_drawn_in_one_run_with_a_profile_fonts_and_a_time_limit_of_its_own(lo):
    _, decks, work = lo
    drawn = libreoffice.render_decks(decks, work, ALIASES)
    process, = StandInProcess.started
    assert process.command == [
        "/usr/bin/soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless", "--convert-to", "pdf", "--outdir", str(work / "drawn"),
        str(work / "decks" / "deck0.pptx"), str(work / "decks" / "deck1.pptx")]
    assert (work / "decks" / "deck1.pptx").read_bytes() == b"b"  # copies, by index
    assert process.env["FONTCONFIG_FILE"] == str(work / "fonts.conf")
    assert process.env["HOME"] == str(work)
    assert "<family>Microsoft YaHei</family><accept><family>Noto Sans CJK SC</family>" in (
        work / "fonts.conf").read_text("utf-8")
    assert process.new_session is True
    assert process.timeouts == [libreoffice.TIMEOUT + 2 * libreoffice.TIMEOUT_PER_DECK] == [180]
    # the deck LibreOffice did not draw is left out
    assert drawn == {decks[0]: work / "drawn" / "deck0.pdf"}


def test_a_run_past_its_time_limit_is_killed_with_its_children_and_said(lo, monkeypatch):
    options, decks, work = lo
    options.update(hangs=True, draws=False)
    killed = []
    monkeypatch.setattr(libreoffice.os, "killpg", lambda pid, sig: killed.append((pid, sig)))
    with pytest.raises(ProofError) as caught:
        libreoffice.render_decks(decks[:1], work, ALIASES)
    assert str(caught.value) == ("LibreOffice took longer than 150 s to draw 1 deck; nothing"
                                 " was checked in them")
    assert killed == [(4242, signal.SIGKILL)]
    assert StandInProcess.started[0].timeouts == [150, None]  # and then waited for


@pytest.mark.parametrize("errors, said", [
    (b"javaldx: could not find a Java Runtime\nError: source file could not be loaded\n",
     "LibreOffice failed to draw the decks: Error: source file could not be loaded"),
    (b"", "LibreOffice failed to draw the decks (exit 81)")])
def test_a_run_that_fails_and_draws_nothing_says_why(lo, errors, said):
    options, decks, work = lo
    options.update(draws=False, code=81, errors=errors)
    with pytest.raises(ProofError) as caught:
        libreoffice.render_decks(decks, work, ALIASES)
    assert str(caught.value) == said


def test_a_run_that_fails_but_draws_a_deck_gives_what_it_drew(lo):
    options, decks, work = lo
    options.update(code=1)
    assert libreoffice.render_decks(decks, work, ALIASES) == {
        decks[0]: work / "drawn" / "deck0.pdf"}


def test_libreoffice_that_cannot_be_started_is_said(lo, monkeypatch):
    _, decks, work = lo

    def refuses(*args, **kw):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(libreoffice.subprocess, "Popen", refuses)
    with pytest.raises(ProofError) as caught:
        libreoffice.render_decks(decks, work, ALIASES)
    assert str(caught.value) == "LibreOffice could not be started: Permission denied"
    assert os.path.isfile(work / "fonts.conf")
