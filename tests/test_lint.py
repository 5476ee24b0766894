"""Copy lint: each rule at its exact character, the source's slips found, fixes that keep files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing.checks.lint import fix_text, lint
from briefing.content.load import load_briefing
from briefing.diagnostics import DiagnosticError

from .conftest import DEFAULT_CONTENT, ROOT, examples, write_yaml

SLIPS = ROOT / "tests" / "data" / "nankai-with-slips.yaml"
YAML_LINES = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # line breaks as PyYAML counts them

# A small valid Chinese briefing: the title on line 1, the key messages from line 3 on.
BASE = """\
title: TITLE
key_messages:
ITEMS
short_title: 测试简报
issuer: 测试办公室
date: 2024-01-01
language: zh-CN
source:
  title: 测试来源
sections:
  - heading: 背景
    blocks:
      - paragraphs:
          - 背景段落。
"""


def briefing(items: str, title: str = "测试简报") -> str:
    """Return the base briefing with these key-message lines (two-space indented) and title."""
    indented = "\n".join("  " + line for line in items.strip("\n").split("\n"))
    return BASE.replace("TITLE", title).replace("ITEMS", indented)


def lint_of(tmp_path: Path, text: str) -> list[str]:
    """Write a briefing, lint it and return the findings as LINE:COL: PATH: MESSAGE."""
    loaded = load_briefing(write_yaml(tmp_path, text))
    found = lint(loaded)
    assert all(d.severity == "warning" and d.file == loaded.file for d in found)
    return [f"{d.line}:{d.column}: {d.path}: {d.message}" for d in found]


def character_at(text: str, line: int, column: int) -> str:
    """Return the character at a 1-based line and column of a text."""
    return YAML_LINES.split(text)[line - 1][column - 1]


# --- the default content and the source's slips ---------------------------------------------

def test_the_default_content_lints_clean(nankai):
    assert lint(nankai) == []


SLIP_FINDINGS = [
    "17:19: title: space between the title's halves; use one ideographic space '　' (U+3000)",
    "45:38: sections[0].question: half-width '(' in Chinese text; use '（'",
    "45:47: sections[0].question: half-width ')' in Chinese text; use '）'",
    "45:56: sections[0].question: half-width '?' in Chinese text; use '？'",
    "49:26: sections[0].blocks[0].paragraphs[0].text: half-width ',' in Chinese text; use '，'",
    ("53:104: sections[0].blocks[0].paragraphs[2].text: '○' (U+25CB WHITE CIRCLE) used as"
     " a numeral; use '〇' (U+3007)"),
    "56:29: sections[1].question: half-width '?' in Chinese text; use '？'",
    "65:36: sections[1].blocks[0].cards[1].text: half-width ',' in Chinese text; use '，'",
    "74:24: sections[1].blocks[0].cards[4].text: unbalanced '“': no matching '”'",
    "74:29: sections[1].blocks[0].cards[4].text: half-width ',' in Chinese text; use '，'",
    "79:22: sections[2].question: half-width ',' in Chinese text; use '，'",
    "79:42: sections[2].question: half-width '?' in Chinese text; use '？'",
    "83:24: sections[2].blocks[0].goal.statement: unbalanced '》': no matching '《'",
    "83:27: sections[2].blocks[0].goal.statement: half-width ',' in Chinese text; use '，'",
    "83:34: sections[2].blocks[0].goal.statement: half-width ',' in Chinese text; use '，'",
    "83:37: sections[2].blocks[0].goal.statement: unbalanced '“': no matching '”'",
    "103:15: sections[3].question: enumeration skips 三 (二 is followed by 四)",
    "103:35: sections[3].question: half-width '?' in Chinese text; use '？'",
    "126:36: sections[4].question: half-width ',' in Chinese text; use '，'",
    "126:48: sections[4].question: half-width ',' in Chinese text; use '，'",
    "126:67: sections[4].question: half-width '?' in Chinese text; use '？'",
    "131:25: sections[4].blocks[0].groups[0].thrust: half-width ',' in Chinese text; use '，'",
    "152:20: sections[4].blocks[0].groups[2].title: enumeration skips 三是 ('是' follows '二是')",
    "164:61: sections[5].question: half-width '?' in Chinese text; use '？'",
]


def test_every_slip_of_the_source_is_reported_at_its_character():
    loaded = load_briefing(SLIPS)
    found = lint(loaded)
    assert str(found[0]) == f"{loaded.file}:17:19: warning: {SLIP_FINDINGS[0].split(': ', 1)[1]}"
    assert [f"{d.line}:{d.column}: {d.path}: {d.message}" for d in found] == SLIP_FINDINGS


def test_each_slip_position_holds_the_character_it_names():
    text = SLIPS.read_text(encoding="utf-8")
    assert [character_at(text, *map(int, f.split(":")[:2])) for f in SLIP_FINDINGS] == [
        " ", "(", ")", "?", ",", "○", "?", ",", "“", ",", ",", "?",
        "》", ",", ",", "“", "四", "?", ",", ",", "?", ",", "是", "?"]


def test_the_slips_file_is_the_default_content_with_the_slips_put_back():
    slips, default = load_briefing(SLIPS).briefing, load_briefing(DEFAULT_CONTENT).briefing
    assert [s.heading for s in slips.sections] == [s.heading for s in default.sections]
    slip_groups = slips.sections[4].blocks[0].groups
    assert len(slip_groups) == len(default.sections[4].blocks[0].groups) == 3
    assert slip_groups[2].title == "是深入打好净土保卫战"
    assert slips.sections[2].blocks[0].goal.statement.startswith("规划》提出,到2025年,我区“")


# --- one rule at a time -----------------------------------------------------------------------

def test_half_width_punctuation_next_to_chinese_is_reported_but_latin_text_is_not(tmp_path):
    assert lint_of(tmp_path, briefing("""
