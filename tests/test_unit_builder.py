"""The builder's smaller modules one at a time (briefing/builder/, briefing/version.py): how
a build's result is reported (result), the import's draft checked at its new file's
lines (importing), the layout check's handling of missing, stale and undrawable outputs
(proofing, with the proof and LibreOffice stood in for), the words cut ahead of time in a
forked child (segmenting, with jieba stood in for) and the tool's name and version."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import io
import os
import time
import tomllib
from pathlib import Path

import pytest

import briefing.proof as proof
from briefing.builder import importing, proofing, segmenting
from briefing.builder.result import BuildResult, Written, report
from briefing.content import limits
from briefing.content.load import load_briefing
from briefing.design import phrases
from briefing.diagnostics import Diagnostic
from briefing.importer.page import ImportResult

from .conftest import ROOT, write_yaml

BRIEF = """
title: 标题
short_title: 短标题
issuer: 办公室
date: 2024-01-01
language: zh-CN
source:
  title: 来源
sections:
  - heading: 第一部分
    blocks:
      - list:
          - 坚持节水优先
          - 加强PM2.5治理
"""

PAGE = ("关于某规划的解读\n来源：某区生态环境局  时间：2022-02-14\n问：为什么编制规划？\n"
        "答：{answer}\n")


# --- result ----------------------------------------------------------------------------------

def error(message: str = "bad", file: str = "a.yaml", severity: str = "error") -> Diagnostic:
    """Return a diagnostic at line 1, column 1 of a file."""
    return Diagnostic(file, 1, 1, severity, "title", message)


def reported(result: BuildResult) -> tuple[str, str]:
    """Return what report() prints on stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    report(result, out, err)
    return out.getvalue(), err.getvalue()


def test_a_build_with_warnings_only_is_ok_and_one_error_is_not():
    assert BuildResult(Path("a.yaml"), diagnostics=[error(severity="warning")]).ok
    assert not BuildResult(Path("a.yaml"), diagnostics=[error(severity="warning"), error()]).ok
    assert BuildResult(Path("a.yaml")).ok


def test_each_output_is_reported_with_its_size_pages_or_slides_and_seconds_or_unchanged():
    result = BuildResult(Path("a.yaml"), written=[
        Written("pdf", Path("output/a.pdf"), 200_000, 1.234, 12),
        Written("pptx", Path("output/a.pptx"), 2_048_000, 0.5, 1),
        Written("handout", Path("output/a-handout.pdf"), 512, 0.0, 1, unchanged=True)])
    assert reported(result) == (
        "output/a.pdf  195 KiB  12 pages  1.23 s\n"
        "output/a.pptx  2,000 KiB  1 slide  0.50 s\n"
        "output/a-handout.pdf  0 KiB  1 page  unchanged\n", "")


def test_notices_go_to_stdout_and_warning_notices_and_diagnostics_to_stderr():
    result = BuildResult(Path("a.yaml"), diagnostics=[error()],
                         notices=["built 1 file", "warning: the cache is read-only"])
    assert reported(result) == (
        "built 1 file\n",
        "warning: the cache is read-only\na.yaml:1:1: error: title: bad\n")


def test_diagnostics_past_the_limit_are_counted_not_shown():
    result = BuildResult(Path("a.yaml"), diagnostics=[error(f"slip {i}")
                                                      for i in range(limits.DIAGNOSTICS + 2)])
    _, err = reported(result)
    lines = err.splitlines()
    assert len(lines) == limits.DIAGNOSTICS + 1
    assert lines[-2] == f"a.yaml:1:1: error: title: slip {limits.DIAGNOSTICS - 1}"
    assert lines[-1] == "a.yaml: 2 more diagnostics not shown"


def test_one_diagnostic_past_the_limit_is_one_more_diagnostic():
    result = BuildResult(Path("a.yaml"), diagnostics=[error()] * (limits.DIAGNOSTICS + 1))
    assert reported(result)[1].splitlines()[-1] == "a.yaml: 1 more diagnostic not shown"


# --- importing -------------------------------------------------------------------------------

