"""Print-grade PDFs: the GB/T 9704 theme measured from character positions, the handout, the
at-a-glance counts, running heads, provenance, PDF/A and print marks."""

from __future__ import annotations

import re
import statistics

import pdfplumber
import pytest
import yaml
from pypdf import PdfReader

from briefing.builder.pipeline import build
from briefing.version import TOOL

from .conftest import DEFAULT_CONTENT, ENGLISH_CONTENT, block_texts, run_cli

MM = 72 / 25.4
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def official(tmp_path_factory):
    out = tmp_path_factory.mktemp("official")
    result = build(DEFAULT_CONTENT, outputs=("pdf",), out_dir=out, theme="official")
    assert result.ok, result.diagnostics
    return result.written[0].path


def body_pages(path):
    """Yield (number, page, body-size characters) for the pages of the six sections."""
    with pdfplumber.open(path) as document:
        pages = [(p.extract_text() or "", p) for p in document.pages]
        first = next(i for i, (text, _) in enumerate(pages) if i > 1 and "一、出台背景" in text)
        for number, (_, page) in enumerate(pages[first:-1], start=first + 1):
            chars = [c for c in page.chars if c["size"] > 15 and c["text"].strip()]
            if chars:
                yield number, page, chars


@pytest.mark.slow
def test_the_official_theme_puts_the_type_area_where_gb_t_9704_does(official):
    measured, left_edges = 0, []
    for number, page, chars in body_pages(official):
        tops = sorted({round(c["top"], 1) for c in chars if HAN.match(c["text"])})
        assert abs(tops[0] / MM - 37) <= 1, f"page {number}: first line at {tops[0] / MM:.1f} mm"
        left_edges.append(min(c["x0"] for c in chars) / MM)
        assert max(c["x1"] for c in chars) / MM <= 28 + 156 + 1, f"page {number}: right edge"
        assert statistics.median(b - a for a, b in zip(tops, tops[1:])) == pytest.approx(
            225 * MM / 22, abs=0.3)  # 22 lines in 225 mm
        measured += 1
    assert measured >= 5
    assert abs(min(left_edges) - 28) <= 1 and all(edge >= 27 for edge in left_edges)


def test_official_body_lines_hold_28_characters_and_full_pages_22_lines(official):
    lines_per_page, chars_per_line = [], []
    for _, _, chars in body_pages(official):
        rows = {}
        for c in chars:
            rows.setdefault(round(c["matrix"][5], 1), []).append(c)  # by baseline
        lines_per_page.append(len(rows))
        chars_per_line += [len(r) for r in rows.values()]
    assert max(lines_per_page) == 22
    assert max(chars_per_line) == 28


def test_official_page_numbers_are_dashed_and_on_the_outside_edge(official):
    with pdfplumber.open(official) as document:
        for number, page in enumerate(document.pages[4:9], start=5):
            small = [c for c in page.chars if c["top"] > 262 * MM]
            assert "".join(c["text"] for c in small).replace(" ", "") == f"—{number}—"
            if number % 2:
                assert max(c["x1"] for c in small) > 160 * MM  # odd: right
            else:
                assert min(c["x0"] for c in small) < 50 * MM  # even: left
            assert 6 * MM <= min(c["top"] for c in small) - 262 * MM <= 8 * MM


def test_the_build_names_the_stand_in_fonts_of_the_official_theme(tmp_path):
    done = run_cli(str(DEFAULT_CONTENT), "--only", "handout", "--theme", "official",
                   "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == (
        "theme official: stand-in fonts: 仿宋 (body) → Noto Serif CJK SC; 黑体 (一、 headings)"
        " → Noto Sans CJK SC; 楷体 (（一） headings) → LXGW WenKai; 小标宋 (title) → Noto Serif"
        " CJK SC Bold")


