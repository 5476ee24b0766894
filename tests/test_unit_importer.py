"""The importer's steps one module at a time (briefing/importer/): bytes -> lines (reading),
furniture and metadata lines (furniture), the copy lint's mechanical fixes with their page
columns (cleaning), one line -> a unit (units), runs of units -> blocks (blocks), units ->
sections (structure) and the limits a draft stays within (bounds). Each is given a few lines
built in the test; tests/test_importer.py imports whole pages."""

from __future__ import annotations

import codecs
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.diagnostics import DiagnosticError
from briefing.importer import blocks, bounds, furniture, headings, reading, structure, units
from briefing.importer.blocks import Block, Notes
from briefing.importer.cleaning import ZERO, Cleaner, Fix
from briefing.importer.structure import Section
from briefing.importer.units import Unit

from .conftest import examples

HAN = "生态环境保护规划南开区坚持党的领导"
MARKS = "，。、；：？！,:;?!() \u3000“”《》○〇一二三"
chinese_text = st.text(st.sampled_from(list(HAN + MARKS + "abc12")), max_size=30)


def content_of(lines: list[str]) -> list[tuple[int, str]]:
    """Return the content lines of a page as split_page gives them: (line, stripped text)."""
    return [(number, line.strip()) for number, line in enumerate(lines, 1) if line.strip()]


def units_of(lines: list[str], cleaner: Cleaner | None = None) -> list[Unit]:
    """Return the units of a page made of these content lines only."""
    return units.units_of(content_of(lines), lines, cleaner or Cleaner())


def unit(text: str, number: int = 1, previous: Unit | None = None) -> Unit:
    """Return the unit one line makes, at column 1."""
    return units.unit_of(number, text, 1, Cleaner(), previous)


def read(tmp_path, raw: bytes):
    """Read a page of these bytes; return (page, warnings) or the diagnostics as text."""
    path = tmp_path / "page.txt"
    path.write_bytes(raw)
    try:
        return reading.read_page(path, "page.txt")
    except DiagnosticError as exc:
        return [str(d) for d in exc.diagnostics]


# --- reading ---------------------------------------------------------------------------------

def test_line_ends_of_every_kind_count_as_splitlines_counts_them(tmp_path):
    page, warnings = read(tmp_path, "标题\r\n正文\r第三\n第四".encode())
    assert (page.lines, page.encoding, page.size, warnings) == (
        ["标题", "正文", "第三", "第四"], "UTF-8", 8 * 3 + 4, [])


def test_a_utf8_byte_order_mark_is_read_and_left_out_of_the_first_line(tmp_path):
    page, _ = read(tmp_path, codecs.BOM_UTF8 + "标题\n正文".encode())
    assert (page.lines, page.encoding) == (["标题", "正文"], "UTF-8 with BOM")


def test_a_page_with_a_utf16_byte_order_mark_is_read_as_utf16(tmp_path):
    page, _ = read(tmp_path, "标题\n正文".encode("utf-16"))
    assert (page.lines, page.encoding) == (["标题", "正文"], "UTF-16")


def test_a_utf16_byte_order_mark_before_bytes_that_are_not_utf16_is_refused(tmp_path):
    assert read(tmp_path, codecs.BOM_UTF16_LE + b"\x00\xd8") == [
        "page.txt:1:1: error: the page starts with a UTF-16 byte order mark but is not UTF-16;"
        " save it as UTF-8"]


def test_chinese_text_in_gb18030_is_read_with_a_warning_to_check_its_characters(tmp_path):
    page, warnings = read(tmp_path, "关于生态环境保护规划的解读\n正文".encode("gb18030"))
    assert (page.lines, page.encoding) == (["关于生态环境保护规划的解读", "正文"], "GB18030")
    assert [str(w) for w in warnings] == [
        "page.txt:1:1: warning: the page is not UTF-8; it was read as GB18030 (Chinese text"
        " throughout); check the draft's characters"]


def test_bytes_that_are_neither_utf8_nor_chinese_are_refused_at_the_first_bad_byte(tmp_path):
    # "ab\ncd" then 0xFF: line 2, column 3, byte offset 5
    assert read(tmp_path, b"ab\ncd\xff") == [
        "page.txt:2:3: error: the page is not UTF-8 (byte 0xFF at offset 5), nor Chinese text"
        " in GB18030; save it as UTF-8"]


def test_bytes_that_are_not_utf8_and_hold_nul_are_called_a_binary_file(tmp_path):
    assert read(tmp_path, b"ab\x00\xff") == [
        "page.txt:1:4: error: the page is not text: byte 0xFF at offset 3 is not UTF-8, and it"
        " holds NUL bytes; is it a binary file?"]


@pytest.mark.parametrize("raw, message", [
    (b"ab\x00c", "page.txt:1:3: error: the page is not plain text: it holds a NUL character; is"
                 " it a binary file?"),
    (b"ok\nab\x07c", "page.txt:2:3: error: the page is not plain text: it holds the control"
                     " character U+0007, which plain text does not hold"),
])
def test_a_control_character_in_utf8_text_is_refused_at_its_line_and_column(tmp_path, raw,
                                                                             message):
    assert read(tmp_path, raw) == [message]


@pytest.mark.parametrize("raw, message", [
    (b"", "page.txt:1:1: error: the page is empty"),
    (b"\n \n\t\n", "page.txt:1:1: error: the page is empty: it holds only blank lines"),
])
def test_an_empty_page_or_one_of_blank_lines_is_refused(tmp_path, raw, message):
    assert read(tmp_path, raw) == [message]


