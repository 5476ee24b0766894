"""`build.py import PAGE.txt`: a plain-text interpretation page becomes a content file that
checks and builds — the Nankai page with the structure an editor gives it, the fictional pages
of tests/data/pages/ with theirs — its header listing what was dropped, fixed and made."""

from __future__ import annotations

import re

import pdfplumber
import pytest

import briefing
from briefing.builder.checking import check
from briefing.builder.pipeline import build
from briefing.content.load import load_briefing
from briefing.importer.page import import_page

from .conftest import DATA, run_cli

PAGES = DATA / "pages"
NANKAI_PAGE = DATA / "nankai-eco-14th-fyp-interpretation.txt"  # the real page, as copied
MARGIN = 68  # points: running heads and page numbers stand in the page margins

NANKAI_QUESTIONS = [
    "《天津市南开区生态环境保护“十四五”规划》（以下简称《规划》）的出台背景是什么？",
    "《规划》的主要内容是什么？",
    "“十四五”期间，南开区生态环境保护工作的主要目标是什么？",
    "“十四五”期间生态环境保护原则是什么？",
    "“十四五”期间要深入打好污染防治攻坚战，加强污染防治和生态建设，请问深入打好污染防治攻坚战"
    "思路是什么？",
    "“十四五”期间我区将有哪些保障措施确保《规划》顺利实施以及污染防治和生态建设工作顺利开展？",
]


def size(block) -> int:
    """Return how many items a block holds: targets, rows, items, cards, groups, paragraphs."""
    if block.kind == "goal":
        return len(block.goal.targets)
    if block.kind == "table":
        return len(block.table.data_rows)
    return len(block.items if block.kind == "list" else getattr(block, block.kind))


def kinds(b) -> list[list[tuple[str, int]]]:
    """Return each section's blocks as (kind, number of items)."""
    return [[(block.kind, size(block)) for block in s.blocks] for s in b.sections]


@pytest.fixture(scope="module")
def nankai(tmp_path_factory):
    """The Nankai page imported (and checked) into a temporary folder, and the loaded draft."""
    folder = tmp_path_factory.mktemp("nankai")
    result = briefing.import_text(NANKAI_PAGE, folder / "draft.yaml")
    assert result.ok, "\n".join(map(str, result.diagnostics))
    return result, load_briefing(result.written)


@pytest.fixture(scope="module")
def nankai_built(nankai, tmp_path_factory):
    """All four outputs of the Nankai draft."""
    result, _ = nankai
    built = build(result.written, out_dir=tmp_path_factory.mktemp("nankai-out"))
    assert built.ok, "\n".join(map(str, built.diagnostics))
    return {w.kind: w.path for w in built.written}


# --- the Nankai page: the "Done when" ------------------------------------------------

def test_the_nankai_draft_has_six_sections_with_the_pages_six_questions_in_order(nankai):
    _, loaded = nankai
    b = loaded.briefing
    assert [s.question for s in b.sections] == NANKAI_QUESTIONS
    assert kinds(b) == [[("paragraphs", 3)], [("cards", 5)], [("goal", 0)], [("cards", 5)],
                        [("groups", 3)], [("cards", 4)]]


def test_the_nankai_metadata_come_from_the_title_and_metadata_lines(nankai):
    _, loaded = nankai
    b = loaded.briefing
    assert (b.title, b.subtitle) == ("加强污染防治和生态建设\u3000持续改善环境质量",
                                     "《天津市南开区生态环境保护“十四五”规划》政策解读")
    assert b.short_title == "天津市南开区生态环境保护“十四五”规划解读"
    assert (b.issuer, b.date.isoformat(), b.language) == (
        "天津市南开区人民政府办公室", "2022-02-14", "zh-CN")
    assert b.source.title == NANKAI_PAGE.read_text(encoding="utf-8").splitlines()[0]
    assert (b.source.publisher, str(b.source.published)) == (
        "天津市南开区人民政府办公室", "2022-02-14 17:19:49")
    assert (b.key_messages, b.keywords, b.source.url) == ([], [], None)


def test_the_five_parts_and_the_five_principles_are_cards(nankai):
    _, loaded = nankai
    parts, principles = loaded.briefing.sections[1].blocks[0], \
        loaded.briefing.sections[3].blocks[0]
    assert [c.title for c in parts.cards] == ["规划回顾", "形势分析", "目标指标", "重点任务",
                                              "保障措施"]
    assert parts.intro.startswith("《规划》内容包括规划回顾") and \
        parts.outro.startswith("《规划》明确了“十四五”时期")
    assert parts.cards[4].text.startswith("提出加强组织领导、强化统筹协调")
    assert [c.title for c in principles.cards] == [
        "坚持党的领导", "坚持以人民为中心", "坚持新发展理念", "坚持深化改革", "坚持系统观念"]
    assert (parts.count, principles.count) == ("部分内容", "项原则")


