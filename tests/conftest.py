"""Shared fixtures: the default content built once, and helpers to run the command line."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from briefing.content import load_briefing
from briefing.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = ROOT / "content" / "nankai-eco-14th-fyp.yaml"
ENGLISH_CONTENT = ROOT / "tests" / "data" / "english-briefing.yaml"


@pytest.fixture(scope="session")
def nankai():
    """The default content, loaded."""
    return load_briefing(DEFAULT_CONTENT)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Every output of the default content, built once into a temporary folder."""
    out = tmp_path_factory.mktemp("output")
    result = build(DEFAULT_CONTENT, out_dir=out)
    assert result.ok, "\n".join(map(str, result.diagnostics))
    return {w.kind: w.path for w in result.written}


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` as a user would; return the finished process."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def write_yaml(folder: Path, text: str, name: str = "brief.yaml") -> Path:
    """Write a YAML file (dedented) into a folder and return its path."""
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path