def test_a_page_over_one_mebibyte_is_refused_before_it_is_read(tmp_path):
    assert read(tmp_path, b"a" * (reading.MAX_BYTES * 3 // 2)) == [
        "page.txt:1:1: error: the page is 1.5 MiB; at most 1 MiB is imported"]


def test_a_folder_or_a_missing_file_is_refused_without_a_position(tmp_path):
    with pytest.raises(DiagnosticError) as folder:
        reading.read_page(tmp_path, "folder")
    with pytest.raises(DiagnosticError) as missing:
        reading.read_page(tmp_path / "none.txt", "none.txt")
    assert [str(d) for d in folder.value.diagnostics + missing.value.diagnostics] == [
        "folder: error: this is a folder, not a page",
        "none.txt: error: cannot read the page: No such file or directory"]


@pytest.mark.parametrize("text, chinese", [
    ("生态环境保护", True), ("生态 abc", True), ("生abcd", False), ("abc", False),
    ("   ", False), ("生态\x01", False)])
def test_a_text_reads_as_chinese_when_printable_and_a_third_of_it_is_chinese(text, chinese):
    assert reading.looks_chinese(text) is chinese


printable = st.text(st.characters(exclude_categories=("Cs",)), max_size=40).filter(
    lambda t: not reading.NOT_TEXT.search(t) and not t.startswith("\ufeff")
    and t.encode().strip())


@settings(max_examples=examples(200), deadline=None)
@given(printable)
def test_any_printable_utf8_text_is_read_back_as_its_lines(tmp_path_factory, text):
    page, warnings = read(tmp_path_factory.mktemp("page"), text.encode())
    assert (page.lines, page.encoding, warnings) == (text.splitlines(), "UTF-8", [])


@settings(max_examples=examples(200), deadline=None)
@given(st.binary(max_size=40))
def test_any_bytes_are_read_as_lines_or_refused_with_positioned_errors(tmp_path_factory, raw):
    found = read(tmp_path_factory.mktemp("page"), raw)
    if isinstance(found, list):
        assert len(found) == 1 and found[0].startswith("page.txt:") and ": error: " in found[0]
    else:
        page, _ = found
        assert not any(reading.NOT_TEXT.search(line) for line in page.lines)


# --- furniture -------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "当前位置：首页 > 政策解读", "首页 > 政务公开 > 解读", "【字体：大 中 小】",
    "打印本页 关闭窗口", "网站地图 | 关于我们 | 隐私声明", "主办单位：某市人民政府办公室",
    "岚ICP备20004321号", "分享到：微信 微博", "©2022 某市人民政府"])
def test_breadcrumbs_widgets_footer_links_and_imprints_are_furniture(line):
    assert furniture.is_furniture(line)


@pytest.mark.parametrize("line", ["网站地图 加强组织领导", "首页", "打印的规划文本",
                                  "关于规划的解读"])
def test_a_line_with_any_part_that_is_not_furniture_is_content(line):
    assert not furniture.is_furniture(line)


def test_a_metadata_line_gives_each_field_with_the_column_its_value_starts_at():
    assert furniture.metadata_fields("来源：某区生态环境局  时间：2022-02-14 17:19:49", 2) == [
        furniture.Field("来源", "某区生态环境局", 2, 4),
        furniture.Field("时间", "2022-02-14 17:19:49", 2, 16)]


def test_a_widget_after_the_fields_is_not_part_of_a_value():
    assert furniture.metadata_fields("时间：2022-02-14 【字体：大 中 小】", 3) == [
        furniture.Field("时间", "2022-02-14", 3, 4)]


def test_a_line_that_does_not_start_with_a_field_is_no_metadata_line():
    assert furniture.metadata_fields("正文说来源：某局", 2) is None
    assert furniture.metadata_fields("来源：" + "长" * furniture.TITLE_MAX, 2) is None


@pytest.mark.parametrize("value, date, published", [
    ("2022-02-14 17:19:49", dt.date(2022, 2, 14), "2022-02-14 17:19:49"),
    ("2022年2月14日", dt.date(2022, 2, 14), "2022-02-14"),
    ("2022/2/3 9:05", dt.date(2022, 2, 3), "2022-02-03 09:05"),
])
def test_a_date_field_gives_the_date_and_the_date_and_time_as_printed(value, date, published):
    assert furniture.read_date(value) == furniture.PageDate(date, published)


@pytest.mark.parametrize("value", ["2022-13-01", "2022-02-30", "1899-01-01", "无", "25:00"])
def test_an_impossible_or_far_date_is_no_date(value):
    assert furniture.read_date(value) is None


def test_a_page_is_split_into_furniture_metadata_the_title_its_subtitle_and_content():
    head = furniture.split_page([
        "当前位置：首页 > 解读", "  关于规划的解读  ", "——副标题", "来源：某局  时间：2022-02-14",
        "", "问：为什么？", "来源：正文中的一行", "答：因为。",
        "主办单位：某市政府  网站标识码：123"])
    assert (head.title, head.title_line, head.subtitle, head.subtitle_line) == (
        "关于规划的解读", 2, "副标题", 3)
    assert head.furniture == [(1, "当前位置：首页 > 解读"),
                              (9, "主办单位：某市政府  网站标识码：123")]
    assert (head.operator, head.operator_line) == ("某市政府", 9)
    assert head.metadata_lines == [4]
    # a metadata-like line amid the content is content
    assert head.content == [(6, "问：为什么？"), (7, "来源：正文中的一行"), (8, "答：因为。")]
    assert head.first(furniture.DATE_KEYS) == furniture.Field("时间", "2022-02-14", 4, 11)


def test_the_first_field_with_a_value_is_taken_in_the_order_of_the_keys():
    head = furniture.split_page(["标题", "发布机构：  来源：某局", "正文。"])
    assert head.first(furniture.SOURCE_KEYS) == furniture.Field("来源", "某局", 2, 11)
    assert head.blank(furniture.SOURCE_KEYS) == furniture.Field("发布机构", "", 2, 8)


