"""The bad-input catalogue (shared/guides/reliability.md): every case exits 1 with a clear
diagnostic, leaves the outputs already built byte-identical and no temporary file behind."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from briefing.builder import cli
from briefing.builder.pipeline import build

from .conftest import ENGLISH_CONTENT, examples

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


MEASURE = "- Enforce smoke-control rules in winter."
SHORT_TITLE = "short_title: Clean Air Plan briefing"


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
    # what check once let through and a build then failed on, or drew wrongly
    "control character \\x0b in a measure": (
        replaced(MEASURE, '- "Enforce smoke\\vcontrol rules in winter."'),
        "english-briefing.yaml:97:31: error: sections[4].blocks[0].groups[1].measures[2]:"
        " U+000B (LINE TABULATION) cannot be printed; remove it"),
    "control character \\0 in a measure": (
        replaced(MEASURE, '- "Enforce smoke\\0control rules in winter."'),
        "english-briefing.yaml:97:31: error: sections[4].blocks[0].groups[1].measures[2]:"
        " U+0000 (NULL) cannot be printed; remove it"),
    "control character \\x1f in the title": (
        replaced("title: Example District Clean Air Plan 2026–2030",
                 'title: "Example District\\x1fClean Air Plan 2026–2030"'),
        "english-briefing.yaml:7:25: error: title: U+001F (UNIT SEPARATOR) cannot be printed;"
        " remove it"),
    "control character \\x7f in the issuer": (
        replaced("issuer: Example District Office", 'issuer: "Example\\x7fDistrict Office"'),
        "english-briefing.yaml:10:17: error: issuer: U+007F (DELETE) cannot be printed;"
        " remove it"),
    "control character \\x85 in a keyword": (
        replaced("keywords: [clean air,", 'keywords: ["clean\\x85air",'),
        "english-briefing.yaml:13:18: error: keywords[0]: U+0085 (NEXT LINE) cannot be printed;"
        " remove it"),
    "U+202E in the issuer (the PDF would read 制控 for 控制)": (
        replaced("issuer: Example District Office", 'issuer: "Example \\u202EDistrict Office"'),
        "english-briefing.yaml:10:18: error: issuer: U+202E (RIGHT-TO-LEFT OVERRIDE) reorders"
        " the text around it, so that the outputs would not read as written; remove it"),
    "U+2028 in a card": (
        replaced("text: The second part sets the targets for 2030.",
                 'text: "The second part sets\\u2028the targets for 2030."'),
        "english-briefing.yaml:43:40: error: sections[1].blocks[0].cards[1].text: U+2028 (LINE"
        " SEPARATOR) cannot be printed; remove it"),
    "U+FFF9 in source.title": (
        replaced("  title: Example District Clean Air Plan 2026–2030 (fictional)",
                 '  title: "Example District\\uFFF9Clean Air Plan 2026–2030 (fictional)"'),
        "english-briefing.yaml:15:27: error: source.title: U+FFF9 (INTERLINEAR ANNOTATION"
        " ANCHOR) cannot be printed; remove it"),
    "a carriage return in short_title (it would end the running head's CSS string)": (
        replaced(SHORT_TITLE, 'short_title: "Clean Air\\rPlan briefing"'),
        "english-briefing.yaml:9:24: error: short_title: U+000D (CARRIAGE RETURN) cannot be"
        " printed; remove it"),
    "a form feed in short_title": (
        replaced(SHORT_TITLE, 'short_title: "Clean Air\\fPlan briefing"'),
        "english-briefing.yaml:9:24: error: short_title: U+000C (FORM FEED) cannot be printed;"
        " remove it"),
    "keywords over 255 characters in all (a deck property holds 255)": (
        replaced("keywords: [clean air, air quality, district plan, example]",
                 "keywords: [" + ", ".join(f"keyword number {i:03d}" for i in range(20)) + "]"),
        "english-briefing.yaml:13:11: error: keywords: the keywords are 398 characters in all;"
        " a deck holds at most 255"),
    "a date in 2108 (past what a zip records)": (
        replaced("date: 2026-01-15", "date: 2108-01-01"),
        "english-briefing.yaml:11:7: error: date: expected a date from 1980-01-01 to"
        " 2107-12-31 (what a deck can record), got '2108-01-01'"),
    "a date in year 1": (
        replaced("date: 2026-01-15", "date: 0001-01-01"),
        "english-briefing.yaml:11:7: error: date: expected a date from 1980-01-01 to"
        " 2107-12-31 (what a deck can record), got '0001-01-01'"),
    "a date without dashes": (
        replaced("date: 2026-01-15", "date: 20260115"),
        "english-briefing.yaml:11:7: error: date: expected a date as YYYY-MM-DD, got"
        " '20260115'"),
    "a week date": (
        replaced("date: 2026-01-15", "date: 2026-W03-4"),
        "english-briefing.yaml:11:7: error: date: expected a date as YYYY-MM-DD, got"
        " '2026-W03-4'"),
    "Traditional Chinese, which the labels and fonts do not write": (
        replaced("language: en", "language: zh-TW"),
        "english-briefing.yaml:12:11: error: language: 'zh-TW' is Traditional Chinese; the"
        " labels and fonts are Simplified (SC): write zh-CN or zh-Hans"),
    "a language without labels": (
        replaced("language: en", "language: xx"),
        "english-briefing.yaml:12:11: error: language: no labels for the language 'xx'; the"
        " languages with labels are en, zh-CN (templates/labels/)"),
    "a URL over the limit": (
        replaced("url: https://example.org/clean-air-plan",
                 "url: https://example.org/" + "a" * 2000),
        "english-briefing.yaml:18:8: error: source.url: this text is 2020 characters; at most"
        " 2000"),
    "a text over the limit": (
        replaced(MEASURE, "- " + "Enforce smoke-control rules. " * 150),
        "english-briefing.yaml:97:17: error: sections[4].blocks[0].groups[1].measures[2].text:"
        " this text is 4349 characters; at most 4000"),
    "a word too long to break": (
        replaced(MEASURE, "- Enforce " + "smoke" * 40 + " rules."),
        "english-briefing.yaml:97:25: error: sections[4].blocks[0].groups[1].measures[2]: a"
        " word of 200 characters with no place to break a line; at most 120: add spaces or"
        " shorten it"),
    "500 groups": (
        replaced("          - title: Cleaner heating", "".join(
            f"          - title: Group {i}\n            measures: [Measure {i}.]\n"
            for i in range(500)) + "          - title: Cleaner heating"),
        "english-briefing.yaml:85:11: error: sections[4].blocks[0].groups: this list has 502"
        " entries; at most 30"),
    "80 cards drawn in the overview": (
        replaced("          - title: Fair shares", "".join(
            f"          - title: Principle {i}\n            text: Principle {i} in words.\n"
            for i in range(80)) + "          - title: Fair shares"),
        "english-briefing.yaml:237:19: error: sections[3].blocks[0].overview: the overview"
        " diagram draws at most 12 boxes for a block, and this one has 83; set overview: false"
        " or split the block"),
    "a raw control byte, placed at its character": (
        replaced(MEASURE, "- Enforce smoke\x01control rules in winter."),
        "english-briefing.yaml:97:30: error: control character U+0001 is not allowed in a"
        " briefing; remove it"),
    "a value with line breaks, echoed on one line": (
        replaced("date: 2026-01-15", 'date: "2026-01-15\\nrm -rf /\\nline three"'),
        "english-briefing.yaml:11:7: error: date: expected a date as YYYY-MM-DD, got"
        " '2026-01-15\\nrm -rf /\\nline three'\n1 error in 1 file"),
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


@pytest.mark.slow
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
    from briefing.design.templates import SHIPPED
    from briefing.pdf.writer import _weasyprint

    _, _, fetcher = _weasyprint()
    for url in ("file:///etc/passwd", "http://169.254.169.254/latest/meta-data/",
                "https://example.org/", (SHIPPED / ".." / "README.md").as_uri()):
        with pytest.raises(ValueError, match="only files under templates/ are allowed"):
            fetcher.fetch(url)


def test_a_template_error_names_the_template_file_and_line(tmp_path, user_templates):
    from briefing.design.templates import SHIPPED

    (user_templates / "briefing").mkdir()
    page = user_templates / "briefing" / "briefing.html.j2"
    lines = (SHIPPED / "briefing" / "briefing.html.j2").read_text(encoding="utf-8").splitlines()
    lines[30] += "{{ b.no_such_field }}"
    page.write_text("\n".join(lines), encoding="utf-8")
    result = build(ENGLISH_CONTENT, outputs=("pdf",), out_dir=tmp_path / "out")
    assert [d.line for d in result.diagnostics] == [31]
    assert str(result.diagnostics[0]).endswith(
        "error: template: 'briefing.content.model.Briefing object' has no attribute"
        " 'no_such_field'")
    assert result.diagnostics[0].file.endswith("briefing/briefing.html.j2")


@settings(max_examples=examples(40), deadline=None,
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
