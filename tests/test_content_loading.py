"""Loading content: every problem reported at once, with file:line:col, in pinned words."""

from __future__ import annotations

import copy
import functools
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.content.load import load_briefing
from briefing.content.source import MAX_DEPTH, load_yaml
from briefing.diagnostics import DiagnosticError

from .conftest import ENGLISH_CONTENT, examples, write_yaml


def diagnostics_of(path: Path) -> list[str]:
    """Return the diagnostics loading a file gives, as printed, with the folder cut off."""
    with pytest.raises(DiagnosticError) as caught:
        load_briefing(path)
    return [str(d).replace(d.file, Path(d.file).name, 1) for d in caught.value.diagnostics]


def english_with(tmp_path: Path, old: str, new: str) -> Path:
    """Write a copy of the English test briefing with one piece of text replaced."""
    text = ENGLISH_CONTENT.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "brief.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_default_and_the_english_briefings_load(nankai):
    english = load_briefing(ENGLISH_CONTENT).briefing
    assert nankai.briefing.language == "zh-CN" and english.language == "en"
    kinds = [[block.kind for block in s.blocks] for s in nankai.briefing.sections]
    assert kinds == [["paragraphs"], ["cards"], ["goal"], ["cards"], ["groups"], ["cards"]]
    assert len(nankai.briefing.sections[3].blocks[0].cards) == 5
    assert [len(g.measures) for g in nankai.briefing.sections[4].blocks[0].groups] == [12, 4, 4]
    assert [s.heading for s in english.sections][0] == "Background"


def test_an_unknown_key_is_named_at_its_own_position_with_a_suggestion(tmp_path):
    path = english_with(tmp_path, "title: Example District Clean Air Plan",
                        "titel: Example District Clean Air Plan")
    assert diagnostics_of(path) == [  # the top mapping starts on line 7, after the comments
        "brief.yaml:7:1: error: titel: unknown key 'titel'; did you mean 'title'?",
        "brief.yaml:7:1: error: title: this field is required",
    ]


def test_a_nested_unknown_key_suggests_from_the_keys_allowed_there(tmp_path):
    path = english_with(tmp_path, "  publisher: Example District Office",
                        "  publsher: Example District Office")
    assert diagnostics_of(path) == [
        "brief.yaml:16:3: error: source.publsher: unknown key 'publsher'; did you mean"
        " 'publisher'?"]


def test_a_missing_field_points_at_its_parent_mapping(tmp_path):
    path = english_with(tmp_path, "          - title: Review\n", "          - name: Review\n")
    assert diagnostics_of(path) == [
        "brief.yaml:39:13: error: sections[1].blocks[0].cards[0].name: unknown key 'name'",
        "brief.yaml:39:13: error: sections[1].blocks[0].cards[0].title: this field is required",
    ]


def test_the_lede_is_a_list_of_paragraphs_checked_where_they_stand(tmp_path):
    lede = "lede:\n  - The district council adopted the plan in January 2026.\n"
    assert diagnostics_of(english_with(tmp_path, lede, "lede: The council adopted it.\n")) == [
        "brief.yaml:25:7: error: lede: expected a list (lines starting with '- '), got 'The"
        " council adopted it.'"]
    assert diagnostics_of(english_with(tmp_path, lede, "lede:\n  - text: ''\n    shot: x\n")) == [
        "brief.yaml:26:11: error: lede[0].text: this field is empty; write a value or remove the"
        " key",
        "brief.yaml:27:5: error: lede[0].shot: unknown key 'shot'; did you mean 'short'?"]
    assert diagnostics_of(english_with(tmp_path, "lede:", "ledes:")) == [
        "brief.yaml:25:1: error: ledes: unknown key 'ledes'; did you mean 'lede'?"]
    b = load_briefing(english_with(tmp_path, lede, "lede:\n  - short: Adopted\n    text: It"
                                                    " was adopted in January.\n")).briefing
    assert [(p.short, p.text) for p in b.lede] == [("Adopted", "It was adopted in January.")]


