"""The printed briefing: every fact of the content in its text, SC fonts embedded, metadata."""

from __future__ import annotations

import logging
import re

import pdfplumber
import pytest
from pypdf import PdfReader

from briefing.builder.pipeline import build
from briefing.design.theme import load_theme
from briefing.pdf import writer as pdf

from .conftest import printed_texts, write_yaml


def flat(text: str) -> str:
    """Return text without the line breaks and spaces that layout puts between characters."""
    return re.sub(r"\s+", "", text)


MARGIN = 68  # points: running heads and page numbers stand in the page margins


def body_text(page) -> str:
    """Return a page's text without its running head and page number."""
    return page.crop((0, MARGIN, page.width, page.height - MARGIN)).extract_text() or ""


@pytest.fixture(scope="module")
def briefing_text(built) -> str:
    with pdfplumber.open(built["pdf"]) as document:
        return flat("".join(body_text(page) for page in document.pages))


@pytest.mark.slow
def test_the_pdf_holds_every_text_of_every_block(nankai, briefing_text):
    expected = [nankai.briefing.title.replace("\u3000", "")] + printed_texts(nankai.briefing)
    missing = [t for t in expected if flat(t) not in briefing_text]
    assert missing == []


def test_headings_are_numbered_from_the_structure(briefing_text):
    for heading in ("一、出台背景", "三、主要目标", "六、保障措施", "（五）坚持系统观念",
                    "（三）深入打好净土保卫战"):
        assert heading in briefing_text


def test_only_simplified_chinese_faces_are_embedded_and_subset(built):
    reader = PdfReader(built["pdf"])
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(font.get_object()["/BaseFont"])
    assert fonts and all(re.fullmatch(r"/[A-Z]{6}\+Noto-(Sans|Serif)-CJK-SC(-Bold)?", f)
                         for f in fonts), fonts


def test_metadata_comes_from_the_content(built, nankai):
    reader = PdfReader(built["pdf"])
    info = reader.metadata
    assert info.title == nankai.briefing.plain_title
    assert info.author == "天津市南开区人民政府办公室"
    assert info["/Keywords"].startswith("生态环境保护")
    assert info["/CreationDate"].startswith("D:20220214")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged


def test_bookmarks_mirror_the_section_headings(built, nankai):
    reader = PdfReader(built["pdf"])
    tree: dict[str, list[str]] = {}
    last = ""
    for item in reader.outline:  # pypdf: a bookmark, then a list holding its children
        if isinstance(item, list):
            tree[last] = [child.title for child in item]
        else:
            last = item.title
            tree[last] = []
    assert list(tree) == ["内容要点", "一、出台背景", "二、主要内容", "三、主要目标",
                          "四、基本原则", "五、重点任务", "六、保障措施"]
    assert tree["四、基本原则"] == [
        f"（{n}）{p.title}"
        for n, p in zip("一二三四五", nankai.briefing.sections[3].blocks[0].cards)]


@pytest.mark.slow
def test_the_table_of_contents_numbers_are_the_pages_where_headings_land(built):
    with pdfplumber.open(built["pdf"]) as document:
        pages = [flat(page.extract_text() or "") for page in document.pages]
    toc = pages[1]
    for heading in ("一、出台背景", "四、基本原则", "六、保障措施"):
        printed = int(re.search(re.escape(heading) + r"(\d+)", toc).group(1))
        landed = next(i + 1 for i, text in enumerate(pages[2:], start=2) if heading in text)
        assert printed == landed, heading


@pytest.mark.slow
def test_the_running_head_rule_is_one_line_across_the_measure_and_frames_nothing(built):
    with pdfplumber.open(built["pdf"]) as document:
        pages = document.pages[2:-1]  # after the cover and contents, before the back page
        rules = [sorted({(round(e["x0"]), round(e["x1"])) for e in page.horizontal_edges
                         if MARGIN < e["top"] < MARGIN + 5}) for page in pages]
        body = [(min(c["x0"] for c in page.chars if c["top"] > MARGIN),
                 max(c["x1"] for c in page.chars if c["top"] > MARGIN)) for page in pages]
        # and no frame around the page area, which a table finder would take for a table
        frames = [r for page in pages for r in page.rects if r["height"] > page.height / 2]
    assert all(len(page_rules) == 1 for page_rules in rules), rules
    assert frames == []
    for [(left, right)], (text_left, text_right) in zip(rules, body):
        assert left <= text_left + 1 and right >= text_right - 1


@pytest.mark.slow
def test_no_narrow_western_quotes_sit_in_a_latin_face(built):
    with pdfplumber.open(built["pdf"]) as document:
        quotes = [c for page in document.pages for c in page.chars if c["text"] in "“”‘’"]
    assert quotes and all("CJK-SC" in c["fontname"] for c in quotes)
    assert all(c["x1"] - c["x0"] > 0.9 * c["size"] for c in quotes)  # full-width


@pytest.mark.slow
def test_a_clean_build_logs_no_weasyprint_warning(nankai, tmp_path, caplog):
    theme = load_theme("default")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf.write_briefing(nankai, theme, tmp_path / "b.pdf")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


@pytest.mark.slow
def test_markup_in_content_is_printed_literally_and_fetches_nothing(nankai, tmp_path):
    hostile = '<img src="file:///etc/passwd"></p>{{ 7*7 }}<script>x</script>'
    b = nankai.briefing.model_copy(update={"issuer": hostile})
    loaded = type(nankai)(b, nankai.located, nankai.file, nankai.path)
    html = pdf.briefing_html(loaded, load_theme("default"))
    assert "<img" not in html and "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    pdf.write_briefing(loaded, load_theme("default"), tmp_path / "h.pdf")
    with pdfplumber.open(tmp_path / "h.pdf") as document:
        text = flat(document.pages[0].extract_text())
    assert flat(hostile) in text


@pytest.mark.slow
def test_a_long_section_heading_is_cut_short_on_one_line_of_the_running_head(tmp_path):
    long_heading = "《规划》围绕实现“十四五”目标部署了哪些方面的重点任务和重大工程项目"
    content = write_yaml(tmp_path, f"""
        title: 长标题测试
        short_title: 某县生态环境保护“十四五”规划及二〇三五年远景目标纲要政策解读
        issuer: 某县生态环境局
        date: 2022-03-08
        language: zh-CN
        source:
          title: 长标题测试
        sections:
          - heading: 编制依据
            blocks:
              - paragraphs: [《规划》依据有关法律法规编制。]
          - heading: {long_heading}
            blocks:
              - list: [{", ".join(f"第{n}项重点任务：坚持绿色低碳发展" for n in range(1, 61))}]
        """)
    result = build(content, outputs=("pdf",), out_dir=tmp_path)
    assert result.ok, result.diagnostics
    with pdfplumber.open(result.written[0].path) as document:
        heads = [page.crop((0, 0, page.width, MARGIN)).extract_text() or ""
                 for page in document.pages[2:-1]]
        text = flat("".join(page.extract_text() or "" for page in document.pages))
    assert all("\n" not in head for head in heads), heads  # one line each
    assert heads[0].endswith("一、编制依据")
    assert heads[-1].endswith("二、《规划》围绕实现“十四五”目标…"), heads
    assert flat("二、" + long_heading) in text  # whole where it is the heading
