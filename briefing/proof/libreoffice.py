"""Decks -> PDFs drawn by LibreOffice: every deck of a run in one `soffice` invocation, with a
profile of its own, the deck's font names aliased to the installed faces they are fitted with,
and a time limit.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path

from ..design.fonts import fontconfig_aliases
from .findings import ProofError

TIMEOUT = 120  # seconds for LibreOffice to start …
TIMEOUT_PER_DECK = 30  # … and to draw each deck


def soffice() -> str | None:
    """Return the LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_decks(decks: Sequence[Path], folder: Path, aliases: dict[str, str]) \
        -> dict[Path, Path]:
    """Convert decks to PDF in one LibreOffice run, working in `folder`; return each deck's
    PDF (a deck LibreOffice could not draw is left out). Raise ProofError when LibreOffice is
    missing, fails to start or takes longer than the time limit."""
    command = soffice()
    if command is None:
        raise ProofError("LibreOffice is not installed, so the deck cannot be drawn to check"
                         " it; install libreoffice-impress (`make test` does)")
    if not decks:
        return {}
    inbox, outbox = folder / "decks", folder / "drawn"
    inbox.mkdir(parents=True, exist_ok=True)
    outbox.mkdir(parents=True, exist_ok=True)
    copies = {}
    for index, deck in enumerate(decks):
        copy = inbox / f"deck{index}.pptx"  # unique names: decks of two themes share a stem
        shutil.copyfile(deck, copy)
        copies[deck] = copy
    conf = folder / "fonts.conf"
    conf.write_text(fontconfig_aliases(aliases), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(folder)}
    limit = TIMEOUT + TIMEOUT_PER_DECK * len(decks)
    try:
        process = subprocess.Popen(
            [command, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
             "--convert-to", "pdf", "--outdir", str(outbox), *map(str, copies.values())],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        raise ProofError(f"LibreOffice could not be started: {exc.strerror or exc}") from None
    try:
        _, errors = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # its own session: soffice and its children
        process.communicate()
        raise ProofError(f"LibreOffice took longer than {limit} s to draw {len(decks)}"
                         f" deck{'s' * (len(decks) != 1)}; nothing was checked in them") from None
    drawn = {deck: outbox / (copy.stem + ".pdf") for deck, copy in copies.items()}
    found = {deck: pdf for deck, pdf in drawn.items() if pdf.is_file()}
    if not found and process.returncode:
        reason = errors.decode("utf-8", "replace").strip().splitlines()
        raise ProofError("LibreOffice failed to draw the decks"
                         + (f": {reason[-1]}" if reason else f" (exit {process.returncode})"))
    return found
