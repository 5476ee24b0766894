"""Layout findings: what the proof found, where (output file, page or slide), and how it is
printed — one line each, in the form editors and CI parse:

    output/x.pdf:6: warning: stranded: section heading '6. Safeguards', its question and intro …
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..diagnostics import one_line

# the kinds, in the order a summary names them
KINDS = ("runt", "broken word group", "unbalanced title", "stranded", "table header at foot",
         "split row", "unbalanced handout", "thin slide", "small type", "flat title",
         "continued list", "divider run", "fragment", "loose punctuation", "half-width mark",
         "caption alone")
QUOTE_LIMIT = 60  # characters of a text quoted in a message; longer ones are cut with …


class ProofError(Exception):
    """A proof that cannot be made (LibreOffice missing, failing or too slow; a PDF without
    tags), said plainly."""


@dataclass(frozen=True, order=True)
class Finding:
    """One layout fault: the output file, the page or slide (1-based), its kind, the text
    concerned and a message."""

    output: str
    page: int
    kind: str
    text: str
    message: str

    def __str__(self) -> str:
        """Return the finding on one line: ``FILE:PAGE: warning: KIND: MESSAGE``."""
        return one_line(f"{self.output}:{self.page}: warning: {self.kind}: {self.message}")


def quote(text: str, limit: int = QUOTE_LIMIT, tail: bool = False) -> str:
    """Return text in single quotes for a message, cut to `limit` characters with … (at its
    start when `tail`, so that the end of a long text shows)."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = "…" + text[-limit:] if tail else text[:limit] + "…"
    return f"'{text}'"


def summary(findings: list[Finding], outputs: int) -> str:
    """Return the closing line: how many findings of which kind in how many outputs."""
    if not findings:
        return f"no layout findings in {outputs} output{'s' * (outputs != 1)}"
    counts = Counter(f.kind for f in findings)
    kinds = ", ".join(f"{kind} {counts[kind]}" for kind in KINDS if counts[kind])
    files = len({f.output for f in findings})
    return (f"{len(findings)} layout finding{'s' * (len(findings) != 1)} in {files} of"
            f" {outputs} output{'s' * (outputs != 1)} ({kinds})")
