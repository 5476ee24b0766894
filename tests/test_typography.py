"""The printed briefing's typographic rules, measured in real builds from the PDF's characters:
no paragraph ends in a lone character, titles break between word groups in balanced lines,
a heading, question or intro never ends a page without what it introduces, a table's caption
or header never stands alone at a page foot and no row splits; and the measures the titles
are balanced at are those the layout gives them. Slow: about half a minute."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace

import pdfplumber
import pytest
import yaml

from briefing.builder.checking import run_preflight
from briefing.builder.pipeline import build
from briefing.content.load import load_briefing
from briefing.design import templating
from briefing.design.chars import is_wide
from briefing.design.phrases import NO_LINE_END, NO_LINE_START, word_groups
from briefing.design.theme import load_theme
from briefing.pdf import titles
from briefing.pdf import writer as pdf
from briefing.pdf.html import briefing_styles

from .conftest import DEFAULT_CONTENT, ENGLISH_CONTENT, NUMBERED_CONTENT, QA_CONTENT

THEMES = ["default", "official"]
FILLER = "生态环境保护是功在当代利在千秋的事业各方面要形成合力推动绿色发展持续改善环境质量"
HEADER = {"title": "排版规则测试", "short_title": "排版规则", "issuer": "测试办公室",
          "date": "2022-01-01", "language": "zh-CN", "source": {"title": "测试资料"}}


def text_of(length: int, seed: int = 0) -> str:
    """Return a Chinese sentence of `length` characters ending in 。"""
    body = (FILLER * (length // len(FILLER) + 2))[seed:seed + length - 1]
    return body + "。"


def write_briefing(folder, name: str, sections: list) -> object:
    """Write a briefing of these sections into folder; return its path."""
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump({**HEADER, "sections": sections}, allow_unicode=True,
                                   sort_keys=False), encoding="utf-8")
    return path


def built_pdf(content, folder, theme: str):
    """Build a briefing's PDF in a theme; return its path."""
    result = build(content, outputs=("pdf",), out_dir=folder, theme=theme)
    assert result.ok, [str(d) for d in result.diagnostics]
    return result.written[0].path


def rows_of(page, keep) -> list[list[dict]]:
    """Return a page's lines of the characters `keep` accepts, top to bottom, left to right."""
    rows = defaultdict(list)
    for char in page.chars:
        if char["text"].strip() and keep(char):  # by baseline: faces of one line differ in top
            rows[round(page.height - char["matrix"][5])].append(char)
    return [sorted(row, key=lambda c: c["x0"]) for _, row in sorted(rows.items())]


def units(row: list[dict]) -> int:
    """Return how many CJK characters (not marks) or Latin words a line holds."""
    text = "".join(c["text"] for c in row)
    wide = [c for c in text if is_wide(c) and c not in NO_LINE_START | NO_LINE_END]
    return len(wide) + len(re.findall(r"[A-Za-z0-9]+", text))


def paragraph_ends(path) -> list[str]:
    """Return the last line of every body paragraph (serif, body size) of a briefing's section
    pages: the line before one that starts indented, and the very last."""
    rows = []
    with pdfplumber.open(path) as document:
        sizes = Counter(round(c["size"], 2) for page in document.pages for c in page.chars
                        if "Serif" in c["fontname"])
        size = sizes.most_common(1)[0][0]  # the body's
        for page in document.pages[2:-1]:
            rows += rows_of(page, lambda c: "Serif" in c["fontname"]
                            and abs(c["size"] - size) < 0.01)
    left = min(row[0]["x0"] for row in rows)
    ends = [row for row, after in zip(rows, rows[1:])
            if after[0]["x0"] - left > 0.9 * after[0]["size"]]
    # a 楷 line's quotes and compressed marks are set in the serif face: they are no line
    return ["".join(c["text"] for c in row) for row in ends + rows[-1:]
            if not all(c["text"] in NO_LINE_START | NO_LINE_END for c in row)]


@pytest.fixture(scope="module")
def paragraphs(tmp_path_factory):
    """A briefing of 60 paragraphs, 40 to 99 characters long: at each theme's measure some
    would end with one character alone on their last line."""
    folder = tmp_path_factory.mktemp("paragraphs")
    blocks = [{"paragraphs": [text_of(length, length % 7) for length in range(40, 100)]}]
    return write_briefing(folder, "paragraphs", [{"heading": "段落", "blocks": blocks}]), folder


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
def test_no_paragraph_ends_with_one_character_alone(paragraphs, theme):
    content, folder = paragraphs
    ends = paragraph_ends(built_pdf(content, folder / theme, theme))
    assert len(ends) == 60
    assert [end for end in ends if units([{"text": c} for c in end]) < 2] == []


