"""Hostile pages for `build.py import` (tests/data/pages/hostile/README.md): each gets a clear
diagnostic at its line, or a sensible draft — never a traceback — and nothing is written on
error: no content file, no temporary file, an existing file untouched. The YAML the importer
writes reads back as the same text, whatever the text."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.content.load import load_briefing
from briefing.content.source import load_yaml
from briefing.diagnostics import DiagnosticError
from briefing.importer import page as page_module
from briefing.importer import reading
from briefing.importer.page import import_page
from briefing.importer.writing import Flow, _emit, scalar

from .conftest import DATA, examples, no_hang, run_cli

PAGES = DATA / "pages"
HOSTILE = PAGES / "hostile"
HEAD = "标题一行\n发布时间：2022-02-14 09:00\n来源：某县某局\n\n"


def refused(page: Path, target: Path) -> list[str]:
    """Import a page that must be refused; return its diagnostics as text (file name aside),
    after checking that nothing was written beside the target."""
    folder = next(p for p in target.parents if p.is_dir())
    before = sorted(folder.rglob("*"))
    result = import_page(page, target)
    assert result.written is None and not result.ok
    assert sorted(folder.rglob("*")) == before
    return [str(d).removeprefix(str(d.file)) for d in result.diagnostics]


def test_an_empty_page_is_refused(tmp_path):
    (page := tmp_path / "empty.txt").write_bytes(b"")
    assert refused(page, tmp_path / "out.yaml") == [":1:1: error: the page is empty"]
    (page := tmp_path / "blank.txt").write_bytes(b"\r\n \n\t\n")
    assert refused(page, tmp_path / "out.yaml") == [
        ":1:1: error: the page is empty: it holds only blank lines"]


def test_a_binary_file_is_refused(tmp_path):
    (page := tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    assert refused(page, tmp_path / "out.yaml") == [
        ":1:1: error: the page is not text: byte 0x89 at offset 0 is not UTF-8, and it holds"
        " NUL bytes; is it a binary file?"]
    (page := tmp_path / "nul.txt").write_bytes((HEAD + "正文\x00内容。\n").encode())
    assert refused(page, tmp_path / "out.yaml") == [
        ":5:3: error: the page is not plain text: it holds a NUL character; is it a binary"
        " file?"]
    (page := tmp_path / "escape.txt").write_bytes((HEAD + "正文\x1b[1m内容。\n").encode())
    assert refused(page, tmp_path / "out.yaml") == [
        ":5:3: error: the page is not plain text: it holds the control character U+001B, which"
        " plain text does not hold"]


def test_a_page_of_ten_megabytes_is_refused_after_reading_only_its_first_bytes(tmp_path,
                                                                               monkeypatch):
    lines = (PAGES / "short-qa.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    head, body, foot = "".join(lines[:5]), "".join(lines[5:23]), "".join(lines[23:])
    size = 10 * 1024 * 1024
    reps = (size - len((head + foot).encode())) // len(body.encode()) + 1
    (page := tmp_path / "huge.txt").write_text(head + body * reps + foot, encoding="utf-8")
    assert page.stat().st_size >= size
    read = []
    real_open = Path.open

    def watched_open(self, *args, **kwargs):
        """Open a file, counting the bytes read from the huge page."""
        stream = real_open(self, *args, **kwargs)
        if self == page:
            real_read = stream.read

            def counted(n=-1):
                """Read, and count what was read."""
                data = real_read(n)
                read.append(len(data))
                return data

            stream.read = counted
        return stream

    monkeypatch.setattr(Path, "open", watched_open)
    assert refused(page, tmp_path / "out.yaml") == [
        ":1:1: error: the page is 10.0 MiB; at most 1 MiB is imported"]
    assert sum(read) <= reading.SNIFF  # what it is, from its first bytes; then its size


def test_a_page_within_the_size_limit_but_past_the_briefing_limits_is_refused(tmp_path):
    lines = (PAGES / "short-qa.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    head, body = "".join(lines[:5]), "".join(lines[5:23])
    (page := tmp_path / "long.txt").write_text(head + body * 11, encoding="utf-8")  # 33 Qs
    assert refused(page, tmp_path / "out.yaml") == [
        ":186:1: error: 33 sections (questions or headings); a briefing holds at most 30 —"
        " split the page"]


def test_a_single_line_of_100000_characters_is_refused_in_linear_time(tmp_path):
    page = tmp_path / "one-line.txt"
    page.write_text(("生态环境保护，" * 14286)[:100_000], encoding="utf-8")
    with no_hang(120):  # a pattern that backtracks on the line would run for hours
        found = refused(page, tmp_path / "out.yaml")
    assert found == [
        ":1:1: error: the first line is 100,000 characters long; a page starts with its title"
        " (at most 200)",
        ":1:1: error: no content found after the title line"]


def test_a_page_of_furniture_only_is_refused(tmp_path):
    assert refused(HOSTILE / "only-furniture.txt", tmp_path / "out.yaml") == [
        ":1:1: error: no content found: every line is website furniture"]


def test_mixed_line_endings_count_lines_as_splitlines_does(tmp_path):
    result = import_page(HOSTILE / "mixed-line-endings.txt", tmp_path / "x.yaml")
    assert result.ok, result.diagnostics
    text = result.written.read_text(encoding="utf-8")
    b = load_briefing(result.written).briefing
    assert (b.title, b.subtitle, b.issuer, b.date.isoformat()) == (
        "节约用水\u3000从我做起", "《岑塘县城镇节约用水管理办法》解读", "岑塘县水利局",
        "2023-06-05")
    assert [s.question for s in b.sections] == [
        "《岑塘县城镇节约用水管理办法》（以下简称《办法》）的适用范围是什么？",
        "城镇居民生活用水如何计价？"]
    assert [[len(block.paragraphs) for block in s.blocks] for s in b.sections] == [[1], [2]]
    assert "# - line 14: 网站地图 | 关于我们 | 隐私声明\n" \
           "# - line 15: 主办单位：岑塘县人民政府办公室\n" in text
    assert "\r" not in text and "# page lines 4–6\n" in text and "# page lines 8–12\n" in text


def test_a_gb18030_page_imports_like_its_utf8_twin_with_a_warning(tmp_path):
    twin = import_page(PAGES / "short-qa.txt", tmp_path / "twin.yaml")
    result = import_page(HOSTILE / "gb18030.txt", tmp_path / "gb.yaml")
    assert result.ok
    assert [str(d).removeprefix(d.file) for d in result.diagnostics] == [
        ":1:1: warning: the page is not UTF-8; it was read as GB18030 (Chinese text throughout);"
        " check the draft's characters"]

    def body(path: Path) -> str:
        text = path.read_text(encoding="utf-8")
        return text[text.index("# Metadata:"):]

    assert body(result.written) == body(twin.written)
    assert "(29 lines, GB18030)" in result.written.read_text(encoding="utf-8")


def test_a_gb18030_byte_order_mark_is_not_read_as_the_titles_first_character(tmp_path):
    """Issue 22, item 7: U+FEFF began the imported title."""
    (page := tmp_path / "bom.txt").write_bytes(b"\x84\x31\x95\x33"
                                               + (HOSTILE / "gb18030.txt").read_bytes())
    twin = import_page(HOSTILE / "gb18030.txt", tmp_path / "plain.yaml")
    result = import_page(page, tmp_path / "bom.yaml")
    assert result.ok and "\ufeff" not in result.written.read_text(encoding="utf-8")

    def body(path: Path) -> str:
        text = path.read_text(encoding="utf-8")
        return text[text.index("# Metadata:"):]

    assert body(result.written) == body(twin.written)


def test_text_that_is_neither_utf8_nor_chinese_gb18030_is_refused(tmp_path):
    (page := tmp_path / "latin1.txt").write_bytes("Café crème\nplus de texte ici".encode("latin-1"))
    assert refused(page, tmp_path / "out.yaml") == [
        ":1:4: error: the page is not UTF-8 (byte 0xE9 at offset 3), nor Chinese text in"
        " GB18030; save it as UTF-8"]


def test_a_page_without_a_date_is_refused_at_its_metadata_line(tmp_path):
    (page := tmp_path / "nodate.txt").write_text("标题一行\n来源：某县某局\n\n正文一段。\n",
                                                 encoding="utf-8")
    assert refused(page, tmp_path / "out.yaml") == [
        ":2:1: error: date: no publication date found on the page (looked for 时间, 发布时间,"
        " 发布日期, 日期 or a date alone on line 2)"]
    (page := tmp_path / "baddate.txt").write_text("标题\n时间：2022-13-45\n来源：局\n\n正文。\n",
                                                  encoding="utf-8")
    assert refused(page, tmp_path / "out.yaml") == [
        ":2:4: error: date: '2022-13-45' is not a date (the page should give one as 2022-02-14"
        " or 2022年2月14日)"]
    (page := tmp_path / "old.txt").write_text("标题\n发布日期：1975年3月1日\n来源：局\n\n正文。\n",
                                              encoding="utf-8")
    assert refused(page, tmp_path / "out.yaml") == [
        ":2:6: error: date: 1975-03-01 is not from 1980 to 2107, the dates a deck can record"]


def test_a_page_without_an_issuer_is_refused(tmp_path):
    (page := tmp_path / "noissuer.txt").write_text("标题\n时间：2022-02-14\n\n正文。\n",
                                                   encoding="utf-8")
    assert refused(page, tmp_path / "out.yaml") == [
        ":2:1: error: issuer: no issuing office found on the page (looked for 来源, 信息来源,"
        " 发布机构 on line 2 and the footer's 主办单位)"]


def test_a_page_without_structure_becomes_one_section_of_paragraphs_with_a_warning(tmp_path):
    (page := tmp_path / "plain.txt").write_text(HEAD + "第一段，没有结构。\n\n第二段。\n",
                                                encoding="utf-8")
    result = import_page(page, tmp_path / "plain.yaml")
    assert result.ok
    assert [str(d).removeprefix(str(d.file)) for d in result.diagnostics] == [
        ":5:1: warning: no 问：/答： pairs and no numbered headings (一、) were found; the page"
        " became one section: split it into sections by hand"]
    b = load_briefing(result.written).briefing
    assert [(s.heading, [p.text for p in s.blocks[0].paragraphs]) for s in b.sections] == [
        ("标题一行", ["第一段，没有结构。", "第二段。"])]


def test_yaml_syntax_in_the_page_is_kept_as_text(tmp_path):
    lines = ["- key: value # not a comment", "!!python/object/apply:os.system ['ls']",
             "&anchor *alias", "{{ 7*7 }} <script>", '"quoted" \'single\' \\ back', "~", "%YAML",
             "@at `tick` | pipe > fold", "? question", "yes", "123"]
    (page := tmp_path / "yaml.txt").write_text(HEAD + "\n\n".join(lines) + "\n", encoding="utf-8")
    result = import_page(page, tmp_path / "yaml.yaml")
    assert result.ok, result.diagnostics
    texts = [p.text for p in load_briefing(result.written).briefing.sections[0].blocks[0]
             .paragraphs]
    assert texts == lines


def test_an_existing_file_is_left_as_it_was_without_force(tmp_path):
    (target := tmp_path / "out.yaml").write_bytes(b"mine\n")
    assert refused(PAGES / "short-qa.txt", target) == [
        ": error: the file exists; pass --force to overwrite it"]
    assert target.read_bytes() == b"mine\n"


def test_the_output_must_be_a_file_in_a_folder_and_not_the_page(tmp_path):
    (folder := tmp_path / "folder").mkdir()
    assert refused(PAGES / "short-qa.txt", folder) == [
        ": error: this is a folder; name the content file to write"]
    assert refused(PAGES / "short-qa.txt", tmp_path / "nowhere" / "x.yaml") == [
        f": error: the folder {tmp_path / 'nowhere'} does not exist"]
    (page := tmp_path / "page.txt").write_bytes((PAGES / "short-qa.txt").read_bytes())
    result = import_page(page, page, force=True)
    assert [d.message for d in result.diagnostics] == [
        "this is the page itself; name another file with -o"]
    assert page.read_bytes() == (PAGES / "short-qa.txt").read_bytes()


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    """Issue 22, item 10: the import blocked for ever on a FIFO."""
    os.mkfifo(page := tmp_path / "page.fifo")
    with no_hang(60):
        assert refused(page, tmp_path / "out.yaml") == [
            ": error: not a regular file (a pipe, a socket or a device); save the page as a"
            " file and import that"]


def test_an_output_name_too_long_for_the_folder_is_a_diagnostic(tmp_path):
    """Issue 22, item 15: an OSError (File name too long) as an internal error."""
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    assert refused(PAGES / "short-qa.txt", tmp_path / ("长" * 100 + ".yaml")) == [
        f": error: the file name is too long: at most {limit - 24} bytes here"]


def test_a_draft_that_does_not_load_is_not_written(tmp_path, monkeypatch):
    def broken(path):
        raise DiagnosticError([page_module._error(str(path), "boom", 3, 1, "title")])

    monkeypatch.setattr(page_module, "load_briefing", broken)
    assert refused(PAGES / "short-qa.txt", tmp_path / "x.yaml") == [
        ": error: internal error: the draft does not load (title: boom at line 3); please"
        " report it"]


def test_the_command_line_reports_a_bad_page_with_exit_1_and_no_traceback(tmp_path):
    (page := tmp_path / "empty.txt").write_bytes(b"")
    done = run_cli("import", str(page), "-o", str(tmp_path / "x.yaml"))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [f"{page}:1:1: error: the page is empty",
                                        "1 error in 1 file"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt"]


# --- properties -------------------------------------------------------------------------------

@settings(max_examples=examples(500), deadline=None)
@given(st.text())
def test_any_text_survives_the_emitter_and_the_loader(value):
    text = "\n".join(_emit("a", value, 0) + _emit("b", [value, {"text": value}], 0) +
                     _emit("c", Flow([value, value]), 0) + _emit("d", [Flow([value])], 0))
    data = load_yaml((text + "\n").encode("utf-8", "surrogatepass"), "x.yaml").data
    assert data == {"a": value, "b": [value, {"text": value}], "c": [value, value],
                    "d": [[value]]}
    assert "\n" not in scalar(value)


GENRE = st.sampled_from([
    "问：", "答：", "问:", "一、", "二、", "（一）", "(二)", "1.", "2.", "3、", "一是", "二是",
    "是", "第一部分“", "第二部分", "”，", "包括：", "；", "。", "，", "到2025年", "目标", "  ",
    "\t", "\n", "\n\n", "表1 ", "注：", "——", "《", "》", "“", "○", ",", ":", "?", "(", ")",
    " ", "\u3000", "主办单位：某办", "网站地图", "打印本页", "时间：2022-01-01", "来源：某局",
    "深入打好", "实施治理", "精准施策，推进质量稳定向好", "指标  单位  目标", "甲  乙  丙"])


@settings(max_examples=examples(150), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=30), st.lists(st.one_of(GENRE, st.text(max_size=6)), max_size=60))
def test_any_page_imports_to_a_file_that_loads_or_gives_diagnostics(tmp_path_factory, title,
                                                                     body):
    folder = tmp_path_factory.mktemp("page")
    (page := folder / "p.txt").write_text(HEAD.replace("标题一行", title) + "".join(body),
                                          encoding="utf-8", errors="surrogatepass")
    result = import_page(page, folder / "p.yaml")
    assert not any("internal error" in d.message for d in result.diagnostics)
    if result.written:
        load_briefing(result.written)
    else:
        assert any(d.severity == "error" for d in result.diagnostics)
    assert sorted(p.name for p in folder.iterdir()) == \
        (["p.txt", "p.yaml"] if result.written else ["p.txt"])


@pytest.mark.parametrize("name", ["short-qa", "numbered-headings", "enumerations",
                                  "indicator-lines"])
def test_every_page_line_is_furniture_metadata_or_in_the_draft(name, tmp_path):
    """Every content line of a page ends up in the draft: its words (spaces and punctuation
    aside, numbers and prefixes the templates generate aside) are in the file's values."""
    result = import_page(PAGES / f"{name}.txt", tmp_path / "x.yaml")
    values = "".join(str(v) for v in _values(load_yaml(result.written.read_bytes(), "x").data))
    flat = "".join(c for c in values if c.isalnum())
    header = result.written.read_text(encoding="utf-8").split("\ntitle: ")[0]
    for n, line in enumerate((PAGES / f"{name}.txt").read_text(encoding="utf-8").splitlines(),
                             1):
        if f"# - line {n}: " in header or n <= 3:  # furniture (listed), title and metadata
            continue
        for k, sentence in enumerate(re.split("[。；;]", line.replace("○", "〇"))):
            words = "".join(c for c in sentence if c.isalnum())
            if words:
                assert any(w in flat for w in (_words(words) if k == 0 else [words])), (n, line)


def _values(data):
    """Yield every text of plain data, depth first."""
    if isinstance(data, dict):
        for value in data.values():
            yield from _values(value)
    elif isinstance(data, list):
        for value in data:
            yield from _values(value)
    elif data is not None:
        yield data


def _words(words: str) -> list[str]:
    """Return the line's words without a leading number or 问/答/是 (made by the templates)."""
    stripped = re.sub("^(?:表?[0-9]+|第?[一二三四五六七八九十]+(?:部分)?)?(?:问|答|是)?", "", words)
    return [words, stripped]


def test_import_onto_a_link_is_refused_even_with_force(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(HEAD + "问：为什么编制规划？\n答：为了改善环境。\n", encoding="utf-8")
    (tmp_path / "victim.yaml").write_text("victim\n", encoding="utf-8")
    (tmp_path / "draft.yaml").symlink_to("victim.yaml")
    done = run_cli("import", "page.txt", "-o", "draft.yaml", "--force", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "draft.yaml: error: this is a symbolic link; the draft is written as a file of its own:"
        " name another file with -o, or remove the link")
    assert (tmp_path / "draft.yaml").is_symlink()
    assert (tmp_path / "victim.yaml").read_text(encoding="utf-8") == "victim\n"
