"""The faster paths make what the slower ones made: the deck written by a second process beside
the PDF, the font subsets and compressed streams remembered in a warm process, and a watch woken
by the file system rather than by its polling. (Justifying in one layout against two is
test_justify_inplace.py; the zlib level and the library lookups are test_engine_contract.py and
test_libraries.py; how much faster each is, is the benchmark's business: `make bench`.)"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time

import pytest

import briefing
from briefing.builder import beside as beside_module
from briefing.builder.pipeline import build
from briefing.builder.watch import watch
from briefing.design import phrases
from briefing.pdf import libraries

from .conftest import DEFAULT_CONTENT, ENGLISH_CONTENT, NUMBERED_CONTENT, ROOT


@pytest.fixture
def fixed_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


def outputs(result) -> dict[str, bytes]:
    assert result.ok, result.diagnostics
    return {w.kind: w.path.read_bytes() for w in result.written}


@pytest.mark.slow
def test_the_deck_written_beside_the_pdf_is_the_deck_written_after_it(tmp_path, fixed_epoch):
    if threading.active_count() == 1:  # as in the command line: the deck is forked
        assert beside_module.how_to_fork() == "fork"
    side = outputs(build(DEFAULT_CONTENT, ("pdf", "pptx", "slides"), tmp_path / "beside",
                         beside=True))
    serial = outputs(build(DEFAULT_CONTENT, ("pdf", "pptx", "slides"), tmp_path / "serial",
                           beside=False))
    assert side == serial


CUT_AHEAD_PROBE = """
import sys
from briefing.builder.pipeline import build
result = build(sys.argv[1], out_dir=sys.argv[2], beside=sys.argv[3] == "beside")
assert result.ok, result.diagnostics
print("rjieba" in sys.modules)
"""


@pytest.mark.slow
@pytest.mark.parametrize("content", [DEFAULT_CONTENT, ENGLISH_CONTENT, NUMBERED_CONTENT])
def test_words_cut_beside_keep_jieba_out_of_the_pdfs_process_and_change_no_byte(
        content, tmp_path, fixed_epoch):
    loaded = {}
    for how in ("beside", "serial"):
        done = subprocess.run([sys.executable, "-c", CUT_AHEAD_PROBE, str(content),
                               str(tmp_path / how), how], capture_output=True, text=True,
                              cwd=ROOT, check=True)
        loaded[how] = done.stdout.strip()
    assert loaded == {"beside": "False", "serial": "True"}
    assert {p.name: p.read_bytes() for p in (tmp_path / "beside").glob("*.p*")} \
        == {p.name: p.read_bytes() for p in (tmp_path / "serial").glob("*.p*")}


@pytest.mark.slow
def test_a_cutting_child_that_fails_leaves_the_words_to_be_cut_here(tmp_path, monkeypatch,
                                                                     fixed_epoch):
    parent, cut_runs = os.getpid(), phrases.cut_runs

    def failing_in_the_child(runs):
        if os.getpid() != parent:
            raise RuntimeError("the child broke")
        return cut_runs(runs)

    monkeypatch.setattr(phrases, "cut_runs", failing_in_the_child)
    monkeypatch.setattr(phrases, "_RUN_WORDS", {})
    broken = outputs(build(DEFAULT_CONTENT, ("pdf",), tmp_path / "broken", beside=True))
    monkeypatch.setattr(phrases, "cut_runs", cut_runs)
    assert broken == outputs(build(DEFAULT_CONTENT, ("pdf",), tmp_path / "whole"))


@pytest.mark.slow
def test_a_worker_forked_before_threads_writes_the_same_deck(tmp_path, fixed_epoch):
    worker = beside_module.Worker()
    try:
        by_worker = outputs(build(DEFAULT_CONTENT, ("pdf", "pptx"), tmp_path / "worker",
                                  beside=worker))
    finally:
        worker.close()
    alone = outputs(build(DEFAULT_CONTENT, ("pdf", "pptx"), tmp_path / "alone", beside=False))
    assert by_worker == alone


@pytest.mark.slow
def test_a_deck_that_fails_beside_the_pdf_fails_the_build_and_replaces_nothing(
        tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert build(ENGLISH_CONTENT, ("pdf", "pptx"), out).ok
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def broken(*args, **kwargs):
        raise RuntimeError("the deck writer broke")

    monkeypatch.setattr("briefing.deck.writer.write_deck", broken)
    monkeypatch.delenv("BRIEFING_DEBUG", raising=False)
    result = build(ENGLISH_CONTENT, ("pdf", "pptx"), out, force=True, beside=True)
    assert [str(d) for d in result.diagnostics] == [
        f"{out / 'english-briefing.pptx'}: error: internal error while writing"
        " english-briefing.pptx: RuntimeError: the deck writer broke (set BRIEFING_DEBUG=1 for"
        " the traceback, and please report it)"]
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_a_bug_beside_the_pdf_brings_its_traceback_under_briefing_debug(tmp_path, monkeypatch):
    out = tmp_path / "out"

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr("briefing.deck.writer.write_deck", broken)
    monkeypatch.setenv("BRIEFING_DEBUG", "1")
    with pytest.raises(beside_module.SecondProcessError) as raised:
        build(ENGLISH_CONTENT, ("pdf", "pptx"), out, beside=True)
    message = str(raised.value)
    assert message.startswith("writing english-briefing.pptx failed in the second process;"
                              " its traceback there:\nTraceback (most recent call last):")
    assert "in broken" in message and message.rstrip().endswith("KeyError: 'boom'")
    assert not out.exists() or not any(out.glob("*.pptx"))


@pytest.mark.slow
def test_a_library_build_forks_no_process_unless_asked(tmp_path, monkeypatch):
    def no_fork():
        raise AssertionError("the build forked")

    monkeypatch.setattr(os, "fork", no_fork)
    result = briefing.build(ENGLISH_CONTENT, out_dir=tmp_path)
    assert result.ok and {w.kind for w in result.written} == {"pdf", "pptx", "slides", "handout"}


@pytest.mark.slow
def test_remembered_subsets_and_streams_give_the_bytes_a_cold_build_gives(tmp_path,
                                                                         fixed_epoch):
    cold = outputs(build(DEFAULT_CONTENT, ("pdf", "handout"), tmp_path / "cold"))
    libraries.remember(True)
    try:
        outputs(build(DEFAULT_CONTENT, ("pdf", "handout"), tmp_path / "warm", force=True))
        assert libraries.MEMO.entries  # something was remembered
        warm = outputs(build(DEFAULT_CONTENT, ("pdf", "handout"), tmp_path / "warm",
                             force=True))
    finally:
        libraries.remember(False)
    assert warm == cold


def test_watch_wakes_on_the_file_systems_notice_not_its_poll(tmp_path):
    source = tmp_path / "brief.yaml"
    source.write_text(ENGLISH_CONTENT.read_text(encoding="utf-8"), encoding="utf-8")
    out, stop = io.StringIO(), threading.Event()
    thread = threading.Thread(target=watch, args=([source], tmp_path / "out"), kwargs={
        "outputs": ("pptx",), "interval": 60, "stop": stop, "out": out, "err": io.StringIO()},
        daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while "watching 1 file" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        source.write_text(source.read_text(encoding="utf-8").replace(
            "Example District Office", "Edited District Office"), encoding="utf-8")
        saved = time.monotonic()
        while "rebuilt " not in out.getvalue() and time.monotonic() < saved + 30:
            time.sleep(0.05)
        assert "rebuilt " in out.getvalue()
        assert time.monotonic() - saved < 30  # noticed by the file system, not by a slow poll
    finally:
        stop.set()
        thread.join(30)


def test_a_save_made_while_the_first_build_runs_is_rebuilt_without_waiting_for_a_poll(
        tmp_path, monkeypatch):
    from briefing.builder.watch import Watcher
    source = tmp_path / "brief.yaml"
    source.write_text(ENGLISH_CONTENT.read_text(encoding="utf-8"), encoding="utf-8")
    built = Watcher.rebuild

    def rebuild_and_save_during_the_first(self, path, verb="rebuilt"):
        if verb == "built":  # the save lands before the file system is watched
            path.write_text(path.read_text(encoding="utf-8").replace(
                "Example District Office", "Edited District Office"), encoding="utf-8")
        return built(self, path, verb)

    monkeypatch.setattr(Watcher, "rebuild", rebuild_and_save_during_the_first)
    out, stop = io.StringIO(), threading.Event()
    thread = threading.Thread(target=watch, args=([source], tmp_path / "out"), kwargs={
        "outputs": ("pptx",), "interval": 60, "stop": stop, "out": out, "err": io.StringIO()},
        daemon=True)
    started = time.monotonic()
    thread.start()
    try:
        while "rebuilt " not in out.getvalue() and time.monotonic() < started + 30:
            time.sleep(0.05)
        assert "rebuilt " in out.getvalue()  # noticed by the file system, not by a slow poll
    finally:
        stop.set()
        thread.join(30)


def test_compiled_templates_are_reused_only_while_their_source_is_unchanged(tmp_path):
    import jinja2

    from briefing.design.templating import compiled_templates_cache, environment
    assert isinstance(environment().bytecode_cache, jinja2.FileSystemBytecodeCache)
    template = tmp_path / "a.j2"

    def rendered() -> str:
        fresh = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path),
                                   bytecode_cache=compiled_templates_cache())
        return fresh.get_template("a.j2").render(x=1)

    template.write_text("one {{ x }}", encoding="utf-8")
    assert rendered() == rendered() == "one 1"
    template.write_text("two {{ x }}", encoding="utf-8")
    assert rendered() == "two 1"