def test_every_problem_is_reported_at_once(tmp_path):
    path = write_yaml(tmp_path, """
        title: yes
        date: 2022-13-01
        language: 中文
        key_messages:
          - [a]
        sections:
          - blocks:
              - goal:
                  year: abc
        """)
    found = diagnostics_of(path)
    assert "brief.yaml:2:7: error: date: expected a date as YYYY-MM-DD, got '2022-13-01'" in found
    assert "brief.yaml:3:11: error: language: expected a language tag such as zh-CN or en," \
           " got '中文'" in found
    assert "brief.yaml:5:5: error: key_messages[0]: expected a mapping (key: value lines)," \
           " got a list" in found
    assert "brief.yaml:9:17: error: sections[0].blocks[0].goal.year: expected a year as four" \
           " digits, got 'abc'" in found
    assert "brief.yaml:9:11: error: sections[0].blocks[0].goal.statement: this field is" \
           " required" in found
    assert "brief.yaml:7:5: error: sections[0].heading: this field is required" in found
    assert "brief.yaml:1:1: error: issuer: this field is required" in found
    assert len(found) == 9


def test_yes_no_and_numbers_stay_the_text_the_author_typed(tmp_path):
    path = english_with(tmp_path, "short_title: Clean Air Plan briefing", "short_title: yes")
    path.write_text(path.read_text(encoding="utf-8")
                    .replace("subtitle: A briefing on the plan", "subtitle: 012")
                    .replace("  - Two programmes, one for traffic and one for heating.",
                             "  - 1.10\n  - off"), encoding="utf-8")
    b = load_briefing(path).briefing
    assert (b.short_title, b.subtitle) == ("yes", "012")
    assert [m.text for m in b.key_messages[1:]] == ["1.10", "off"]


def test_a_key_given_twice_names_both_lines(tmp_path):
    path = english_with(tmp_path, "issuer: Example District Office",
                        "issuer: Example District Office\nissuer: Another Office")
    assert diagnostics_of(path) == [
        "brief.yaml:11:1: error: issuer: key 'issuer' is given twice, on lines 10 and 11; keep one"]


def test_an_unclosed_quote_points_where_it_opens(tmp_path):
    path = write_yaml(tmp_path, 'title: "unclosed\nissuer: x\n')
    assert diagnostics_of(path) == [
        "brief.yaml:1:8: error: YAML syntax: a quoted scalar starts here and is never closed"]


def test_tab_indentation_points_at_the_tab(tmp_path):
    path = write_yaml(tmp_path, "source:\n\ttitle: x\n")
    assert diagnostics_of(path) == [
        "brief.yaml:2:1: error: a tab character cannot indent YAML; indent with spaces"]


def test_yaml_tags_anchors_and_aliases_are_refused_and_nothing_runs(tmp_path):
    path = write_yaml(tmp_path, """
        title: !!python/object/apply:os.system ["touch pwned"]
        subtitle: &a text
        short_title: *a
        """)
    assert diagnostics_of(path) == [
        "brief.yaml:1:8: error: YAML tags (!!python/object/apply:os.system) are not allowed;"
        " a briefing is plain text",
        "brief.yaml:2:11: error: anchors (&a) are not allowed; write the value out",
        "brief.yaml:3:14: error: aliases (*a) are not allowed; write the value out",
    ]
    assert not (tmp_path / "pwned").exists()


def test_a_billion_laughs_file_fails_fast_on_its_first_anchor(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = write_yaml(tmp_path, "\n".join(lines))
    found = diagnostics_of(path)
    assert found[0] == "brief.yaml:1:5: error: anchors (&a0) are not allowed; write the value out"


def test_empty_and_comment_only_files_say_there_is_no_briefing(tmp_path):
    for text in ("", "# only a comment\n"):
        path = write_yaml(tmp_path, text)
        assert diagnostics_of(path) == [
            "brief.yaml:1:1: error: the file holds no briefing; it needs at least title, issuer,"
            " date, …"]


def test_several_documents_are_refused(tmp_path):
    path = write_yaml(tmp_path, "title: a\n---\ntitle: b\n")
    assert diagnostics_of(path) == [
        "brief.yaml:2:1: error: a briefing file holds one YAML document; remove the second '---'"]


def test_a_list_at_the_top_is_not_a_briefing(tmp_path):
    path = write_yaml(tmp_path, "- a\n- b\n")
    assert diagnostics_of(path) == [
        "brief.yaml:1:1: error: a briefing is a mapping of keys (title: …, date: …), not a list"
        " or a text"]


def test_deep_nesting_is_refused_cleanly(tmp_path):
    path = write_yaml(tmp_path, "title: " + "[" * 5000 + "]" * 5000 + "\n")
    assert diagnostics_of(path) == [
        f"brief.yaml:1:{7 + MAX_DEPTH}: error: nested more than {MAX_DEPTH} levels deep"]


def test_a_file_that_is_not_utf8_names_the_byte(tmp_path):
    path = tmp_path / "brief.yaml"
    path.write_bytes("title: 南开\n".encode("utf-8") + "issuer: 南开区\n".encode("gb18030"))
    assert diagnostics_of(path) == [
        "brief.yaml:2:9: error: the file is not UTF-8 text (byte 0xC4); save it as UTF-8"]


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "brief.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + ENGLISH_CONTENT.read_bytes())
    assert load_briefing(path).briefing.issuer == "Example District Office"


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "brief.yaml"
    path.write_bytes(b"title: " + b"x" * (1 << 20) + b"\n")
    assert diagnostics_of(path) == [
        "brief.yaml:1:1: error: the file is 1,048,584 bytes; a briefing may be at most"
        " 1,048,576 bytes"]


def test_a_missing_file_is_a_diagnostic(tmp_path):
    assert diagnostics_of(tmp_path / "brief.yaml") == [
        "brief.yaml: error: cannot read the file: No such file or directory"]


def test_positions_are_one_based_line_and_column():
    located = load_yaml(b"a:\n  b: [x, y]\n", "f.yaml")
    assert located.values[("a", "b", 1)] == (2, 10)
    assert located.keys[("a", "b")] == (2, 3)


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:- \n\t\"'[]{}&*!#%|>?,@`南开、，。“”\\")),
               max_size=80))