def test_a_page_of_furniture_only_has_no_title_and_no_content():
    head = furniture.split_page(["打印本页", "", "网站地图 | 关于我们"])
    assert (head.title_line, head.content, len(head.furniture)) == (0, [], 2)


# --- cleaning --------------------------------------------------------------------------------

def test_half_width_marks_and_stray_spaces_are_fixed_at_their_page_columns():
    cleaner = Cleaner()
    assert cleaner.clean("规划,目标 任务", 3, 5) == "规划，目标任务"
    assert cleaner.fixes == [Fix(3, 7, ",", "，"), Fix(3, 10, " ", "")]
    assert [f.kind for f in cleaner.fixes] == ["half-width", "space"]


def test_a_white_circle_in_a_chinese_number_becomes_the_numeral_zero():
    cleaner = Cleaner()
    assert cleaner.clean("二○二五年", 1, 1) == "二〇二五年"
    assert cleaner.fixes == [Fix(1, 2, "○", ZERO)] and cleaner.fixes[0].kind == "zero"


def test_an_identical_doubled_pause_mark_keeps_one_and_a_mixed_pair_is_left():
    cleaner = Cleaner()
    assert cleaner.clean("完成，，好。。", 1, 1) == "完成，好。"
    assert cleaner.fixes == [Fix(1, 4, "，", ""), Fix(1, 7, "。", "")]
    assert cleaner.by_kind() == {"doubled": 2}
    assert Cleaner().clean("好，。坏", 1, 1) == "好，。坏"  # what was meant is not mechanical


def test_the_space_between_a_titles_halves_becomes_one_ideographic_space():
    cleaner = Cleaner()
    assert cleaner.clean("南开区  生态规划", 1, 1, title=True) == "南开区\u3000生态规划"
    assert cleaner.fixes == [Fix(1, 4, " ", "\u3000"), Fix(1, 5, " ", "")]
    assert cleaner.by_kind() == {"title space": 1, "space": 1}


@pytest.mark.parametrize("text", ["浓度(PM2.5)下降", "？！", "Clean air, now!", "……——"])
def test_latin_parentheses_marks_of_their_own_and_latin_text_are_left_as_printed(text):
    cleaner = Cleaner()
    assert (cleaner.clean(text, 1, 1), cleaner.fixes) == (text, [])


@settings(max_examples=examples(300), deadline=None)
@given(chinese_text, st.integers(1, 9), st.integers(1, 40), st.booleans())
def test_every_change_is_a_recorded_fix_on_the_line_within_the_text(text, line, column, title):
    cleaner = Cleaner()
    cleaned = cleaner.clean(text, line, column, title)
    removed = [f for f in cleaner.fixes if not f.after]
    assert len(cleaned) == len(text) - len(removed)
    assert all(f.line == line and column <= f.column < column + len(text) for f in cleaner.fixes)
    assert all(f.before == text[f.column - column] or f.before in "，。、；："
               for f in cleaner.fixes)
    assert sum(cleaner.by_kind().values()) == len(cleaner.fixes)
    assert cleaner.fixes or cleaned == text


@settings(max_examples=examples(300), deadline=None)
@given(chinese_text.filter(lambda t: "○" not in t), st.booleans())
def test_cleaning_a_cleaned_text_finds_nothing_more_to_fix(text, title):
    once = Cleaner().clean(text, 1, 1, title)
    again = Cleaner()
    assert (again.clean(once, 1, 1, title), again.fixes) == (once, [])


@settings(max_examples=examples(200), deadline=None)
@given(st.text(st.characters(max_codepoint=0x7E), max_size=40))
def test_text_without_chinese_is_never_changed(text):
    cleaner = Cleaner()
    assert (cleaner.clean(text, 1, 1), cleaner.fixes) == (text, [])


# --- units -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, kind, body, number", [
    ("问：为什么要编制？", "question", "为什么要编制？", None),
    ("一、问：为什么要编制？", "question", "为什么要编制？", 1),
    ("一、《规划》的编制背景是什么？", "question", "《规划》的编制背景是什么？", 1),
    ("一、总体要求", "heading", "总体要求", 1),
    ("（二）加强领导", "subheading", "加强领导", 2),
    ("三是加强领导", "item", "加强领导", 3),
    ("1. 加强领导。做好工作。", "item", "加强领导。做好工作。", 1),
    ("第一部分“总则”，内容", "item", "“总则”，内容", 1),
    ("一、加强领导，做好各项工作。", "item", "加强领导，做好各项工作。", 1),
    ("为了保护环境。", "plain", "为了保护环境。", None),
])
def test_a_line_is_a_question_heading_item_or_paragraph_with_its_marker_taken_off(
        text, kind, body, number):
    found = unit(text)
    assert (found.kind, found.text, found.number) == (kind, body, number)


def test_a_full_width_colon_after_wen_starts_a_question_and_after_da_an_answer():
    assert unit("问：为什么？").kind == "question"
    answer = unit("答：因为环境。")
    assert (answer.kind, answer.text, answer.answer) == ("plain", "因为环境。", True)


def test_a_short_numbered_line_inside_an_answer_is_no_heading():
    found = unit("答：一、总体要求")
    assert (found.kind, found.family, found.answer) == ("item", "、", True)


def test_an_item_keeps_its_marker_as_printed_beside_its_text():
    found = unit("1. 加强领导。")
    assert (found.family, found.marked) == ("1.", "1. 加强领导。")


def test_a_shi_whose_number_was_dropped_follows_the_shi_items_before_it():
    previous = unit("一是加强领导")
    found = unit("是加大投入", previous=previous)
    assert (found.kind, found.family, found.number, found.text) == (
        "item", "是", None, "是加大投入")
    assert unit("是加大投入").kind == "plain"


def test_the_page_columns_of_a_fix_count_the_lines_indent_and_the_prefix_taken_off():
    cleaner = Cleaner()
    units_of(["  问：为什么,要做?", "   答：因为 环境。"], cleaner)
    assert cleaner.fixes == [Fix(1, 8, ",", "，"), Fix(1, 11, "?", "？"), Fix(2, 8, " ", "")]