def test_an_imported_draft_is_checked_and_its_slips_reported_at_the_new_files_lines(
        tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("page.txt").write_text(PAGE.format(answer="《规划提出目标。"), encoding="utf-8")
    result = importing.import_text("page.txt", "draft.yaml")
    assert result.ok and result.written == Path("draft.yaml")
    written = Path("draft.yaml").read_text(encoding="utf-8").splitlines()
    line = written.index("          - 《规划提出目标。") + 1
    assert [str(d) for d in result.diagnostics] == [
        f"draft.yaml:{line}:13: warning: sections[0].blocks[0].paragraphs[0]: unbalanced '《':"
        " no matching '》'"]


def test_an_import_that_writes_nothing_is_not_checked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("page.txt").write_text(PAGE.format(answer="因为。"), encoding="utf-8")
    Path("draft.yaml").write_text("kept", encoding="utf-8")
    result = importing.import_text("page.txt", "draft.yaml")
    assert (result.ok, result.written) == (False, None)
    assert [str(d) for d in result.diagnostics] == [
        "draft.yaml: error: the file exists; pass --force to overwrite it"]
    assert Path("draft.yaml").read_text(encoding="utf-8") == "kept"


def test_a_bug_in_the_import_is_an_internal_error_not_a_traceback(tmp_path, monkeypatch):
    def broken(page, output, force):
        raise KeyError("section")

    monkeypatch.setattr(importing, "import_page", broken)
    monkeypatch.delenv("BRIEFING_DEBUG", raising=False)
    result = importing.import_text(tmp_path / "page.txt")
    assert isinstance(result, ImportResult) and result.written is None
    assert [str(d) for d in result.diagnostics] == [
        f"{tmp_path / 'page.txt'}: error: internal error: KeyError: 'section' (set"
        " BRIEFING_DEBUG=1 for the traceback, and please report it)"]


def test_briefing_debug_lets_the_traceback_of_a_bug_through(tmp_path, monkeypatch):
    def broken(page, output, force):
        raise KeyError("section")

    monkeypatch.setattr(importing, "import_page", broken)
    monkeypatch.setenv("BRIEFING_DEBUG", "1")
    with pytest.raises(KeyError):
        importing.import_text(tmp_path / "page.txt")


# --- proofing --------------------------------------------------------------------------------

@pytest.fixture
def in_folder(tmp_path, monkeypatch):
    """A working folder holding brief.yaml (the small briefing) and an empty output/."""
    monkeypatch.chdir(tmp_path)
    write_yaml(tmp_path, BRIEF)
    (tmp_path / "output").mkdir()
    return tmp_path


class StandInProofer:
    """A proofer that finds nothing in a pdf and one finding in any other output."""

    def __init__(self, loaded):
        self.loaded = loaded

    def output(self, kind, path, name=None, drawn_deck=None):
        if kind == "pdf":
            return []
        return [proof.Finding(name, 1, "runt", "x", f"a finding in the {kind}")]


def outputs(folder: Path, *kinds: str, age: float = 0.0) -> None:
    """Write stand-in outputs of brief.yaml, `age` seconds older than it when asked."""
    suffixes = {"pdf": ".pdf", "slides": "-slides.pdf", "handout": "-handout.pdf",
                "pptx": ".pptx"}
    source = os.stat(folder / "brief.yaml").st_mtime
    for kind in kinds:
        path = folder / "output" / f"brief{suffixes[kind]}"
        path.write_bytes(b"made")
        os.utime(path, (source - age, source - age) if age else (source + 1, source + 1))


def test_outputs_not_built_are_errors_that_say_how_to_build_them(in_folder, capsys):
    assert proofing.check_layout([Path("brief.yaml")], Path("output"), "default") == 1
    assert capsys.readouterr() == ("", "".join(
        f"output/brief{suffix}: error: not found; build first: build.py brief.yaml\n"
        for suffix in (".pdf", "-slides.pdf", "-handout.pdf", ".pptx"))
        + "nothing checked; 4 errors\n")


def test_an_output_older_than_its_content_is_stale_and_the_out_folder_is_named(in_folder,
                                                                                capsys,
                                                                                monkeypatch):
    monkeypatch.setattr(proof, "Proofer", StandInProofer)
    (in_folder / "out").mkdir()
    for name in ("brief.pdf", "brief-slides.pdf", "brief-handout.pdf", "brief.pptx"):
        (in_folder / "out" / name).write_bytes(b"made")
    old = time.time() - 60
    os.utime(in_folder / "out" / "brief.pdf", (old, old))
    os.utime(in_folder / "brief.yaml", (old + 30, old + 30))
    monkeypatch.setattr(proof, "render_decks", lambda decks, work, aliases: {})
    assert proofing.check_layout([Path("brief.yaml")], Path("out"), "default", "briefing") == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == ("out/brief.pdf: error: older than brief.yaml; build first: briefing"
                      " brief.yaml --out out")
    assert err[1:] == ["out/brief-slides.pdf:1: warning: runt: a finding in the slides",
                       "out/brief-handout.pdf:1: warning: runt: a finding in the handout",
                       NOT_DRAWN.format("out/brief.pptx"),  # LibreOffice ran and drew nothing
                       "2 layout findings in 2 of 2 outputs (runt 2); 2 errors"]


NOT_DRAWN = "{}: error: LibreOffice could not draw the deck; it is damaged or not a deck:" \
    " build it again"


def test_a_deck_libreoffice_did_not_draw_beside_one_it_drew_is_an_error(in_folder, capsys,
                                                                      monkeypatch):
    monkeypatch.setattr(proof, "Proofer", StandInProofer)
    monkeypatch.setattr(proof, "OUTPUTS", ("pdf", "pptx"))
    write_yaml(in_folder, BRIEF, "other.yaml")
    outputs(in_folder, "pdf", "pptx")
    for name in ("other.pdf", "other.pptx"):
        (in_folder / "output" / name).write_bytes(b"made")
    asked = []

    def draws_the_first(decks, work, aliases):
        asked.append((decks, aliases))
        return {decks[0]: work / "deck0.pdf"}

    monkeypatch.setattr(proof, "render_decks", draws_the_first)
    assert proofing.check_layout([Path("brief.yaml"), Path("other.yaml")], Path("output"),
                                 "default") == 1
    assert asked == [([Path("output/brief.pptx"), Path("output/other.pptx")],
                      {"Microsoft YaHei": "Noto Sans CJK SC", "Arial": "Liberation Sans"})]
    assert capsys.readouterr().err.splitlines() == [
        "output/brief.pptx:1: warning: runt: a finding in the pptx",
        NOT_DRAWN.format("output/other.pptx"),
        "1 layout finding in 1 of 3 outputs (runt 1); 1 error"]


def test_without_libreoffice_the_deck_is_left_out_with_a_warning(in_folder, capsys,
                                                                 monkeypatch):
    monkeypatch.setattr(proof, "Proofer", StandInProofer)

    def missing(decks, work, aliases):
        raise proof.ProofError("LibreOffice is not installed")

    monkeypatch.setattr(proof, "render_decks", missing)
    outputs(in_folder, "pdf", "pptx", "slides", "handout")
    assert proofing.check_layout([Path("brief.yaml")], Path("output"), "default") == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "warning: LibreOffice is not installed"
    assert err[-1] == "2 layout findings in 2 of 3 outputs (runt 2)"


def test_a_clean_check_prints_its_summary_on_stdout_and_succeeds(in_folder, capsys,
                                                                 monkeypatch):
    monkeypatch.setattr(proof, "Proofer", StandInProofer)
    monkeypatch.setattr(proof, "render_decks", lambda decks, work, aliases: {})
    monkeypatch.setattr(proof, "OUTPUTS", ("pdf",))
    outputs(in_folder, "pdf")
    assert proofing.check_layout([Path("brief.yaml")], Path("output"), "default") == 0
    assert capsys.readouterr() == ("no layout findings in 1 output\n", "")


def test_a_damaged_output_cannot_be_checked_and_says_why_in_one_line(in_folder, capsys,
                                                                     monkeypatch):
    class Damaged(StandInProofer):
        def output(self, kind, path, name=None, drawn_deck=None):
            raise ValueError("no startxref\nat the end")

    monkeypatch.setattr(proof, "Proofer", Damaged)
    monkeypatch.setattr(proof, "OUTPUTS", ("pdf",))
    monkeypatch.delenv("BRIEFING_DEBUG", raising=False)
    outputs(in_folder, "pdf")
    assert proofing.check_layout([Path("brief.yaml")], Path("output"), "default") == 1
    assert capsys.readouterr().err == (
        "output/brief.pdf: error: cannot be checked: ValueError: no startxref\\nat the end\n"
        "nothing checked; 1 error\n")


def test_a_content_file_that_does_not_load_is_reported_and_the_others_checked(in_folder,
                                                                              capsys,
                                                                              monkeypatch):
    monkeypatch.setattr(proof, "Proofer", StandInProofer)
    monkeypatch.setattr(proof, "OUTPUTS", ("pdf",))
    Path("broken.yaml").write_text("title: [\n", encoding="utf-8")
    outputs(in_folder, "pdf")
    code = proofing.check_layout([Path("broken.yaml"), Path("brief.yaml"), Path("brief.yaml")],
                                 Path("output"), "default")
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert err[0].startswith("broken.yaml:") and ": error: " in err[0]
    assert err[-1] == "no layout findings in 1 output; 1 error"


# --- segmenting ------------------------------------------------------------------------------

@pytest.fixture
def loaded(tmp_path):
    """The small briefing, loaded."""
    return load_briefing(write_yaml(tmp_path, BRIEF))


def test_every_string_and_integer_in_nested_data_is_a_text_booleans_and_floats_are_not():
    assert segmenting.texts_of({"a": [1, True, 2.5, None, ("x",)], 3: "y"}) == [
        "a", "1", "x", "3", "y"]


def test_every_list_in_nested_data_is_found_outer_first():
    assert segmenting.lists_of({"a": [[1], [2, [3]]], "b": "x"}) == [
        [[1], [2, [3]]], [1], [2, [3]], [3]]


def test_the_runs_to_cut_are_the_briefings_its_labels_and_the_template_numbers(loaded):
    runs = segmenting.runs_of(loaded)
    assert {"坚持节水优先", "加强PM2.5治理", "第一部分", "标题"} <= runs  # its texts
    assert {"九十九", "一"} <= runs  # the numbers of sections, questions, items
    assert "目录" in runs  # a label of its language (contents)
    # a list of two items numbers them 1. and 2.: the number joins the first run of a text
    assert {"1.坚持节水优先", "2.坚持节水优先", "1.", "2."} <= runs
    assert "3.坚持节水优先" not in runs


def test_a_number_in_the_briefing_is_cut_with_the_labels_that_take_one(tmp_path):
    text = BRIEF.replace("      - list:", "      - goal:\n          year: 2025\n"
                                          "          statement: 到2025年，水更清。\n      - list:")
    runs = segmenting.runs_of(load_briefing(write_yaml(tmp_path, text)))
    assert {"2025年", "共2025行"} <= runs  # （{}年） and （共{}行）


def test_the_childs_words_are_remembered_here(loaded, monkeypatch):
    remembered = []
    monkeypatch.setattr(phrases, "cut_runs", lambda runs: {run: [run[:1], run[1:]]
                                                           for run in runs})
    monkeypatch.setattr(phrases, "remember_words", remembered.append)
    segmenter = segmenting.Segmenter(loaded)
    segmenter.finish()
    segmenter.finish()  # once only
    assert len(remembered) == 1
    words = remembered[0]
    assert set(words) == segmenting.runs_of(loaded)
    assert words["坚持节水优先"] == ("坚", "持节水优先")


def test_a_child_that_dies_leaves_the_words_to_be_cut_here(loaded, monkeypatch):
    remembered = []

    def dies(runs):
        raise MemoryError

    monkeypatch.setattr(phrases, "cut_runs", dies)
    monkeypatch.setattr(phrases, "remember_words", remembered.append)
    segmenter = segmenting.Segmenter(loaded)
    segmenter.finish()
    assert (remembered, segmenter.pid) == ([], None)


def test_a_child_that_does_not_answer_in_time_is_killed_and_left(loaded, monkeypatch):
    remembered = []
    monkeypatch.setattr(phrases, "cut_runs", lambda runs: time.sleep(30))
    monkeypatch.setattr(phrases, "remember_words", remembered.append)
    monkeypatch.setattr(segmenting, "WAIT_SECONDS", 0.05)
    segmenter = segmenting.Segmenter(loaded)
    pid = segmenter.pid
    segmenter.finish()
    assert (remembered, segmenter.pid) == ([], None)
    with pytest.raises(ChildProcessError):  # killed and reaped: no child of that id is left
        os.waitpid(pid, os.WNOHANG)


# --- version ---------------------------------------------------------------------------------

def test_the_tool_is_named_with_the_version_the_project_declares():
    from briefing.version import TOOL, VERSION

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert (VERSION, TOOL) == (declared, f"briefing {declared}")


def test_a_source_tree_that_was_not_installed_has_an_unknown_version(monkeypatch):
    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    spec = importlib.util.spec_from_file_location("version_uninstalled",
                                                  ROOT / "briefing" / "version.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # a copy: the package's own module is untouched
    assert (module.VERSION, module.TOOL) == ("0+unknown", "briefing 0+unknown")
