"""`build.py check`: validation, copy lint, font coverage and templates; writes nothing."""

from __future__ import annotations

import shutil

from .conftest import DEFAULT_CONTENT, ROOT, run_cli

SLIPS = ROOT / "tests" / "data" / "nankai-with-slips.yaml"


def test_check_on_the_default_content_prints_nothing_and_exits_0(tmp_path):
    done = run_cli("check", str(DEFAULT_CONTENT), cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert list(tmp_path.iterdir()) == []


def test_check_reports_each_slip_of_the_source_with_its_line(tmp_path):
    done = run_cli("check", str(SLIPS), cwd=ROOT)
    lines = done.stderr.splitlines()
    assert done.returncode == 0  # warnings only
    assert lines[-1] == "0 errors, 24 warnings in 1 file"
    assert "tests/data/nankai-with-slips.yaml:83:24: warning:" \
           " sections[2].blocks[0].goal.statement: unbalanced '》': no matching '《'" in lines
    assert "tests/data/nankai-with-slips.yaml:152:20: warning:" \
           " sections[4].blocks[0].groups[2].title: enumeration skips 三是 ('是' follows '二是')" \
           in lines


def test_strict_turns_warnings_into_errors(tmp_path):
    done = run_cli("check", "--strict", str(SLIPS), cwd=ROOT)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == "24 errors in 1 file"


def test_fix_rewrites_the_mechanical_slips_and_keeps_comments_and_order(tmp_path):
    copy = tmp_path / "slips.yaml"
    shutil.copy(SLIPS, copy)
    before = copy.read_text(encoding="utf-8").splitlines()
    done = run_cli("check", "--fix", str(copy), cwd=tmp_path)
    after = copy.read_text(encoding="utf-8").splitlines()
    assert done.stdout == ("slips.yaml: fixed 19 characters (punctuation width, stray spaces,"
                           " zeros, doubled marks)\n")
    assert len(after) == len(before)
    assert [a for a in after if a.lstrip().startswith("#")] == \
        [b for b in before if b.lstrip().startswith("#")]
    assert done.stderr.splitlines()[-1] == "0 errors, 5 warnings in 1 file"  # not mechanical


def test_a_build_stops_on_check_errors_but_reports_warnings_and_builds(tmp_path):
    done = run_cli(str(SLIPS), "--only", "pptx", "--out", str(tmp_path))
    assert done.returncode == 0
    assert "warning: sections[2].blocks[0].goal.statement: unbalanced '》'" in done.stderr
    assert (tmp_path / "nankai-with-slips.pptx").is_file()