def test_lines_of_cells_make_a_table_with_its_caption_and_note():
    found = units_of(["表1 主要指标", "指标  单位  目标", "空气质量  %  85", "水质  %  90",
                      "注：数据为预测值。", "后文。"])
    assert [(u.kind, u.line, u.last_line) for u in found] == [("table", 1, 5), ("plain", 6, 0)]
    assert found[0].table == {"caption": "主要指标", "columns": ["指标", "单位", "目标"],
                              "rows": [["空气质量", "%", "85"], ["水质", "%", "90"]],
                              "note": "注：数据为预测值。", "categories": []}


def test_a_short_line_of_one_cell_between_rows_is_a_group_row():
    found = units_of(["指标\t目标", "约束性", "空气\t85", "水质\t90"])
    assert found[0].table["rows"] == [{"group": "约束性"}, ["空气", "85"], ["水质", "90"]]
    assert found[0].table["categories"] == ["约束性"]


def test_a_header_with_one_row_is_no_table():
    assert units.find_tables(content_of(["指标  目标", "空气  85"])) == {}
    assert [u.kind for u in units_of(["指标  目标", "空气  85"])] == ["plain", "plain"]


def test_cells_are_not_cleaned_as_prose():
    found = units_of(["指标  单位", "生态 环境  %", "保护  %"])
    assert found[0].table["rows"] == [["生态环境", "%"], ["保护", "%"]]  # a space in a cell is
    assert found[0].table["columns"] == ["指标", "单位"]  # stray; those between cells are not


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(chinese_text, max_size=8))
def test_any_lines_make_units_of_known_kinds_in_page_order(lines):
    found = units_of(lines)
    assert {u.kind for u in found} <= {"question", "heading", "subheading", "item", "plain",
                                        "table"}
    numbers = [n for n, _ in content_of(lines)]
    assert all(u.line in numbers for u in found)
    assert [u.line for u in found] == sorted(u.line for u in found)
    assert all(u.text or u.kind == "table" for u in found)


# --- blocks ----------------------------------------------------------------------------------

def blocks_of(lines: list[str], wants_goal: bool = False) -> tuple[list[Block], Notes]:
    """Return the blocks of one part of a section made of these lines, and the notes."""
    notes = Notes()
    return blocks.blocks_of(units_of(lines), wants_goal, notes), notes


def test_sentences_keep_their_end_marks_and_the_quotes_after_them():
    assert blocks.sentences("第一句。第二句！“第三句？”尾巴") == [
        "第一句。", "第二句！", "“第三句？”", "尾巴"]


def test_a_short_first_sentence_with_more_after_it_is_a_title():
    assert blocks.title_split("加强领导。各级政府负总责。") == ("加强领导", "各级政府负总责。")
    assert blocks.title_split("加强领导。") is None
    assert blocks.title_split("加强领导，各级政府负总责。") is None
    assert blocks.title_split("长" * (blocks.TITLE_MAX + 1) + "。其余。") is None


def test_numbered_items_with_title_sentences_make_cards_with_the_paragraphs_around_them():
    found, notes = blocks_of(["坚持三项原则，", "1. 节约优先。要节约资源。",
                              "2. 保护优先。要保护环境。", "3. 自然恢复。要让自然恢复。",
                              "这是结尾。"])
    assert [(b.kind, b.intro, b.outro, b.count) for b in found] == [
        ("cards", "坚持三项原则，", "这是结尾。", "项原则")]
    assert found[0].body == [{"title": "节约优先", "text": "要节约资源。"},
                             {"title": "保护优先", "text": "要保护环境。"},
                             {"title": "自然恢复", "text": "要让自然恢复。"}]
    assert notes == Notes()


def test_numbered_items_without_titles_make_a_list():
    found, _ = blocks_of(["1. 节约优先", "2. 保护优先"])
    assert [(b.kind, b.body) for b in found] == [
        ("list", [{"text": "节约优先"}, {"text": "保护优先"}])]


def test_a_numbering_with_a_gap_keeps_its_markers_as_printed_and_says_so():
    found, notes = blocks_of(["1.节约", "2.保护", "4.恢复"])
    assert found[0].body == [{"text": "1.节约"}, {"text": "2.保护"}, {"text": "4.恢复"}]
    assert notes.kept == ["lines 1–3: the numbering 1.、2.、4. has a gap or a repeat; the markers"
                          " are kept as printed so that check reports it — take them out once it"
                          " is fixed"]


def test_a_run_of_parts_makes_cards_titled_by_the_quoted_words():
    found, notes = blocks_of(["第一部分“总则”，讲原则。", "第二部分“任务，讲任务。"])
    assert found[0].kind == "cards"
    assert found[0].body == [{"title": "总则", "text": "讲原则。"},
                             {"title": "任务", "text": "讲任务。"}]
    assert notes.review == ["line 2: the page never closes the “ before 任务; the part's title is"
                            " taken up to the first ，"]


SHI_GROUPS = [
    "一是深入打好蓝天保卫战。空气质量持续向好，稳定达标。实施重点行业治理。加强扬尘管控。",
    "二是深入打好碧水保卫战。水质持续改善，稳定达标。实施重点流域治理。加强排污口管控。"]


def test_a_run_of_shi_items_reading_title_thrust_measures_makes_groups():
    found, _ = blocks_of(SHI_GROUPS)
    assert found[0].kind == "groups"
    assert found[0].body[0] == {
        "title": "深入打好蓝天保卫战", "thrust": "空气质量持续向好，稳定达标",
        "measures": [{"text": "实施重点行业治理。"}, {"text": "加强扬尘管控。"}]}


