"""`build.py import FILE` reads what users have, by its bytes: Word files built here with
python-docx (heading styles, outline levels, Word's numbering, bold questions, a table with
merged group rows, the document's properties), saved web pages of tests/data/pages/ (a GBK
page with an indicator table and a site's furniture, a 答记者问 page, four more site shapes),
and plain-text pages with a reprinting site's head and a press conference's roster. Each
becomes a draft with the structure its .expected.md gives, that checks and builds."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import docx
import lxml.html
import pptx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import briefing
from briefing.builder.pipeline import build
from briefing.checks.lint import fix_text
from briefing.content.load import load_briefing
from briefing.design.templating import cjk_numeral
from briefing.proof.reading import read_tagged_pdf
from briefing.proof.roles import Catalogue

from .conftest import DATA, examples
from .test_importer import kinds

PAGES = DATA / "pages"


def imported(page, tmp_path, name="draft.yaml"):
    """Import a file; return the result and the loaded briefing (the import must succeed)."""
    result = briefing.import_text(page, tmp_path / name)
    assert result.ok, "\n".join(map(str, result.diagnostics))
    return result, load_briefing(result.written).briefing


def header(result) -> str:
    """Return the draft's header comment."""
    text = result.written.read_text(encoding="utf-8")
    return text[:text.index("\ntitle: ")]


# --- Word files, built here -----------------------------------------------------------------

def outline(paragraph, level: int) -> None:
    """Give a paragraph an outline level (0 = level 1) without a heading style."""
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    paragraph._p.get_or_add_pPr().append(element)


def word_plan(path):
    """Write a Word file of numbered headings: Title, Heading 1 and 2, an outline level,
    List Number paragraphs, and a table whose group rows are cells merged across it."""
    document = docx.Document()
    document.add_paragraph("《澄溪市城乡供水条例》解读", style="Title")
    document.add_paragraph("发布机构：澄溪市水务局  发布日期：2023年6月8日")
    document.add_heading("立法背景", level=1)
    document.add_paragraph("近年来，我市城乡供水事业快速发展，但供水设施建设、运行维护和水质管理"
                           "等方面仍存在薄弱环节。制定《条例》，有利于保障城乡供水安全。")
    document.add_heading("主要内容", level=1)
    document.add_heading("供水设施建设", level=2)
    for text in ("统筹规划城乡供水设施。市、区人民政府应当编制供水专项规划。",
                 "推进城市管网向农村延伸。新建农村供水工程应当与城市管网相连。",
                 "加强供水设施运行维护。供水单位应当定期巡查供水管网。"):
        document.add_paragraph(text, style="List Number")
    outline(document.add_paragraph("水质管理"), 1)
    document.add_paragraph("供水单位应当建立水质检测制度，每日检测出厂水水质。")
    document.add_heading("主要指标", level=1)
    document.add_paragraph("表1　澄溪市城乡供水主要指标")
    cells = [["指标", "2022年", "2025年"], ["供水能力", "", ""],
             ["城市供水普及率（%）", "99.0", "100"], ["农村自来水普及率（%）", "95.2", "98"],
             ["水质安全", "", ""], ["出厂水达标率（%）", "99.5", "100"]]
    table = document.add_table(rows=len(cells), cols=3)
    for i, row in enumerate(cells):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    for i in (1, 4):
        table.cell(i, 0).merge(table.cell(i, 2)).text = cells[i][0]
    document.save(path)
    return path


def word_qa(path):
    """Write a Word file of bold questions and their answers, dated only by its properties."""
    document = docx.Document()
    document.core_properties.title = "澄溪市医保局有关负责人就门诊共济改革答记者问"
    document.core_properties.created = dt.datetime(2023, 3, 1, 9, 0)
    document.core_properties.modified = dt.datetime(2023, 3, 2, 16, 45)
    document.add_paragraph("澄溪市医保局有关负责人就门诊共济改革答记者问", style="Title")
    document.add_paragraph("来源：澄溪市医疗保障局")
    for question, answer in (
            ("改革的主要内容有哪些？", "改革的主要内容是建立普通门诊费用统筹保障机制，改进个人"
                                    "账户计入办法。"),
            ("关于个人账户使用范围，您能否介绍一下情况？", "改革后个人账户可以用于支付配偶、父母、"
                                                 "子女在定点医疗机构就医发生的个人负担费用。")):
        document.add_paragraph().add_run(question).bold = True
        document.add_paragraph(answer)
    document.save(path)
    return path


