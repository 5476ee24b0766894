"""Charts from indicator tables, pictures in content and the organisation's emblem: a native,
editable chart in the deck and a vector chart whose values are text in the PDFs; figures with
alt text in every output; the emblem on the cover, in the running head, on the deck's title
and closing layouts and on the handout."""

from __future__ import annotations

import re
import zipfile
from urllib.parse import unquote

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from pptx import Presentation
from pypdf import PdfReader

from briefing.builder.pipeline import build
from briefing.content.charts import chart_data, plain_number
from briefing.content.load import load_briefing
from briefing.content.model import Table

from .conftest import CHARTS_CONTENT, examples, run_cli, write_yaml

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Every output of the charts briefing in the emblem theme."""
    out = tmp_path_factory.mktemp("charts")
    result = build(CHARTS_CONTENT, out_dir=out, theme="emblem")
    assert [str(d) for d in result.diagnostics] == []
    return {w.kind: w.path for w in result.written}


def charts_of(path=CHARTS_CONTENT):
    """Return the chart data of every charted table of a briefing, in reading order."""
    b = load_briefing(path).briefing
    return [chart_data(block.table, block.chart) for s in b.sections for block in s.blocks
            if isinstance(block, Table) and block.chart]


# --- what is a number ---------------------------------------------------------------------

@pytest.mark.parametrize("cell, value", [("48", 48), ("71.6", 71.6), ("-3.5", -3.5),
                                         ("71.6%", 71.6), ("1,234", 1234), (" 42 ", 42)])
def test_plain_numbers_are_plotted(cell, value):
    assert plain_number(cell) == value


@pytest.mark.parametrize("cell", [">80", "<5", "〔18〕", "15左右", "-", "", "有效保障", "1,23",
                                  "约42", "4 2", "1e5"])
def test_anything_else_is_no_plain_number(cell):
    assert plain_number(cell) is None


def test_cells_left_out_are_marked_and_listed():
    column = charts_of()[0]
    assert column.categories == ("空气质量优良天数比率", "地表水达到或好于Ⅲ类水体比例",
                                 "集中式饮用水水源水质达标率", "森林覆盖率",
                                 "城区声环境功能区夜间达标率†")
    assert [(i.row, i.column, i.cell) for i in column.left_out] == [
        ("城区声环境功能区夜间达标率", "2020年", "-")]
    assert column.series[0].values == (83.6, 75, 100, 58.2, None)
    line = charts_of()[1]  # a line: each row a series, the years the categories
    assert line.categories == ("2016年", "2017年", "2018年", "2019年", "2020年")
    assert [s.name for s in line.series] == ["细颗粒物（PM2.5）", "可吸入颗粒物（PM10）"]
    assert line.unit == "微克/立方米"


# --- the deck: native charts with their workbooks -----------------------------------------

@pytest.mark.slow
def test_the_deck_holds_native_charts_with_embedded_workbooks(outputs):
    with zipfile.ZipFile(outputs["pptx"]) as package:
        names = package.namelist()
    assert len([n for n in names if re.fullmatch(r"ppt/charts/chart\d+\.xml", n)]) == 3
    assert len([n for n in names if re.fullmatch(r"ppt/embeddings/.+\.xlsx", n)]) == 3


def test_python_pptx_reads_the_same_numbers_back(outputs):
    deck = Presentation(str(outputs["pptx"]))
    found = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert len(found) == 3
    for chart, data in zip(found, charts_of()):
        plot = chart.plots[0]
        assert [c.replace("\n", "") for c in plot.categories] == list(data.categories)
        assert [s.name for s in plot.series] == [s.name for s in data.series]
        assert [tuple(s.values) for s in plot.series] == [s.values for s in data.series]
        workbook = chart.part.chart_workbook.xlsx_part.blob
        assert workbook.startswith(b"PK")  # an xlsx: the presenter edits the numbers in it


def test_every_text_of_a_chart_names_latin_and_east_asian_faces_and_a_language(outputs):
    with zipfile.ZipFile(outputs["pptx"]) as package:
        for name in (n for n in package.namelist() if n.startswith("ppt/charts/chart")):
            root = etree.fromstring(package.read(name))
            runs = list(root.iter(f"{A}defRPr", f"{A}rPr"))
            assert runs, name
            for run in runs:
                assert run.find(f"{A}latin").get("typeface") == "Arial", name
                assert run.find(f"{A}ea").get("typeface") == "Microsoft YaHei", name
                assert run.get("lang") == "zh-CN", name


def test_the_chart_slide_has_every_value_in_its_notes(outputs):
    deck = Presentation(str(outputs["pptx"]))
    slide = next(s for s in deck.slides if any(sh.has_chart for sh in s.shapes))
    notes = slide.notes_slide.notes_text_frame.text
    for series in charts_of()[0].series:
        assert all(text in notes for text in series.texts)
    assert "“—”" in notes and "“>85”" not in notes  # the empty cell, printed —; >85 is plotted


# --- the PDFs: vector charts whose values are text ----------------------------------------

def drawn(page) -> list[str]:
    """Return the subtypes of the XObjects a page draws (its content stream's Do operators,
    inside forms too): WeasyPrint shares one resource dictionary between pages."""
    from pypdf.generic import ContentStream

    found: list[str] = []

    def walk(stream, resources) -> None:
        objects = (resources or {}).get("/XObject", {})
        for operands, operator in ContentStream(stream, page.pdf).operations:
            if operator == b"Do" and operands[0] in objects:
                xobject = objects[operands[0]].get_object()
                found.append(str(xobject.get("/Subtype")))
                if xobject.get("/Subtype") == "/Form":
                    walk(xobject, xobject.get("/Resources") or resources)

    walk(page.get_contents(), page.get("/Resources").get_object())
    return found


def image_xobjects(page) -> int:
    """Return how many raster images a page draws."""
    return drawn(page).count("/Image")


def figures(reader: PdfReader) -> list[tuple[str, str]]:
    """Return the (tag, alternate text) of every Figure element of a tagged PDF."""
    found = []

    def walk(node) -> None:
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if node.get("/S") == "/Figure":
            found.append(("Figure", str(node.get("/Alt", ""))))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["pdf", "slides"])
def test_the_pdf_charts_are_vector_with_their_values_as_text(outputs, kind):
    reader = PdfReader(outputs[kind])
    with pdfplumber.open(outputs[kind]) as document:
        texts = [page.extract_text() or "" for page in document.pages]
    charted = [i for i, text in enumerate(texts) if "58.2" in text and "83.6" in text]
    line = [i for i, text in enumerate(texts) if "可吸入颗粒物（PM10）" in text and "88" in text]
    assert charted and line
    for index in charted + line:
        assert image_xobjects(reader.pages[index]) == 0
    chart_page = texts[charted[-1]]
    for value in ("83.6", "75", "80", "100", "58.2", "85"):
        assert value in chart_page
    for value in ("52", "49", "45", "42", "38", "88", "81", "76", "70", "65"):
        assert value in texts[line[-1]]


def test_charts_and_pictures_are_figures_with_alternate_text(outputs):
    alts = [alt for _, alt in figures(PdfReader(outputs["pdf"]))]
    assert any(alt.startswith("柱形图：环境质量指标（百分比）") and "森林覆盖率 58.2" in alt
               for alt in alts)
    assert any(alt.startswith("折线图：") and "2020年 38" in alt for alt in alts)
    assert any(alt.startswith("条形图：") for alt in alts)
    b = load_briefing(CHARTS_CONTENT).briefing
    for block in (bl for s in b.sections for bl in s.blocks if bl.kind == "figure"):
        assert block.figure.alt in alts


def test_the_note_under_a_chart_lists_what_was_left_out(outputs):
    with pdfplumber.open(outputs["pdf"]) as document:
        text = "".join((p.extract_text() or "").replace("\n", "") for p in document.pages)
    assert "†未绘出的非单一数值：城区声环境功能区夜间达标率（2020年）“—”" in text


# --- figures ------------------------------------------------------------------------------

def test_a_figure_is_a_picture_in_the_pdf_and_on_a_slide_scaled_to_fit(outputs):
    reader = PdfReader(outputs["pdf"])
    assert sum(image_xobjects(page) for page in reader.pages) == 1  # the PNG; the SVG is drawn
    deck = Presentation(str(outputs["pptx"]))
    pictures = [(shape, slide) for slide in deck.slides for shape in slide.shapes
                if shape.shape_type == 13]
    assert len(pictures) == 2
    alts = [shape._element.nvPicPr.cNvPr.get("descr") for shape, _ in pictures]
    assert alts[0].startswith("澄湖区轮廓示意图") and alts[1].startswith("三个方框")
    ratios = [1200 / 800, 640 / 240]
    for (shape, slide), ratio in zip(pictures, ratios):
        assert shape.width / shape.height == pytest.approx(ratio, rel=0.01)
        assert shape.left >= 0 and shape.left + shape.width <= deck.slide_width
        assert shape.top + shape.height <= deck.slide_height * 6.85 / 7.5  # above the footer
        caption = [sh for sh in slide.shapes if sh.name == "Caption"]
        assert caption and caption[0].top >= shape.top + shape.height


# --- the emblem ---------------------------------------------------------------------------

def picture(pdf, page: int, box: tuple[float, float, float, float]):
    """Return a part of a PDF page as pixels (pdftoppm at 40 dpi): box is left, top, right,
    bottom as shares of the page."""
    import subprocess
    import tempfile
    from pathlib import Path

    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        stem = Path(folder) / "page"
        subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", "40", "-png",
                        "-singlefile", str(pdf), str(stem)], check=True, timeout=120)
        image = Image.open(f"{stem}.png").convert("RGB")
        image.load()
    w, h = image.size
    return image.crop((int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)))


def differs(a, b) -> int:
    """Return how many pixels of two pictures of the same size differ clearly."""
    from PIL import ImageChops

    difference = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 30 else 0)
    return difference.histogram()[255]


EMBLEM_PLACES = [("pdf", 1, (0, 0, 0.5, 0.2)),  # the cover: above the issuer, in the band
                 ("pdf", 4, (0, 0, 0.15, 0.08)),  # a running head: the top left corner
                 ("handout", 1, (0, 0, 0.15, 0.1)),  # the handout's head
                 ("slides", 1, (0, 0, 0.3, 0.25)),  # the title slide
                 ("slides", -1, (0, 0, 0.3, 0.3))]  # the closing slide


@pytest.fixture(scope="module")
def without_emblem(tmp_path_factory):
    """The same outputs in the default theme (no emblem)."""
    out = tmp_path_factory.mktemp("plain")
    result = build(CHARTS_CONTENT, out_dir=out, outputs=("pdf", "handout", "slides"))
    assert result.ok
    return {w.kind: w.path for w in result.written}


@pytest.mark.parametrize("kind, page, box", EMBLEM_PLACES,
                         ids=["cover", "running head", "handout", "title slide", "closing"])
@pytest.mark.slow
def test_the_emblem_is_drawn_where_the_theme_puts_it(outputs, without_emblem, kind, page, box):
    if page < 0:
        page = len(PdfReader(outputs[kind]).pages)
    assert differs(picture(outputs[kind], page, box),
                   picture(without_emblem[kind], page, box)) > 40


def test_the_emblem_is_tagged_with_the_issuers_name(outputs):
    assert "澄湖区生态环境局标志" in [alt for _, alt in figures(PdfReader(outputs["pdf"]))]


def test_the_emblem_is_a_picture_of_the_decks_title_and_closing_layouts(outputs):
    deck = Presentation(str(outputs["pptx"]))
    with_pictures = {layout.name for layout in deck.slide_layouts
                     if any(shape.shape_type == 13 for shape in layout.shapes)}
    assert with_pictures == {"title", "closing"}
    assert deck.slides[0].slide_layout.name == "title"
    assert deck.slides[-1].slide_layout.name == "closing"


# --- positioned errors --------------------------------------------------------------------

TABLE = """
title: 测试
short_title: 测试
issuer: 测试办公室
date: 2022-03-18
language: zh-CN
source:
  title: 测试
