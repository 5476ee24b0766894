"""The rules of the layout proof as pure functions (briefing/proof/): what a runt is, where a
title breaks inside a word group, how even its lines are, which introducers are stranded,
when a handout is unbalanced, how texts are recognised and findings printed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.content.load import load_briefing
from briefing.design.phrases import word_groups
from briefing.proof.findings import Finding, quote, summary
from briefing.proof.handout import margins_pt, unbalanced
from briefing.proof.lines import Glyph, lines_of
from briefing.proof.roles import Catalogue
from briefing.proof.runts import SetLine, is_lone, runt
from briefing.proof.stranded import Flow, stranded_runs
from briefing.proof.titles import balance, break_offsets, broken_groups, text_width

from .conftest import DEFAULT_CONTENT, ENGLISH_CONTENT

CJK = st.sampled_from(list("深入打好蓝天保卫战生态环境质量明显提升问题要心"))
CLOSERS = st.text(st.sampled_from(list("。，、）》”！？")), max_size=2)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


def set_lines(*texts: str, size: float = 10.0, right: float | None = None) -> list[SetLine]:
    """Return lines of 1-em characters set from x = 0 (the last one ending at `right` when
    given, as a justified or a shorter line would)."""
    lines = [SetLine(t, 0.0, len(t) * size, size) for t in texts]
    if right is not None:
        lines[-2] = lines[-2]._replace(x1=right)
    return lines


@pytest.mark.parametrize("text", ["题。", "要。", "心", "战）。", "gate.", "2030", "stoves.",
                                  "“心”"[1:], "5"])
def test_a_lone_character_or_short_word_is_a_runts_line(text):
    assert is_lone(text)


@pytest.mark.parametrize("text", ["问题。", "at its gate.", "responsibility.", "", "。", "——",
                                  "（一）", "PM2.5。 x"])
def test_two_characters_two_words_or_a_long_word_are_not(text):
    assert not is_lone(text)


def test_a_lone_last_line_under_a_full_line_is_a_runt():
    assert runt(set_lines("一二三四五六七八九十", "题。"))


def test_a_lone_last_line_under_a_line_ended_on_purpose_is_not():
    # the line before leaves room for the last line's text: a forced break, not a runt
    assert not runt(set_lines("一二三四五六七八九十", "加强污染", "题", right=40.0))


def test_one_line_is_never_a_runt():
    assert not runt(set_lines("题。"))


@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=5))
def test_a_runt_is_always_a_lone_last_line_after_another(texts):
    lines = set_lines(*texts)
    assert not runt(lines) or (len(lines) >= 2 and is_lone(lines[-1].text))


@given(CJK, CLOSERS, CJK)
def test_a_second_character_on_the_last_line_ends_the_runt(char, closers, other):
    assert is_lone(char + closers)
    assert not is_lone(other + char + closers)


@given(st.text(st.sampled_from(list("深入打好蓝天保卫战生态环境abc")), min_size=2, max_size=30),
       st.data())
def test_break_offsets_give_back_where_each_line_begins(text, data):
    cuts = sorted(data.draw(st.sets(st.integers(1, len(text) - 1), max_size=4)))
    pieces = [text[i:j] for i, j in zip([0, *cuts], [*cuts, len(text)])]
    prefix = data.draw(st.sampled_from(["", "一、", "6. ", "问："]))
    assert break_offsets(text, [prefix + pieces[0], *pieces[1:]]) == cuts


def test_break_offsets_are_none_when_the_lines_do_not_show_the_text():
    assert break_offsets("坚持以人民为中心", ["坚持以人", "民为中"]) is None


def test_a_break_inside_a_word_group_that_fits_is_reported():
    width = text_width({}, 10.0)
    assert broken_groups("坚持以人民为中心", [4], width, 40.0) == [("人民", 4)]
    assert broken_groups("Example District Clean Air Plan 2026–2030", [37], width, 200.0) \
        == [("2026–2030", 37)]


def test_a_break_inside_a_group_wider_than_the_measure_is_not():
    assert broken_groups("坚持以人民为中心", [4], text_width({}, 10.0), 15.0) == []


TITLE_CHARACTERS = st.sampled_from(list("深入打好蓝天保卫战，坚持以人民为中心2025年 Plan"))


@given(st.text(TITLE_CHARACTERS, max_size=24))
def test_breaks_between_word_groups_are_never_reported(text):
    starts, offset = [], 0
    for group in word_groups(text):
        starts.append(offset)
        offset += len(group)
    assert broken_groups(text, starts[1:], text_width({}, 10.0), 1e9) == []


@given(st.lists(st.floats(0, 1000), min_size=1, max_size=6))
def test_balance_is_between_zero_and_one(widths):
    assert 0.0 <= balance(widths) <= 1.0


INTRODUCER = Flow(True, 1, True, True)  # a heading, a question, an intro: one line each


@pytest.mark.parametrize("after, more, runs", [
    ([], True, [(0, 3)]),  # nothing after them: their items begin on the next page
    ([Flow(False, 1, False, False)], True, [(0, 3)]),  # one line of a paragraph that runs on
    ([Flow(False, 2, False, False)], True, []),  # two lines
    ([Flow(False, 1, True, True)], True, []),  # one whole item
    ([], False, []),  # the end of the document
])
def test_introducers_at_a_page_foot_need_two_lines_or_one_item_after_them(after, more, runs):
    assert stranded_runs([INTRODUCER] * 3 + after, more) == runs


def test_an_intro_that_runs_on_strands_neither_itself_nor_its_heading():
    assert stranded_runs([INTRODUCER, INTRODUCER, Flow(True, 4, False, False)], True) == []


FLOWS = st.builds(Flow, st.booleans(), st.integers(0, 5), st.booleans(), st.booleans())


@given(st.lists(FLOWS, max_size=12), st.booleans())
def test_stranded_runs_are_introducers_followed_by_too_little(items, more):
    for start, end in stranded_runs(items, more):
        assert all(i.introduces and i.ends for i in items[start:end])
        following = []
        for item in items[end:]:
            if item.introduces and item.ends:
                break
            following.append(item)
        assert sum(i.lines for i in following) < 2
        assert not any(i.whole and not i.introduces for i in following)


@pytest.mark.parametrize("sides, index", [([0.94, 0.13], 1), ([0.19, 0.92], 0),
                                          ([0.98, 0.55], None), ([0.4], None),
                                          ([0.45, 0.85], None)])
def test_a_handout_side_less_than_half_full_beside_a_full_one_is_unbalanced(sides, index):
    assert unbalanced(sides) == index


def test_the_handouts_margins_come_from_its_stylesheet():
    top, bottom = margins_pt()
    assert round(top, 2) == round(bottom, 2) == round(14 * 72 / 25.4, 2)


def test_glyphs_on_one_baseline_make_one_line_left_to_right():
    glyphs = [Glyph(c, x, x + 10, 0, 12, 10.0 + dy, 10) for c, x, dy in
              [("b", 10, 0.5), ("a", 0, 0), ("c", 0, 15)]]
    assert [line.text for line in lines_of(glyphs)] == ["ab", "c"]


@pytest.fixture(scope="module")
def english():
    """The English example's catalogue of texts."""
    return Catalogue(load_briefing(ENGLISH_CONTENT).briefing)