def test_a_word_file_gives_its_headings_numbering_and_table_their_structure(tmp_path):
    result, b = imported(word_plan(tmp_path / "plan.docx"), tmp_path)
    assert (b.title, b.issuer, b.date.isoformat()) == (
        "《澄溪市城乡供水条例》解读", "澄溪市水务局", "2023-06-08")
    assert [s.heading for s in b.sections] == ["立法背景", "主要内容", "主要指标"]
    assert kinds(b) == [[("paragraphs", 1)], [("cards", 3), ("paragraphs", 1)], [("table", 3)]]
    cards, quality = b.sections[1].blocks
    assert (cards.title, [c.title for c in cards.cards]) == (
        "供水设施建设", ["统筹规划城乡供水设施", "推进城市管网向农村延伸", "加强供水设施运行维护"])
    assert quality.title == "水质管理"  # an outline level 2 without a heading style
    table = b.sections[2].blocks[0].table
    assert (table.caption, table.columns) == ("澄溪市城乡供水主要指标",
                                              ["指标", "2022年", "2025年"])
    assert [r.group if hasattr(r, "group") else r for r in table.rows] == [
        "供水能力", ["城市供水普及率（%）", "99.0", "100"], ["农村自来水普及率（%）", "95.2", "98"],
        "水质安全", ["出厂水达标率（%）", "99.5", "100"]]
    assert "(14 paragraphs, Word file)" in header(result)


def test_a_word_file_of_bold_questions_takes_its_date_from_its_properties(tmp_path):
    result, b = imported(word_qa(tmp_path / "qa.docx"), tmp_path)
    assert [(s.heading, s.question) for s in b.sections] == [
        ("改革的主要内容", "改革的主要内容有哪些？"),
        ("个人账户使用范围", "关于个人账户使用范围，您能否介绍一下情况？")]
    assert (b.date.isoformat(), str(b.source.published), b.issuer) == (
        "2023-03-02", "2023-03-02 16:45:00", "澄溪市医疗保障局")
    assert "# - date, source.published: the document's properties (modified), 发布时间：" \
           "2023-03-02 16:45:00\n" in header(result)


def test_a_word_file_is_known_by_its_bytes_whatever_its_name(tmp_path):
    word_qa(tmp_path / "qa.docx")
    (tmp_path / "qa.txt").write_bytes((tmp_path / "qa.docx").read_bytes())
    _, b = imported(tmp_path / "qa.txt", tmp_path)
    assert len(b.sections) == 2


# --- saved web pages --------------------------------------------------------------------------

def test_a_gbk_web_page_gives_its_article_metadata_and_indicator_table(tmp_path):
    result, b = imported(PAGES / "web-gbk-table.html", tmp_path)
    assert (b.title, b.issuer, b.date.isoformat(), str(b.source.published)) == (
        "《澄溪市“十四五”城乡供水保障规划》政策解读", "澄溪市水务局", "2022-09-16",
        "2022-09-16 10:30:00")
    assert [p.text for p in b.lede] == ["近日，澄溪市人民政府印发《澄溪市“十四五”城乡供水保障规划》"
                                        "（以下简称《规划》）。为便于社会各界了解《规划》内容，现就有关"
                                        "情况解读如下。"]
    assert [s.heading for s in b.sections] == ["编制背景", "主要目标", "重点任务", "保障措施"]
    goal, table = b.sections[1].blocks
    assert (goal.kind, goal.goal.year, goal.goal.indicator_categories) == (
        "goal", 2025, ["供水能力", "水质安全"])
    t = table.table
    assert (t.caption, t.columns, t.note) == (
        "澄溪市“十四五”城乡供水保障主要指标", ["指标", "单位", "2020年", "2025年", "属性"],
        "注：城乡供水一体化覆盖率为城市供水管网延伸覆盖的农村人口占农村总人口的比例。")
    assert t.data_rows == [["城市公共供水普及率", "%", "99.2", "100", "预期性"],
                           ["城乡供水一体化覆盖率", "%", "72.4", "90", "约束性"],
                           ["出厂水水质达标率", "%", "99.5", "100", "约束性"],
                           ["公共供水管网漏损率", "%", "11.3", "9", "约束性"]]
    text = header(result)
    assert "(32 paragraphs, web page in GB2312)" in text.replace("\n# ", " ")
    assert "# Taken out of the markup unread (never run, never fetched): 3 script, 1 style.\n" \
        in text
    assert "# Website furniture dropped (15 lines):\n# - line 1: 无障碍 | 长者模式 | 设为首页 |" \
           " 加入收藏\n# - line 2: 首页\n" in text
    assert "# - line 7: 当前位置：首页 > 政务公开 > 政策解读\n" in text
    assert "# - line 28: 澄溪市“十四五”水务发展规划\n" in text  # a related link
    assert "领取奖品" not in result.written.read_text(encoding="utf-8")  # a script's text


