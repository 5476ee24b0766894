"""The library API answers bad arguments with diagnostics, as it answers a bad content file:
no TypeError, no OSError, no output named by letters (issue 22, item 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

import briefing
from briefing.builder.checking import check
from briefing.builder.pipeline import build

from .conftest import DEFAULT_CONTENT

CASES = {
    "build-none": (lambda: build(None),
                   "build(): error: source: expected a path (a str or os.PathLike), got None"),
    "build-int": (lambda: build(12345), "build(): error: source: expected a path (a str or"
                  " os.PathLike), got int 12345"),
    "out-dir-none": (lambda: build(DEFAULT_CONTENT, out_dir=None), "build(): error: out_dir:"
                     " expected a path (a str or os.PathLike), got None"),
    "out-dir-int": (lambda: build(DEFAULT_CONTENT, out_dir=5), "build(): error: out_dir:"
                    " expected a path (a str or os.PathLike), got int 5"),
    "nul": (lambda: build("a\0b.yaml"),
            "build(): error: source: a path cannot hold a NUL character"),
    "outputs-int": (lambda: build(DEFAULT_CONTENT, outputs=7), "build(): error: outputs:"
                    " expected output names (\"pdf,pptx\" or a tuple of them), got int 7"),
    "check-none": (lambda: check(None),
                   "check(): error: source: expected a path (a str or os.PathLike), got None"),
    "check-int": (lambda: check(5),
                  "check(): error: source: expected a path (a str or os.PathLike), got int 5"),
    "check-theme": (lambda: check(DEFAULT_CONTENT, theme=[1]),
                    "check(): error: theme: expected a name (a str), got list [1]"),
    "import-none": (lambda: briefing.import_text(None, "x.yaml"), "import_text(): error: page:"
                    " expected a path (a str or os.PathLike), got None"),
}


@pytest.mark.parametrize("call, message", CASES.values(), ids=CASES.keys())
def test_a_bad_argument_is_a_diagnostic_and_nothing_is_written(call, message, tmp_path,
                                                               monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = call()
    assert [str(d) for d in result.diagnostics] == [message]
    assert not getattr(result, "written", None) and list(tmp_path.iterdir()) == []


def test_outputs_given_as_one_string_are_names_not_letters(tmp_path):
    result = build(DEFAULT_CONTENT, outputs="pdf", out_dir=tmp_path)
    assert result.ok, result.diagnostics
    assert [w.kind for w in result.written] == ["pdf"]
    assert [p.name for p in Path(tmp_path).iterdir() if p.suffix] == ["nankai-eco-14th-fyp.pdf"]
