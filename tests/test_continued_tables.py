"""A table that runs onto another page goes on under 续表N with its header rows."""

from __future__ import annotations

import re

import pdfplumber

from briefing.builder.pipeline import build
from briefing.pdf.continued import cut

from .conftest import write_yaml

ROW = re.compile(r"第\d+项指标 ")

ROWS = "\n".join(f"          - [第{i}项指标, 万吨, '{i * 3}', '{i * 2}']" for i in range(1, 71))
LONG_TABLE = f"""title: 某区统计指标解读
short_title: 某区统计指标
issuer: 某区统计局
date: 2023-05-06
language: zh-CN
source:
  title: 某区统计指标全文
sections:
  - heading: 主要指标
    blocks:
      - paragraphs:
          - text: 下表列出全区主要指标。
      - table:
          caption: 某区主要指标一览
          columns: [指标, 单位, 2020年, 2025年]
          rows:
{ROWS}
          note: 注：数据为示意。
  - heading: 下一步工作
    blocks:
      - paragraphs:
          - text: 继续做好统计工作。
"""


def test_each_page_a_table_runs_onto_starts_with_the_continued_caption(tmp_path):
    result = build(write_yaml(tmp_path, LONG_TABLE), outputs=("pdf",), out_dir=tmp_path)
    assert result.ok, result.diagnostics
    with pdfplumber.open(result.written[0].path) as document:
        pages = [page.extract_text().splitlines() for page in document.pages]
    table_pages = [lines for lines in pages if any(ROW.match(line) for line in lines)]
    assert len(table_pages) == 3
    assert "表1 某区主要指标一览" in table_pages[0]
    for lines in table_pages[1:]:
        at = lines.index("续表1")
        assert lines[at + 1] == "指标 单位 2020年 2025年"
        assert ROW.match(lines[at + 2])
    rows = [line.split()[0] for lines in table_pages for line in lines if ROW.match(line)]
    assert rows == [f"第{i}项指标" for i in range(1, 71)]  # none lost, none twice


TABLE = ('<table class="words" data-continued="续表2"><caption>表2 指标</caption>'
         "<thead><tr><th>指标</th></tr></thead><tbody>"
         '<tr data-row="s.table.rows[0]"><td>a</td></tr>'
         '<tr data-row="s.table.rows[1]"><td>b</td></tr></tbody></table>')


def test_a_cut_table_goes_on_in_a_table_of_its_own_under_the_same_header():
    assert cut(TABLE, "s.table", 1) == (
        '<table class="words" data-continued="续表2"><caption>表2 指标</caption>'
        "<thead><tr><th>指标</th></tr></thead><tbody>"
        '<tr data-row="s.table.rows[0]"><td>a</td></tr></tbody></table>'
        '<table class="words continued" data-continued="续表2">'
        '<caption class="continued-caption">续表2</caption>'
        "<thead><tr><th>指标</th></tr></thead><tbody>"
        '<tr data-row="s.table.rows[1]"><td>b</td></tr></tbody></table>')


def test_a_row_that_is_not_there_leaves_the_html_as_it_is():
    assert cut(TABLE, "s.table", 5) == TABLE


def test_a_table_on_more_than_three_pages_goes_on_under_its_header_alone(tmp_path, monkeypatch):
    from briefing.pdf import continued

    def no_cut(*args):
        raise AssertionError("a table of many pages is not cut: each cut is a layout")

    monkeypatch.setattr(continued, "cut", no_cut)
    rows = "\n".join(f"          - [第{i}项指标, 万吨, '{i * 3}', '{i * 2}']"
                     for i in range(1, 161))
    long_table = LONG_TABLE.replace(ROWS, rows)
    result = build(write_yaml(tmp_path, long_table), outputs=("pdf",), out_dir=tmp_path)
    assert result.ok, result.diagnostics
    with pdfplumber.open(result.written[0].path) as document:
        pages = [page.extract_text().splitlines() for page in document.pages]
    table_pages = [lines for lines in pages if any(ROW.match(line) for line in lines)]
    assert len(table_pages) > continued.CUT_PAGES
    assert all("指标 单位 2020年 2025年" in lines for lines in table_pages)
    assert not any("续表1" in lines for lines in table_pages)