- 到2025年,全区坚持(以下简称《规划》)的目标?
- 细颗粒物浓度(PM2.5)下降，时间17:30，比例1:1000。
- Latin text, with (parentheses) too!
- 什么?!
- 地点:南开;时间:今天
""")) == [
        "3:11: key_messages[0]: half-width ',' in Chinese text; use '，'",
        "3:16: key_messages[0]: half-width '(' in Chinese text; use '（'",
        "3:25: key_messages[0]: half-width ')' in Chinese text; use '）'",
        "3:29: key_messages[0]: half-width '?' in Chinese text; use '？'",
        "6:7: key_messages[3]: half-width '?' in Chinese text; use '？'",
        "6:8: key_messages[3]: half-width '!' in Chinese text; use '！'",
        "7:7: key_messages[4]: half-width ':' in Chinese text; use '：'",
        "7:10: key_messages[4]: half-width ';' in Chinese text; use '；'",
        "7:13: key_messages[4]: half-width ':' in Chinese text; use '：'",
    ]


def test_positions_count_quotes_escapes_and_lines_of_block_scalars(tmp_path):
    assert lint_of(tmp_path, briefing("""
- '单引号''内,汉'
- "双\\u6c49,汉"
- |
  第一行。
  第二行,汉
- >
  折叠第一行
  第二行,汉
- short: 多行纯文本
    第二行,汉
  text: 全文。
""")) == [
        "3:12: key_messages[0]: half-width ',' in Chinese text; use '，'",
        "4:13: key_messages[1]: half-width ',' in Chinese text; use '，'",
        "7:8: key_messages[2]: half-width ',' in Chinese text; use '，'",
        # folding a line break between Chinese characters puts a space into the text
        "9:10: key_messages[3]: space between Chinese characters; remove it",
        "10:8: key_messages[3]: half-width ',' in Chinese text; use '，'",
        "11:17: key_messages[4].short: space between Chinese characters; remove it",
        "12:10: key_messages[4].short: half-width ',' in Chinese text; use '，'",
    ]


def test_unbalanced_book_title_marks_quotes_and_brackets_point_at_the_stray_mark(tmp_path):
    assert lint_of(tmp_path, briefing("""