def test_a_thrust_that_runs_into_its_first_measure_is_split_for_review():
    notes = Notes()
    text = "深入打好蓝天保卫战。空气质量，持续向好实施重点行业治理。加强扬尘管控。"
    group = blocks.group_of(text, 5, notes)
    assert group == {"title": "深入打好蓝天保卫战", "thrust": "空气质量，持续向好",
                     "measures": [{"text": "实施重点行业治理。"}, {"text": "加强扬尘管控。"}]}
    assert notes.review == ["line 5: the thrust runs into the first measure without a full stop;"
                            " split before “实施重点行业治理”"]


def test_a_paragraph_with_a_target_year_in_a_goal_section_is_the_goal_with_its_series():
    statement = "到2025年，生态环境持续改善，主要目标包括：空气达标；水体达标；土壤安全。"
    found, _ = blocks_of([statement], wants_goal=True)
    assert [b.kind for b in found] == ["goal"]
    assert found[0].body == {
        "year": "2025", "statement": statement,
        "targets": [{"text": "空气达标"}, {"text": "水体达标"}, {"text": "土壤安全"}],
        "indicator_categories": []}


def test_a_goal_takes_the_numbered_items_after_it_as_targets_with_their_titles_as_short_forms():
    found, _ = blocks_of(["到2025年，生态环境持续改善。", "1. 空气达标。优良天数超过八成。",
                          "2. 水体达标"], wants_goal=True)
    assert [b.kind for b in found] == ["goal"]
    assert found[0].body["targets"] == [
        {"short": "空气达标", "text": "空气达标。优良天数超过八成。"}, {"text": "水体达标"}]


def test_a_target_year_outside_a_goal_section_stays_a_paragraph():
    found, _ = blocks_of(["到2025年，生态环境持续改善。"])
    assert [b.kind for b in found] == ["paragraphs"]


def test_a_numbered_run_inside_a_paragraph_becomes_a_list_led_by_what_comes_before_it():
    assert blocks.inline_run("主要任务：1.治气；2.治水；3.治土。") == (
        "主要任务：", ["治气；", "治水；", "治土。"])
    found, _ = blocks_of(["主要任务：1.治气；2.治水；3.治土。"])
    assert [(b.kind, b.intro, b.has_intro) for b in found] == [("list", "主要任务：", True)]


def test_a_shi_run_after_a_colon_is_a_list_and_after_a_full_sentence_stays_prose():
    assert blocks.inline_run("任务包括：一是治气；二是治水；三是治土。") == (
        "任务包括：", ["治气", "治水", "治土"])
    assert blocks.inline_run("这很重要。一是治气；二是治水。") is None


def test_a_series_of_three_or_more_ending_the_paragraph_is_a_list():
    assert blocks.series("目标包括：空气；水；土壤。") == ("目标包括：", ["空气", "水", "土壤"])
    assert blocks.series("目标包括：空气；水。") is None
    assert blocks.series("目标包括：空气；水；土壤") is None


@pytest.mark.parametrize("intro, number, words", [
    ("坚持五项原则。", 5, "项原则"), ("包括两大类任务，", 2, "大类任务"),
    ("部署了12个方面的任务。", 12, "个方面的任务"), ("坚持五项原则。", 4, None), (None, 3, None)])
def test_the_count_is_the_intros_words_for_the_number_of_items(intro, number, words):
    assert blocks.count_words(intro, number) == words


def test_paragraphs_next_to_each_other_make_one_paragraphs_block():
    found, _ = blocks_of(["段一。", "段二。"])
    assert [(b.kind, b.body) for b in found] == [
        ("paragraphs", [{"text": "段一。"}, {"text": "段二。"}])]


def test_one_numbered_item_alone_is_a_paragraph_as_printed():
    found, _ = blocks_of(["1. 只有一项。"])
    assert [(b.kind, b.body) for b in found] == [("paragraphs", [{"text": "1. 只有一项。"}])]


# --- structure -------------------------------------------------------------------------------

@pytest.mark.parametrize("question, heading", [
    ("《规划》的主要内容是什么？", "主要内容"),
    ("《规划》部署了哪些重点任务？", "重点任务"),
    ("《天津市南开区生态环境保护“十四五”规划》（以下简称《规划》）的出台背景是什么？", "出台背景"),
    ("“十四五”期间，南开区生态环境保护工作的主要目标是什么？", "主要目标"),
    ("如何保障《规划》实施？", "保障《规划》实施"),
    ("城镇居民生活用水如何计价？", "城镇居民生活用水计价"),
])
def test_a_heading_is_made_from_a_question_by_taking_words_away(question, heading):
    assert structure.heading_of(question) == heading


@pytest.mark.parametrize("question, heading", [
    ("资金来源有哪些要求？", "资金来源要求"),
    ("《办法》对股东资质有哪些要求？", "股东资质要求"),
    ("《办法》在规范股东行为方面有哪些规定？", "规范股东行为规定"),
    ("在推动减污降碳协同增效方面有哪些具体举措？", "推动减污降碳协同增效举措"),
    ("关于来华留学经费使用情况，您能否介绍一下情况？", "来华留学经费使用情况"),
    ("关于股东权利义务，您能否介绍一下情况？", "股东权利义务"),
    ("您能否介绍一下《办法》的主要内容？", "主要内容"),
    ("《办法》在防范关联交易风险方面是如何考虑的？", "防范关联交易风险的考虑"),
    ("请问，下一步有什么打算？", "下一步打算"),
    ("为什么要制定《办法》？", "制定《办法》"),
])
def test_a_heading_keeps_the_subject_of_what_the_question_asks_for(question, heading):
    assert headings.heading_of(question) == heading


def test_a_journalists_premise_before_the_question_is_not_the_heading():
    question = ("近年来，我市小额贷款公司发展较快，截至2020年末共有机构86家，比2015年末增长"
                "37.5%。请问《办法》出台的背景是什么？")
    assert headings.asking_sentence(question) == "请问《办法》出台的背景是什么"
    assert headings.heading_of(question) == "出台背景"


