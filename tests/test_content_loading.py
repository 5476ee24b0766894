"""Loading content: every problem reported at once, with file:line:col, in pinned words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.content import load_briefing
from briefing.diagnostics import DiagnosticError
from briefing.source import MAX_DEPTH, load_yaml

from .conftest import ENGLISH_CONTENT, write_yaml


def diagnostics_of(path: Path) -> list[str]:
    """Return the diagnostics loading a file gives, as printed, with the folder cut off."""
    with pytest.raises(DiagnosticError) as caught:
        load_briefing(path)
    return [str(d).replace(d.file, Path(d.file).name, 1) for d in caught.value.diagnostics]


def english_with(tmp_path: Path, old: str, new: str) -> Path:
    """Write a copy of the English test briefing with one piece of text replaced."""
    text = ENGLISH_CONTENT.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "brief.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_default_and_the_english_briefings_load(nankai):
    english = load_briefing(ENGLISH_CONTENT).briefing
    assert nankai.briefing.language == "zh-CN" and english.language == "en"
    assert len(nankai.briefing.principles.items) == 5
    assert [len(g.measures) for g in nankai.briefing.key_tasks.groups] == [12, 4, 4]


def test_an_unknown_key_is_named_at_its_own_position_with_a_suggestion(tmp_path):
    path = english_with(tmp_path, "title: Example District Clean Air Plan",
                        "titel: Example District Clean Air Plan")
    assert diagnostics_of(path) == [  # the top mapping starts on line 7, after the comments
        "brief.yaml:7:1: error: titel: unknown key 'titel'; did you mean 'title'?",
        "brief.yaml:7:1: error: title: this field is required",
    ]


def test_a_nested_unknown_key_suggests_from_the_keys_allowed_there(tmp_path):
    path = english_with(tmp_path, "  publisher: Example District Office",
                        "  publsher: Example District Office")
    assert diagnostics_of(path) == [
        "brief.yaml:16:3: error: source.publsher: unknown key 'publsher'; did you mean"
        " 'publisher'?"]


def test_a_missing_field_points_at_its_parent_mapping(tmp_path):
    path = english_with(tmp_path, "    - title: Review\n", "    - name: Review\n")
    assert diagnostics_of(path) == [
        "brief.yaml:38:7: error: parts.items[0].name: unknown key 'name'",
        "brief.yaml:38:7: error: parts.items[0].title: this field is required",
    ]


def test_every_problem_is_reported_at_once(tmp_path):
    path = write_yaml(tmp_path, """
        title: yes
        date: 2022-13-01
        language: 中文
        key_messages:
          - [a]
        goals:
          target_year: abc
        """)
    found = diagnostics_of(path)
    assert "brief.yaml:2:7: error: date: expected a date as YYYY-MM-DD, got '2022-13-01'" in found
    assert "brief.yaml:3:11: error: language: expected a language tag such as zh-CN or en," \
           " got '中文'" in found
    assert "brief.yaml:5:5: error: key_messages[0]: expected a mapping (key: value lines)," \
           " got a list" in found
    assert "brief.yaml:7:16: error: goals.target_year: expected a year as four digits," \
           " got 'abc'" in found
    assert "brief.yaml:7:3: error: goals.heading: this field is required" in found
    assert "brief.yaml:1:1: error: issuer: this field is required" in found
    assert len(found) == 14


def test_yes_no_and_numbers_stay_the_text_the_author_typed(tmp_path):
    path = english_with(tmp_path, "short_title: Clean Air Plan briefing", "short_title: yes")
    path.write_text(path.read_text(encoding="utf-8")
                    .replace("subtitle: A briefing on the plan", "subtitle: 012")
                    .replace("  - Two programmes, one for traffic and one for heating.",
                             "  - 1.10\n  - off"), encoding="utf-8")
    b = load_briefing(path).briefing
    assert (b.short_title, b.subtitle) == ("yes", "012")
    assert [m.text for m in b.key_messages[1:]] == ["1.10", "off"]


def test_a_key_given_twice_names_both_lines(tmp_path):
    path = english_with(tmp_path, "issuer: Example District Office",
                        "issuer: Example District Office\nissuer: Another Office")
    assert diagnostics_of(path) == [
        "brief.yaml:11:1: error: issuer: key 'issuer' is given twice, on lines 10 and 11; keep one"]


def test_an_unclosed_quote_points_where_it_opens(tmp_path):
    path = write_yaml(tmp_path, 'title: "unclosed\nissuer: x\n')
    assert diagnostics_of(path) == [
        "brief.yaml:1:8: error: YAML syntax: a quoted scalar starts here and is never closed"]


def test_tab_indentation_points_at_the_tab(tmp_path):
    path = write_yaml(tmp_path, "source:\n\ttitle: x\n")
    assert diagnostics_of(path) == [
        "brief.yaml:2:1: error: a tab character cannot indent YAML; indent with spaces"]


def test_yaml_tags_anchors_and_aliases_are_refused_and_nothing_runs(tmp_path):
    path = write_yaml(tmp_path, """
        title: !!python/object/apply:os.system ["touch pwned"]
        subtitle: &a text
        short_title: *a
        """)
    assert diagnostics_of(path) == [
        "brief.yaml:1:8: error: YAML tags (!!python/object/apply:os.system) are not allowed;"
        " a briefing is plain text",
        "brief.yaml:2:11: error: anchors (&a) are not allowed; write the value out",
        "brief.yaml:3:14: error: aliases (*a) are not allowed; write the value out",
    ]
    assert not (tmp_path / "pwned").exists()


def test_a_billion_laughs_file_fails_fast_on_its_first_anchor(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = write_yaml(tmp_path, "\n".join(lines))
    found = diagnostics_of(path)
    assert found[0] == "brief.yaml:1:5: error: anchors (&a0) are not allowed; write the value out"


def test_empty_and_comment_only_files_say_there_is_no_briefing(tmp_path):
    for text in ("", "# only a comment\n"):
        path = write_yaml(tmp_path, text)
        assert diagnostics_of(path) == [
            "brief.yaml:1:1: error: the file holds no briefing; it needs at least title, issuer,"
            " date, …"]


def test_several_documents_are_refused(tmp_path):
    path = write_yaml(tmp_path, "title: a\n---\ntitle: b\n")
    assert diagnostics_of(path) == [
        "brief.yaml:2:1: error: a briefing file holds one YAML document; remove the second '---'"]


def test_a_list_at_the_top_is_not_a_briefing(tmp_path):
    path = write_yaml(tmp_path, "- a\n- b\n")
    assert diagnostics_of(path) == [
        "brief.yaml:1:1: error: a briefing is a mapping of keys (title: …, date: …), not a list"
        " or a text"]


def test_deep_nesting_is_refused_cleanly(tmp_path):
    path = write_yaml(tmp_path, "title: " + "[" * 5000 + "]" * 5000 + "\n")
    assert diagnostics_of(path) == [
        f"brief.yaml:1:{7 + MAX_DEPTH}: error: nested more than {MAX_DEPTH} levels deep"]


def test_a_file_that_is_not_utf8_names_the_byte(tmp_path):
    path = tmp_path / "brief.yaml"
    path.write_bytes("title: 南开\n".encode("utf-8") + "issuer: 南开区\n".encode("gb18030"))
    assert diagnostics_of(path) == [
        "brief.yaml:2:9: error: the file is not UTF-8 text (byte 0xC4); save it as UTF-8"]


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "brief.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + ENGLISH_CONTENT.read_bytes())
    assert load_briefing(path).briefing.issuer == "Example District Office"


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "brief.yaml"
    path.write_bytes(b"title: " + b"x" * (1 << 20) + b"\n")
    assert diagnostics_of(path) == [
        "brief.yaml:1:1: error: the file is 1,048,584 bytes; a briefing may be at most"
        " 1,048,576 bytes"]


def test_a_missing_file_is_a_diagnostic(tmp_path):
    assert diagnostics_of(tmp_path / "brief.yaml") == [
        "brief.yaml: error: cannot read the file: No such file or directory"]


def test_positions_are_one_based_line_and_column():
    located = load_yaml(b"a:\n  b: [x, y]\n", "f.yaml")
    assert located.values[("a", "b", 1)] == (2, 10)
    assert located.keys[("a", "b")] == (2, 3)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:- \n\t\"'[]{}&*!#%|>?,@`南开、，。“”\\")),
               max_size=80))
def test_any_text_loads_or_gives_diagnostics_never_a_crash(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("prop") / "brief.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_briefing(path)
    except DiagnosticError as exc:
        assert exc.diagnostics and all(d.line >= 1 and d.column >= 1 for d in exc.diagnostics)


@settings(max_examples=150, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.sampled_from(["title", "date", "source", "items",
                                                       "text", "short", "x"]), inner,
                                      max_size=3), max_leaves=12))
def test_any_yaml_value_under_a_real_key_gives_positioned_diagnostics(tmp_path_factory,
                                                                      document):
    path = tmp_path_factory.mktemp("prop") / "brief.yaml"
    data = yaml.safe_load(ENGLISH_CONTENT.read_text(encoding="utf-8"))
    data["key_messages"] = document
    data["date"] = str(data["date"])
    data["source"]["published"] = str(data["source"]["published"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        load_briefing(path)
    except DiagnosticError as exc:
        assert all(Path(d.file).resolve() == path.resolve() and d.line >= 1
                   for d in exc.diagnostics)