def test_any_text_loads_or_gives_diagnostics_never_a_crash(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("prop") / "brief.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_briefing(path)
    except DiagnosticError as exc:
        assert exc.diagnostics and all(d.line >= 1 and d.column >= 1 for d in exc.diagnostics)


@functools.cache
def _english_data() -> dict:
    """Return the English briefing's data, parsed once, with its dates as the text typed."""
    data = yaml.safe_load(ENGLISH_CONTENT.read_text(encoding="utf-8"))
    data["date"] = str(data["date"])
    data["source"]["published"] = str(data["source"]["published"])
    return data


def english_data() -> dict:
    """Return a fresh copy of the English briefing's data, to change."""
    return copy.deepcopy(_english_data())


@settings(max_examples=examples(150), deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.sampled_from(["title", "date", "source", "items",
                                                       "text", "short", "x"]), inner,
                                      max_size=3), max_leaves=12))
def test_any_yaml_value_under_a_real_key_gives_positioned_diagnostics(tmp_path_factory,
                                                                      document):
    path = tmp_path_factory.mktemp("prop") / "brief.yaml"
    data = english_data()
    data["key_messages"] = document
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        load_briefing(path)
    except DiagnosticError as exc:
        assert all(Path(d.file).resolve() == path.resolve() and d.line >= 1
                   for d in exc.diagnostics)


# --- sections and blocks ----------------------------------------------------------------------

BLOCKS = """
    title: 测试
    short_title: 测试
    issuer: 测试办公室
    date: 2024-01-01
    language: zh-CN
    source:
      title: 测试来源
    sections:
      - heading: 背景
        blocks:
    """


def blocks_of(tmp_path: Path, blocks: str) -> list[str]:
    """Return the diagnostics of a small briefing whose one section has these blocks."""
    indented = textwrap.indent(textwrap.dedent(blocks).strip("\n"), " " * 10)
    return diagnostics_of(write_yaml(tmp_path, textwrap.dedent(BLOCKS) + indented + "\n"))


def test_an_unknown_block_kind_is_named_at_its_key_with_a_suggestion(tmp_path):
    assert blocks_of(tmp_path, """
        - card:
            - title: 原则
              text: 内容。
        - intro: 引言。
          lists:
            - 一项
        """) == [
        "brief.yaml:11:13: error: sections[0].blocks[0]: unknown block kind 'card'; did you mean"
        " 'cards'?",
        "brief.yaml:15:13: error: sections[0].blocks[1]: unknown block kind 'lists'; did you"
        " mean 'list'?",
    ]


def test_a_block_without_a_kind_or_with_two_kinds_says_what_a_block_is(tmp_path):
    assert blocks_of(tmp_path, """
        - intro: 只有引言。
        - 一段文字
        - paragraphs: [甲]
          list: [乙]
        """) == [
        "brief.yaml:11:13: error: sections[0].blocks[0]: this block names no kind; give it one"
        " key of paragraphs, cards, goal, groups, list, table, figure",
        "brief.yaml:12:13: error: sections[0].blocks[1]: a block is a mapping whose one key names"
        " its kind (paragraphs, cards, goal, groups, list, table, figure), got '一段文字'",
        "brief.yaml:13:13: error: sections[0].blocks[2]: a block has one kind, and this one names"
        " 2: 'paragraphs', 'list'; split it into blocks",
    ]