@pytest.mark.parametrize("question, heading", [
    ("生活垃圾分为哪几类？居民应当如何分类投放？", "生活垃圾分为哪几类"),
    ("如何进一步加强和改进全市城乡供水设施建设运营管理和水质安全保障工作？",
     "进一步加强和改进全市城乡供水设施建设运营"),
])
def test_where_no_rule_gives_a_heading_the_question_is_shortened_between_word_groups(
        question, heading):
    assert headings.heading_of(question) == heading


@settings(max_examples=examples(300), deadline=None)
@given(st.text(st.sampled_from(list(HAN + "是什么哪些如何的《》“”，？。您能否介绍一下情况方面"
                                   "要求规范请问关于有")), min_size=1, max_size=40))
def test_a_heading_never_starts_with_de_fangmian_or_nin_nor_is_a_bare_noun(question):
    heading = headings.heading_of(question)
    if heading not in (question, headings.asking_sentence(question)):  # nothing to take away
        assert not heading.startswith(("的", "方面", "您"))
        assert heading not in ("要求", "规范", "规定")


@settings(max_examples=examples(200), deadline=None)
@given(st.text(st.sampled_from(list(HAN + "是什么哪些如何的《》“”，？（以下简称）")), min_size=1,
               max_size=30))
def test_a_heading_made_from_a_question_takes_words_away_and_adds_none(question):
    heading = structure.heading_of(question)
    assert heading
    assert all(heading.count(c) <= question.count(c) for c in set(heading))


def test_a_first_clause_is_cut_at_a_mark_that_leaves_enough_of_it():
    assert structure.first_clause("加强组织领导和统筹协调，各区县政府负总责。") == \
        "加强组织领导和统筹协调"
    assert structure.first_clause("加强领导，各区县政府负总责。") is None  # only the whole is long
    assert structure.first_clause("加强组织领导和统筹协调。") is None  # enough: it is the text


def units_and_sections(lines: list[str]) -> structure.Structure:
    """Return the structure of a page made of these content lines."""
    return structure.sections_of(units_of(lines), "页面标题")


def test_a_question_page_has_a_section_per_question_headed_from_it():
    found = units_and_sections(["问：《规划》的主要内容是什么？", "答：内容。",
                                "问：如何保障实施？", "答：保障。"])
    assert [(s.heading, s.question, s.first_line, s.last_line, s.made_heading)
            for s in found.sections] == [
        ("主要内容", "《规划》的主要内容是什么？", 1, 2, True),
        ("保障实施", "如何保障实施？", 3, 4, True)]
    assert (found.notes.review, found.warnings) == ([], [])


def test_a_heading_page_has_a_section_per_heading_titled_by_its_sub_headings():
    found = units_and_sections(["一、总体要求", "（一）指导思想", "内容。", "二、主要任务",
                                "任务。"])
    assert [(s.heading, s.question, s.made_heading) for s in found.sections] == [
        ("总体要求", None, False), ("主要任务", None, False)]
    assert [(b.title, b.body) for b in found.sections[0].blocks] == [
        ("指导思想", [{"text": "内容。"}])]


def test_a_page_without_questions_or_headings_is_one_section_with_a_warning():
    found = units_and_sections(["只有一段话。"])
    assert [(s.heading, s.question) for s in found.sections] == [("页面标题", None)]
    assert found.warnings == [(1, "no 问：/答： pairs and no numbered headings (一、) were found;"
                                  " the page became one section: split it into sections by hand")]


def test_a_question_without_an_answer_becomes_its_sections_only_paragraph():
    found = units_and_sections(["问：为什么？", "问：是什么意思？", "答：这个。"])
    first = found.sections[0]
    assert (first.question, [b.body for b in first.blocks]) == (None, [[{"text": "为什么？"}]])
    assert found.warnings == [(1, "this question has no answer on the page; the draft keeps it as"
                                  " the section's only paragraph")]


def test_headings_numbered_with_a_gap_are_listed_for_review():
    found = units_and_sections(["一、总体", "甲。", "三、任务", "乙。"])
    assert found.notes.review == ["the headings are numbered 一、三 on the page; the draft's"
                                  " numbers are generated from their order"]


def test_the_lines_before_the_first_question_are_the_lede_not_a_section():
    found = units_and_sections(["近日，区生态环境局印发了规划，现解读如下。", "问：为什么？",
                                "答：因为。"])
    assert found.lede == [{"text": "近日，区生态环境局印发了规划，现解读如下。"}]
    assert (found.lede_lines, [s.question for s in found.sections]) == ((1, 1), ["为什么？"])


def test_a_roster_before_the_first_question_is_the_lede_a_role_a_whole_paragraph():
    found = units_and_sections(["主持人：", "张晓岚   新闻办副主任", "嘉宾：",
                                "许  伟   卫健委副主任", "林嘉怡   疾控中心主任",
                                "主持人：大家好！", "问：有哪些工作？", "答：三项工作。"])
    assert found.lede == [
        {"text": "主持人：张晓岚——新闻办副主任", "whole": True},
        {"text": "嘉宾：许伟——卫健委副主任；林嘉怡——疾控中心主任", "whole": True},
        {"text": "主持人：大家好！"}]
    assert (found.lede_lines, len(found.sections)) == ((1, 6), 1)


def test_a_table_before_the_first_question_makes_a_section_headed_by_its_first_clause():
    found = units_and_sections(["近日，区生态环境局印发了规划，现解读如下。", "指标\t目标",
                                "优良天数\t85", "水质\t90", "问：为什么？", "答：因为。"])
    assert found.lede == []
    assert [(s.heading, s.question, s.made_heading) for s in found.sections] == [
        ("近日，区生态环境局印发了规划", None, True), ("为什么", "为什么？", True)]