- 规划》提出
- 我区“生产生活
- 《规划》（一）“十四五”‘引号’【注】都成对。
- The district’s plan.
- “外“内”外（注
- 完】
""")) == [
        "3:7: key_messages[0]: unbalanced '》': no matching '《'",
        "4:7: key_messages[1]: unbalanced '“': no matching '”'",
        "7:5: key_messages[4]: unbalanced '“': no matching '”'",
        "7:11: key_messages[4]: unbalanced '（': no matching '）'",
        "8:6: key_messages[5]: unbalanced '】': no matching '【'",
    ]


@pytest.mark.parametrize(("items", "expected"), [
    ("- 一、加强领导；二、强化落实；四、完善制度。",
     ["3:19: key_messages[0]: enumeration skips 三 (二 is followed by 四)"]),
    ("- 一是加强领导。\n- 二是强化落实。\n- 二是完善制度。",
     ["5:5: key_messages[2]: enumeration repeats 二"]),
    ("- （一）总体要求。（三）主要任务。",
     ["3:14: key_messages[0]: enumeration skips 二 (一 is followed by 三)"]),
    ("- 1. 第一项；3. 第三项。",
     ["3:12: key_messages[0]: enumeration skips 2 (1 is followed by 3)"]),
    ("- 1、甲。\n- 3、丙。",
     ["4:5: key_messages[1]: enumeration skips 2 (1 is followed by 3)"]),
    ("- 一是甲，二是乙。是丙。四是丁。",
     ["3:13: key_messages[0]: enumeration skips 三是 ('是' follows '二是')"]),
    ("- 二是深入打好碧水保卫战\n- 是深入打好净土保卫战",
     ["4:5: key_messages[1]: enumeration skips 三是 ('是' follows '二是')"]),
    ("- 九、甲。十一、乙。一、丙。二、丁。",
     ["3:9: key_messages[0]: enumeration skips 十 (九 is followed by 十一)"]),
    ("- 一、甲。\n- 二、乙。\n- 三、丙。", []),
    ("- 第一、三季度增长1.5倍；统一是前提，是否可行另议。", []),
])
def test_gaps_and_repeats_in_numbering_are_reported_at_the_number(tmp_path, items, expected):
    assert lint_of(tmp_path, briefing(items)) == expected


def test_numbering_runs_through_the_same_key_of_sibling_items(tmp_path):
    text = briefing("- short: 一是甲\n  text: 一是甲。\n- short: 三是丙\n  text: 二是乙。")
    assert lint_of(tmp_path, text) == [
        "5:12: key_messages[1].short: enumeration skips 二 (一 is followed by 三)"]


def test_doubled_punctuation_is_reported_but_ellipsis_dash_and_query_bang_are_not(tmp_path):
    assert lint_of(tmp_path, briefing("""
- 要点，，重复。。并列、、分号；；混合，。
- 省略……破折号——真的吗？！
""")) == [
        "3:8: key_messages[0]: doubled punctuation '，，'; keep one",
        "3:12: key_messages[0]: doubled punctuation '。。'; keep one",
        "3:16: key_messages[0]: doubled punctuation '、、'; keep one",
        "3:20: key_messages[0]: doubled punctuation '；；'; keep one",
        "3:24: key_messages[0]: doubled punctuation '，。'; keep one",
    ]


def test_a_single_stray_space_between_chinese_characters_is_reported(tmp_path):
    assert lint_of(tmp_path, briefing("""
- 生态 环境
- “十四五” 时期，《规划》 提出
- 中文 and English
""")) == [
        "3:7: key_messages[0]: space between Chinese characters; remove it",
        "4:10: key_messages[1]: space between Chinese characters; remove it",
        "4:18: key_messages[1]: space between Chinese characters; remove it",
    ]


def test_two_spaces_a_tab_or_an_ideographic_space_separate_columns_and_are_no_slip(tmp_path):
    assert lint_of(tmp_path, briefing("""
