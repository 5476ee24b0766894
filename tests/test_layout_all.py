"""Every content file and every test briefing, in every theme: all four outputs pass the
layout proof (briefing/proof/) — no runt, no title broken inside a word group or unbalanced,
no stranded heading, no table head at a page foot or split row, no unbalanced handout. Built
once (two worker processes), the decks drawn by LibreOffice in one run."""

from __future__ import annotations

import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from briefing.builder.pipeline import build
from briefing.content.load import load_briefing
from briefing.design.theme import load_theme, theme_names
from briefing.proof import proof, render_decks

from .conftest import BRIEFINGS, ROOT

pytestmark = [pytest.mark.slow, pytest.mark.libreoffice]  # every briefing, every theme

CONTENTS = sorted({*(ROOT / "content").glob("*.yaml"), *BRIEFINGS})
CASES = [(theme, content) for theme in theme_names() for content in CONTENTS]


def _build(case: tuple[str, Path], folder: Path) -> dict[str, Path]:
    """Build one content file in one theme into its own folder; return its outputs."""
    theme, content = case
    result = build(content, out_dir=folder / theme, theme=theme, beside=False)
    assert result.ok, "\n".join(map(str, result.diagnostics))
    return {w.kind: w.path for w in result.written}


def _proof(case: tuple[str, Path], outputs: dict[str, Path], drawn: Path | None,
           folder: Path) -> list[str]:
    """Return the findings of one built case, printed with the theme's folder."""
    names = {kind: str(path.relative_to(folder)) for kind, path in outputs.items()}
    return [str(f) for f in proof(load_briefing(case[1]), outputs, drawn, names)]


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> list[str]:
    """The findings of every case: built in two processes, decks drawn in one LibreOffice
    run, proofs in two processes."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.fail("LibreOffice is not installed; `make test` installs libreoffice-impress")
    folder = tmp_path_factory.mktemp("every")
    with ProcessPoolExecutor(max_workers=2) as pool:
        built = list(pool.map(_build, CASES, [folder] * len(CASES)))
        aliases = {}
        for theme in theme_names():
            fonts = load_theme(theme).fonts.deck
            aliases.setdefault(fonts.east_asian, fonts.metrics_east_asian)
            aliases.setdefault(fonts.latin, fonts.metrics_latin)
        drawn = render_decks([o["pptx"] for o in built], folder / "drawn", aliases)
        found = pool.map(_proof, CASES, built, [drawn.get(o["pptx"]) for o in built],
                         [folder] * len(CASES))
        return [line for lines in found for line in lines]


def test_every_briefing_in_every_theme_passes_the_layout_proof(findings):
    assert not findings, f"{len(findings)} layout findings:\n" + "\n".join(findings)
