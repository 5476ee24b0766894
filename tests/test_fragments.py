"""Slide texts are statements: a clause that only introduces (《实施方案》强调, 指导思想是, 当前，除
金融机构外) is found as such (design/clauses.py), the importer's short forms start after it
(importer/shorts.py) and take only the page's words, and the layout proof reports a slide text
that ends as one as a "fragment", in a deck written by hand. No slide of any test deck — the
test briefings, the content, every imported test page — ends as an introducer."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import briefing
from briefing.builder.pipeline import build
from briefing.content.load import load_briefing
from briefing.deck.outline import plan
from briefing.design.clauses import fragment, introduces
from briefing.design.theme import load_theme
from briefing.importer.blocks import Notes, blocks_of, inline_run
from briefing.importer.shorts import ALIAS, short_form
from briefing.importer.units import Unit
from briefing.proof import proof, render_decks

from .conftest import BRIEFINGS, DATA, DEFAULT_CONTENT, examples, write_yaml
from .test_import_documents import word_plan, word_qa

PAGES = DATA / "pages"


# --- what introduces ------------------------------------------------------------------------

@pytest.mark.parametrize("text, clause", [
    ("《指导意见》的指导思想是", "《指导意见》的指导思想是"),
    ("《实施方案》强调", "《实施方案》强调"),
    ("《实施方案》提出", "《实施方案》提出"),
    ("当前，除金融机构外", "除金融机构外"),
    ("一、主持人：", "一、主持人："),
    ("主要目标包括", "主要目标包括"),
    ("其中，在推动绿色低碳发展方面", "在推动绿色低碳发展方面"),
    ("为进一步提升城乡供水保障能力", "为进一步提升城乡供水保障能力"),
    ("现就有关问题解读如下", "现就有关问题解读如下"),
    ("“十三五”以来", "“十三五”以来"),
    ("到2025年", "到2025年"),
    ("从国家战略要求和水资源承载能力等方面", "从国家战略要求和水资源承载能力等方面"),
    ("对违反《办法》规定的", "对违反《办法》规定的"),
    ("按照《方案》", "按照《方案》"),
    ("主持人：各位记者朋友", "各位记者朋友"),
])
def test_a_text_whose_last_clause_only_introduces_ends_as_an_introducer(text, clause):
    assert fragment(text) == clause


@pytest.mark.parametrize("text", [
    "规范小额贷款公司股东行为", "坚持实事求是", "《规划》坚持以减污降碳协同增效为总抓手",
    "“十四五”时期是我县推动生态文明建设的关键五年", "对规划和建设项目全面开展节水评价",
    "目标年份：2025", "市级财政共安排奖学金4,860万元", "The plan is", "以上为前6行，共26行",
])
def test_a_text_that_ends_in_a_statement_is_no_fragment(text):
    assert fragment(text) is None


def test_adverbials_frames_and_greetings_introduce_and_a_subject_with_its_verb_does_not():
    assert [introduces(c) for c in ("近日，", "同时，", "随着城镇化推进，", "大家上午好！",
                                    "林嘉怡：", "市政府印发《办法》，")] == [
        True, True, True, True, True, False]


# --- short forms of the page's words ----------------------------------------------------------

@pytest.mark.parametrize("text, short", [
    ("当前，除金融机构外，其他主体也应当遵守《办法》的规定，依法开展业务。",
     "其他主体也应当遵守《办法》的规定"),
    ("《实施方案》强调，要加快推进生活垃圾分类和资源化利用，提升城市管理水平。",
     "要加快推进生活垃圾分类和资源化利用"),
    ("《指导意见》的指导思想是：坚持以人民为中心，推动高质量发展，不断增强获得感。",
     "坚持以人民为中心"),
    ("《方案》提出，一是加强组织领导；二是强化资金保障；三是严格考核评估。",
     "加强组织领导；强化资金保障；严格考核评估"),
    ("近日，市政府印发《澄溪市节约用水办法》（以下简称《办法》）。现就有关内容解读如下。",
     "市政府印发《澄溪市节约用水办法》"),
    ("主持人：各位记者朋友，大家上午好！今天我们举行新闻发布会，介绍有关情况。",
     "今天我们举行新闻发布会"),
    ("2020年，市级财政共安排来华留学生奖学金4,860万元，资助学生312人。",
     "市级财政共安排来华留学生奖学金4,860万元"),
    ("“十三五”以来，我区坚决打好污染防治攻坚战，生态环境质量明显改善。",
     "我区坚决打好污染防治攻坚战"),
])
def test_a_short_form_is_the_first_clause_that_states(text, short):
    assert short_form(text) == short


def test_a_text_that_only_introduces_gives_no_short_form():
    assert short_form("近日，《实施方案》强调：") is None


@settings(max_examples=examples(300), deadline=None)
@given(st.text(st.sampled_from(list("当前近日除外在方面《》办法规定强调提出是为：，；。一二三是"
                                    "政府印发加强管理（）以下简称 ")), max_size=60))
def test_every_short_form_is_made_of_the_pages_words_and_states(text):
    short = short_form(text)
    if short is not None:
        page = ALIAS.sub("", text)
        assert all(part in page for part in short.split("；"))
        assert fragment(short) is None and short


def test_a_run_of_items_an_introducer_announces_is_a_list():
    assert inline_run("《方案》提出，一是加强组织领导；二是强化资金保障。") == (
        "《方案》提出，", ["加强组织领导", "强化资金保障"])
    assert inline_run("我区生态环境质量明显改善。一是空气向好；二是水质提升。") is None


def test_a_goals_last_sentence_that_announces_the_table_is_the_tables_intro():
    table = {"caption": "", "columns": ["指标", "目标"], "rows": [["优良天数", "85"]],
             "note": "", "categories": []}
    goal, after = blocks_of([Unit("plain", 1, "到2025年，空气质量持续改善。主要指标如下："),
                             Unit("table", 2, "", table=table)], True, Notes())
    assert (goal.body["statement"], after.intro) == ("到2025年，空气质量持续改善。",
                                                     "主要指标如下：")


# --- the layout proof's fragment ------------------------------------------------------------

FRAGMENTS = """
title: 测试简报
short_title: 测试
issuer: 测试办公室
date: 2024-01-01
language: zh-CN
source: {title: 测试来源}
sections:
  - heading: 指导思想
    blocks:
      - paragraphs:
          - short: 《指导意见》的指导思想是
            text: 《指导意见》的指导思想是：坚持以人民为中心，推动高质量发展。
          - short: 当前，除金融机构外
            text: 当前，除金融机构外，其他主体也应当遵守《办法》的规定。
          - 坚持以人民为中心，推动高质量发展。