- 许  伟   澄溪市卫生健康委员会副主任
- "张晓岚\t副主任"
- 生态　环境
""")) == []


def test_the_title_may_separate_its_halves_with_one_ideographic_space_only(tmp_path):
    assert lint_of(tmp_path, briefing("- 要点。", title="加强污染防治　持续改善环境")) == []
    assert lint_of(tmp_path, briefing("- 要点。", title="加强污染防治 持续改善环境")) == [
        ("1:14: title: space between the title's halves; use one ideographic space '　'"
         " (U+3000)")]


def test_inconsistent_spacing_between_chinese_and_latin_warns_at_the_minority(tmp_path):
    assert lint_of(tmp_path, briefing("- 到2025年目标\n- 近40项工作\n- 到 2030 年")) == [
        ("5:6: key_messages[2]: inconsistent spacing between Chinese and Latin/digits"
         " (2 places with a space, 4 without); remove the space"),
        ("5:11: key_messages[2]: inconsistent spacing between Chinese and Latin/digits"
         " (2 places with a space, 4 without); remove the space"),
    ]
    assert lint_of(tmp_path, briefing("- 到 2025 年目标\n- 近 40 项工作\n- 共3项")) == [
        ("5:6: key_messages[2]: inconsistent spacing between Chinese and Latin/digits"
         " (4 places with a space, 2 without); add a space"),
        ("5:7: key_messages[2]: inconsistent spacing between Chinese and Latin/digits"
         " (4 places with a space, 2 without); add a space"),
    ]
    assert lint_of(tmp_path, briefing("- 到 2025 年\n- 细颗粒物 PM2.5 浓度")) == []


def test_a_white_circle_written_for_the_numeral_zero_is_reported(tmp_path):
    assert lint_of(tmp_path, briefing("- 二○三五年远景目标\n- ○ 项目符号不算\n- 二○○五年")) == [
        "3:6: key_messages[0]: '○' (U+25CB WHITE CIRCLE) used as a numeral; use '〇' (U+3007)",
        "5:6: key_messages[2]: '○' (U+25CB WHITE CIRCLE) used as a numeral; use '〇' (U+3007)",
        "5:7: key_messages[2]: '○' (U+25CB WHITE CIRCLE) used as a numeral; use '〇' (U+3007)"]


def test_a_white_circle_after_a_colon_opens_an_item_and_is_no_zero(tmp_path):
    assert lint_of(tmp_path, briefing("- 主要措施：○一是加强领导；○二是强化保障。")) == []


def test_the_english_briefing_lints_clean():
    assert lint(load_briefing(ROOT / "tests" / "data" / "english-briefing.yaml")) == []


# --- fix_text ---------------------------------------------------------------------------------

RAW = """\
# 注释,半角 标点(不改)?
title: 加强污染防治 持续改善环境   # 行内注释,不改
键,名: 值,值
items:
  - 浓度(PM2.5)下降,时间17:30
  - '单引号''内,汉 字'
  - "双引号\\u6c49,汉"
  - 生态 环境 and Latin, text
  - |
    块,标量
"""

FIXED = """\
# 注释,半角 标点(不改)?
title: 加强污染防治　持续改善环境   # 行内注释,不改
键,名: 值，值
items:
  - 浓度(PM2.5)下降，时间17:30
  - '单引号''内，汉字'
  - "双引号\\u6c49，汉"
  - 生态环境 and Latin, text
  - |
    块，标量
