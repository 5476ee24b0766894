"""Word groups, balanced title lines and runt ties (design/phrases.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.design import phrases
from briefing.design.chars import is_wide
from briefing.design.phrases import (
    NO_BREAK_SPACE,
    WORD_JOINER,
    balanced,
    balanced_lines,
    last_two_tie,
    phrased,
    runt_tie,
    unbreakable_groups,
    without_lone_last,
    without_runt,
    word_groups,
)

from .conftest import examples

MIXED = st.lists(st.sampled_from(list("深入打好蓝天保卫战，。《》“”（）、 2025年%/–-.ab PM") + [
    "生态环境", "空气质量", "微克", "立方米", "Plan ", "µg/m³"]), max_size=40).map("".join)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)


def plain(text: str) -> str:
    """Return text without word joiners, with no-break spaces as spaces."""
    return text.replace(WORD_JOINER, "").replace(NO_BREAK_SPACE, " ")


@pytest.mark.parametrize("text, groups", [
    ("深入打好蓝天保卫战", ("深入", "打", "好", "蓝天", "保卫战")),
    ("坚持以人民为中心", ("坚持", "以", "人民", "为", "中心")),
    ("到2025年，全区", ("到", "2025年，", "全区")),
    ("细颗粒物（PM2.5）年均浓度降至52微克/立方米",
     ("细", "颗粒物", "（PM2.5）", "年均", "浓度", "降至", "52微克/立方米")),
    ("《天津市南开区生态环境保护“十四五”规划》解读",
     ("《天津市", "南开区", "生态", "环境保护", "“十四五”", "规划》", "解读")),
    ("2021—2025年", ("2021—2025年",)),
    ("到2025年细颗粒物", ("到", "2025年细", "颗粒物")),  # jieba's 年细 stays with its number
    ("2030年前实现碳达峰", ("2030年前", "实现", "碳达峰")),
    ("第3页共7页", ("第3页", "共", "7页")),
    ("地表水劣Ⅴ类水体比例", ("地表水", "劣", "Ⅴ类", "水体", "比例")),
    ("２０２５年目标", ("２０２５年", "目标")),
    ("Clean Air Plan 2026–2030", ("Clean ", "Air ", "Plan ", "2026–2030")),
    ("from 52 µg/m³ to 38 µg/m³.", ("from ", "52 ", "µg/m³ ", "to ", "38 ", "µg/m³.")),
])
def test_word_groups_keep_words_numbers_units_and_terms_whole(text, groups):
    assert word_groups(text) == groups


@given(ANY_TEXT)
@settings(max_examples=examples(300), deadline=None)
def test_word_groups_of_any_text_give_the_text_back(text):
    assert "".join(word_groups(text)) == text
    assert plain(unbreakable_groups(text)) == plain(text)  # the text may hold joiners itself
    assert plain(without_runt(text)) == plain(text)


@given(MIXED)
@settings(max_examples=examples(300), deadline=None)
def test_no_group_starts_with_a_closing_mark_or_ends_with_an_opening_one(text):
    groups = word_groups(text)
    assert all(g[0] not in "，。、）》”%" for g in groups[1:])
    assert all(g.rstrip()[-1:] not in "（《“" for g in groups[:-1] if g.strip())


@pytest.mark.parametrize("text, tail", [
    ("加快解决群众身边的突出生态环境问题。", "问题。"),
    ("深入打好蓝天保卫战", "保卫战"),
    ("空气质量持续改善，优良天数比率达到85%", "达到85%"),
    ("The plan ends in 2030.", "in 2030."),
    ("Keep the interdepartmentalisation.", "Keep the interdepartmentalisation."[35:]),
    ("问题。", ""),
    ("生“，生", "生“，生"),  # a group of marks alone is no word: the tie takes the one before
    ("PM2.5生“", "PM2.5生“"),  # one character and a mark: the word before too
])
def test_the_tie_at_a_texts_end_holds_two_characters_or_two_words(text, tail):
    assert text[runt_tie(text):] == tail


def test_a_tied_tail_has_no_place_to_break_and_the_rest_is_untouched():
    tied = without_runt("加快解决群众身边的突出生态环境问题。")
    assert tied == "加快解决群众身边的突出生态环境问" + WORD_JOINER + "题" + WORD_JOINER + "。"
    assert without_runt("The plan ends in 2030.") == "The plan ends in" + NO_BREAK_SPACE + "2030."


def by_characters(text: str) -> float:
    """Return a width of one unit per character (spaces too)."""
    return float(len(text))


@pytest.mark.parametrize("text, limit, lines", [
    ("深入打好蓝天保卫战", 8, ["深入打好", "蓝天保卫战"]),
    ("Example District Clean Air Plan 2026–2030", 30,
     ["Example District Clean", "Air Plan 2026–2030"]),
    ("坚持以人民为中心", 6, ["坚持以", "人民为中心"]),
])
def test_balanced_lines_break_between_groups_into_even_lines(text, limit, lines):
    assert balanced_lines(word_groups(text), by_characters, limit) == lines


@given(MIXED, st.integers(2, 30))
@settings(max_examples=examples(300), deadline=None)
def test_balanced_lines_take_no_more_lines_than_filling_them_and_each_fits(text, limit):
    groups = word_groups(text)
    lines = balanced_lines(groups, by_characters, limit)
    greedy, line = [], ""
    for group in groups:
        if line and len((line + group).strip()) > limit:
            greedy.append(line)
            line = ""
        line += group
    greedy.append(line)
    assert len(lines) <= len(greedy) or not text.strip()
    fitted = [g.strip() for g in groups]
    assert all(len(row) <= limit or row in fitted for row in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("text, tail", [
    ("加快解决群众身边的突出生态环境问题。", "问题。"),
    ("推进生态环境保护", "保护"),  # not the whole word: one character pushed down at most
    ("到2025年。", "2025年。"),
    ("控制PM2.5。", "制PM2.5。"),
    ("落实《规划》。", "《规划》。"),
    ("The zone at its gate.", "its gate."),
    ("题。", ""),
    ("Plan", ""),
])
def test_the_least_tie_holds_the_last_two_characters_or_words(text, tail):
    assert text[last_two_tie(text):] == tail


def test_the_least_tie_joins_only_the_tail():
    assert without_lone_last("推进生态环境保护") == "推进生态环境保" + WORD_JOINER + "护"
    assert without_lone_last("at its gate.") == "at its" + NO_BREAK_SPACE + "gate."


def break_places(tied: str) -> str:
    """Return tied text as shown, with "|" wherever a line may still break: after a plain
    space, and beside a CJK character where no word joiner stands."""
    out = []
    for index, char in enumerate(tied):
        if char == WORD_JOINER:
            continue
        before = tied[index - 1] if index else ""
        if before and before != WORD_JOINER and char != " " and (
                before == " " or is_wide(before) or is_wide(char)):
            out.append("|")
        out.append(" " if char == NO_BREAK_SPACE else char)
    return "".join(out)


@pytest.mark.parametrize("text, limit, shown", [
    ("深入打好蓝天保卫战", 8, "深入打好|蓝天保卫战"),
    ("坚持以人民为中心", 4, "坚持|以人民|为中心"),
    ("Example District Clean Air Plan 2026–2030", 30,
     "Example District Clean |Air Plan 2026–2030"),
])
def test_a_balanced_title_may_break_only_where_its_balanced_lines_end(text, limit, shown):
    assert break_places(balanced(text, by_characters, limit)) == shown


def test_a_phrased_title_breaks_between_groups_and_never_before_a_lone_character():
    assert break_places(phrased("深入打好蓝天保卫战")) == "深入|打|好|蓝天|保卫战"
    assert break_places(phrased("保护好每一片天")) == "保护|好|每|一片天"  # 天 not alone


@given(MIXED)
@settings(max_examples=examples(300), deadline=None)
def test_ties_and_balanced_titles_keep_the_text(text):
    assert plain(without_lone_last(text)) == plain(text)
    assert plain(phrased(text)) == plain(text)
    assert plain(balanced(text, by_characters, 8)).replace(" ", "") == \
        plain(text).replace(" ", "")


@given(ANY_TEXT)
@settings(max_examples=examples(300), deadline=None)
def test_words_cut_run_by_run_are_the_words_jieba_cuts_from_the_whole_text(text):
    import rjieba
    assert phrases._cut(text) == list(rjieba.cut(text))
    assert "".join(phrases.jieba_runs(text)) == "".join(
        c for c in text if phrases.JIEBA_RUN.fullmatch(c))