@pytest.mark.parametrize("tag, text, role", [
    ("H2", "6. Safeguards", "section heading"),
    ("P", "Q: How will the plan be delivered?", "question"),
    ("P", "Two safeguards support the plan.", "intro"),
    ("H3", "1. Clear responsibility", "card title"),
    ("LI", "1.Expand the low-emission zone to the whole town centre.", "item"),
    ("H1", "Example District Clean Air Plan 2026–2030", "cover title"),
])
def test_a_text_is_recognised_by_what_it_shows(english, tag, text, role):
    match = english.match(tag, text)
    assert match is not None and (match.entry.role, match.whole) == (role, True)


def test_part_of_a_text_is_recognised_only_at_a_page_edge(english):
    start = "Each programme has a named lead officer"
    assert english.match("P", start) is None
    match = english.match("P", start, last=True)
    assert (match.entry.role, match.begins, match.ends) == ("card", True, False)
    match = english.match("P", "twice a year.", first=True)
    assert (match.entry.role, match.begins, match.ends) == ("card", False, True)


def test_the_panels_numbers_are_not_taken_for_headings():
    catalogue = Catalogue(load_briefing(DEFAULT_CONTENT).briefing)
    assert catalogue.match("LI", "5项基本原则").entry.role == "number"


def test_a_finding_is_one_line_with_file_page_kind_and_message():
    finding = Finding("output/x.pdf", 4, "runt", "题", "paragraph '…问题。': its last line\n")
    assert str(finding) == "output/x.pdf:4: warning: runt: paragraph '…问题。': its last line\\n"


def test_the_summary_counts_findings_by_kind():
    findings = [Finding("a.pdf", 1, "runt", "", ""), Finding("a.pdf", 2, "stranded", "", ""),
                Finding("b.pptx", 1, "runt", "", "")]
    assert summary(findings, 4) == "3 layout findings in 2 of 4 outputs (runt 2, stranded 1)"
    assert summary([], 1) == "no layout findings in 1 output"


@given(ANY_TEXT)
def test_a_quoted_text_is_one_line_and_at_most_the_limit(text):
    quoted = quote(text, limit=10)
    assert "\n" not in quoted and len(quoted) <= 13


@given(st.sampled_from(["H2", "P", "LI", "Caption", "TD"]), ANY_TEXT, st.booleans(),
       st.booleans())
def test_any_text_is_recognised_as_a_text_of_the_briefing_or_not_at_all(english, tag, text,
                                                                       first, last):
    match = english.match(tag, text, first, last)
    assert match is None or match.entry in english.entries


@given(ANY_TEXT)
def test_any_line_is_lone_or_not_without_error(text):
    assert is_lone(text) in (True, False)
