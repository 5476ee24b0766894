"""`build.py check --layout [FILE...] [--out DIR]`: after a build, the layout proof of each
file's four outputs in the output folder (briefing/proof/): one line per finding, a summary,
exit 1 when there is any finding or an output is missing or older than its content."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from ..content.load import LoadedBriefing, display_name, load_briefing
from ..design.theme import load_theme
from ..diagnostics import DiagnosticError, one_line
from .pipeline import output_path


def check_layout(files: list[Path], out_dir: Path, theme: str, prog: str = "build.py") -> int:
    """Check the layout of the outputs of `files` in `out_dir` and print what is found;
    return the exit code (0 nothing found, 1 findings or outputs missing or stale)."""
    from ..proof import OUTPUTS as CHECKED
    from ..proof import Proofer, ProofError, render_decks, summary

    errors: list[str] = []
    jobs: list[tuple[LoadedBriefing, dict[str, Path]]] = []  # a briefing and its outputs
    for file in dict.fromkeys(files):
        try:
            loaded = load_briefing(file)
        except DiagnosticError as exc:
            errors += [str(d) for d in exc.diagnostics]
            continue
        outputs = {}
        for kind in CHECKED:
            path = output_path(out_dir, loaded.stem, kind)
            problem = _stale(path, file)
            if problem:
                out = f" --out {out_dir}" if out_dir != Path("output") else ""
                errors.append(one_line(f"{display_name(path)}: error: {problem}; build first:"
                                       f" {prog} {display_name(file)}{out}"))
            else:
                outputs[kind] = path
        jobs.append((loaded, outputs))
    for line in errors:
        print(line, file=sys.stderr, flush=True)
    findings, checked = [], 0
    with tempfile.TemporaryDirectory(prefix="briefing-proof-") as work:
        decks = [outputs["pptx"] for _, outputs in jobs if "pptx" in outputs]
        drawn: dict[Path, Path] = {}
        drew = False  # LibreOffice ran: a deck it did not draw is damaged, never passed
        if decks:
            fonts = load_theme(theme).fonts.deck
            try:
                drawn = render_decks(decks, Path(work), {fonts.east_asian:
                                                         fonts.metrics_east_asian,
                                                         fonts.latin: fonts.metrics_latin})
                drew = True
            except ProofError as exc:  # no LibreOffice here: the decks are left out, said so
                print(f"warning: {exc}", file=sys.stderr, flush=True)
        for loaded, outputs in jobs:
            proofer = Proofer(loaded)
            for kind, path in outputs.items():
                name = display_name(path)
                if kind == "pptx" and path not in drawn:
                    if drew:
                        errors.append(f"{name}: error: LibreOffice could not draw the deck;"
                                      " it is damaged or not a deck: build it again")
                        print(errors[-1], file=sys.stderr, flush=True)
                    continue
                try:
                    found = proofer.output(kind, path, name, drawn.get(path))
                except ProofError as exc:
                    errors.append(one_line(f"{name}: error: cannot be checked: {exc}"))
                    print(errors[-1], file=sys.stderr, flush=True)
                    continue
                except Exception as exc:  # a damaged file, or a bug: said, never a traceback
                    if os.environ.get("BRIEFING_DEBUG"):
                        raise
                    errors.append(one_line(f"{name}: error: cannot be checked:"
                                           f" {type(exc).__name__}: {exc}"))
                    print(errors[-1], file=sys.stderr, flush=True)
                    continue
                checked += 1
                for finding in found:
                    print(finding, file=sys.stderr, flush=True)
                findings += found
    if findings or errors:
        line = summary(findings, checked) if checked else "nothing checked"
        if errors:
            line += f"; {len(errors)} error{'s' * (len(errors) != 1)}"
        print(line, file=sys.stderr)
        return 1
    print(summary(findings, checked))
    return 0


def _stale(output: Path, source: Path) -> str:
    """Return why an output cannot be checked (missing, older than its content), or ''."""
    try:
        made = output.stat().st_mtime
    except OSError:
        return "not found"
    try:
        edited = source.stat().st_mtime
    except OSError:
        return ""
    return f"older than {display_name(source)}" if made < edited else ""
