"""Incremental builds, parallel batches, the library API and reproducible bytes."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys

import pytest

import briefing

from .conftest import DEFAULT_CONTENT, ENGLISH_CONTENT, ROOT, run_cli


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_an_unchanged_briefing_is_not_rebuilt_and_says_so(tmp_path):
    first = run_cli(str(ENGLISH_CONTENT), "--out", str(tmp_path))
    second = run_cli(str(ENGLISH_CONTENT), "--out", str(tmp_path))
    assert first.returncode == second.returncode == 0
    assert all(line.endswith(" s") for line in first.stdout.splitlines())
    assert [line.split()[-1] for line in second.stdout.splitlines()] == ["unchanged"] * 4


@pytest.mark.slow
def test_an_edit_rebuilds_and_force_rebuilds_everything(tmp_path):
    source = tmp_path / "brief.yaml"
    shutil.copy(ENGLISH_CONTENT, source)
    out = tmp_path / "out"
    assert briefing.build(source, out_dir=out).ok
    source.write_text(source.read_text(encoding="utf-8").replace("Example District Office",
                                                                 "Another Office"))
    edited = briefing.build(source, outputs=("pdf", "pptx"), out_dir=out)
    assert [w.unchanged for w in edited.written] == [False, False]
    again = briefing.build(source, outputs=("pdf", "pptx"), out_dir=out)
    assert [w.unchanged for w in again.written] == [True, True]
    forced = briefing.build(source, outputs=("pdf", "pptx"), out_dir=out, force=True)
    assert [w.unchanged for w in forced.written] == [False, False]


def test_an_edit_saved_during_a_build_is_built_by_the_next(tmp_path, monkeypatch):
    """The record of a build is of the bytes it was made from: a save after the content was
    read (issue 22, item 1) leaves the outputs stale, and the next build rebuilds them."""
    from briefing.builder import pipeline

    source = tmp_path / "brief.yaml"
    shutil.copy(ENGLISH_CONTENT, source)
    read = pipeline.load_briefing

    def read_then_saved(path):
        """Read the content, then let an editor save a change to it."""
        loaded = read(path)
        source.write_text(source.read_text(encoding="utf-8").replace(
            "Example District Office", "Another Office"), encoding="utf-8")
        return loaded

    monkeypatch.setattr(pipeline, "load_briefing", read_then_saved)
    assert briefing.build(source, outputs=("pptx",), out_dir=tmp_path / "out").ok
    monkeypatch.setattr(pipeline, "load_briefing", read)
    again = briefing.build(source, outputs=("pptx",), out_dir=tmp_path / "out")
    assert [w.unchanged for w in again.written] == [False]


def test_an_output_damaged_by_hand_is_rebuilt(tmp_path):
    assert briefing.build(ENGLISH_CONTENT, outputs=("pptx",), out_dir=tmp_path).ok
    deck = tmp_path / "english-briefing.pptx"
    deck.write_bytes(b"not a deck")
    result = briefing.build(ENGLISH_CONTENT, outputs=("pptx",), out_dir=tmp_path)
    assert not result.written[0].unchanged and deck.read_bytes()[:2] == b"PK"


@pytest.mark.slow
def test_check_and_a_no_op_build_never_import_the_renderers(tmp_path):
    assert briefing.build(ENGLISH_CONTENT, out_dir=tmp_path).ok
    probe = ("import sys, briefing.builder.cli as c; c.main(sys.argv[1:]);"
             "print(sorted(m for m in ('weasyprint', 'pptx') if m in sys.modules))")
    for args in (["check", str(ENGLISH_CONTENT)], [str(ENGLISH_CONTENT), "--out", str(tmp_path)]):
        done = subprocess.run([sys.executable, "-c", probe, *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.stdout.splitlines()[-1] == "[]", done.stdout + done.stderr


@pytest.mark.slow
def test_a_parallel_batch_builds_the_good_files_and_names_the_bad_one(tmp_path):
    files = []
    for name in ("a", "b", "c"):
        files.append(tmp_path / f"{name}.yaml")
        shutil.copy(ENGLISH_CONTENT, files[-1])
    (tmp_path / "bad.yaml").write_text("title: x\n", encoding="utf-8")
    done = run_cli(*map(str, files), str(tmp_path / "bad.yaml"), "-j", "2", "--only", "pptx",
                   "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pptx")) == [
        "a.pptx", "b.pptx", "c.pptx"]
    assert done.stdout.splitlines()[-1].startswith("3 of 4 briefings built (3 outputs written,"
                                                   " 0 unchanged) in ")
    assert done.stdout.splitlines()[-1].endswith("; failed: bad.yaml")
    assert "bad.yaml:1:1: error: issuer: this field is required" in done.stderr


def test_the_library_api_returns_paths_and_diagnostics_without_raising(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [unclosed\n", encoding="utf-8")
    result = briefing.build(bad, out_dir=tmp_path)
    assert not result.ok and result.written == []
    assert str(result.diagnostics[0]).endswith("error: YAML syntax: a flow sequence starts here"
                                               " and is never closed")


@pytest.mark.slow
def test_two_builds_with_the_same_source_date_epoch_give_identical_bytes(tmp_path):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONHASHSEED": "random"}
    for folder in ("one", "two"):  # two processes: nothing shared but the inputs
        done = subprocess.run([sys.executable, str(ROOT / "build.py"), str(DEFAULT_CONTENT),
                               "--out", str(tmp_path / folder)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    one = sorted((tmp_path / "one").glob("*.p*"))
    assert len(one) == 4
    assert [sha(p) for p in one] == [sha(tmp_path / "two" / p.name) for p in one]