def test_the_handout_is_one_a4_sheet_at_most(built):
    reader = PdfReader(built["handout"])
    assert 1 <= len(reader.pages) <= 2
    assert [round(float(v) / MM) for v in reader.pages[0].mediabox[2:]] == [210, 297]


def crowded_briefing(folder):
    """Write a briefing too long for a sheet in every form but the smallest: twelve principles,
    eight battles of four measures, fifteen reforms, fifteen tasks, five more sections (at
    9.5 pt, in its shortest form, its source line was a third side of its own)."""
    why = "是《规划》确定的重要原则之一，要求各级各部门在工作中切实贯彻落实，确保各项任务取得实效。"
    measure = "项具体措施，明确责任单位和完成时限，2025年底前全面完成。"

    def cards(count):
        return [{"title": f"坚持原则第{n}条", "text": f"坚持原则第{n}条{why}"}
                for n in range(1, count + 1)]

    groups = [{"title": f"第{n}场攻坚战", "thrust": "统筹推进，持续改善环境质量",
               "measures": [f"第{n}场攻坚战第{i}{measure}" for i in range(1, 5)]}
              for n in range(1, 9)]
    reforms = [f"第{n}项改革举措：健全生态环境治理体系，完善配套制度" for n in range(1, 16)]
    background = "“十三五”以来，全市生态环境质量明显改善。" * 6
    sections = [
        {"heading": "编制背景", "blocks": [{"paragraphs": [background]}]},
        {"heading": "基本原则", "blocks": [{"cards": cards(12)}]},
        {"heading": "重点任务", "blocks": [{"groups": groups}]},
        {"heading": "改革举措", "blocks": [{"list": reforms}]},
        {"heading": "保障措施", "blocks": [{"cards": cards(4)}]},
        {"heading": "主要目标", "blocks": [{"goal": {"year": "2025", "statement": why,
                                                 "targets": reforms[:3]}}]},
        {"heading": "亮点", "blocks": [{"paragraphs": ["亮点一。", "亮点二。"]}]},
        {"heading": "能力建设", "blocks": [{"list": [f"第{n}项：完善生态环境监测网络，提升执法能力"
                                                for n in range(1, 16)]}]},
        {"heading": "联系方式", "blocks": [{"paragraphs": ["某某市生态环境局规划处。"]}]}]
    messages = [f"第{n}条核心要点：到2025年全市生态环境质量持续改善。" for n in range(1, 7)]
    path = folder / "crowded.yaml"
    path.write_text(yaml.safe_dump({
        "title": "拥挤的简报", "short_title": "拥挤的简报", "issuer": "某某市生态环境局",
        "date": "2022-06-30", "language": "zh-CN", "source": {"title": "某某市规划解读"},
        "key_messages": messages, "sections": sections}, allow_unicode=True, sort_keys=False),
        encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_briefing_too_long_for_a_sheet_still_gets_one_and_its_source_line_is_not_alone(
        tmp_path):
    result = build(crowded_briefing(tmp_path), outputs=("handout",), out_dir=tmp_path)
    assert result.ok, result.diagnostics
    with pdfplumber.open(result.written[0].path) as document:
        sides = [page.extract_text() or "" for page in document.pages]
    assert len(sides) == 2, [side[:60] for side in sides]
    assert sides[-1].rstrip().endswith("来源：某某市规划解读")
    assert "联系方式" in sides[-1]


def test_the_handout_holds_the_short_form_of_every_block_under_the_briefings_numbers(built,
                                                                                    nankai):
    with pdfplumber.open(built["handout"]) as document:
        text = re.sub(r"\s", "", "".join(p.extract_text() for p in document.pages))
    b = nankai.briefing
    wanted = [f"{n}、{s.heading}" for n, s in zip("一二三四五六", b.sections)]
    wanted += [t for s in b.sections for block in s.blocks
               for t in block_texts(block, full=False)
               if not (block.kind == "goal" and block.goal.targets and t == block.goal.statement)]
    assert [w for w in wanted if re.sub(r"\s", "", w) not in text] == []


def test_the_plan_in_numbers_is_counted_from_the_content(built, nankai):
    b = nankai.briefing
    with pdfplumber.open(built["pdf"]) as document:
        page = next(p for p in document.pages if "项基本原则" in (p.extract_text() or ""))
        numbers = [c for c in page.chars if c["size"] > 20]
        words = page.extract_words()

    def number_above(label: str) -> str:
        word = next(w for w in words if w["text"].startswith(label))
        return "".join(c["text"] for c in numbers if abs(c["top"] - word["top"]) < 40
                       and word["x0"] - 1 <= c["x0"] <= word["x0"] + 40)

    blocks = [s.blocks[0] for s in b.sections]
    measures = sum(len(g.measures) for g in blocks[4].groups)
    for count, label in ((len(blocks[1].cards), "部分内容"), (len(blocks[3].cards), "项基本原则"),
                         (len(blocks[4].groups), "大保卫战"), (measures, "项保卫战举措"),
                         (len(blocks[5].cards), "方面保障措施"),
                         (len(blocks[2].goal.indicator_categories), "类主要指标")):
        assert number_above(label) == str(count), label


def test_running_heads_name_the_short_title_and_the_current_section(built):
    with pdfplumber.open(built["pdf"]) as document:
        heads = [re.sub(r"\s", "", p.crop((0, 0, p.width, 25 * MM)).extract_text() or "")
                 for p in document.pages]
    assert heads[0] == heads[1] == ""  # cover, contents
    assert heads[2] == "南开区生态环境保护“十四五”规划解读"  # at a glance: no section yet
    assert "南开区生态环境保护“十四五”规划解读一、出台背景" in heads
    assert any(h.endswith("五、重点任务") for h in heads)
    assert heads[-1] == ""  # back page


def test_no_output_names_the_tool_or_the_content_file_unless_asked(built):
    for kind in ("pdf", "slides", "handout"):
        reader = PdfReader(built[kind])
        text = "".join(page.extract_text() for page in reader.pages)
        shown = text + str(reader.metadata)
        assert "briefing 0" not in shown and "nankai-eco-14th-fyp" not in shown, kind
        assert "生成工具" not in text and "内容文件" not in text, kind


def test_the_back_page_gives_the_source_with_its_date_written_in_chinese(built):
    with pdfplumber.open(built["pdf"]) as document:
        back = document.pages[-1].extract_text()
    assert back.startswith("来源\n原文标题 加强污染防治和生态建设")
    assert "发布时间 2022年2月14日 17:19" in back


@pytest.mark.slow
def test_colophon_adds_the_content_file_build_date_and_tool(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    done = run_cli(str(DEFAULT_CONTENT), "--only", "pdf", "--colophon", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    reader = PdfReader(tmp_path / "nankai-eco-14th-fyp.pdf")
    back = reader.pages[-1].extract_text()
    # the file's name only: the bytes never depend on the working folder or leak its path
    assert "内容文件 nankai-eco-14th-fyp.yaml" in back and "content/" not in back
    assert f"生成工具 {TOOL}" in back and reader.metadata["/Creator"] == TOOL
    assert "生成日期 2026年1月1日" in back


def test_the_cover_cites_no_source_that_only_repeats_its_title(built):
    with pdfplumber.open(built["pdf"]) as document:
        cover = document.pages[0].extract_text()
    assert "发布时间 2022年2月14日" in cover
    assert "来源" not in cover and "原文" not in cover


def test_the_contents_list_every_part_with_a_heading(built):
    with pdfplumber.open(built["pdf"]) as document:
        contents = re.sub(r" \d+", "", document.pages[1].extract_text()).splitlines()
    assert contents == ["目录", "内容要点", "规划总览", "规划一览", "一、出台背景", "二、主要内容",
                        "三、主要目标", "四、基本原则", "五、重点任务", "六、保障措施", "来源"]


def test_pdf_a_3b_is_available_for_archiving(tmp_path):
    done = run_cli(str(DEFAULT_CONTENT), "--only", "handout", "--pdf-variant", "pdf/a-3b",
                   "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    xmp = PdfReader(tmp_path / "nankai-eco-14th-fyp-handout.pdf").xmp_metadata
    assert next(xmp.get_element("", "http://www.aiim.org/pdfa/ns/id/", "part")).value == "3"


def test_the_default_pdfs_are_tagged_pdf_ua_1(built):
    reader = PdfReader(built["pdf"])
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    xmp = reader.xmp_metadata
    assert next(xmp.get_element("", "http://www.aiim.org/pdfua/ns/id/", "part")).value == "1"


def test_print_marks_add_three_millimetres_of_bleed(tmp_path):
    result = build(DEFAULT_CONTENT, outputs=("handout",), out_dir=tmp_path, print_marks=True)
    page = PdfReader(result.written[0].path).pages[0]
    assert float(page.trimbox.left) - float(page.bleedbox.left) == pytest.approx(3 * MM, abs=0.01)
    assert float(page.mediabox.width) == pytest.approx(210 * MM + 6 * MM, abs=0.01)


@pytest.mark.slow
@pytest.mark.parametrize("theme", ["default", "official"])
def test_no_page_ends_with_a_heading_or_a_question(theme, tmp_path):
    result = build(DEFAULT_CONTENT, outputs=("pdf",), out_dir=tmp_path, theme=theme)
    headings = {"（", "一", "二", "三", "四", "五", "六", "问"}
    with pdfplumber.open(result.written[0].path) as document:
        for number, page in enumerate(document.pages[4:-1], start=5):
            body = page.crop((0, 30 * MM, page.width, page.height - 36 * MM))
            lines = (body.extract_text() or "").splitlines()
            last = lines[-1] if lines else ""
            assert not (last[:1] in headings and ("、" in last[:3] or last.startswith(("（", "问")))
                        and not last.endswith(("。", "？", "；"))), f"page {number}: {last}"


def test_the_handouts_title_breaks_in_even_lines(tmp_path):
    # it was 'Air Quality Action Plan for the Metropolitan' / 'Area, 2021–2025'
    path = tmp_path / "even.yaml"
    path.write_text(yaml.safe_dump({
        "title": "Air Quality Action Plan for the Metropolitan Area, 2021–2025",
        "short_title": "Air Quality Action Plan", "issuer": "Metropolitan Environment Bureau",
        "date": "2021-06-01", "language": "en", "source": {"title": "Interpretation"},
        "sections": [{"heading": "Aims", "blocks": [{"list": ["Cleaner air by 2025."]}]}]},
        allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = build(path, outputs=("handout",), out_dir=tmp_path)
    assert result.ok, result.diagnostics
    with pdfplumber.open(result.written[0].path) as document:
        page = document.pages[0]
        largest = max(c["size"] for c in page.chars)
        title = [c for c in page.chars if c["size"] == largest]
    lines: dict[int, list] = {}
    for char in title:
        lines.setdefault(round(char["top"]), []).append(char)
    widths = [max(c["x1"] for c in line) - min(c["x0"] for c in line) for line in lines.values()]
    assert len(widths) == 2 and min(widths) >= 0.6 * max(widths), widths


@pytest.mark.slow
def test_key_messages_and_the_plan_at_a_glance_share_a_page_when_both_fit(tmp_path):
    # each had a page of its own, the first a third full
    result = build(ENGLISH_CONTENT, outputs=("pdf",), out_dir=tmp_path)
    assert result.ok, result.diagnostics
    with pdfplumber.open(result.written[0].path) as document:
        pages = [page.extract_text() or "" for page in document.pages]
    page = next(text for text in pages[2:] if "Key messages" in text)  # after the contents
    assert "The plan at a glance" in page and "The plan in numbers" in page