def test_the_three_battles_are_groups_with_their_thrusts_and_all_12_4_4_measures(nankai):
    _, loaded = nankai
    battles = loaded.briefing.sections[4].blocks[0]
    assert battles.intro.startswith("从“十三五”坚决打好污染防治攻坚战")
    # the enumerators stay as printed: 一是、二是、是 has a gap that check reports
    assert [(g.title, g.thrust, len(g.measures)) for g in battles.groups] == [
        ("一是深入打好蓝天保卫战", "精准施测，推进大气环境质量稳定向好", 12),
        ("二是深入打好碧水保卫战", "精准发力，推进水环境质量明显提升", 4),
        ("是深入打好净土保卫战", "精准管控，推进土壤环境质量稳步改善", 4)]
    # the thrust ran into the first measure without a full stop: split there
    assert [g.measures[0].text for g in battles.groups] == [
        "实施重点行业深度治理全覆盖。", "明确各类水体水质保护目标。", "开展全区土壤污染分类管理。"]
    assert battles.groups[0].measures[-1].text == "深化重污染天气应急管理。"


def test_the_four_safeguards_are_cards_and_the_goal_has_its_year(nankai):
    _, loaded = nankai
    safeguards = loaded.briefing.sections[5].blocks[0]
    assert [c.title for c in safeguards.cards] == [
        "加强组织领导，强化责任落实", "加强协调沟通，强化统筹推动", "拓宽资金渠道，强化资金保障",
        "加强宣传教育，营造生态氛围"]
    goal = loaded.briefing.sections[2].blocks[0].goal
    assert (goal.year, goal.statement[:15]) == (2025, "规划》提出，到2025年，我区")


def test_the_header_lists_the_furniture_dropped_and_the_punctuation_fixed(nankai):
    result, _ = nankai
    text = result.written.read_text(encoding="utf-8")
    header = text[:text.index("\ntitle: ")]
    page = NANKAI_PAGE.read_text(encoding="utf-8").splitlines()
    assert "# Website furniture dropped (3 lines):\n" + "".join(
        f"# - line {n}: {page[n - 1].strip()}\n" for n in (69, 70, 71)) in header
    assert page[68].startswith("网站地图") and page[70].endswith("津ICP备12005970号-1")
    assert "# Fixed mechanically (117; page line and column" in header
    assert "# - line 1: ' ' → '\u3000' (col 12)\n" in header
    assert "# - line 5: '(' → '（' (col 26); ')' → '）' (col 35); '?' → '？' (col 44)\n" in header
    assert "# - line 11: ',' → '，' ×5 (col 15, 31, 46, 61, 121); '○' → '〇' (col 86)\n" \
        in header
    assert "# - issuer, source.publisher: line 70, 主办单位, the site's operator (the page's" \
           " 来源 is blank)\n" in header
    assert "# - lines 51–55: the numbering 一是、二是、是 has a gap or a repeat" in header
    assert "# - line 51: the thrust runs into the first measure without a full stop; split" \
           " before\n#   “实施重点行业深度治理全覆盖”\n" in header
    assert "short forms made from first clauses" in header
    assert all(line.startswith("#") for line in header.splitlines() if line)


def test_check_reports_the_unbalanced_book_mark_and_the_enumeration_gap_where_they_are(nankai):
    result, _ = nankai
    lines = result.written.read_text(encoding="utf-8").splitlines()
    found = [(d.path, d.message) for d in result.diagnostics]
    assert found == [
        ("sections[2].blocks[0].goal.statement", "unbalanced '》': no matching '《'"),
        ("sections[2].blocks[0].goal.statement", "unbalanced '“': no matching '”'"),
        ("sections[4].blocks[0].groups[2].title",
         "enumeration skips 三是 ('是' follows '二是')")]
    assert all(d.severity == "warning" and d.file.endswith("draft.yaml")
               for d in result.diagnostics)
    at = [lines[d.line - 1][d.column - 1:] for d in result.diagnostics]
    assert at[0].startswith("》提出，到2025年") and at[1].startswith("“生产生活方式")
    assert at[2] == "是深入打好净土保卫战"
    assert check(result.written).diagnostics == result.diagnostics


@pytest.mark.slow
def test_the_nankai_draft_builds_all_four_outputs(nankai_built):
    assert sorted(nankai_built) == ["handout", "pdf", "pptx", "slides"]


