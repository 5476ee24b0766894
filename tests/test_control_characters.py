"""Every control character of a content file is reported at its place, all at once; a lone
surrogate written as an escape is named at its value."""

from __future__ import annotations

from .conftest import run_cli


def test_each_control_character_is_an_error_at_its_place(tmp_path):
    (tmp_path / "brief.yaml").write_bytes(b"title: a\x01b\nshort_title: x\x02y\nissuer: z\x07\n")
    done = run_cli("check", "brief.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "brief.yaml:1:9: error: control character U+0001 is not allowed in a briefing; remove it",
        "brief.yaml:2:15: error: control character U+0002 is not allowed in a briefing;"
        " remove it",
        "brief.yaml:3:10: error: control character U+0007 is not allowed in a briefing;"
        " remove it",
        "3 errors in 1 file"]


def test_a_file_full_of_them_reports_the_first_hundred(tmp_path):
    (tmp_path / "brief.yaml").write_bytes(b"title: " + b"\x01" * 5000 + b"\n")
    done = run_cli("check", "brief.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("control character U+0001") == 100


def test_an_escaped_lone_surrogate_is_named_at_its_value(tmp_path):
    (tmp_path / "brief.yaml").write_text('title: "规划\\ud800解读"\n', encoding="utf-8")
    done = run_cli("check", "brief.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert "brief.yaml:1:8: error: title: '\\ud800' is half of a character pair (a lone" \
           " surrogate), not a character; write the character itself" in done.stderr.splitlines()
