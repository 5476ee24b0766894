"""The content stage's limits and character positions (briefing/content/limits.py,
briefing/content/positions.py): the numbers the loader holds a briefing to, each at its
edge, and where each character of a YAML scalar stands in its file, for every scalar style
and for escapes, folds and a byte order mark."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.content import limits
from briefing.content.load import load_briefing
from briefing.content.positions import CharacterPositions, position, scalars, source_indexes
from briefing.diagnostics import DiagnosticError

from .conftest import examples, write_yaml

BRIEF = """
title: {title}
short_title: 短标题
issuer: 办公室
date: {date}
language: zh-CN
keywords: [{keywords}]
source:
  title: 来源
sections:
  - heading: 第一部分
    blocks:
      - paragraphs:
          - 段落。
"""


def load(folder, title: str = "标题", date: str = "2024-01-01", keywords: str = "生态"):
    """Load the small briefing with these values; return it or its diagnostics as text."""
    path = write_yaml(folder, BRIEF.format(title=title, date=date, keywords=keywords))
    try:
        return load_briefing(path)
    except DiagnosticError as exc:
        return [str(d).removeprefix(f"{d.file}:") for d in exc.diagnostics]


# --- limits ----------------------------------------------------------------------------------

def test_a_one_line_value_holds_what_a_decks_property_holds_and_no_more(tmp_path):
    assert limits.LINE == limits.KEYWORDS == 255
    assert load(tmp_path, title="题" * limits.LINE).briefing.title == "题" * 255
    assert load(tmp_path, title="题" * (limits.LINE + 1)) == [
        "1:8: error: title: this text is 256 characters; at most 255"]


@pytest.mark.parametrize("date", ["1980-01-01", "2107-12-31"])
def test_the_first_and_last_dates_a_zip_records_are_accepted(tmp_path, date):
    assert str(load(tmp_path, date=date).briefing.date) == date


@pytest.mark.parametrize("date", ["1979-12-31", "2108-01-01"])
def test_a_date_a_zip_cannot_record_is_refused(tmp_path, date):
    assert (limits.FIRST_YEAR, limits.LAST_YEAR) == (1980, 2107)
    assert load(tmp_path, date=date) == [
        f"4:7: error: date: expected a date from 1980-01-01 to 2107-12-31 (what a deck can"
        f" record), got '{date}'"]


def test_the_keywords_together_hold_what_the_decks_keywords_property_holds(tmp_path):
    # six keywords of 40 characters, joined by ", ": 6 * 40 + 5 * 2 = 250 characters
    assert not isinstance(load(tmp_path, keywords=", ".join(["k" * 40] * 6)), list)
    assert load(tmp_path, keywords=", ".join(["k" * 42] * 6)) == [
        "6:11: error: keywords: the keywords are 262 characters in all; a deck holds at most 255"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (limits.MAX_FILE_BYTES + 1))
    with pytest.raises(DiagnosticError) as caught:
        load_briefing(path)
    assert [d.message for d in caught.value.diagnostics] == [
        "the file is 1,048,577 bytes; a briefing may be at most 1,048,576 bytes"]


def cards(count: int) -> str:
    """Return the text of a briefing whose one block is `count` cards drawn in the overview."""
    items = "".join(f"          - title: 卡片{i}\n            text: 内容。\n" for i in range(count))
    text = BRIEF.format(title="标题", date="2024-01-01", keywords="生态")
    return text.replace("      - paragraphs:\n          - 段落。\n",
                        f"      - overview: true\n        cards:\n{items}")


@pytest.mark.parametrize("count", [limits.OVERVIEW_PER_ROW + 1, limits.OVERVIEW_BOXES])
def test_an_overview_block_of_up_to_two_rows_of_boxes_loads(tmp_path, count):
    assert limits.OVERVIEW_BOXES == 2 * limits.OVERVIEW_PER_ROW == 12
    assert len(load_briefing(write_yaml(tmp_path, cards(count))).briefing.sections[0]
               .blocks[0].cards) == count


def test_an_overview_block_of_more_boxes_than_two_rows_hold_is_refused(tmp_path):
    with pytest.raises(DiagnosticError) as caught:
        load_briefing(write_yaml(tmp_path, cards(limits.OVERVIEW_BOXES + 1)))
    assert [d.message for d in caught.value.diagnostics] == [
        "the overview diagram draws at most 12 boxes for a block, and this one has 13; set"
        " overview: false or split the block"]


# --- positions -------------------------------------------------------------------------------

def where_each(text: str) -> list[tuple[str, list[tuple[int, int]]]]:
    """Return each scalar value of a YAML text with the line and column of its characters."""
    positions = CharacterPositions(text)
    return [(node.value, [positions.of(node, at) for at in range(len(node.value))])
            for _, node in scalars(yaml.compose(text, Loader=yaml.SafeLoader))]


def test_a_plain_scalars_characters_stand_where_they_are_typed():
    assert where_each("a: 生态\n") == [("生态", [(1, 4), (1, 5)])]


def test_quotes_are_skipped_and_a_doubled_single_quote_is_one_character():
    assert where_each("b: 'it''s'\n") == [("it's", [(1, 5), (1, 6), (1, 7), (1, 9)])]


def test_an_escape_stands_at_its_backslash_and_the_characters_after_it_after_it():
    assert where_each('a: "x\\ty"\n') == [("x\ty", [(1, 5), (1, 6), (1, 8)])]
    assert where_each('k: "\\u751f态"\n') == [("生态", [(1, 5), (1, 11)])]


def test_a_folded_scalars_lines_keep_their_own_positions_and_a_fold_stands_after_a_line():
    assert where_each("a: >\n  one\n  two\n") == [
        ("one two\n", [(2, 3), (2, 4), (2, 5), (2, 6), (3, 3), (3, 4), (3, 5), (3, 6)])]


def test_a_plain_scalar_over_two_lines_and_a_backslash_ending_a_line():
    assert where_each("a:\n  - 问题 答案\n    下一行\n") == [
        ("问题 答案 下一行", [(2, 5), (2, 6), (2, 7), (2, 8), (2, 9), (2, 10), (3, 5), (3, 6),
                        (3, 7)])]
    assert where_each('a: "ab\\\n  cd"\n') == [("abcd", [(1, 5), (1, 6), (2, 3), (2, 4)])]


def test_a_byte_order_mark_takes_no_column_as_pyyaml_counts():
    assert where_each("\ufeffa: 生态\n") == [("生态", [(1, 4), (1, 5)])]


def test_lines_are_counted_at_the_breaks_pyyaml_counts():
    text = "a\r\nb\rc\u2028d"
    starts = [0, 3, 5, 7]
    assert [position(text, starts, text.index(c)) for c in "abcd"] == [
        (1, 1), (2, 1), (3, 1), (4, 1)]
    assert CharacterPositions(text).starts == starts


def test_scalars_are_every_value_with_its_key_path_and_no_key():
    root = yaml.compose("a: 1\nb:\n  - x\n  - {c: y}\n", Loader=yaml.SafeLoader)
    assert [(path, node.value) for path, node in scalars(root)] == [
        (("a",), "1"), (("b", 0), "x"), (("b", 1, "c"), "y")]


VALUE = st.text(st.sampled_from(list("生态环境 abc'\"\\:#-")), min_size=1, max_size=30).filter(
    lambda t: t.strip() == t)


@settings(max_examples=examples(300), deadline=None)
@given(VALUE, st.sampled_from([None, "'", '"', "|", ">"]), st.sampled_from([8, 80]))
def test_every_character_typed_as_it_is_stands_where_the_file_has_it(value, style, width):
    text = yaml.dump({"key": [value]}, default_style=style, allow_unicode=True, width=width)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    (_, node), = [(p, n) for p, n in scalars(root) if p == ("key", 0)]
    assert node.value == value
    positions = CharacterPositions(text)
    lines = text.split("\n")
    for at, index in enumerate(source_indexes(text, node)):
        if index is None:  # a space a fold or a line break made
            assert value[at] == " ", (text, at)
            continue
        line, column = positions.of(node, at)
        shown = lines[line - 1][column - 1]
        assert shown == value[at] or (shown == "\\" and style == '"'), (text, at)