def test_without_the_tie_the_same_paragraphs_end_with_lone_characters(paragraphs, monkeypatch):
    content, folder = paragraphs
    monkeypatch.setitem(templating.environment().filters, "no_lone_last", lambda text: text)
    ends = paragraph_ends(built_pdf(content, folder / "untied", "official"))
    assert len([end for end in ends if units([{"text": c} for c in end]) < 2]) >= 3


@pytest.mark.slow
def test_the_official_themes_body_text_has_no_runt(tmp_path):
    ends = paragraph_ends(built_pdf(DEFAULT_CONTENT, tmp_path, "official"))
    assert len(ends) > 40
    assert [end for end in ends if units([{"text": c} for c in end]) < 2] == []


def test_a_word_joiner_inside_a_justified_line_leaves_its_characters_where_they_were(tmp_path):
    # 40 characters and a comma: the comma may not start the next line, so the line is set
    # with 39 and spread; the same line with a joiner (allowed in content) after its 12th
    # character must be spread alike: no second gap at the joiner
    text = text_of(41)[:40] + "，" + text_of(110)
    joined = text[:12] + "\u2060" + text[12:]
    content = write_briefing(tmp_path, "joiner", [{"heading": "连接符", "blocks": [
        {"paragraphs": [joined, text]}]}])
    with pdfplumber.open(built_pdf(content, tmp_path, "default")) as document:
        rows = rows_of(document.pages[2], lambda c: "Serif" in c["fontname"])
    with_joiner, without = rows[0], next(r for r in rows[1:] if r[0]["x0"] == rows[0][0]["x0"])
    assert len(with_joiner) == len(without) == 39
    steps = [b["x0"] - a["x0"] for a, b in zip(without, without[1:])]
    assert max(steps[:-1]) - 11 > 0.25  # spread: a quarter point a gap
    # the joiner ends a run, as a Latin word does: a tenth of a point, not a second gap
    assert max(abs(a["x0"] - b["x0"]) for a, b in zip(with_joiner, without)) < 0.15
    assert abs(with_joiner[-1]["x1"] - without[-1]["x1"]) < 0.05


def boxes_of(page, keep) -> list[list[str]]:
    """Return the lines of each centred box on a page (an overview box title): runs of kept
    characters in a line, split at gaps wider than a character, stacked by their centres."""
    found: list[dict] = []
    for row in rows_of(page, keep):
        runs = [[row[0]]]
        for a, b in zip(row, row[1:]):
            if b["x0"] - a["x1"] > 0.6 * a["size"]:
                runs.append([])
            runs[-1].append(b)
        for run in runs:
            centre, top = (run[0]["x0"] + run[-1]["x1"]) / 2, run[0]["top"]
            text = "".join(c["text"] for c in run)
            box = next((b for b in found if abs(b["centre"] - centre) < 4
                        and 0 < top - b["top"] < 1.8 * run[0]["size"]), None)
            if box is None:
                found.append({"centre": centre, "top": top, "lines": [text]})
            else:
                box.update(top=top, lines=box["lines"] + [text])
    return [b["lines"] for b in found]


def breaks_between_groups(lines: list[str]) -> bool:
    """Tell whether a title's lines end where its word groups end."""
    ends, at = set(), 0
    for group in word_groups("".join(lines)):
        at += len(group)
        ends.add(at)
    return all(sum(map(len, lines[:k])) in ends for k in range(1, len(lines)))


@pytest.mark.parametrize("theme, expected", [
    ("official", {"深入打好蓝天保卫战": ["深入打好蓝天保卫战"],
                  "坚持以人民为中心": ["坚持以", "人民为中心"]}),
    ("default", {"坚持以人民为中心": ["坚持以", "人民为中心"]}),
])
@pytest.mark.slow
def test_overview_box_titles_break_between_word_groups_in_balanced_lines(tmp_path, theme,
                                                                           expected):
    sizes = load_theme(theme).type_pt  # box titles: body size (official: 四号), cards' 1 pt less
    body = sizes.small if theme == "official" else sizes.body
    with pdfplumber.open(built_pdf(DEFAULT_CONTENT, tmp_path, theme)) as document:
        page = next(p for p in document.pages if "深入打好" in (p.extract_text() or ""))
        found = boxes_of(page, lambda c: "Bold" in c["fontname"]
                         and body - 1.01 <= c["size"] <= body + 0.01)
    titles_found = {"".join(lines): lines for lines in found}
    assert all(titles_found[title] == lines for title, lines in expected.items())
    assert len(titles_found) >= 12
    for lines in titles_found.values():
        assert breaks_between_groups(lines), lines
        assert all(units([{"text": c} for c in line]) >= 2 for line in lines), lines