def test_a_goal_section_takes_its_tables_group_rows_as_indicator_categories():
    found = units_and_sections(["一、主要目标", "到2025年，生态环境持续改善。", "指标\t目标",
                                "空气质量类", "优良天数\t85", "水质\t90"])
    goal, table = found.sections[0].blocks
    assert (goal.kind, table.kind) == ("goal", "table")
    assert goal.body["indicator_categories"] == ["空气质量类"]


# --- bounds ----------------------------------------------------------------------------------

def section(heading: str = "标题", question: str | None = None, blocks_: list | None = None,
            line: int = 1) -> Section:
    """Return a section of the draft."""
    return Section(heading, question, blocks_ or [Block("paragraphs", [{"text": "段。"}], line)],
                   line, line)


def test_a_draft_within_the_limits_has_no_problem():
    assert bounds.problems([section()]) == []


def test_too_long_headings_and_questions_are_errors_at_the_sections_line():
    assert bounds.problems([section("标" * 256, "问" * 300, line=3)]) == [
        (3, "the heading is 256 characters long; a briefing holds at most 255"),
        (3, "the question is 300 characters long; a briefing holds at most 255")]


def test_too_many_sections_is_an_error_at_the_first_one_past_the_limit():
    sections = [section(f"标题{i}", line=2 * i + 1) for i in range(bounds.SECTIONS + 2)]
    assert bounds.problems(sections) == [
        (61, "32 sections (questions or headings); a briefing holds at most 30 — split the page")]


def test_a_blocks_counts_and_lengths_are_errors_at_its_line():
    table = Block("table", {"columns": ["列"] * 13, "rows": [["格" * 256] * 13],
                            "note": "注" * 4001, "categories": []}, 9)
    items = Block("list", [{"text": "项"}] * 201, 5, title="题" * 256)
    assert bounds.problems([section(blocks_=[items, table])]) == [
        (5, "201 list items; a briefing holds at most 200 — split the page"),
        (5, "a sub-heading is 256 characters long; a briefing holds at most 255"),
        (9, "13 columns; a briefing holds at most 12 — split the page"),
        (9, "a table cell is 256 characters long; a briefing holds at most 255"),
        (9, "the table's note is 4,001 characters long; a briefing holds at most 4,000")]


def test_groups_and_goals_are_held_to_the_limits_of_their_parts():
    groups = Block("groups", [{"title": "题" * 256, "thrust": None,
                               "measures": [{"text": "措施", "short": "短" * 256}]}], 2)
    goal = Block("goal", {"statement": "目" * 4001, "targets": [{"text": "标"}] * 201}, 4)
    assert bounds.problems([section(blocks_=[groups, goal])]) == [
        (2, "a group's title is 256 characters long; a briefing holds at most 255"),
        (2, "a short form is 256 characters long; a briefing holds at most 255"),
        (4, "201 targets; a briefing holds at most 200 — split the page"),
        (4, "the goal statement is 4,001 characters long; a briefing holds at most 4,000")]


def test_a_numbering_gap_of_dun_markers_is_shown_without_a_doubled_dun():
    _, notes = blocks_of(["一、节约用水，从我做起。", "二、保护水源，人人有责。",
                          "四、恢复生态，久久为功。"])
    assert notes.kept == ["lines 1–3: the numbering 一、二、四 has a gap or a repeat; the markers"
                          " are kept as printed so that check reports it — take them out once it"
                          " is fixed"]


# --- the page's head: site lines, a title of two lines, spaced labels --------------------------

def test_site_lines_before_a_two_line_title_are_furniture_and_the_second_line_the_subtitle():
    head = furniture.split_page([
        "滨澜新闻网", "www.binlan-news.example.cn", "进一步规范小额贷款公司股东行为",
        "市金融局有关负责人就《办法》答记者问", "时  间：2021年07月30日", "来  源：滨澜市金融局",
        "", "正文。"])
    assert head.furniture == [(1, "滨澜新闻网"), (2, "www.binlan-news.example.cn")]
    assert (head.title, head.title_line, head.subtitle, head.subtitle_line) == (
        "进一步规范小额贷款公司股东行为", 3, "市金融局有关负责人就《办法》答记者问", 4)
    assert head.fields == [furniture.Field("时间", "2021年07月30日", 5, 6),
                           furniture.Field("来源", "滨澜市金融局", 6, 6)]
    assert head.content == [(8, "正文。")]


def test_a_short_title_alone_before_the_metadata_is_the_title_not_a_site_line():
    head = furniture.split_page(["澄溪市政府", "来源：澄溪市政府", "时间：2022-01-01", "正文。"])
    assert (head.title, head.furniture) == ("澄溪市政府", [])


@pytest.mark.parametrize("line, fields", [
    ("时  间:2021年07月30日", [("时间", "2021年07月30日", 6)]),
    ("发布时间：2018-04-27  发布机构：澄溪市卫生健康委员会",
     [("发布时间", "2018-04-27", 6), ("发布机构", "澄溪市卫生健康委员会", 23)]),
    ("日　期：2021-07-30", [("日期", "2021-07-30", 5)]),
    ("2021-07-30 17:07 来源：新华社 【字体：大 中 小】 打印本页",
     [("", "2021-07-30 17:07", 1), ("来源", "新华社", 21)]),
    ("2021年07月30日", [("", "2021年07月30日", 1)]),
])
def test_a_metadata_line_may_space_its_labels_or_start_with_the_date(line, fields):
    found = furniture.metadata_fields(line, 3)
    assert [(f.key, f.value, f.column) for f in found] == fields


def test_a_date_running_on_into_words_is_a_sentence_not_a_date_line():
    assert furniture.metadata_fields("2021年7月，我市印发了《办法》。", 3) is None