def test_a_press_qa_web_page_keeps_its_questions_and_drops_the_sites_boxes(tmp_path):
    result, b = imported(PAGES / "web-press-qa.html", tmp_path)
    assert (b.issuer, str(b.source.published)) == ("澄溪市教育局", "2021-07-30 17:07:00")
    assert [p.text[:22] for p in b.lede] == ["日前，澄溪市教育局、市财政局联合印发《澄溪市"]
    assert [s.heading for s in b.sections] == [
        "出台背景", "奖学金的资金来源要求", "来华留学经费使用情况", "防范经费使用风险的考虑"]
    assert b.sections[0].question.startswith("近年来，我市来华留学事业发展较快")
    dropped = header(result).split("# Website furniture dropped")[1].split("\n#\n")[0]
    for box in ("责任编辑：周晓岚", "扫一扫在手机打开当前页", "相关稿件", "下载澄溪政务客户端",
                "澄溪市推进教育对外开放工作综述2021-06-12", "首页政务公开政策解读办事服务互动交流"):
        assert f": {box}\n" in dropped


def test_the_headings_of_a_web_page_without_numbers_are_its_sections_and_parts(tmp_path):
    (page := tmp_path / "h.html").write_text(
        "<html><head><meta charset='utf-8'><title>澄溪市节水规划解读_澄溪市水务局</title></head>"
        "<body><div class='nav'><a href='/'>首页</a><a href='/a'>政务公开</a></div><article>"
        "<h1>澄溪市节水规划解读</h1><p>发布时间：2023-02-01　来源：澄溪市水务局</p>"
        "<h2>编制背景</h2><p>我市人均水资源量仅为全国平均水平的三分之一，节水潜力较大。</p>"
        "<h2>主要任务</h2><h3>农业节水</h3><p>推广高效节水灌溉技术，扩大节水灌溉面积。</p>"
        "<h3>工业节水</h3><p>推进重点行业节水改造，降低万元工业增加值用水量。</p>"
        "<h2>保障措施</h2><p>加强组织领导，落实节水目标责任制。</p></article>"
        "<footer>版权所有</footer></body></html>", encoding="utf-8")
    _, b = imported(page, tmp_path)
    assert [(s.heading, [block.title for block in s.blocks]) for s in b.sections] == [
        ("编制背景", [None]), ("主要任务", ["农业节水", "工业节水"]), ("保障措施", [None])]


def test_a_web_page_without_a_title_in_its_text_takes_the_meta_tags_and_numbers_its_h2s(
        tmp_path):
    (page := tmp_path / "h.html").write_text(
        "<html><head><meta charset='utf-8'><meta name='ArticleTitle' content='澄溪市节水规划解读'>"
        "<meta name='PubDate' content='2023-02-01'>"
        "<meta name='ContentSource' content='澄溪市水务局'></head>"
        "<body><div class='top'>澄溪市</div><div class='content'>"
        "<h2>编制背景</h2><p>我市人均水资源量仅为全国平均水平的三分之一，节水潜力较大。</p>"
        "<h2>保障措施</h2><p>加强组织领导，落实节水目标责任制。</p></div></body></html>",
        encoding="utf-8")
    result, b = imported(page, tmp_path)
    assert (b.title, b.issuer, b.date.isoformat()) == ("澄溪市节水规划解读", "澄溪市水务局",
                                                       "2023-02-01")
    assert [s.heading for s in b.sections] == ["编制背景", "保障措施"]
    assert '# - date, source.published: <meta name="pubdate">, 发布时间：2023-02-01\n' \
        in header(result)


