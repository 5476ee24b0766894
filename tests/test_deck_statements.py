"""A slide's items end alike: the deck states them without the full stop that closes them (。
or .), whichever the writer ended with one, and keeps it in the notes' full text; a question,
an exclamation, an ellipsis and an abbreviation's point stay."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx import Presentation

from briefing.design.templating import statement

from .conftest import examples


@pytest.mark.parametrize("text, stated", [
    ("实施重点行业深度治理全覆盖。", "实施重点行业深度治理全覆盖"),
    ("持续改善环境质量．", "持续改善环境质量"),
    ("“好”。", "“好”"),
    ("Clean heating for every home.", "Clean heating for every home"),
    ("Two plans (one for traffic).", "Two plans (one for traffic)"),
    ("到2025年", "到2025年"),
    ("是否达到目标？", "是否达到目标？"),
    ("Ready!", "Ready!"),
    ("等等……", "等等……"),
    ("and so on...", "and so on..."),
    ("Funded by the U.S.", "Funded by the U.S."),
    ("Trucks, buses etc.", "Trucks, buses etc."),
    ("重复。。", "重复。。"),
    ("", ""),
])
def test_a_statement_loses_only_the_full_stop_that_ends_it(text, stated):
    assert statement(text) == stated


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet=st.sampled_from(list("治理。．.…？?!ab U")), max_size=12))
def test_a_statement_is_the_text_or_the_text_less_its_last_character(text):
    stated = statement(text)
    assert stated in (text, text[:-1])
    # a closing 。 stays only as part of a run of stops (。。, …。) or alone
    assert not stated.endswith("。") or len(stated) == 1 or stated[-2] in ".．。…"


def test_no_bullet_or_card_text_of_the_default_deck_ends_with_a_full_stop(built):
    ended = [p.text for slide in Presentation(str(built["pptx"])).slides
             for shape in slide.shapes if shape.has_text_frame
             and (shape.name.startswith(("Content", "Card")))
             for p in shape.text_frame.paragraphs if p.text.rstrip().endswith(("。", "."))]
    assert ended == []
