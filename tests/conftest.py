"""Shared fixtures: the default content built once, and helpers to run the command line."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

from briefing.builder import cli
from briefing.builder.pipeline import build
from briefing.caches import forget_files
from briefing.content.load import load_briefing
from briefing.design import templates
from briefing.design.templating import shown_cell, shown_note

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = ROOT / "content" / "nankai-eco-14th-fyp.yaml"
DATA = ROOT / "tests" / "data"
ENGLISH_CONTENT = DATA / "english-briefing.yaml"
QA_CONTENT = DATA / "qa-three-questions.yaml"
NUMBERED_CONTENT = DATA / "two-numbered-sections.yaml"
CHARTS_CONTENT = DATA / "charts-and-figures.yaml"
# every briefing the tests build in full: the default, the English one, the two of other
# shapes and the one with charts and figures (the stress briefing is made from the default by
# stress_content in test_deck_rendering.py)
BRIEFINGS = [DEFAULT_CONTENT, ENGLISH_CONTENT, QA_CONTENT, NUMBERED_CONTENT, CHARTS_CONTENT]
THEMES = ["default", "official", "emblem"]

# Module fixtures that build briefings in full (several, or one in several themes): a test
# that uses one is slow, since in the fast loop it would pay for the build on its own. The
# default briefing's one build (`built`) stays in the fast loop, for the tests of what it prints.
BUILDING_FIXTURES = {
    "test_briefing_shapes": {"outputs", "long_table"},
    "test_charts_and_figures": {"outputs", "without_emblem"},
    "test_deck_colours": {"official_deck"},
    "test_deck_validity": {"deck"},
    "test_importer": {"nankai_built", "fictional"},
    "test_layout_proof_cli": {"small"},
    "test_print_quality": {"official"},
    "test_typography": {"paragraphs", "sections", "tables"},
}


def pytest_collection_modifyitems(items):
    """Mark `libreoffice` every test that has LibreOffice draw a deck (through deck_renders),
    and `slow` every test that uses a fixture of BUILDING_FIXTURES, so that `make test-fast`
    leaves them out."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "deck_renders" in fixtures:
            item.add_marker(pytest.mark.libreoffice)
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if fixtures & BUILDING_FIXTURES.get(module, set()):
            item.add_marker(pytest.mark.slow)


# Hypothesis profiles: "full" (make test, CI) runs each property test with the examples its
# @settings asks for; "fast" (make test-fast) runs a few of each, for the edit-test loop.
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "full")
FAST_EXAMPLES = 10
settings.register_profile("full", deadline=None)
settings.register_profile("fast", deadline=None, max_examples=FAST_EXAMPLES)
settings.load_profile(PROFILE)


def examples(full: int) -> int:
    """Return how many examples a property test runs: `full` in the full profile, at most
    FAST_EXAMPLES in the fast one."""
    return full if PROFILE == "full" else min(full, FAST_EXAMPLES)


def printed_texts(b) -> list[str]:
    """Return every text of a briefing that its PDF prints: key messages, the lede, questions,
    block titles, intros and outros, items, goals, groups, table captions, cells and notes."""
    texts = [k.text for k in b.key_messages] + [p.text for p in b.lede]
    for section in b.sections:
        texts += [section.heading] + ([section.question] if section.question else [])
        for block in section.blocks:
            texts += [t for t in (block.title, block.intro, block.outro) if t]
            texts += block_texts(block, full=True)
    return texts


def block_texts(block, full: bool) -> list[str]:
    """Return a block's texts: the full ones (print, notes), or the slide's short forms."""
    def item(i):
        return i.text if full else i.slide_text

    kind = block.kind
    if kind == "paragraphs":
        return [item(p) for p in block.paragraphs]
    if kind == "cards":
        return [t for c in block.cards for t in (c.title, item(c))]
    if kind == "goal":
        g = block.goal
        targets = block.unsaid_targets if full else g.targets
        return [g.statement, *g.indicator_categories, *(item(t) for t in targets)]
    if kind == "groups":
        return [t for g in block.groups
                for t in (g.title, *([g.thrust] if g.thrust else []), *map(item, g.measures))]
    if kind == "list":
        return [item(i) for i in block.items]
    if kind == "figure":
        return [block.figure.caption]
    t = block.table
    cells = [shown_cell(c) for row in t.rows
             for c in ([row.group] if hasattr(row, "group") else row) if c]
    return [t.caption, *t.columns, *cells, *([shown_note(t.note)] if t.note else [])]


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


@pytest.fixture(scope="session")
def deck_renders(tmp_path_factory):
    """A function (content, theme) -> the paths of its "pptx", its "slides" PDF and the deck
    as "libreoffice" renders it: built and rendered once a session."""
    from .test_deck_rendering import render_with_libreoffice

    made: dict[tuple[Path, str], dict[str, Path]] = {}

    def render(content: Path, theme: str) -> dict[str, Path]:
        """Return the deck's outputs and LibreOffice's rendering, made on first use."""
        if (content, theme) not in made:
            folder = tmp_path_factory.mktemp(f"{content.stem}-{theme}")
            result = build(content, outputs=("pptx", "slides"), out_dir=folder, theme=theme)
            assert result.ok, "\n".join(map(str, result.diagnostics))
            paths = {w.kind: w.path for w in result.written}
            paths["libreoffice"] = render_with_libreoffice(paths["pptx"], folder)
            made[content, theme] = paths
        return made[content, theme]

    return render


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the command line `build.py ARGS` in this process, through cli.main(argv), from the
    folder cwd; return what a finished process would: exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return subprocess.CompletedProcess(["build.py", *args], code, out.getvalue(), err.getvalue())


def run_process(*args: str, cwd: Path = ROOT, **options) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` in a new process, as a user would, where the process itself is
    under test (its exit, signals, what the interpreter prints); return it finished."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300, **options)


def write_yaml(folder: Path, text: str, name: str = "brief.yaml") -> Path:
    """Write a YAML file (dedented) into a folder and return its path."""
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


class Hung(Exception):
    """A piece of work ran past a limit that no machine, however slow, would reach."""


@contextlib.contextmanager
def no_hang(seconds: float):
    """Fail the block with Hung if it runs longer than `seconds`: a guard against a hang
    (an endless loop, a run away in time), set far above any machine's time; it measures
    nothing (speed is measured in `make bench`)."""
    def stop(signum, frame):
        raise Hung(f"still running after {seconds:g} s: a hang, not a slow machine")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def user_templates(tmp_path, monkeypatch):
    """A user's templates folder, empty, in use over the shipped ones (as `--templates
    templates` names it from tmp_path, the working folder, so that diagnostics show
    templates/…); every cache of file contents is forgotten before and after."""
    folder = tmp_path / "templates"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    forget_files()
    with templates.using(Path("templates")):
        yield folder
    forget_files()