def test_an_article_in_a_column_named_right_is_kept_and_the_left_column_dropped(tmp_path):
    links = "".join(f"<li><a href='#'>第{n}批政策文件解读汇编及有关附件下载</a></li>"
                    for n in "一二三四五六")
    (page := tmp_path / "columns.html").write_text(
        "<html><head><meta charset='utf-8'></head><body>"
        f"<div class='left'><h3>政策解读</h3><ul>{links}</ul></div><div class='main_right'>"
        "<h1>澄溪市供水条例解读</h1><p>发布日期：2023-04-01　发布机构：澄溪市水务局</p>"
        "<p>问：《条例》的适用范围是什么？</p><p>答：适用于本市行政区域内的城乡供水及其管理活动，"
        "包括供水设施的规划、建设和运行维护。</p><p>问：供水单位有哪些义务？</p>"
        "<p>答：供水单位应当保障供水水质符合国家标准，并定期向社会公开水质信息。</p></div>"
        "</body></html>", encoding="utf-8")
    result, b = imported(page, tmp_path)
    assert [s.heading for s in b.sections] == ["适用范围", "供水单位义务"]
    assert "批政策文件解读汇编" not in result.written.read_text(encoding="utf-8").split(
        "\ntitle: ")[1]


def test_a_word_file_without_a_title_line_or_an_issuer_takes_them_from_its_properties(
        tmp_path):
    document = docx.Document()
    document.core_properties.title = "澄溪市节约用水办法解读"
    document.core_properties.modified = dt.datetime(2023, 5, 4, 8, 0)
    document.add_paragraph("近日，市政府印发《澄溪市节约用水办法》，现就有关内容解读如下。")
    document.add_paragraph("问：《办法》的适用范围是什么？")
    document.add_paragraph("答：适用于本市行政区域内的节约用水活动。")
    document.save(tmp_path / "plain.docx")
    parts = word_parts(tmp_path / "plain.docx")
    (tmp_path / "plain.docx").unlink()
    parts["docProps/app.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats'
        '.org/officeDocument/2006/extended-properties"><Company>澄溪市水务局</Company>'
        '</Properties>').encode()
    (page := tmp_path / "plain.docx").write_bytes(zipped(parts))
    result, b = imported(page, tmp_path)
    assert (b.title, b.issuer, b.date.isoformat()) == (
        "澄溪市节约用水办法解读", "澄溪市水务局", "2023-05-04")
    assert "# - issuer, source.publisher: the document's Company property, 来源\n" \
        in header(result)
    assert [p.text for p in b.lede] == [
        "近日，市政府印发《澄溪市节约用水办法》，现就有关内容解读如下。"]
    assert [s.question for s in b.sections] == ["《办法》的适用范围是什么？"]