"""
FOUND = [
    "{}:3: warning: fragment: {} '《指导意见》的指导思想是' ends as an introducer"
    " ('《指导意见》的指导思想是'), not a statement: give it a short form that says what it"
    " introduces",
    "{}:3: warning: fragment: {} '当前，除金融机构外' ends as an introducer ('除金融机构外'), not a"
    " statement: give it a short form that says what it introduces"]


@pytest.fixture(scope="module")
def hand_written(tmp_path_factory):
    """A hand-written briefing whose two short forms end as introducers, its deck built."""
    folder = tmp_path_factory.mktemp("fragments")
    source = write_yaml(folder, FRAGMENTS)
    result = build(source, outputs=("pptx", "slides"), out_dir=folder / "out")
    assert result.ok
    return load_briefing(source), {w.kind: w.path for w in result.written}, folder


def test_a_slide_text_that_ends_as_an_introducer_is_a_fragment_in_the_slides_pdf(hand_written):
    loaded, paths, _ = hand_written
    found = proof(loaded, {"slides": paths["slides"]}, names={"slides": "x-slides.pdf"})
    assert [str(f) for f in found] == [line.format("x-slides.pdf", "paragraph")
                                       for line in FOUND]


@pytest.mark.libreoffice
def test_a_slide_text_that_ends_as_an_introducer_is_a_fragment_in_the_deck(hand_written):
    loaded, paths, folder = hand_written
    fonts = load_theme("default").fonts.deck
    aliases = {fonts.east_asian: fonts.metrics_east_asian, fonts.latin: fonts.metrics_latin}
    drawn = render_decks([paths["pptx"]], folder / "drawn", aliases)[paths["pptx"]]
    found = proof(loaded, {"pptx": paths["pptx"]}, drawn, names={"pptx": "x.pptx"})
    assert [str(f) for f in found if f.kind == "fragment"] == [
        line.format("x.pptx", "item") for line in FOUND]


# --- no test deck ends a slide text as an introducer --------------------------------------------

def slide_texts(path) -> list[str]:
    """Return every text the planned slides of a content file show but the titles."""
    return [text for slide in plan(load_briefing(path))
            for text in [slide.lead, *(b.text for b in slide.bullets),
                         *(c.text for c in slide.cards), *(b.text for b in slide.right)]
            if text]


@pytest.mark.parametrize("content", [DEFAULT_CONTENT, *BRIEFINGS], ids=lambda p: p.stem)
def test_no_slide_text_of_a_test_briefing_ends_as_an_introducer(content):
    assert [t for t in slide_texts(content) if fragment(t)] == []


IMPORTED = sorted(p.name for p in PAGES.iterdir() if re.search(r"\.(txt|html)$", p.name))


@pytest.mark.parametrize("page", [*IMPORTED, "nankai", "word-plan", "word-qa"])
def test_no_slide_text_of_an_imported_test_page_ends_as_an_introducer(page, tmp_path):
    source = {"nankai": DATA / "nankai-eco-14th-fyp-interpretation.txt",
              "word-plan": None, "word-qa": None}.get(page, PAGES / page)
    if source is None:
        source = (word_plan if page == "word-plan" else word_qa)(tmp_path / f"{page}.docx")
    result = briefing.import_text(source, tmp_path / "draft.yaml")
    assert result.ok, [str(d) for d in result.diagnostics]
    assert [t for t in slide_texts(result.written) if fragment(t)] == []