def normalised(text: str) -> str:
    """Return text as compared with the PDF's: no spaces or punctuation, 〇 for ○."""
    return "".join(c for c in text.replace("○", "〇") if c.isalnum())


CONSTRUCTION = re.compile(r"^(?:[一二三四五六七八九十]+、)?(?:问|答)[:：]|^\d+\.|^[一二三四]是"
                          r"|^第[一二三四五]部分是?")


def test_every_sentence_of_the_nankai_pages_content_is_in_the_pdf(nankai_built):
    page = NANKAI_PAGE.read_text(encoding="utf-8").splitlines()
    content = [line.strip() for n, line in enumerate(page, 1)
               if line.strip() and n not in (2, 69, 70, 71)]  # metadata and furniture
    sentences = []
    for line in content:
        line = CONSTRUCTION.sub("", line)  # numbers and prefixes the templates generate
        sentences += [s for s in re.split("[。？?]", line) if normalised(s)]
    with pdfplumber.open(nankai_built["pdf"]) as document:
        text = normalised("".join(
            page.crop((0, MARGIN, page.width, page.height - MARGIN)).extract_text() or ""
            for page in document.pages))
    # the list numbers the PDF puts between measures may stand inside a split sentence
    missing = [s for s in sentences if normalised(s) not in text and not re.search(
        r"\d{0,2}".join(map(re.escape, normalised(s))), text)]
    assert len(sentences) >= 70
    assert missing == []


def test_the_same_page_gives_the_same_file(nankai, tmp_path):
    result, _ = nankai
    again = import_page(NANKAI_PAGE, tmp_path / "draft.yaml")
    assert again.written.read_bytes() == result.written.read_bytes()


# --- the fictional pages -------------------------------------------------------------------

FICTIONAL = {
    "short-qa": dict(
        title="分类投放从我做起\u3000共建美丽宜居鹭汀",
        subtitle="《鹭汀县城乡生活垃圾分类工作实施方案（2023—2025年）》政策解读",
        issuer="鹭汀县城市管理局", date="2023-05-12", published="2023-05-12 09:30:00",
        questions=["《鹭汀县城乡生活垃圾分类工作实施方案（2023—2025年）》（以下简称《方案》）"
                   "出台的背景是什么？",
                   "生活垃圾分为哪几类？居民应当如何分类投放？",
                   "居民不按规定分类投放生活垃圾，会受到处罚吗？"],
        kinds=[[("paragraphs", 3)], [("paragraphs", 2)], [("paragraphs", 1)]],
        summary="3 sections, 3 blocks (paragraphs 3); 36 mechanical fixes, 6 furniture lines"
                " dropped",
        warnings=[("sections[2].blocks[0].paragraphs[0].text",
                   "unbalanced '《': no matching '》'")]),
    "numbered-headings": dict(
        title="《栖梧市“十四五”节水型社会建设规划》解读", subtitle=None, issuer="栖梧市水务局",
        date="2022-08-26", published="2022-08-26",
        headings=["编制背景", "主要内容", "总体要求", "主要目标", "重点任务", "保障措施"],
        kinds=[[("paragraphs", 2)], [("cards", 5)], [("paragraphs", 1), ("cards", 4)],
               [("goal", 4)],
               [("cards", 3), ("cards", 2), ("list", 3), ("paragraphs", 1), ("paragraphs", 1)],
               [("cards", 4)]],
        summary="6 sections, 11 blocks (paragraphs 4, cards 5, goal 1, list 1); 31 mechanical"
                " fixes, 7 furniture lines dropped",
        warnings=[]),
    "enumerations": dict(
        title="关于《霁川区深入打好污染防治攻坚战实施方案》的政策解读", subtitle=None,
        issuer="霁川区生态环境局", date="2023-03-07", published="2023-03-07 10:15:00",
        questions=["《霁川区深入打好污染防治攻坚战实施方案》（以下简称《实施方案》）"
                   "出台的背景是什么？",
                   "《实施方案》提出的主要目标是什么？",
                   "围绕深入打好污染防治攻坚战，《实施方案》部署了哪些重点任务？",
                   "在推动减污降碳协同增效方面有哪些具体举措？",
                   "如何确保《实施方案》各项任务落到实处？"],
        kinds=[[("paragraphs", 2)], [("goal", 5)], [("groups", 4)], [("list", 4)],
               [("cards", 4)]],
        summary="5 sections, 5 blocks (paragraphs 1, goal 1, groups 1, list 1, cards 1); 33"
                " mechanical fixes, 7 furniture lines dropped",
        warnings=[("sections[3].blocks[0].list[0]", "unbalanced '“': no matching '”'")]),
    "numbered-questions": dict(
        title="《岚溪市“十四五”生态环境保护规划》政策解读", subtitle=None,
        issuer="岚溪市生态环境局", date="2022-03-15", published="2022-03-15 09:30:00",
        questions=["《规划》的编制背景是什么？", "《规划》的主要目标是什么？",
                   "《规划》明确了哪些重点任务？", "如何保障《规划》实施？"],
        kinds=[[("paragraphs", 1)], [("goal", 0)], [("list", 7)], [("cards", 3)]],
        summary="4 sections, 4 blocks (paragraphs 1, goal 1, list 1, cards 1); 0 mechanical"
                " fixes, 4 furniture lines dropped",
        warnings=[]),
    "indicator-lines": dict(
        title="守护绿水青山\u3000建设生态青漪",
        subtitle="《青漪县生态环境保护“十四五”规划》解读",
        issuer="青漪县生态环境局", date="2022-01-18", published="2022-01-18",
        questions=["《青漪县生态环境保护“十四五”规划》（以下简称《规划》）的编制背景是什么？",
                   "《规划》确定了哪些主要目标和指标？", "《规划》部署了哪些重点任务？",
                   "如何保障《规划》顺利实施？"],
        kinds=[[("paragraphs", 2)], [("goal", 0), ("table", 17)], [("paragraphs", 2)],
               [("paragraphs", 1)]],
        summary="4 sections, 5 blocks (paragraphs 3, goal 1, table 1); 37 mechanical fixes, 8"
                " furniture lines dropped",
        warnings=[("sections[2].blocks[0].paragraphs[1]",
                   "unbalanced '《': no matching '》'")]),
}