def test_an_option_a_kind_does_not_take_is_an_unknown_key_with_a_suggestion(tmp_path):
    assert blocks_of(tmp_path, """
        - paragraphs: [甲]
          overview: true
        - cards:
            - title: 原则
              text: 内容。
          overveiw: true
          count: 项原则
        """) == [
        "brief.yaml:12:13: error: sections[0].blocks[0].overview: unknown key 'overview'",
        "brief.yaml:16:13: error: sections[0].blocks[1].overveiw: unknown key 'overveiw'; did you"
        " mean 'overview'?",
    ]


def test_a_flag_is_true_or_false_and_nothing_else(tmp_path):
    assert blocks_of(tmp_path, """
        - cards:
            - title: 原则
              text: 内容。
          overview: yes
        """) == [
        "brief.yaml:14:23: error: sections[0].blocks[0].overview: expected true or false, got"
        " 'yes'"]


def test_a_table_row_with_the_wrong_number_of_cells_is_an_error_at_that_row(tmp_path):
    assert blocks_of(tmp_path, """
        - table:
            caption: 主要指标
            columns: [指标, 单位, 目标]
            rows:
              - group: 空气质量
              - [细颗粒物浓度, 微克/立方米, "42"]
              - [优良天数比率, "%"]
              - [碳排放, 吨, "1", "2"]
              - {grup: 水}
        """) == [
        "brief.yaml:19:19: error: sections[0].blocks[0].table.rows[4].group: this field is"
        " required",
        "brief.yaml:19:20: error: sections[0].blocks[0].table.rows[4].grup: unknown key 'grup';"
        " did you mean 'group'?",
    ]


def test_cells_count_against_the_columns_once_everything_else_is_valid(tmp_path):
    assert blocks_of(tmp_path, """
        - table:
            caption: 主要指标
            columns: [指标, 单位, 目标]
            rows:
              - group: 空气质量
              - [细颗粒物浓度, 微克/立方米, "42"]
              - [优良天数比率, "%"]
              - [碳排放, 吨, "1", "2"]
              - [空, ~, ""]
        """) == [
        "brief.yaml:17:19: error: sections[0].blocks[0].table.rows[2]: this row has 2 cells; the"
        " table has 3 columns",
        "brief.yaml:18:19: error: sections[0].blocks[0].table.rows[3]: this row has 4 cells; the"
        " table has 3 columns",
    ]


def test_a_table_knows_its_numeric_columns_and_its_rows(tmp_path):
    path = write_yaml(tmp_path, textwrap.dedent(BLOCKS) + textwrap.indent(textwrap.dedent("""
        - table:
            caption: 主要指标
            columns: [指标, 2020年, 目标, 属性]
            rows:
              - group: 空气质量
              - [细颗粒物浓度, "48", "42", 约束性]
              - [优良天数比率, "71.6", ">80", 约束性]
              - [水质, "-", "〔18〕", 预期性]
              - [森林, "12.4%", "15左右", 预期性]
          count: 项指标
        """).strip("\n"), " " * 10) + "\n")
    b = load_briefing(path).briefing
    table = b.sections[0].blocks[0]
    assert table.table.numeric_columns == [False, True, True, False]
    assert table.counted() == 4
    assert [(f.number, f.words) for f in b.numbers()] == [(4, "项指标")]
    assert table.table.rows[4] == ["森林", "12.4%", "15左右", "预期性"]


def test_without_cards_or_groups_asking_for_it_there_is_no_overview_and_no_zero(tmp_path):
    path = write_yaml(tmp_path, textwrap.dedent(BLOCKS) + textwrap.indent(textwrap.dedent("""
        - goal:
            year: 2025
            statement: 到2025年，环境质量改善。
          count: 类指标
        - cards:
            - title: 原则
              text: 内容。
          count: 项原则
        """).strip("\n"), " " * 10) + "\n")
    b = load_briefing(path).briefing
    assert b.overview() == []
    assert [(f.number, f.words) for f in b.numbers()] == [(1, "项原则")]  # no "0 类指标"
