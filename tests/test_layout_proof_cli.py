"""`build.py check --layout [FILE...] [--out DIR]`: the layout proof of built outputs, as an
author runs it — findings one per line, a summary, exit 1 when there is any; outputs missing
or older than their content, a damaged output, a missing LibreOffice: said plainly, never a
traceback."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from briefing.builder.pipeline import build

from .conftest import ROOT, run_cli, write_yaml
from .test_layout_proof import tall_row_briefing

SMALL = """
    title: 示例简报
    short_title: 示例
    issuer: 示例办公室
    date: 2024-01-01
    language: zh-CN
    source:
      title: 示例来源
    sections:
      - heading: 背景
        question: 为什么要编制这份规划？
        blocks:
          - paragraphs:
              - 这是一段不长的正文，用来说明背景。
              - 第二段说明规划的依据和编制过程。
              - 第三段说明规划期和主要目标。
    """


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """A small briefing without a layout fault, built in full; returns its folder."""
    folder = tmp_path_factory.mktemp("small")
    result = build(write_yaml(folder, SMALL), out_dir=folder)
    assert result.ok, result.diagnostics
    return folder


@pytest.mark.slow
def test_clean_outputs_pass_with_exit_0(small):
    done = run_cli("check", "--layout", "brief.yaml", "--out", ".", cwd=small)
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "no layout findings in 4 outputs\n", "")


@pytest.mark.slow
def test_a_finding_is_printed_on_its_line_and_exits_1(tmp_path):
    source = tall_row_briefing(tmp_path)
    assert build(source, out_dir=tmp_path).ok
    done = run_cli("check", "--layout", "tall.yaml", "--out", ".", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"tall.pdf:4: warning: split row: row '{'长' * 60}…' of table '一张有长行的表' begins"
        " on page 4 and ends on page 6",
        "1 layout finding in 1 of 4 outputs (split row 1)"]


def test_missing_outputs_are_named_with_the_build_to_run(tmp_path):
    write_yaml(tmp_path, SMALL)
    done = run_cli("check", "--layout", "brief.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"output/{name}: error: not found; build first: build.py brief.yaml"
        for name in ("brief.pdf", "brief-slides.pdf", "brief-handout.pdf", "brief.pptx")] + [
        "nothing checked; 4 errors"]


def test_outputs_older_than_their_content_are_not_checked(small, tmp_path):
    folder = tmp_path / "stale"
    shutil.copytree(small, folder)
    later = time.time() + 10
    os.utime(folder / "brief.yaml", (later, later))
    done = run_cli("check", "--layout", "stale/brief.yaml", "--out", "stale", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "stale/brief.pdf: error: older than stale/brief.yaml; build first: build.py"
        " stale/brief.yaml --out stale")
    assert done.stderr.splitlines()[-1] == "nothing checked; 4 errors"


@pytest.mark.slow
def test_a_damaged_output_is_an_error_not_a_traceback(small, tmp_path):
    folder = tmp_path / "damaged"
    shutil.copytree(small, folder)
    (folder / "brief-slides.pdf").write_bytes(b"not a PDF")
    done = run_cli("check", "--layout", "brief.yaml", "--out", ".", cwd=folder)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0].startswith(
        "brief-slides.pdf: error: cannot be checked: ")
    assert done.stderr.splitlines()[-1] == "no layout findings in 3 outputs; 1 error"


def not_a_deck_zip() -> bytes:
    """Return a zip archive that holds no presentation."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "不是幻灯片")
    return buffer.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("garbage", [b"not a deck", not_a_deck_zip()], ids=["bytes", "zip"])
def test_a_deck_that_is_garbage_is_an_error_never_passed(small, tmp_path, garbage):
    """Issue 22, item 18: it said "no layout findings in 3 outputs" and exit 0."""
    folder = tmp_path / "garbage"
    shutil.copytree(small, folder)
    (folder / "brief.pptx").write_bytes(garbage)
    done = run_cli("check", "--layout", "brief.yaml", "--out", ".", cwd=folder)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0].startswith("brief.pptx: error: ")
    assert done.stderr.splitlines()[-1] == "no layout findings in 3 outputs; 1 error"


def test_without_libreoffice_the_deck_is_left_out_and_said_so(small, tmp_path):
    bare = tmp_path / "bin"  # a PATH without soffice
    bare.mkdir()
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--layout",
                           "brief.yaml", "--out", "."], cwd=small, capture_output=True,
                          text=True, env={**os.environ, "PATH": str(bare)}, timeout=300)
    assert done.returncode == 0
    assert done.stderr == (
        "warning: LibreOffice is not installed, so the deck cannot be drawn to check it;"
        " install libreoffice-impress (`make test` does)\n")
    assert done.stdout == "no layout findings in 3 outputs\n"


def test_a_content_file_with_errors_reports_them(tmp_path):
    (tmp_path / "bad.yaml").write_text("title: [\n", encoding="utf-8")
    done = run_cli("check", "--layout", "bad.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0].startswith("bad.yaml:")
    assert "Traceback" not in done.stderr


def test_layout_takes_neither_fix_nor_strict(tmp_path):
    done = run_cli("check", "--layout", "--fix", "x.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "build.py check: error: --layout checks built outputs; it takes neither --fix nor"
        " --strict")


def test_the_help_says_what_the_layout_check_looks_for():
    assert "--layout" in run_cli("check", "--help").stdout
    assert "check --layout [FILE...]" in " ".join(run_cli("--help").stdout.split())


@pytest.mark.slow
def test_an_untagged_pdf_is_said_to_need_a_new_build(small, tmp_path):
    import weasyprint

    folder = tmp_path / "untagged"
    shutil.copytree(small, folder)
    weasyprint.HTML(string="<p>示例</p>").write_pdf(folder / "brief-handout.pdf")
    done = run_cli("check", "--layout", "brief.yaml", "--out", ".", cwd=folder)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "brief-handout.pdf: error: cannot be checked: it has characters but no tags (a PDF"
        " this tool makes is tagged); build it again")
