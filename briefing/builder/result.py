"""What a build or a check of one content file did: the outputs written, the diagnostics, and
how they are reported on a terminal."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..content import limits
from ..diagnostics import Diagnostic


@dataclass(frozen=True)
class Written:
    """One output moved into place: what, where, how big (bytes), how long (seconds)."""

    kind: str
    path: Path
    size: int
    seconds: float
    units: int  # pages or slides
    unchanged: bool = False  # its inputs had not changed: it was not rebuilt


@dataclass
class BuildResult:
    """What a build of one source did: the outputs written, or the diagnostics that stopped it."""

    source: Path
    written: list[Written] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Tell whether the build had no error (warnings allowed)."""
        return not any(d.severity == "error" for d in self.diagnostics)


def report(result: BuildResult, out: TextIO | None = None, err: TextIO | None = None) -> None:
    """Print a build's notices, its diagnostics (stderr) and one line per output: path, size,
    pages or slides, and seconds or "unchanged"."""
    out, err = out or sys.stdout, err or sys.stderr
    for notice in result.notices:
        print(notice, file=err if notice.startswith("warning:") else out, flush=True)
    for diagnostic in result.diagnostics[:limits.DIAGNOSTICS]:
        print(diagnostic, file=err, flush=True)
    hidden = len(result.diagnostics) - limits.DIAGNOSTICS
    if hidden > 0:  # a file full of one slip: the first ones say enough
        print(f"{result.diagnostics[limits.DIAGNOSTICS].file}: {hidden} more diagnostic"
              f"{'s' * (hidden != 1)} not shown", file=err, flush=True)
    for w in result.written:
        unit = ("slide" if w.kind == "pptx" else "page") + "s" * (w.units != 1)
        when = "unchanged" if w.unchanged else f"{w.seconds:.2f} s"
        print(f"{w.path}  {w.size / 1024:,.0f} KiB  {w.units} {unit}  {when}", file=out,
              flush=True)