sections:
  - heading: 主要目标
    blocks:
      - table:
          caption: 主要指标
          columns: [指标, 单位, 2020年, 2025年目标]
          rows:
            - [细颗粒物（PM2.5）年均浓度, 微克/立方米, "31", "28"]
            - [空气质量优良天数比率, "%", "83.6", ">85"]
            - [声环境达标率, "%", "-", "〔85〕"]
        chart:
{chart}
"""

CHART_ERRORS = {
    "an unknown column": (
        "          values: [2020年, 2025年木标]",
        "brief.yaml:19:27: error: sections[0].blocks[0].chart.values[1]: no column"
        " '2025年木标'; did you mean '2025年目标'?"),
    "an unknown row": (
        "          values: [2020年]\n          rows: [空气质量优良天数比]",
        "brief.yaml:20:18: error: sections[0].blocks[0].chart.rows[0]: no row labelled"
        " '空气质量优良天数比' in column '指标'; did you mean '空气质量优良天数比率'?"),
    "a row with nothing to plot": (
        "          values: [2020年, 2025年目标]\n          rows: [声环境达标率]",
        "brief.yaml:20:18: error: sections[0].blocks[0].chart.rows[0]: the row '声环境达标率' has"
        " no number in the plotted columns ('-', '〔85〕'); leave it out"),
    "rows in different units": (
        "          values: [2020年]",
        "brief.yaml:18:9: error: sections[0].blocks[0].chart: the rows charted are in 2 units"
        " (微克/立方米: 细颗粒物（PM2.5）年均浓度; %: 空气质量优良天数比率); a chart has one"
        " value axis: choose rows of one unit with chart.rows"),
    "no plottable value": (
        "          values: [2025年目标]\n          unit: 单位\n          kind: bar\n"
        "          rows: [细颗粒物（PM2.5）年均浓度]\n          label: 单位",
        "brief.yaml:22:18: error: sections[0].blocks[0].chart.rows[0]: no row labelled"),
    "a plotted column as the unit": (
        "          values: [2020年]\n          unit: 2020年",
        "brief.yaml:20:17: error: sections[0].blocks[0].chart.unit: '2020年' is plotted;"
        " chart.unit names the column of units (such as 单位)"),
    "an unknown kind": ("          kind: pie\n          values: [2020年]",
                        "brief.yaml:19:17: error: sections[0].blocks[0].chart.kind: input should"
                        " be 'column', 'bar' or 'line'"),
}


@pytest.mark.parametrize("case", CHART_ERRORS)
def test_a_chart_that_cannot_be_drawn_is_an_error_at_its_place(case, tmp_path):
    chart, expected = CHART_ERRORS[case]
    write_yaml(tmp_path, TABLE.replace("{chart}", chart))
    done = run_cli("check", "brief.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert expected in done.stderr, done.stderr


def test_a_chart_of_nothing_plottable_is_an_error_at_the_chart(tmp_path):
    text = TABLE.replace("{chart}", "          values: [2025年目标]\n"
                         "          rows: [空气质量优良天数比率]")
    text = text.replace('"83.6", ">85"', '"83.6", "待定"').replace("- [细颗粒物", "# - [")
    write_yaml(tmp_path, text)
    done = run_cli("check", "brief.yaml", cwd=tmp_path)
    assert "chart.rows[0]: the row '空气质量优良天数比率' has no number" in done.stderr
    write_yaml(tmp_path, TABLE.replace("{chart}", "          values: [2025年目标]\n"
                                                  "          unit: 单位").replace(
        '"31", "28"', '"31", "〔28〕"').replace('">85"', '"待定"'))
    done = run_cli("check", "brief.yaml", cwd=tmp_path)
    assert "brief.yaml:18:9: error: sections[0].blocks[0].chart: nothing to plot: no row has a" \
           " number (such as 48, 71.6 or >85) in 2025年目标" in done.stderr


# --- a theme's emblem that cannot be used -------------------------------------------------

@pytest.fixture
def emblem_theme(user_templates):
    """Return a function that writes an emblem file and a theme naming it, in a user's
    templates folder in use, and returns what check says about the theme."""
    import briefing
    from briefing.design.templates import SHIPPED

    from .conftest import ENGLISH_CONTENT

    (user_templates / "themes").mkdir()
    (user_templates / "emblems").mkdir()

    def check(logo: str, data: bytes | None) -> list[str]:
        if data is not None:
            (user_templates / logo).write_bytes(data)
        tokens = (SHIPPED / "themes" / "emblem.yaml").read_text(encoding="utf-8")
        tokens = tokens.replace("logo: emblems/leaf.svg", f"logo: {logo}")
        (user_templates / "themes" / "bad.yaml").write_text(tokens.replace("name: emblem",
                                                                           "name: bad"))
        return [str(d) for d in briefing.check(ENGLISH_CONTENT, theme="bad").diagnostics]

    return check


@pytest.mark.parametrize("logo, data, message", [
    ("emblems/missing.svg", None, "logo: no file templates/emblems/missing.svg"),
    ("emblems/words.png", b"not a picture", "logo: templates/emblems/words.png: not a PNG or SVG"
                                            " image (told by its content, not its name)"),
    ("emblems/photo.png", b"\xff\xd8\xff\xe0 a JPEG", "logo: templates/emblems/photo.png: not a"
                                                      " PNG or SVG image"),
    ("emblems/ext.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><image'
                        b' href="/etc/passwd"/></svg>',
     "logo: templates/emblems/ext.svg: the SVG refers to '/etc/passwd'"),
], ids=["missing", "not an image", "a JPEG", "an SVG that refers to a file"])
def test_an_emblem_that_cannot_be_used_is_named_with_the_theme_and_key(emblem_theme, logo, data,
                                                                        message):
    found = emblem_theme(logo, data)
    assert len(found) == 1
    assert found[0].startswith("templates/themes/bad.yaml:") and message in found[0], found


# --- the live preview ---------------------------------------------------------------------

def replaced_boxes(box) -> int:
    """Return how many pictures (replaced boxes) WeasyPrint placed in a box."""
    from briefing.pdf import engine
    return sum(isinstance(b, engine.kinds().replaced) for b, _ in engine.walk(box))


def test_the_preview_draws_the_figures_charts_and_emblem_where_the_pdf_has_them():
    from briefing.builder.checking import run_preflight
    from briefing.design.images import LOGO_KEY
    from briefing.design.theme import load_theme
    from briefing.pdf import engine, pages
    from briefing.pdf.writer import lay_out_briefing

    loaded, theme = load_briefing(CHARTS_CONTENT), load_theme("emblem")
    pictures = run_preflight(loaded, theme).pictures
    laid_out = lay_out_briefing(loaded, theme, pictures=pictures)
    view = pages.view(laid_out.document, "zh-CN", pictures=pictures)
    shown = re.findall(r'<img class="i" src="([^"]+)"', view)
    assert shown.count(pictures["figures/chenghu-map.png"].data_url) == 1
    assert shown.count(pictures["figures/monitoring.svg"].data_url) == 1
    charts = [unquote(s.split(",", 1)[1]) for s in shown if s.startswith("data:image/svg+xml;ch")]
    assert len(charts) == 3
    for chart in charts:  # each a standalone SVG file a browser shows as an image
        assert etree.fromstring(chart.encode()).tag == "{http://www.w3.org/2000/svg}svg"
    body_pages = len(laid_out.document.pages) - 3  # not the cover, the contents, the back page
    assert shown.count(pictures[LOGO_KEY].data_url) == 1 + body_pages  # cover, running heads
    assert [frame.count('<img class="i"') for frame in view.split('<div class="page"')[1:]] \
        == [replaced_boxes(area) for area in engine.page_boxes(laid_out.document)]
    assert "briefing-asset:" not in view  # a browser could not fetch those names


@pytest.fixture(scope="module")
def chart_measure():
    from briefing.design.theme import load_theme
    from briefing.pdf.chart import TextMeasure
    pdf = load_theme("default").fonts.pdf
    return TextMeasure(pdf.sans_latin[0], pdf.sans_cjk[0])


def test_a_chart_label_wraps_between_word_groups_in_even_lines_without_a_runt(chart_measure):
    from briefing.deck.breaks import is_runt
    from briefing.design.phrases import word_groups
    label = "地表水达到或好于Ⅲ类水体比例"  # wrapped 地表水达到或好于Ⅲ类水体比 / 例 before
    width = chart_measure.width(label[:-1], 9)
    lines = chart_measure.wrap(label, width, 9)
    assert "".join(lines) == label and len(lines) == 2 and not is_runt(lines[-1])
    ends = {sum(len(g) for g in word_groups(label)[:n]) for n in range(len(word_groups(label)))}
    assert len(lines[0]) in ends
    assert abs(len(lines[0]) - len(lines[1])) <= 2


@settings(max_examples=examples(60), deadline=None)
@given(text=st.text(alphabet="地表水达到或好于Ⅲ类比例，（PM2.5）% 2025年Clean Air", min_size=1,
                    max_size=60).filter(lambda t: t.strip()),
       em=st.floats(min_value=1.5, max_value=30))
def test_chart_labels_keep_every_character_and_fit_where_filling_the_lines_would(chart_measure,
                                                                                text, em):
    lines = chart_measure.wrap(text, em * 9, 9)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    filled = chart_measure.fill(text, em * 9, 9)  # a piece wider than the line overflows
    widest = max(chart_measure.width(line, 9) for line in filled)
    assert all(chart_measure.width(line, 9) <= max(em * 9, widest) + 0.01 for line in lines)


def test_a_deck_chart_label_is_broken_as_a_title_is_without_a_runt():
    from briefing.deck.breaks import is_runt
    from briefing.deck.charts import label_lines
    from briefing.deck.fitter import Fitter
    from briefing.design.theme import load_labels, load_theme
    fitter = Fitter(load_theme("default"), load_labels("zh-CN"))
    label = "地表水达到或好于Ⅲ类水体比例"
    width = fitter.regular.width(label[:-1], 12)
    lines = label_lines(fitter, label, width, 12)
    assert "".join(lines) == label and len(lines) == 2 and not is_runt(lines[-1])


def test_a_deck_chart_breaks_its_labels_between_words_not_inside_one(tmp_path):
    # Northbridge-upon-Tha / mes Industrial Corridor, at a size that broke the long word
    long = "Northbridge-upon-Thames Industrial Corridor"
    content = write_yaml(tmp_path, f"""
        title: Air quality
        short_title: Air quality
        issuer: Environment Bureau
        date: 2021-06-01
        language: en
        source:
          title: Air quality
        sections:
          - heading: Indicators
            blocks:
              - table:
                  caption: PM2.5 by district
                  columns: [District, "2020", "2025"]
                  rows:
                    - [{long}, "31.5", "25"]
                    - [Old Town, "28", "24"]
                    - [Riverside, "27.2", "23"]
                    - [Southfields, "25", "22"]
                chart:
                  values: ["2020", "2025"]
        """)
    result = build(content, outputs=("pptx",), out_dir=tmp_path)
    assert result.ok, result.diagnostics
    deck = Presentation(str(result.written[0].path))
    [chart] = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    labels = list(chart.plots[0].categories)
    assert [label.replace("-\n", "-").replace("\n", " ") for label in labels] == [
        long, "Old Town", "Riverside", "Southfields"]  # after a hyphen, or between words