# where each measured page holds its article, and words of its boxes that must not reach the
# draft; docs/importing.md says how readability-lxml was chosen on these pages
SHAPES = {
    "web-gbk-table": ("//div[@class='Custom_UnionStyle']", ["机构概况", "水务发展规划"]),
    "web-press-qa": ("//div[@id='UCAP-CONTENT']", ["推进教育对外开放工作综述", "English"]),
    "web-table-layout": ("//td[@id='zoom']", ["网上办事", "通知公告", "版权所有"]),
    "web-minified": ("//section[@class='c']", ["医保动态", "经办服务"]),
    "web-unseen-sidebar": ("//div[@class='xl-txt']", ["热点排行", "全市住房和城乡建设工作会议",
                                                      "楼道灯坏了"]),
    "web-short-sidebar": ("//div[@class='wz']", ["批城市更新试点"]),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_the_article_of_each_site_shape_is_in_the_draft_and_its_boxes_are_not(name, tmp_path):
    result, b = imported(PAGES / f"{name}.html", tmp_path)
    path, boxes = SHAPES[name]
    raw = (PAGES / f"{name}.html").read_bytes()
    page = lxml.html.fromstring(raw.decode("gb18030" if b"gb2312" in raw[:300] else "utf-8"))
    flat = words_of("".join(_texts(load_briefing(result.written).briefing)))
    for p in page.xpath(path)[0].iter("p"):
        text = re.sub(r"^(?:问|答)[:：]|^表\d+", "", p.text_content().strip())
        for sentence in re.findall(r"[^。！？]+[。！？]?", text):  # a sentence may lead a table
            assert words_of(sentence) in flat, (name, sentence)
    body = result.written.read_text(encoding="utf-8").split("\ntitle: ")[1]
    assert [box for box in boxes if box in body] == []


def words_of(text: str) -> str:
    """Return a text's words: no numbers the templates make (一、 （一） 一是), no marks."""
    numeral = "[一二三四五六七八九十]+"
    text = re.sub(f"{numeral}是|^{numeral}、|^（{numeral}）", "", text)
    return "".join(c for c in text if c.isalnum())


def _texts(b):
    """Return every text of a briefing's sections."""
    from .conftest import printed_texts
    return printed_texts(b)


# --- plain text: a reprinting site's head, a press conference ------------------------------

def test_a_reprinted_page_with_site_lines_two_title_lines_and_spaced_labels(tmp_path):
    result, b = imported(PAGES / "reprinted-qa.txt", tmp_path)
    assert (b.title, b.subtitle, b.issuer, b.date.isoformat()) == (
        "进一步规范小额贷款公司股东行为",
        "滨澜市地方金融监督管理局有关负责人就《滨澜市小额贷款公司股东行为管理办法》答记者问",
        "滨澜市地方金融监督管理局", "2021-07-30")
    assert [p.text[:22] for p in b.lede] == ["日前，滨澜市地方金融监督管理局印发《滨澜市小"]
    assert [s.heading for s in b.sections] == [
        "出台背景", "股东资质要求", "小额贷款公司的资金来源要求", "股东权利义务",
        "防范关联交易风险的考虑", "处理措施"]
    text = header(result)
    for n, line in ((1, "滨澜新闻网"), (2, "www.binlan-news.example.cn"), (36, "责任编辑：林晓"),
                    (37, "相关稿件"), (38, "滨澜市出台小额贷款公司监管评级办法"),
                    (40, "下载滨澜新闻客户端"), (41, "扫一扫在手机打开当前页")):
        assert f"# - line {n}: {line}\n" in text
    assert "# - title, subtitle: line 4 and line 5;" in text
    assert "# - date, source.published: line 6, 时间：2021年07月30日\n" in text


def test_a_press_conferences_roster_is_the_lede_a_role_and_its_names_a_paragraph(tmp_path):
    result, b = imported(PAGES / "press-conference.txt", tmp_path)
    assert [(p.short, p.text) for p in b.lede[:2]] == [
        (None, "主持人：张晓岚——澄溪市人民政府新闻办公室副主任"),
        (None, "嘉宾：毛群安——澄溪市爱国卫生运动委员会办公室副主任；"
               "许伟——澄溪市卫生健康委员会副主任；林嘉怡——澄溪市疾病预防控制中心主任")]
    assert b.lede[2].text.startswith("主持人：各位记者朋友，大家上午好！")
    assert [s.question for s in b.sections] == [
        "请问今年我市爱国卫生运动有哪些重点工作？", "在病媒生物防制方面有哪些具体举措？",
        "近年来，我市病媒生物密度持续下降，请问下一步如何巩固这一成果？"]
    assert "# - line 9: ' ' removed ×2 (col 2, 3)\n" in header(result)  # the name's padding
    assert (b.issuer, b.date.isoformat()) == ("澄溪市人民政府新闻办公室", "2018-04-27")
    assert [d for d in result.diagnostics if d.severity == "error"] == []


QA_PAGES = ["reprinted-qa.txt", "press-conference.txt", "web-press-qa.html", "short-qa.txt",
            "enumerations.txt", "numbered-questions.txt", "indicator-lines.txt"]


@pytest.mark.parametrize("name", QA_PAGES)
def test_every_heading_made_from_a_question_keeps_a_subject(name, tmp_path):
    _, b = imported(PAGES / name, tmp_path)
    headings = [s.heading for s in b.sections if s.question]
    assert headings
    assert [h for h in headings if h.startswith(("的", "方面", "您"))
            or h in ("要求", "规范", "规定") or not 2 <= len(h) <= 30] == []


@pytest.mark.parametrize("name", [*QA_PAGES, "numbered-headings.txt", "web-gbk-table.html"])
def test_a_draft_the_import_wrote_leaves_nothing_for_check_fix(name, tmp_path):
    result, _ = imported(PAGES / name, tmp_path)
    raw = result.written.read_text(encoding="utf-8")
    assert fix_text(raw) == (raw, 0)  # the import and check --fix make the same fixes


@pytest.mark.parametrize("name", QA_PAGES)
def test_the_sections_of_a_qa_page_are_exactly_its_questions_and_what_comes_before_its_lede(
        name, tmp_path):
    result, b = imported(PAGES / name, tmp_path)
    assert [s.heading for s in b.sections if not s.question] == []
    assert bool(b.lede) == (name in LEDES)
    draft = result.written.read_text(encoding="utf-8")
    lede_at, sections_at = draft.find("\nlede:\n"), draft.index("\nsections:\n")
    assert (lede_at >= 0) == bool(b.lede) and lede_at < sections_at
    assert [p.text for p in b.lede if draft.count(p.text) != 1] == []  # nowhere else


LEDES = {"reprinted-qa.txt", "press-conference.txt", "web-press-qa.html"}


# --- every new kind builds -----------------------------------------------------------------

KINDS = {"word-plan": word_plan, "word-qa": word_qa}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["word-plan", "word-qa", "web-gbk-table.html",
                                  "web-press-qa.html", "reprinted-qa.txt",
                                  "press-conference.txt"])