@pytest.fixture(scope="module", params=sorted(FICTIONAL))
def fictional(request, tmp_path_factory):
    """One fictional page imported and checked, with what the tests expect of it."""
    folder = tmp_path_factory.mktemp(request.param)
    result = briefing.import_text(PAGES / f"{request.param}.txt", folder / "draft.yaml")
    assert result.ok, "\n".join(map(str, result.diagnostics))
    return request.param, result, load_briefing(result.written).briefing


def test_each_fictional_page_gets_its_metadata(fictional):
    name, result, b = fictional
    want = FICTIONAL[name]
    assert (b.title, b.subtitle, b.issuer, b.date.isoformat(), str(b.source.published)) == (
        want["title"], want["subtitle"], want["issuer"], want["date"], want["published"])
    assert b.source.title == (PAGES / f"{name}.txt").read_text(encoding="utf-8").splitlines()[0]
    assert b.source.publisher == want["issuer"] and b.language == "zh-CN"
    printed = want["published"].removesuffix(":00") if name in ("enumerations",
                                                                 "numbered-questions") else \
        want["published"]  # the page gives no seconds: the file neither
    assert f"\n  published: {printed}\n" in result.written.read_text(encoding="utf-8")


def test_each_fictional_page_gets_its_sections_and_blocks(fictional):
    name, result, b = fictional
    want = FICTIONAL[name]
    assert kinds(b) == want["kinds"]
    if "questions" in want:
        assert [s.question for s in b.sections] == want["questions"]
    else:
        assert [s.heading for s in b.sections] == want["headings"]
        assert [s.question for s in b.sections] == [None] * 6
    assert result.summary.split(": ", 1)[1].startswith(want["summary"])
    assert [(d.path, d.message) for d in result.diagnostics] == want["warnings"]


@pytest.mark.slow
def test_each_fictional_page_builds(fictional, tmp_path):
    _, result, _ = fictional
    built = build(result.written, outputs=("pdf", "pptx"), out_dir=tmp_path)
    assert built.ok, "\n".join(map(str, built.diagnostics))
    assert sorted(w.kind for w in built.written) == ["pdf", "pptx"]


def test_the_indicator_lines_become_a_table_with_groups_caption_and_note(tmp_path):
    result = import_page(PAGES / "indicator-lines.txt", tmp_path / "x.yaml")
    section = load_briefing(result.written).briefing.sections[1]
    goal, table = section.blocks[0], section.blocks[1]
    assert goal.goal.indicator_categories == ["环境质量", "污染减排", "生态保护", "应对气候变化",
                                              "环境风险防控"]
    t = table.table
    assert (t.caption, t.columns, t.note) == (
        "青漪县“十四五”生态环境保护主要指标", ["指标", "单位", "2020年", "2025年目标", "属性"],
        "注：〔〕内为五年累计数。")
    assert [r.group for r in t.rows if not isinstance(r, list)] == \
        goal.goal.indicator_categories
    assert t.data_rows[1] == ["空气质量优良天数比率", "%", "86.3", "88", "约束性"]
    assert t.data_rows[16] == ["重点建设用地安全利用", "-", "-", "有效保障", "约束性"]
    assert table.intro.startswith("《规划》从环境质量") and table.count == "项主要指标"