@pytest.mark.parametrize("theme, expected", [
    ("default", ["ExampleDistrictClean", "AirPlan2026–2030"]),  # spaces are not drawn
    ("official", ["ExampleDistrictCleanAirPlan2026–2030"]),  # its measure holds it all
])
def test_the_english_cover_title_keeps_its_years_together_in_balanced_lines(tmp_path, theme,
                                                                             expected):
    with pdfplumber.open(built_pdf(ENGLISH_CONTENT, tmp_path, theme)) as document:
        cover = document.pages[0]
        title = max(c["size"] for c in cover.chars)
        lines = ["".join(c["text"] for c in row)
                 for row in rows_of(cover, lambda c: abs(c["size"] - title) < 0.01)]
    assert lines == expected


@pytest.mark.parametrize("theme", ["default", "official", "emblem"])
@pytest.mark.parametrize("content", [DEFAULT_CONTENT, NUMBERED_CONTENT], ids=lambda p: p.stem)
def test_titles_are_balanced_at_the_measure_the_layout_gives_them(theme, content):
    loaded, style = load_briefing(content), load_theme(theme)
    laid_out = pdf.lay_out_briefing(loaded, style, pictures=run_preflight(loaded, style).pictures)
    in_layout = titles.read_measures(laid_out.document)
    probed = pdf.title_measures(loaded, *briefing_styles(loaded, style))
    assert len(in_layout) >= 4
    for kind, measure in in_layout.items():  # within a hundredth of a point
        assert abs(probed[kind].width - measure.width) < 0.01, kind
        assert replace(probed[kind], width=0) == replace(measure, width=0), kind


def pages_of(path) -> list[str]:
    """Return each page's text without spaces and line breaks."""
    with pdfplumber.open(path) as document:
        return [re.sub(r"\s+", "", page.extract_text() or "") for page in document.pages]


def page_of(pages: list[str], marker: str) -> int:
    """Return the number of the first page holding a marker."""
    return next(number for number, text in enumerate(pages, 1) if marker in text)


@pytest.fixture(scope="module")
def sections(tmp_path_factory):
    """A briefing of 14 sections, each a heading, a question, an intro and two cards, after a
    paragraph whose length moves the next section's start down the page."""
    folder = tmp_path_factory.mktemp("sections")
    found = []
    for n in range(14):
        cards = [{"title": f"卡片甲{n}", "text": f"卡文起{n}" + text_of(90, n)},
                 {"title": f"卡片乙{n}", "text": text_of(60, n)}]
        found.append({"heading": f"标题{n}", "question": f"问题{n}是什么？", "blocks": [
            {"intro": text_of(50, n)[:-1] + f"引言止{n}。", "cards": cards},
            {"paragraphs": [text_of(30 + 23 * n % 150, n)]}]})
    return write_briefing(folder, "sections", found), folder


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
def test_a_heading_question_and_intro_stay_with_the_first_lines_they_introduce(sections, theme):
    content, folder = sections
    pages = pages_of(built_pdf(content, folder / theme, theme))
    for n in range(14):
        heading = page_of(pages, f"标题{n}问")  # the heading, then its question
        assert page_of(pages, f"问题{n}是") == heading
        assert page_of(pages, f"引言止{n}") == page_of(pages, f"卡片甲{n}") == \
            page_of(pages, f"卡文起{n}"), n
    assert len(pages) >= 8