def test_each_new_kind_of_document_checks_and_builds_all_four_outputs(name, tmp_path):
    page = KINDS[name](tmp_path / f"{name}.docx") if name in KINDS else PAGES / name
    result, _ = imported(page, tmp_path)
    built = build(result.written, out_dir=tmp_path / "out")
    assert built.ok, "\n".join(map(str, built.diagnostics))
    paths = {w.kind: w.path for w in built.written}
    assert sorted(paths) == ["handout", "pdf", "pptx", "slides"]
    b = load_briefing(result.written).briefing
    elements = [e for page in read_tagged_pdf(paths["pdf"], Catalogue(b)) for e in page.elements]
    headings = [e.text.replace(" ", "") for e in elements if e.role == "section heading"
                and e.tag == "H2"]
    assert headings == [f"{cjk_numeral(n)}、{s.heading}" for n, s in enumerate(b.sections, 1)]
    ledes = [i for i, e in enumerate(elements) if e.role == "lede"]
    assert len(ledes) == len(b.lede) and all(i < elements.index(next(
        e for e in elements if e.role == "section heading" and e.tag == "H2")) for i in ledes)
    if name in TABLES:  # the table read from the document is a native table in the deck
        deck = pptx.Presentation(paths["pptx"])
        headers = [[c.text for c in shape.table.rows[0].cells] for slide in deck.slides
                   for shape in slide.shapes if shape.has_table]
        assert TABLES[name] in headers


TABLES = {"word-plan": ["指标", "2022年", "2025年"],
          "web-gbk-table.html": ["指标", "单位", "2020年", "2025年", "属性"]}


def zipped(parts: dict[str, bytes]) -> bytes:
    """Return a zip archive of these parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def word_parts(path) -> dict[str, bytes]:
    """Return the parts of a Word file."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# --- hostile Word files and web pages: a diagnostic each, nothing written --------------------

def refused(page, tmp_path) -> list[str]:
    """Import a file that must be refused; return its diagnostics without the file name, after
    checking that nothing was written."""
    before = sorted(tmp_path.rglob("*"))
    result = briefing.import_text(page, tmp_path / "out.yaml")
    assert (result.ok, result.written) == (False, None)
    assert sorted(tmp_path.rglob("*")) == before
    return [str(d).removeprefix(d.file) for d in result.diagnostics]


def test_a_zip_bomb_named_docx_is_refused_by_the_sizes_it_declares(tmp_path):
    parts = word_parts(word_qa(tmp_path / "qa.docx"))
    parts["word/document.xml"] = b"<w:document/>" + b" " * (40 << 20)
    (page := tmp_path / "bomb.docx").write_bytes(zipped(parts))
    (tmp_path / "qa.docx").unlink()
    assert page.stat().st_size < 200_000
    found = refused(page, tmp_path)
    assert len(found) == 1 and re.fullmatch(
        r":1:1: error: refused as a zip bomb: its entries unpack to [\d,]+ bytes from [\d,]+"
        r" \(at most 64 MiB, and no part over 16 MiB packed more than 200:1\)", found[0])


def test_a_docx_that_is_not_a_zip_is_refused_with_its_first_bytes(tmp_path):
    (page := tmp_path / "report.docx").write_bytes(b"\x87\x4b\x03\x04 not a zip at all")
    assert refused(page, tmp_path) == [
        ":1:1: error: named .docx but not a Word file: it is not a zip archive (it starts with"
        " the bytes 87 4B 03 04)"]
    (page := tmp_path / "cut.docx").write_bytes(
        (PAGES / "web-gbk-table.html").read_bytes()[:0] + b"PK\x03\x04" + b"\x00" * 40)
    assert refused(page, tmp_path) == [
        ":1:1: error: not a Word file: it starts like a zip archive but cannot be read as one"
        " (is it damaged or cut short?)"]


def test_a_macro_enabled_word_file_is_refused_and_its_macros_never_run(tmp_path):
    parts = word_parts(word_qa(tmp_path / "qa.docx"))
    (tmp_path / "qa.docx").unlink()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")
    (page := tmp_path / "macro.docx").write_bytes(zipped(parts))
    assert refused(page, tmp_path) == [
        ":1:1: error: a macro-enabled Word file (.docm): it is refused, and its macros are never"
        " run; save it as a Word document (.docx) without macros"]


