"""The overview diagram: each row named by its block's title, box texts broken between
phrases with no runt."""

from __future__ import annotations

import pdfplumber

from briefing.design.phrases import label_groups


def overview_lines(path) -> list[str]:
    """Return the text lines of the page with the overview diagram, top to bottom."""
    with pdfplumber.open(path) as document:
        page = next(p for p in document.pages if "规划总览" in (p.extract_text() or "")
                    and "目录" not in (p.extract_text() or ""))
        return page.extract_text().splitlines()


def test_each_row_of_boxes_is_named_by_its_blocks_title(built):
    lines = overview_lines(built["pdf"])
    for label, first_box in (("基本原则", "坚持"), ("重点任务", "深入打好蓝天保卫战"),
                             ("保障措施", "加强组织领导")):
        at = lines.index(label)
        assert lines[at + 1].startswith(first_box), (label, lines[at + 1])


def test_box_texts_break_between_phrases_and_end_in_no_runt(built):
    lines = overview_lines(built["pdf"])
    assert any("水环境质量明显提升" in line for line in lines)  # 水环境 is not broken
    assert all(not line.endswith(("推进水", "稳定", "稳步")) for line in lines)


def test_a_single_character_starts_the_word_after_it_but_a_function_word_joins_none():
    assert label_groups("坚持新发展理念") == ("坚持", "新发展", "理念")
    assert label_groups("推进水环境质量明显提升") == ("推进", "水环境质量", "明显", "提升")
    assert label_groups("坚持以人民为中心") == ("坚持", "以", "人民", "为", "中心")