@pytest.mark.parametrize("theme", THEMES)
def test_every_english_heading_is_on_the_page_of_its_first_item(tmp_path, theme):
    pages = pages_of(built_pdf(ENGLISH_CONTENT, tmp_path, theme))[2:]  # not the contents
    b = load_briefing(ENGLISH_CONTENT).briefing
    for number, section in enumerate(b.sections, 1):
        block = section.blocks[0]
        first = {"cards": lambda: block.cards[0].title, "groups": lambda: block.groups[0].title,
                 "paragraphs": lambda: block.paragraphs[0].text,
                 "goal": lambda: block.goal.statement}[block.kind]()
        heading = re.sub(r"\s+", "", f"{number}.{section.heading}")
        text = pages[page_of(pages, heading) - 1]
        assert re.sub(r"\s+", "", first)[:20] in text[text.index(heading):], section.heading


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    """A briefing of 14 tables, each after an intro whose length moves it down the page; one
    row of each has a cell of three lines. Markers: C caption, H header, S/E a row's start
    and end, N the note under the table."""
    folder = tmp_path_factory.mktemp("tables")
    blocks = []
    for t in range(14):
        rows = [[str(r), f"S{t}x{r} " + "长单元格内容" * (6 if r == 3 else 1) + f" E{t}x{r}",
                 str(r)] for r in range(7)]
        blocks.append({"title": f"表组{t}", "intro": text_of(33 * ((t * 7) % 11 + 1), t),
                       "table": {"caption": f"C{t}号表格", "columns": ["号", f"H{t}说明", "数值"],
                                 "rows": rows, "note": f"N{t}注释"}})
    return write_briefing(folder, "tables", [{"heading": "表格", "blocks": blocks}]), folder


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
def test_no_table_caption_or_header_ends_a_page_no_row_splits_and_no_note_strays(tables,
                                                                                  theme):
    content, folder = tables
    found, where = [], {}
    with pdfplumber.open(built_pdf(content, folder / theme, theme)) as document:
        for number, page in enumerate(document.pages, 1):
            marks = sorted((w["top"], m) for w in page.extract_words()
                           for m in re.findall(r"[SEH]\d+x?\d*|[CN]\d+", w["text"]))
            for index, (_, mark) in enumerate(marks):
                table, later = re.sub(r"\D", "", mark), [m for _, m in marks[index + 1:]]
                if mark[0] == "C" and f"H{table}" not in later:
                    found.append(f"page {number}: the caption of table {table} alone")
                if mark[0] == "H" and not any(m.startswith(f"S{table}x") for m in later):
                    found.append(f"page {number}: the header of table {table} with no row")
                if mark[0] in "SEN":
                    where.setdefault(mark, number)
    found += [f"row {mark[1:]} split" for mark, number in where.items()
              if mark[0] == "S" and where.get("E" + mark[1:]) != number]
    found += [f"the note of table {mark[1:]} apart from its last row" for mark, number in
              where.items() if mark[0] == "N" and where.get(f"E{mark[1:]}x6") != number]
    assert len(where) == 14 * 7 * 2 + 14
    assert found == []


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
def test_table_cells_keep_their_word_groups_where_the_columns_can_hold_them(tmp_path, theme):
    # the 26-row indicator table: 约束性, 微克/立方米 and 2025年 each stay on one line
    lines = []
    with pdfplumber.open(built_pdf(QA_CONTENT, tmp_path, theme)) as document:
        for page in document.pages:
            lines += [cell.split("\n") for table in page.extract_tables()
                      if len(table[0]) == 5 for row in table for cell in row if cell]
    assert sum(map(len, lines)) > 100
    assert [cell for cell in lines if len(cell) > 1 and units([{"text": c} for c in cell[-1]]) < 2
            or not breaks_between_groups(cell)] == []


WIDE_TABLE = {"heading": "Indicators", "blocks": [{"table": {
    "caption": "Air quality by district (micrograms per cubic metre)",
    "columns": ["District", "Population (thousands)", "PM2.5 2020", "PM2.5 2025", "PM10 2020",
                "PM10 2025", "NO₂ 2020", "NO₂ 2025"],
    "rows": [["Northbridge-upon-Thames Industrial Corridor", "1,234", "31.5", "25", "58", "50",
              "41", "35"],
             ["Old Town", "456", "28", "24", "52", "45", "38", "32"],
             ["Southfields", "321", "25", "22", "47", "42", "33", "30"]]}}]}


@pytest.mark.parametrize("theme", THEMES)
def test_a_table_of_many_numeric_columns_keeps_its_words_whole_inside_the_type_area(tmp_path,
                                                                                    theme):
    # numeric columns' headings did not wrap: the label column was one letter wide (N/o/r/t/h…)
    # in the PDF and the handout, and the PDF's table ran past the margin
    path = tmp_path / "wide.yaml"
    path.write_text(yaml.safe_dump({**HEADER, "language": "en", "title": "Wide table",
                                    "short_title": "Wide table", "sections": [WIDE_TABLE]},
                                   allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = build(path, outputs=("pdf", "handout"), out_dir=tmp_path, theme=theme)
    assert result.ok, [str(d) for d in result.diagnostics]
    margins_mm = {"pdf": load_theme(theme).page.margin_right_mm, "handout": 14}
    for written in result.written:
        with pdfplumber.open(written.path) as document:
            page = next(p for p in document.pages if "Southfields" in (p.extract_text() or ""))
            words = {w["text"] for w in page.extract_words()}
            table_right = max(edge["x1"] for edge in page.edges)  # the table's rules
        assert {"Old", "Town", "Southfields", "Industrial", "Corridor"} <= words, written.kind
        assert table_right <= page.width - margins_mm[written.kind] * 72 / 25.4 + 0.5, \
            written.kind