def test_a_word_file_with_a_relationship_outside_it_is_refused(tmp_path):
    parts = word_parts(word_qa(tmp_path / "qa.docx"))
    (tmp_path / "qa.docx").unlink()
    parts["word/_rels/settings.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        b'schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target='
        b'"http://templates.example.invalid/t.dotm" TargetMode="External"/></Relationships>')
    (page := tmp_path / "linked.docx").write_bytes(zipped(parts))
    assert refused(page, tmp_path) == [
        ":1:1: error: the document links to a file outside it (attachedTemplate →"
        " http://templates.example.invalid/t.dotm, in word/_rels/settings.xml.rels): such links"
        " are refused, since opening them could fetch or run what the file does not hold; save"
        " a copy without them (paste as text, or embed the pictures)"]


def test_a_zip_that_holds_no_word_document_is_refused(tmp_path):
    (page := tmp_path / "sheet.docx").write_bytes(zipped({"[Content_Types].xml": (
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override'
        b' PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument'
        b'.spreadsheetml.sheet.main+xml"/></Types>')}))
    assert refused(page, tmp_path) == [
        ":1:1: error: not a Word file: the zip archive holds an Excel workbook"]


@pytest.mark.parametrize("start, message", [
    (b"%PDF-1.7\n", "a PDF; PDF import is not supported: copy its text into a .txt file, or save"
                    " the document as .docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word .doc (or another OLE file); save it as"
                                         " .docx"),
    (b"{\\rtf1\\ansi", "an RTF file; save it as .docx")])
def test_a_pdf_an_old_doc_and_rtf_are_refused_with_what_to_save_them_as(tmp_path, start,
                                                                          message):
    (page := tmp_path / "page.txt").write_bytes(start + b"\x00" * 64)
    assert refused(page, tmp_path) == [f":1:1: error: the file is {message}"]


def test_scripts_in_a_web_page_are_taken_out_unread_and_never_reach_the_draft(tmp_path):
    page = tmp_path / "scripts.html"
    page.write_text(
        "<html><head><meta charset='utf-8'><script>alert('头部脚本')</script></head><body>"
        "<h1>澄溪市节水条例解读</h1><p>发布时间：2023-01-05 来源：澄溪市水务局</p>"
        "<p>问：节水条例适用于哪些单位？</p><script>document.write('脚本写入的文字')</script>"
        "<p onclick=\"alert('点击')\">答：适用于本市行政区域内的用水单位。<img src='file:///etc/"
        "passwd' onerror='alert(1)'><a href='javascript:alert(2)'>详情</a></p>"
        "<noscript>请启用脚本</noscript><iframe src='http://example.invalid/'></iframe>"
        "</body></html>", encoding="utf-8")
    result, b = imported(page, tmp_path)
    text = result.written.read_text(encoding="utf-8")
    assert [p.text for p in b.sections[0].blocks[0].paragraphs] == [
        "适用于本市行政区域内的用水单位。详情"]
    assert not re.search("脚本|alert|passwd|点击|example.invalid", text.split("\ntitle: ")[1])
    assert "1 iframe, 1 noscript, 2 script" in header(result).replace("\n# ", " ")


def test_a_web_page_whose_text_only_its_scripts_make_is_refused(tmp_path):
    (page := tmp_path / "app.html").write_text(
        "<!DOCTYPE html><html><head><script src='app.js'></script></head><body><div id='app'>"
        "</div><script>render()</script></body></html>", encoding="utf-8")
    assert refused(page, tmp_path) == [
        ":1:1: error: no content found: no line of text outside its 2 scripts, which are never"
        " run: save the page once it has loaded (or copy its text)"]


def test_a_web_page_whose_bytes_contradict_its_charset_is_refused_at_the_first_bad_byte(
        tmp_path):
    raw = (PAGES / "web-gbk-table.html").read_bytes().replace(b"charset=gb2312",
                                                              b"charset=utf-8")
    (page := tmp_path / "wrong.html").write_bytes(raw)
    assert refused(page, tmp_path) == [
        ":5:8: error: the page declares charset=utf-8 (line 4) but byte 0xA1 at offset 250 is"
        " not UTF-8; it reads as GB18030: correct the declaration"]


