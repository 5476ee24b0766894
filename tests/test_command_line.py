"""The command line: exit codes, one line per output, and outputs left alone on failure."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from .conftest import ENGLISH_CONTENT, run_cli, write_yaml


def digests(folder: Path) -> dict[str, str]:
    """Return the SHA-256 of every file below a folder, hidden ones (the build cache) included."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def outputs_in(folder: Path) -> list[str]:
    """Return the names of the outputs in a folder (not the hidden build cache)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


@pytest.mark.slow
def test_a_build_prints_one_line_per_output_and_exits_0(tmp_path):
    done = run_cli(str(ENGLISH_CONTENT), "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    names = ["english-briefing.pdf", "english-briefing.pptx", "english-briefing-slides.pdf",
             "english-briefing-handout.pdf"]
    assert [Path(line.split()[0]).name for line in lines] == names
    assert all(line.endswith(" s") and "KiB" in line for line in lines)
    assert outputs_in(tmp_path) == sorted(names)


def test_only_builds_the_named_outputs(tmp_path):
    done = run_cli(str(ENGLISH_CONTENT), "--only", "pptx", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert outputs_in(tmp_path) == ["english-briefing.pptx"]


@pytest.mark.slow
def test_a_broken_file_exits_1_and_leaves_built_outputs_byte_identical(tmp_path):
    out = tmp_path / "out"
    assert run_cli(str(ENGLISH_CONTENT), "--out", str(out)).returncode == 0
    before = digests(out)
    broken = write_yaml(tmp_path, ENGLISH_CONTENT.read_text(encoding="utf-8")
                        .replace("issuer:", "isuer:"), name="english-briefing.yaml")
    done = run_cli(str(broken), "--out", str(out))
    assert done.returncode == 1
    assert done.stdout == ""
    assert "english-briefing.yaml:10:1: error: isuer: unknown key 'isuer'; did you mean" \
           " 'issuer'?" in done.stderr
    assert done.stderr.splitlines()[-1] == "2 errors in 1 file"
    assert "Traceback" not in done.stderr
    assert digests(out) == before


def test_a_syntax_error_names_file_and_line_and_exits_1(tmp_path):
    broken = write_yaml(tmp_path, 'title: "never closed\n')
    done = run_cli(str(broken), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert done.stderr.splitlines()[0].endswith(
        "brief.yaml:1:8: error: YAML syntax: a quoted scalar starts here and is never closed")


def test_check_validates_and_writes_nothing(tmp_path):
    done = run_cli("check", str(ENGLISH_CONTENT), cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert list(tmp_path.iterdir()) == []


def test_check_reports_errors_with_exit_1(tmp_path):
    broken = write_yaml(tmp_path, "title: x\n")
    done = run_cli("check", str(broken))
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == "6 errors in 1 file"  # each missing field


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("--only", "pdf,video", str(ENGLISH_CONTENT)).returncode == 2
    unknown_theme = run_cli("--theme", "nope", str(ENGLISH_CONTENT))
    assert unknown_theme.returncode == 2
    assert "unknown theme 'nope'; themes: default" in unknown_theme.stderr
    assert run_cli("--no-such-flag").returncode == 2


def test_an_output_folder_that_is_a_file_is_an_error_before_rendering(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    done = run_cli(str(ENGLISH_CONTENT), "--out", str(blocker))
    assert done.returncode == 1
    assert f"error: the output folder {blocker} is a file" in done.stderr


def test_one_bad_file_in_a_batch_does_not_stop_the_others(tmp_path):
    broken = write_yaml(tmp_path, "title: x\n", name="bad.yaml")
    done = run_cli(str(broken), str(ENGLISH_CONTENT), "--only", "pptx", "--out",
                   str(tmp_path / "out"))
    assert done.returncode == 1
    assert "bad.yaml" in done.stderr
    assert outputs_in(tmp_path / "out") == ["english-briefing.pptx"]


@pytest.mark.slow
def test_a_failing_renderer_leaves_previous_outputs_and_no_temporary_files(tmp_path, monkeypatch):
    from briefing.builder import pipeline

    out = tmp_path / "out"
    assert pipeline.build(ENGLISH_CONTENT, out_dir=out).ok
    before = digests(out)

    def explode(self, kind, target):
        target.write_bytes(b"half a file")
        raise RuntimeError("renderer killed")

    monkeypatch.setattr(pipeline.Renderer, "render", explode)
    try:
        pipeline.build(ENGLISH_CONTENT, out_dir=out)
    except RuntimeError:
        pass
    assert digests(out) == before


def test_bad_option_values_and_colliding_names_are_usage_errors(tmp_path):
    jobs = run_cli("-j", "0", str(ENGLISH_CONTENT))
    assert jobs.returncode == 2
    assert "argument -j/--jobs: expected a whole number from 1 to 64, got '0'" in jobs.stderr
    port = run_cli("watch", "--port", "70000", str(ENGLISH_CONTENT))
    assert port.returncode == 2
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.yaml").write_text(ENGLISH_CONTENT.read_text(encoding="utf-8"))
    clash = run_cli(str(tmp_path / "a" / "x.yaml"), str(tmp_path / "b" / "x.yaml"),
                    "--out", str(tmp_path / "out"))
    assert clash.returncode == 2
    assert clash.stderr.splitlines()[-1].endswith(
        f"b/x.yaml would both write {tmp_path / 'out' / 'x.pdf'}; rename one")
    assert not (tmp_path / "out").exists()
    assert run_cli("check", "--only", "pdf", str(ENGLISH_CONTENT)).returncode == 2


def test_fix_on_a_file_that_is_not_utf8_reports_it_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes("title: 南开\n".encode("gb18030"))
    done = run_cli("check", "--fix", str(bad))
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f"{bad}:1:8: error: the file is not UTF-8 text (byte 0xC4); save it as UTF-8")