"""


def test_fix_text_makes_punctuation_full_width_and_removes_stray_spaces():
    assert fix_text(RAW) == (FIXED, 8)


def test_fix_text_makes_the_importers_fixes_and_keeps_columns_and_bullets():
    raw = briefing("- 二○二五年，，完成。。\n- 许  伟   副主任\n- 措施：○加强领导，。")
    fixed, changes = fix_text(raw)
    assert fixed == briefing("- 二〇二五年，完成。\n- 许  伟   副主任\n- 措施：○加强领导，。")
    assert changes == 3  # the mixed ，。 needs a reader: lint reports it, --fix leaves it


def test_fix_text_leaves_comments_keys_and_unflagged_text_byte_identical():
    fixed, _ = fix_text(RAW)
    for before, after in zip(RAW.splitlines(), fixed.splitlines(), strict=True):
        assert before.partition("#")[2] == after.partition("#")[2]  # comments
        assert len(before) - len(before.lstrip()) == len(after) - len(after.lstrip())
        if not before.startswith((" ", "#")):
            assert before.partition(": ")[0] == after.partition(": ")[0]  # keys
    assert len(fixed) == len(RAW) - 2  # two spaces removed, every other change is 1:1


def test_fix_text_is_idempotent_and_keeps_the_slips_file_loadable(tmp_path):
    raw = SLIPS.read_text(encoding="utf-8")
    fixed, changes = fix_text(raw)
    assert changes == 19  # 18 widths and spaces, and the ○ of 二○二五
    assert fix_text(fixed) == (fixed, 0)
    loaded = load_briefing(write_yaml(tmp_path, fixed))
    assert loaded.briefing.title == "加强污染防治和生态建设　持续改善环境质量"
    assert [line for line in raw.splitlines() if line.startswith("#")] == \
        [line for line in fixed.splitlines() if line.startswith("#")]
    assert [f"{d.line}:{d.column}: {d.path}: {d.message}" for d in lint(loaded)] == [
        s for s in SLIP_FINDINGS if "half-width" not in s and s.split(": ")[1] != "title"
        and "U+25CB" not in s]


def test_fix_text_returns_text_that_is_not_yaml_unchanged():
    assert fix_text("a: [1, 2\nb: 汉,汉") == ("a: [1, 2\nb: 汉,汉", 0)
    assert fix_text("") == ("", 0)


# --- properties -------------------------------------------------------------------------------

COMMENTS = ["# 注释,半角 标点(不改)?", "# 末尾注释:汉 字,不改"]
PROPERTY_BASE = briefing("""
- short: 要点
  text: VALUE
- 第二条,要点  # 行内注释,不改
""").replace("short_title:", f"{COMMENTS[1]}\nshort_title:")
PROPERTY_BASE = f"{COMMENTS[0]}\n{PROPERTY_BASE}"
INTERESTING = list("汉字规划一二三四是、，。；：？！“”‘’《》（）【】○…—")
INTERESTING += list(",:;?!()  \u3000aZ09.\n\t'\"\\#-|>")
TEXTS = st.one_of(st.text(st.sampled_from(INTERESTING), max_size=30), st.text(max_size=30))
STYLES = st.sampled_from(["plain", "single", "double", "literal", "folded"])


def with_value(text: str, style: str) -> str:
    """Return the property base briefing with a text written as key_messages[0].text."""
    indent = "\n      "
    rendered = {
        "plain": text.replace("\n", indent),
        "single": "'" + text.replace("'", "''").replace("\n", indent) + "'",
        "double": json.dumps(text, ensure_ascii=False),
        "literal": "|" + indent + text.replace("\n", indent),
        "folded": ">" + indent + text.replace("\n", indent),
    }[style]
    return PROPERTY_BASE.replace("VALUE", rendered)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("lint")


def load_or_none(folder: Path, text: str):
    """Return the loaded briefing, or None when the text is no valid briefing."""
    try:
        return load_briefing(write_yaml(folder, text))
    except (DiagnosticError, UnicodeEncodeError):
        return None


@settings(max_examples=examples(200), deadline=None)
@given(text=TEXTS, style=STYLES)
def test_lint_never_raises_and_points_inside_the_file(folder, text, style):
    loaded = load_or_none(folder, with_value(text, style))
    if loaded is None:
        return
    lines = YAML_LINES.split(loaded.path.read_bytes().decode("utf-8-sig"))
    for d in lint(loaded):
        assert 1 <= d.line <= len(lines), d
        assert 1 <= d.column <= len(lines[d.line - 1]) + 1, d


@settings(max_examples=examples(200), deadline=None)
@given(text=TEXTS, style=STYLES)
@example(text="一○;", style="plain")  # the zero made first: the ; after it is then Chinese
def test_fix_text_is_idempotent_keeps_comments_and_keeps_the_file_loadable(folder, text, style):
    raw = with_value(text, style)
    fixed, changes = fix_text(raw)
    assert fix_text(fixed) == (fixed, 0)
    assert (changes == 0) == (fixed == raw)
    assert [line for line in fixed.split("\n") if line in COMMENTS] == COMMENTS
    assert fixed.count("\n") == raw.count("\n")
    if load_or_none(folder, raw) is not None:
        assert load_or_none(folder, fixed) is not None