def test_a_web_page_declared_gbk_whose_bytes_are_utf8_is_refused_at_its_declaration(tmp_path):
    raw = (PAGES / "web-press-qa.html").read_bytes().replace(b'charset="utf-8"',
                                                             b'charset="gbk"')
    (page := tmp_path / "wrong.html").write_bytes(raw)
    assert refused(page, tmp_path) == [
        ":4:1: error: the page declares charset=gbk (line 4) but its bytes are UTF-8: correct"
        " the declaration"]


def test_markup_nested_past_the_parsers_depth_is_refused_not_read_in_part(tmp_path):
    (page := tmp_path / "deep.html").write_text(
        "<html><head><meta charset='utf-8'></head><body><h1>标题</h1>\n"
        + "<div>" * 20_000 + "<p>问：为什么？</p><p>答：因为。</p>" + "</div>" * 20_000
        + "</body></html>", encoding="utf-8")
    assert refused(page, tmp_path) == [
        ":2:1: error: the page's markup nests more than 256 elements deep; it cannot be read"
        " past that (save the page again, or copy its text)"]


def test_ten_megabytes_of_markup_are_refused_before_they_are_parsed(tmp_path):
    filler = "<div class='x'><span>填充</span></div>\n" * (10 * 1024 * 1024 // 40)
    (page := tmp_path / "huge.html").write_text(
        "<!DOCTYPE html><html><body>" + filler + "</body></html>", encoding="utf-8")
    assert page.stat().st_size > 10 * 1024 * 1024
    assert refused(page, tmp_path) == [
        ":1:1: error: the page is 10.3 MiB; at most 5 MiB is imported"]


# --- properties ------------------------------------------------------------------------------

MARKUP = st.sampled_from([
    "<p>", "</p>", "<div class='nav'>", "<div class='TRS_Editor'>", "</div>", "<br>", "<table>",
    "<tr>", "<td colspan='3'>", "<td>", "</td>", "</tr>", "</table>", "<strong>", "</strong>",
    "<script>", "</script>", "<h1>", "</h1>", "<a href='#'>", "</a>", "&nbsp;&nbsp;", "&#x4e00;",
    "问：", "答：", "一、", "？", "。", "发布时间：2022-01-01", "来源：某局", "网站地图",
    "<meta name='PubDate' content='2022-01-01'>", "<!--", "-->", "<![CDATA[", "<?xml?>",
    "\u3000", "\x00", "  "])


@settings(max_examples=examples(150), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(MARKUP, st.text(max_size=8)), max_size=60))
@example(["<script>", "</script>", "\x1f"])  # a control character after a dropped script
def test_any_markup_imports_to_a_file_that_loads_or_gives_diagnostics(tmp_path_factory, body):
    folder = tmp_path_factory.mktemp("web")
    (page := folder / "p.html").write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>" + "".join(body),
        encoding="utf-8", errors="surrogatepass")
    result = briefing.import_text(page, folder / "p.yaml")
    assert not any("internal error" in d.message for d in result.diagnostics)
    if result.written:
        load_briefing(result.written)
    else:
        assert any(d.severity == "error" for d in result.diagnostics)
    assert sorted(p.name for p in folder.iterdir()) == \
        (["p.html", "p.yaml"] if result.written else ["p.html"])


@settings(max_examples=examples(100), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=300), st.sampled_from(["word/document.xml", "[Content_Types].xml",
                                                  "word/_rels/document.xml.rels",
                                                  "word/numbering.xml", "docProps/core.xml"]))
def test_a_word_file_with_any_bytes_in_one_part_imports_or_is_refused(tmp_path_factory, raw,
                                                                       name):
    folder = tmp_path_factory.mktemp("word")
    parts = word_parts(word_qa(folder / "qa.docx"))
    parts[name] = raw
    (page := folder / "p.docx").write_bytes(zipped(parts))
    result = briefing.import_text(page, folder / "p.yaml")
    assert not any("internal error" in d.message for d in result.diagnostics)
    assert result.written or [d for d in result.diagnostics if d.severity == "error"]


def test_a_text_box_in_a_word_file_is_not_read_twice_or_at_all(tmp_path):
    path = word_qa(tmp_path / "box.docx")
    parts = word_parts(path)
    box = ('<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
           '<w:txbxContent><w:p><w:r><w:t>文本框里的话</w:t></w:r></w:p></w:txbxContent>'
           '</v:textbox></v:shape></w:pict></w:r>').encode()
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"</w:p>", box + b"</w:p>", 1)
    path.write_bytes(zipped(parts))
    result, _ = imported(path, tmp_path)
    assert "文本框里的话" not in result.written.read_text(encoding="utf-8")
