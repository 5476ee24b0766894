"""The deck, re-opened: 16:9, the expected slides, notes with the full text, and the East Asian
typeface and Chinese language on every run that holds Chinese."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from pptx import Presentation
from pptx.util import Inches

from briefing import build
from briefing.deck.writer import HAN
from briefing.design.theme import load_theme

from .conftest import ROOT, block_texts

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def deck(built):
    return Presentation(str(built["pptx"]))


def slide_title(slide) -> str:
    """Return a slide's title without the line breaks the fitting chose (python-pptx reads
    a:br as a vertical tab)."""
    return slide.shapes.title.text_frame.text.replace("\v", "")


def all_runs(deck):
    """Yield (where, run element) for every run on slides and in notes."""
    for number, slide in enumerate(deck.slides, start=1):
        for element in slide._element.iter(f"{A}r"):
            yield f"slide {number}", element
        for element in slide.notes_slide._element.iter(f"{A}r"):
            yield f"notes {number}", element


def test_the_deck_is_16_to_9(deck):
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))


def test_slides_follow_the_outline_and_the_goals_take_one_slide(deck):
    """The twelve targets go wide in two columns, the indicator categories as a line under
    them: no continuation slide (they went 9 + 3 over a （续） slide)."""
    assert [slide_title(s) for s in deck.slides] == [
        "加强污染防治和生态建设\u3000持续改善环境质量", "目录", "规划总览", "内容要点",
        "一、出台背景", "二、主要内容", "三、主要目标", "主要目标", "四、基本原则", "五、重点任务",
        "深入打好蓝天保卫战", "深入打好碧水保卫战",
        "深入打好净土保卫战", "六、保障措施", "谢谢"]
    assert [s.slide_layout.name for s in deck.slides][:7] == [
        "title", "content", "cards", "content", "content", "cards", "section"]


def test_a_short_sections_first_slide_says_what_its_divider_would_have(deck, nankai):
    """Only the goals (whose slide has a target year for its lead) and the three battles keep
    a divider; each other section's first slide is titled with its numbered heading and
    shows its question as its lead, with the question in its notes."""
    dividers = [slide_title(s) for s in deck.slides if s.slide_layout.name == "section"]
    assert dividers == ["三、主要目标", "五、重点任务"]
    questions = {s.heading: s.question for s in nankai.briefing.sections}
    for slide in deck.slides:
        title = slide_title(slide)
        heading = title.split("、", 1)[-1]
        if slide.slide_layout.name != "section" and title != heading and heading in questions:
            lead = next(sh.text_frame.text for sh in slide.shapes if sh.name == "Lead")
            assert lead.replace("\x0b", "").replace("\n", "") == questions[heading]
            assert questions[heading] in slide.notes_slide.notes_text_frame.text


def test_every_chinese_run_names_the_east_asian_face_and_zh_cn(deck):
    wrong = []
    for where, run in all_runs(deck):
        text = run.findtext(f"{A}t") or ""
        rpr = run.find(f"{A}rPr")
        if not HAN.search(text):
            continue
        ea = rpr.find(f"{A}ea") if rpr is not None else None
        if ea is None or ea.get("typeface") != "Microsoft YaHei" or rpr.get("lang") != "zh-CN":
            wrong.append((where, text))
    assert wrong == []


def test_latin_only_runs_are_not_forced_to_chinese(tmp_path):
    # the charts briefing's deck has runs without a Han character: 38, 83.6, PM2.5 …
    result = build(ROOT / "tests/data/charts-and-figures.yaml", outputs=("pptx",),
                   out_dir=tmp_path)
    assert result.ok, result.diagnostics
    deck = Presentation(result.written[0].path)
    latin = [run.find(f"{A}rPr").get("lang") for _, run in all_runs(deck)
             if (run.findtext(f"{A}t") or "").strip() and not HAN.search(run.findtext(f"{A}t"))]
    assert len(latin) > 10 and set(latin) == {"en-US"}


def test_the_theme_names_the_tokens_fonts_for_latin_east_asian_and_hans(deck):
    theme = deck.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme").blob
    for which in (b"majorFont", b"minorFont"):
        block = re.search(rb"<a:" + which + rb">.*?</a:" + which + rb">", theme).group(0)
        assert b'<a:latin typeface="Arial"' in block
        assert b'<a:ea typeface="Microsoft YaHei"' in block
        assert b'<a:font script="Hans" typeface="Microsoft YaHei"' in block


def test_notes_hold_the_full_text_of_every_item(deck, nankai):
    notes = "".join(s.notes_slide.notes_text_frame.text for s in deck.slides)
    b = nankai.briefing
    items = [k.text for k in b.key_messages]
    items += [t for s in b.sections for block in s.blocks for t in block_texts(block, full=True)]
    items += [t for s in b.sections for block in s.blocks for t in (block.intro, block.outro) if t]
    assert [t for t in items if t not in notes] == []
    assert all(s.notes_slide.notes_text_frame.text.strip() for s in deck.slides)


def test_content_slides_carry_a_real_slide_number_field(deck):
    for number, slide in enumerate(deck.slides, start=1):
        fields = slide._element.findall(f".//{A}fld")
        if number == 1:
            assert fields == []
        else:
            assert [(f.get("type"), f.findtext(f"{A}t")) for f in fields] == [
                ("slidenum", str(number))]


def test_core_properties_come_from_the_content_not_the_template(deck, nankai):
    props = deck.core_properties
    assert (props.author, props.last_modified_by) == ("天津市南开区人民政府办公室",) * 2
    assert props.title == nankai.briefing.plain_title
    assert props.language == "zh-CN"
    assert props.created.date().isoformat() == props.modified.date().isoformat() == "2022-02-14"


def test_cards_carry_alt_text(deck):
    cards = [shape for slide in deck.slides for shape in slide.shapes
             if shape.name.startswith("Card: ")]
    assert len(cards) == 14  # parts, principles, safeguards
    assert all(shape._element.nvSpPr.cNvPr.get("descr") for shape in cards)


def test_the_slides_pdf_has_one_16_to_9_page_per_slide_with_the_same_titles(built, deck):
    with pdfplumber.open(built["slides"]) as document:
        assert len(document.pages) == len(deck.slides)
        for page, slide in zip(document.pages, deck.slides):
            assert round(page.width / page.height, 3) == round(16 / 9, 3)
            title = re.sub(r"\s", "", slide_title(slide))
            assert title in re.sub(r"\s", "", page.extract_text())


def test_the_overview_is_one_group_of_editable_boxes_with_a_description(deck, nankai):
    slide = deck.slides[2]
    groups = [shape for shape in slide.shapes if shape.shape_type == 6]  # MSO_SHAPE_TYPE.GROUP
    assert len(groups) == 1
    boxes = [shape.text_frame.text.replace("\v", "") for shape in groups[0].shapes]  # breaks
    blocks = [s.blocks[0] for s in nankai.briefing.sections]
    assert boxes[0].startswith("主要目标（2025年）")
    assert boxes[1:6] == [p.title for p in blocks[3].cards]
    assert boxes[6:9] == [f"{g.title}\n{g.thrust}" for g in blocks[4].groups]
    assert boxes[9:] == [s.title for s in blocks[5].cards]
    assert "深入打好蓝天保卫战" in groups[0]._element.nvGrpSpPr.cNvPr.get("descr")


def test_the_deck_master_has_the_named_layouts_and_the_themes_colours(deck):
    assert [layout.name for layout in deck.slide_layouts] == [
        "title", "content", "section", "two_columns", "closing", "cards"]
    theme = deck.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme").blob
    tokens = load_theme("default").colors
    for slot, colour in (("dk1", tokens.text), ("dk2", tokens.primary), ("lt2", tokens.panel),
                         ("accent1", tokens.primary), ("accent2", tokens.accent)):
        wanted = b"<a:" + slot.encode() + b'><a:srgbClr val="' + colour[1:].upper().encode()
        assert wanted in theme, slot


def test_no_identity_of_the_default_template_is_left(built):
    import zipfile

    with zipfile.ZipFile(built["pptx"]) as package:
        names = package.namelist()
        app = package.read("docProps/app.xml").decode()
        theme = package.read("ppt/theme/theme1.xml").decode()
    assert not [n for n in names if "thumbnail" in n or "printerSettings" in n]
    assert "16:9" in app and "Macintosh" not in app
    assert "<Application>" not in app and "briefing" not in app + theme  # no tool named
    assert "<Company>天津市南开区人民政府办公室</Company>" in app
    assert 'name="default"' in theme and "Office Theme" not in theme


def test_a_list_of_short_items_goes_into_two_columns_not_onto_a_continuation(deck):
    """The twelve measures of the blue-sky battle, about ten characters each, are one slide
    of two columns balanced by height (they went 7 + 5 over a continuation slide, both half
    empty)."""
    slide = next(s for s in deck.slides if slide_title(s) == "深入打好蓝天保卫战")
    body = next(sh for sh in slide.placeholders if sh.placeholder_format.idx == 1)
    column = next(sh for sh in slide.shapes if sh.name == "List column")
    assert len(body.text_frame.paragraphs) + len(column.text_frame.paragraphs) == 12
    assert min(len(body.text_frame.paragraphs), len(column.text_frame.paragraphs)) >= 5
    assert column.left > body.left + body.width and column.top == body.top
