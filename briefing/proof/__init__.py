"""The rendered outputs of a build -> layout findings: runts, titles broken inside a word group
or unbalanced, stranded headings, table headers at a page foot and rows split across pages,
an unbalanced handout — each with its output, page or slide, the text concerned and a message.

It reads the tagged PDFs WeasyPrint makes (the briefing, the slides, the handout) and the
deck as LibreOffice draws it, and the loaded briefing to know what each text is. Each kind's
rule and thresholds are stated in the module that finds it: runts.py, titles.py,
stranded.py, tables.py, handout.py.
"""

from .check import OUTPUTS, Proofer, proof
from .findings import KINDS, Finding, ProofError, summary
from .libreoffice import render_decks

__all__ = ["KINDS", "OUTPUTS", "Finding", "ProofError", "Proofer", "proof", "render_decks",
           "summary"]
