"""Adjacent Chinese punctuation compressed as clreq sets it (标点挤压), and CJK quotes marked
for faces that have only proportional ones."""

from __future__ import annotations

import re

import pdfplumber
from hypothesis import given
from hypothesis import strategies as st

from briefing.design.punctuation import CLOSING, OPENING, compressed_marks, set_text, typeset
from briefing.pdf import justify


def test_a_closing_mark_before_another_mark_gives_up_its_blank_half():
    assert compressed_marks("《规划》（以下简称）") == [3]
    assert compressed_marks("（以下简称《规划》），") == [8, 9]
    assert compressed_marks("努力，“十三五”时期") == [2]


def test_of_two_opening_marks_the_second_gives_up_its_blank_half():
    assert compressed_marks("（《规划》）") == [1, 4]


def test_a_word_joiner_between_two_marks_does_not_keep_them_apart():
    assert compressed_marks("编制了《规划》\u2060。") == [6]


def test_marks_with_text_between_them_are_left_as_they_are():
    assert compressed_marks("《规划》提出（一）") == []


@given(st.text(alphabet=CLOSING + OPENING + "文a\u2060", max_size=40))
def test_compressed_marks_are_marks_next_to_another_mark(text):
    seen = [i for i, c in enumerate(text) if c != "\u2060"]
    for index in compressed_marks(text):
        assert text[index] in CLOSING + OPENING
        at = seen.index(index)
        neighbours = [text[seen[k]] for k in (at - 1, at + 1) if 0 <= k < len(seen)]
        assert any(n in CLOSING + OPENING for n in neighbours)


def test_typeset_wraps_the_mark_and_the_quotes_of_chinese_text():
    html = '<p class="question"><span class="qa-label">问：</span>《规划》（一）“十四五”</p>'
    assert typeset(html, chinese=True) == (
        '<p class="question"><span class="qa-label"><span class="pg">问<span class="pc">：</span>'
        '</span></span>《规<span class="pg">划<span class="pc">》</span></span>（<span class="pg">'
        '一<span class="pc">）</span></span><span class="pg"><span class="cq">“</span>十</span>四'
        '<span class="pg">五<span class="cq">”</span></span></p>')


def test_typeset_marks_no_quotes_in_english_text():
    assert typeset("<p>“Green” 《规划》（一）</p>", chinese=False) == \
        '<p>“Green” 《规<span class="pg">划<span class="pc">》</span></span>（一）</p>'


def test_a_mark_is_kept_on_one_line_with_the_character_it_may_not_be_parted_from():
    # a span's edge is a break WeasyPrint would take: before ）, after “ — never in Chinese
    assert set_text("比）：", True) == '<span class="pg">比<span class="pc">）</span>：</span>'
    assert set_text("“十", True) == '<span class="pg"><span class="cq">“</span>十</span>'


def test_an_entity_is_never_cut_by_a_span():
    assert set_text("&amp;”", True) == '<span class="pg">&amp;<span class="cq">”</span></span>'


@given(st.text(alphabet=CLOSING + OPENING + "文a&<", max_size=30))
def test_setting_text_keeps_every_character_in_order(text):
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    assert re.sub(r"<[^>]*>", "", set_text(escaped, True)) == escaped


def test_typeset_leaves_the_head_svg_and_justified_paragraphs_as_they_are():
    html = ('<head><title>《规划》（一）</title></head><svg><text>》（</text></svg>'
            '<p class="j intro" data-path="x">《规划》（一）</p>')
    assert typeset(html, chinese=True) == html


def test_a_justified_line_gains_half_an_em_per_mark_it_sets_tight():
    text = "以下简称《规划》），把节水作为根本出路"
    assert [run for run, kind in justify.runs(text) if kind == justify.TIGHT] == ["》", "）"]
    spacing, _ = justify.spread(text, 0.0, 11.0)
    assert spacing == float(f"{(11.0 - 0.02) / justify.gaps(justify.runs(text)):.4f}")


def test_a_paragraphs_last_line_is_only_tightened():
    assert justify.tightened("组织编制了《规划》。") == (0.0, [("组织编制了《规划", True),
                                                        ("》", justify.TIGHT)])
    assert justify.tightened("组织编制了规划。") is None


def adjacent_marks(path) -> list[tuple[int, str, float]]:
    """Return the adjacent marks on one line of a PDF: (page, the two marks, the advance from
    the first to the second in ems)."""
    found = []
    with pdfplumber.open(path) as document:
        for page in document.pages:
            chars = page.chars
            for a, b in zip(chars, chars[1:]):
                pair = a["text"] + b["text"]
                if abs(a["top"] - b["top"]) < 1 and (
                        a["text"] in CLOSING and b["text"] in CLOSING + OPENING
                        or a["text"] in OPENING and b["text"] in OPENING):
                    found.append((page.page_number, pair, (b["x0"] - a["x0"]) / a["size"]))
    return found


def test_no_adjacent_marks_in_the_briefing_leave_a_whole_blank_em(built):
    pairs = adjacent_marks(built["pdf"])
    assert len(pairs) >= 10  # 》（ ，“ ）） … in the body, the questions and the last lines
    assert [p for p in pairs if p[2] > 0.8] == []