def test_the_battles_and_the_run_inside_a_paragraph_of_the_enumerations_page(tmp_path):
    result = import_page(PAGES / "enumerations.txt", tmp_path / "x.yaml")
    b = load_briefing(result.written).briefing
    battles = b.sections[2].blocks[0]
    assert [(g.title, g.thrust, len(g.measures)) for g in battles.groups] == [
        ("深入打好蓝天保卫战", "精准施策，推进大气环境质量稳定向好", 6),
        ("深入打好碧水保卫战", "系统治理，推进水环境质量持续提升", 5),
        ("深入打好净土保卫战", "防控并重，推进土壤环境安全稳定可控", 4),
        ("深入推进固体废物和新污染物治理", "源头减量，推进“无废城市”建设", 4)]
    assert battles.groups[0].measures[1].text == "推进水泥、玻璃行业超低排放改造。"  # 、、 made one
    run = b.sections[3].blocks[0]
    assert run.intro == "《实施方案》从四个方面作出安排："
    assert run.items[1].text == "调整能源结构，严控煤炭消费增长，大力发展屋顶分布式光伏。"
    assert run.outro.startswith("通过以上举措")
    goal = b.sections[1].blocks[0].goal
    assert goal.targets[4].text == "一般工业固体废物综合利用率达到95%以上"
    assert b.sections[0].blocks[0].paragraphs[0].text.count("是") >= 3  # 一是… inside prose


# --- the command line and the library -------------------------------------------------------

def test_import_writes_the_draft_prints_its_warnings_and_a_summary_and_exits_0(tmp_path):
    target = tmp_path / "draft.yaml"
    done = run_cli("import", str(NANKAI_PAGE), "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"{target}: 6 sections, 6 blocks (paragraphs 1, cards 3, goal 1, groups 1); 117"
        " mechanical fixes, 3 furniture lines dropped; 16 short forms and 6 headings to review"]
    warnings = done.stderr.splitlines()
    assert [w.split(": warning: ")[1] for w in warnings[:3]] == [
        "sections[2].blocks[0].goal.statement: unbalanced '》': no matching '《'",
        "sections[2].blocks[0].goal.statement: unbalanced '“': no matching '”'",
        "sections[4].blocks[0].groups[2].title: enumeration skips 三是 ('是' follows '二是')"]
    assert all(re.match(rf"{re.escape(str(target))}:\d+:\d+: warning", w) for w in warnings[:3])
    assert warnings[3:] == ["0 errors, 3 warnings in 1 file"]


def test_import_refuses_to_overwrite_a_file_unless_forced(tmp_path):
    target = tmp_path / "draft.yaml"
    target.write_text("mine\n", encoding="utf-8")
    done = run_cli("import", str(PAGES / "short-qa.txt"), "-o", str(target))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{target}: error: the file exists; pass --force to overwrite it", "1 error in 1 file"]
    assert target.read_text(encoding="utf-8") == "mine\n" and done.stdout == ""
    forced = run_cli("import", str(PAGES / "short-qa.txt"), "-o", str(target), "--force")
    assert forced.returncode == 0 and target.read_text(encoding="utf-8").startswith("# 分类投放")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.yaml"]


def test_import_writes_content_slash_the_page_name_by_default(tmp_path):
    (tmp_path / "content").mkdir()
    done = run_cli("import", str(PAGES / "numbered-headings.txt"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("content/numbered-headings.yaml: 6 sections")
    assert (tmp_path / "content" / "numbered-headings.yaml").is_file()


def test_a_usage_error_exits_2():
    assert run_cli("import").returncode == 2
    assert run_cli("import", "page.txt", "--theme", "nope").returncode == 2


def test_the_library_returns_ok_written_and_diagnostics_and_does_not_raise(tmp_path):
    good = briefing.import_text(PAGES / "short-qa.txt", tmp_path / "a.yaml")
    assert good.ok and good.written == tmp_path / "a.yaml"
    bad = briefing.import_text(tmp_path / "missing.txt", tmp_path / "b.yaml")
    assert not bad.ok and bad.written is None
    assert [str(d).split(": ", 1)[1] for d in bad.diagnostics] == [
        "error: cannot read the page: No such file or directory"]
    assert not (tmp_path / "b.yaml").exists()
