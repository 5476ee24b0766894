"""The bad-input catalogue (shared/guides/reliability.md): every case exits 1 with a clear
diagnostic, leaves the outputs already built byte-identical and no temporary file behind."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from briefing.builder import cli
from briefing.builder.pipeline import build

from .conftest import ENGLISH_CONTENT

ENGLISH = ENGLISH_CONTENT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """An output folder holding a good build of the English briefing."""
    out = tmp_path_factory.mktemp("previous")
    assert build(ENGLISH_CONTENT, outputs=("pdf", "pptx"), out_dir=out).ok
    return out


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def replaced(old: str, new: str) -> str:
    assert old in ENGLISH
    return ENGLISH.replace(old, new, 1)


CATALOGUE = {
    "1 syntax error": ('title: "unclosed\n',
                       "english-briefing.yaml:1:8: error: YAML syntax: a quoted scalar starts"
                       " here and is never closed"),
    "2 tab indentation": (replaced("  publisher:", "\tpublisher:"),
                          "english-briefing.yaml:16:1: error: a tab character cannot indent"
                          " YAML; indent with spaces"),
    "3 duplicate key": (replaced("\nlanguage: en\n", "\nlanguage: en\nlanguage: zh-CN\n"),
                        "english-briefing.yaml:13:1: error: language: key 'language' is given"
                        " twice, on lines 12 and 13; keep one"),
    "4 a bool where a year is expected": (
        replaced("year: 2030", "year: yes"),
        "english-briefing.yaml:54:17: error: sections[2].blocks[0].goal.year: expected a year as"
        " four digits, got 'yes'"),
    "7 a number of seconds for a date": (replaced("date: 2026-01-15", "date: 0"),
                                         "english-briefing.yaml:11:7: error: date: expected a"
                                         " date as YYYY-MM-DD, got '0'"),
    "5 missing field": (replaced("short_title: Clean Air Plan briefing\n", ""),
                        "english-briefing.yaml:7:1: error: short_title: this field is required"),
    "6 unknown key": (replaced("keywords:", "keywrods:"),
                      "english-briefing.yaml:13:1: error: keywrods: unknown key 'keywrods'; did"
                      " you mean 'keywords'?"),
    "7 a list where text is expected": (
        replaced("issuer: Example District Office", "issuer: [a, b]"),
        "english-briefing.yaml:10:9: error: issuer: expected text, got a list"),
    "7 a date that is not one": (replaced("date: 2026-01-15", "date: 2026-02-30"),
                                 "english-briefing.yaml:11:7: error: date: expected a date as"
                                 " YYYY-MM-DD, got '2026-02-30'"),
    "8 several documents": (ENGLISH + "---\ntitle: again\n",
                            "error: a briefing file holds one YAML document; remove the"
                            " second '---'"),
    "9 a python tag": ('title: !!python/object/apply:os.system ["id"]\n',
                       "english-briefing.yaml:1:8: error: YAML tags"
                       " (!!python/object/apply:os.system) are not allowed; a briefing is plain"
                       " text"),
    "10 billion laughs": ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a]\n",
                          "english-briefing.yaml:1:4: error: anchors (&a) are not allowed;"
                          " write the value out"),
    "11 deep nesting": ("title: " + "[" * 3000 + "]" * 3000 + "\n",
                        "error: nested more than 50 levels deep"),
    "12 not UTF-8": ("title: 南开".encode("gb18030"),
                     "english-briefing.yaml:1:8: error: the file is not UTF-8 text (byte 0xC4);"
                     " save it as UTF-8"),
    "12 very large": ("title: " + "x" * (2 << 20) + "\n",
                      "english-briefing.yaml:1:1: error: the file is 2,097,160 bytes; a briefing"
                      " may be at most 1,048,576 bytes"),
    "13 a character no font draws": (
        replaced("issuer: Example District Office", "issuer: Example \U0002A6A5 Office"),
        "english-briefing.yaml:10:17: error: issuer: no font of the theme draws '\U0002A6A5'"
        " (U+2A6A5, CJK UNIFIED IDEOGRAPH-2A6A5); tried Liberation Serif, DejaVu Serif, Noto"
        " Serif CJK SC, Liberation Sans, DejaVu Sans, Noto Sans CJK SC (PDF); Noto Sans CJK SC,"
        " Liberation Sans (deck)"),
    "13 a private-use character": (
        replaced("issuer: Example District Office", "issuer: Example \ue000 Office"),
        "english-briefing.yaml:10:17: error: issuer: no font of the theme draws '\ue000'"
        " (U+E000); tried"),
}


@pytest.mark.parametrize("case", CATALOGUE)
def test_bad_input_exits_1_with_one_clear_diagnostic_and_touches_nothing(
        case, previous, tmp_path, capsys):
    text, expected = CATALOGUE[case]
    source = tmp_path / "english-briefing.yaml"
    source.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    before = snapshot(previous)
    code = cli.main([str(source), "--out", str(previous)])
    err = capsys.readouterr().err
    assert code == 1
    assert expected in err, err
    assert "Traceback" not in err
    assert snapshot(previous) == before
    assert not list(previous.glob(".briefing-tmp-*"))


def test_markup_in_text_is_shown_literally_in_every_output(tmp_path):
    hostile = '<img src="file:///etc/passwd"></p>{{ 7*7 }}<script>x</script>'
    source = tmp_path / "brief.yaml"
    source.write_text(replaced("issuer: Example District Office", f"issuer: '{hostile}'"),
                      encoding="utf-8")
    result = build(source, out_dir=tmp_path)
    assert result.ok, result.diagnostics
    written = {w.kind: w.path for w in result.written}
    for kind in ("pdf", "slides", "handout"):
        with pdfplumber.open(written[kind]) as document:
            text = "".join(p.extract_text() for p in document.pages).replace("\n", "")
        assert hostile.replace(" ", "") in text.replace(" ", ""), kind
    deck = Presentation(str(written["pptx"]))
    assert deck.core_properties.author == hostile
    footers = [sh.text_frame.text for slide in deck.slides for sh in slide.shapes
               if sh.has_text_frame and hostile in sh.text_frame.text]
    assert footers  # the closing slide names the issuer


def test_the_pdf_fetcher_refuses_anything_outside_the_templates():
    from briefing.pdf.writer import _weasyprint

    _, _, fetcher = _weasyprint()
    for url in ("file:///etc/passwd", "http://169.254.169.254/latest/meta-data/",
                "https://example.org/", "file:///work/main/templates/../README.md"):
        with pytest.raises(ValueError, match="only files under templates/ are allowed"):
            fetcher.fetch(url)


def test_a_template_error_names_the_template_file_and_line(tmp_path, monkeypatch):
    from briefing.design import templating

    broken = tmp_path / "templates"
    shutil.copytree(templating.TEMPLATES, broken)
    page = broken / "briefing" / "briefing.html.j2"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines[30] += "{{ b.no_such_field }}"
    page.write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setattr(templating, "TEMPLATES", broken)
    templating.environment.cache_clear()
    try:
        result = build(ENGLISH_CONTENT, outputs=("pdf",), out_dir=tmp_path / "out")
    finally:
        templating.environment.cache_clear()
    assert [d.line for d in result.diagnostics] == [31]
    assert str(result.diagnostics[0]).endswith(
        "error: template: 'briefing.content.model.Briefing object' has no attribute"
        " 'no_such_field'")
    assert result.diagnostics[0].file.endswith("briefing/briefing.html.j2")


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(max_size=40))
def test_any_text_in_a_field_builds_or_gives_a_clean_diagnostic(tmp_path, value):
    source = tmp_path / "brief.yaml"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    source.write_text(replaced("issuer: Example District Office", f'issuer: "{escaped}"'),
                      encoding="utf-8")
    result = build(source, outputs=("pptx",), out_dir=tmp_path / "out")
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert result.ok != bool(errors)
    assert all(d.line >= 1 and not d.message.startswith("internal error") for d in errors)