def test_an_indented_metadata_line_gives_the_columns_of_the_page():
    head = furniture.split_page(["标题", "    来源：某局  时间：2022-02-14", "正文。"])
    assert [(f.key, f.column) for f in head.fields] == [("来源", 8), ("时间", 15)]


# --- columns and bullets are not slips --------------------------------------------------------

@pytest.mark.parametrize("text", ["毛群安   全国爱卫办副主任", "许  伟\t云南省卫生健康委员会",
                                  "指标\u3000单位", "主要有：○加强领导；○完善机制",
                                  "目标：○一是加强"])
def test_two_spaces_a_tab_an_ideographic_space_and_a_bullet_circle_are_left_as_printed(text):
    cleaner = Cleaner()
    assert (cleaner.clean(text, 1, 1), cleaner.fixes) == (text, [])


def test_only_a_circle_after_a_numeral_is_a_zero():
    cleaner = Cleaner()
    assert cleaner.clean("二○○五年：○", 1, 1) == "二〇〇五年：○"
    assert cleaner.fixes == [Fix(1, 2, "○", ZERO), Fix(1, 3, "○", ZERO)]


def test_a_doubled_mark_after_another_mark_is_made_one():
    cleaner = Cleaner()
    assert cleaner.clean("说明：，，内容", 1, 1) == "说明：，内容"
    assert cleaner.fixes == [Fix(1, 5, "，", "")]


def test_numbered_questions_with_a_gap_are_listed_without_a_doubled_dun():
    found = units_and_sections(["一、《规划》的编制背景是什么？", "答。",
                                "三、《规划》的主要目标是什么？", "答。"])
    assert found.notes.review == ["the questions are numbered 一、三 on the page; the draft's"
                                  " numbers are generated from their order"]


# --- what a file is, and tables read as tables -----------------------------------------------

@pytest.mark.parametrize("start, kind", [
    (b"PK\x03\x04\x14\x00", "Word file"), (b"<!DOCTYPE html><html>", "web page"),
    (b"\xef\xbb\xbf<html lang='zh'>", "web page"), (b"  <!-- saved --> <HTML>", "web page"),
    ("<html>".encode("utf-16"), "web page"), ("标题\n<p>不是网页</p>".encode(), "text"),
    (b"<script>alert(1)</script>", "text")])
def test_a_file_is_told_by_its_first_bytes(start, kind):
    assert reading.kind_of(start, "page.txt", "page.txt") == kind


def test_a_row_merged_across_the_table_is_a_group_row_and_short_rows_are_padded():
    from briefing.importer.tables import table_of
    assert table_of([[("指标", 1), ("2020年", 1), ("2025年", 1)], [("质量", 3)],
                     [("优良天数", 1), ("85", 1)], [("水质", 1), ("", 1), ("", 1)],
                     [("达标率", 1), ("90", 1), ("95", 1)]]) == {
        "columns": ["指标", "2020年", "2025年"],
        "rows": [{"group": "质量"}, ["优良天数", "85", ""], {"group": "水质"},
                 ["达标率", "90", "95"]]}
    assert table_of([[("指标", 1), ("目标", 1)], [("只有分组", 2)]]) is None


def test_a_web_pages_blocks_say_whether_they_are_bold_headings_or_the_sites_boxes():
    from briefing.importer import markup
    found = markup.parse(
        "<html><body><div class='BreadcrumbNav'>首页 &gt; 解读</div><h2>背景</h2>"
        "<p><strong>问：为什么？</strong></p><p>答：因为&nbsp;&nbsp;如此。<br>第二行</p>"
        "<p><a href='#'>甲</a> <a href='#'>乙</a></p></body></html>")
    assert [(p.text, p.level, p.bold, p.furniture, p.links) for p in found.pieces] == [
        ("首页 > 解读", 0, False, True, False), ("背景", 2, True, False, False),
        ("问：为什么？", 0, True, False, False), ("答：因为  如此。", 0, False, False, False),
        ("第二行", 0, False, False, False), ("甲 乙", 0, False, False, True)]


def test_a_page_with_a_second_title_line_but_no_date_is_an_error_at_its_metadata_line(tmp_path):
    from briefing.importer.page import import_page
    page = tmp_path / "p.txt"
    page.write_text("规范股东行为\n有关负责人答记者问\n来源：某局\n\n正文。\n", encoding="utf-8")
    result = import_page(page, tmp_path / "p.yaml")
    assert [str(d) for d in result.diagnostics] == [
        f"{page}:3:1: error: date: no publication date found on the page (looked for 时间,"
        " 发布时间, 发布日期, 日期 or a date alone on line 3)"]


def test_an_xhtml_page_with_an_xml_declaration_is_a_web_page_in_its_declared_encoding():
    from briefing.importer import markup
    raw = '<?xml version="1.0" encoding="gb2312"?>\n<html><body><p>生态</p></body></html>'
    assert reading.kind_of(raw.encode("gbk"), "p.htm", "p.htm") == "web page"
    assert markup.decode(raw.encode("gbk"), "p.htm") == (raw, "GB2312")


def test_a_web_archive_is_refused_with_what_to_save_instead():
    with pytest.raises(DiagnosticError) as refused:
        reading.kind_of(b"From: <Saved by Blink>\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
                        b"Content-Type: multipart/related;\r\n", "p.mht", "p.mht")
    assert [str(d) for d in refused.value.diagnostics] == [
        'p.mht:1:1: error: the file is a web archive (.mht); save the page as "Web page, HTML'
        ' only" (.html) and import that']


def test_a_journalists_line_that_asks_is_a_question_and_a_byline_is_not():
    asked = unit("新华社记者：近年来变化很大，请问下一步有什么打算？")
    assert (asked.kind, asked.text) == ("question", "近年来变化很大，请问下一步有什么打算？")
    assert unit("记者：张晓岚").kind == "plain"
