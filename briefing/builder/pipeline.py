"""One briefing, end to end: load and check, render every asked-for output to a temporary
file, check each, then move them all into place. Nothing is replaced unless all succeed.

This is also the library API: ``briefing.build(source, outputs=..., out_dir=...)``.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..content.load import LoadedBriefing, load_briefing
from ..design.theme import Theme, load_theme
from ..diagnostics import Diagnostic, DiagnosticError
from .cache import Manifest, input_digest
from .checking import run_preflight
from .files import (
    normalise_zip,
    remove_quietly,
    remove_stale_temporaries,
    replace_all,
    target_problems,
    temporary_path,
    writable_folder_problem,
)
from .result import BuildResult, Written

OUTPUTS = ("pdf", "pptx", "slides", "handout")
SUFFIXES = {"pdf": ".pdf", "pptx": ".pptx", "slides": "-slides.pdf", "handout": "-handout.pdf"}


def output_path(out_dir: Path, stem: str, kind: str) -> Path:
    """Return where an output of a briefing goes: output/<stem>.pdf, <stem>-slides.pdf, …"""
    return out_dir / f"{stem}{SUFFIXES[kind]}"


class Renderer:
    """Renders the outputs of one loaded briefing; the deck outline is fitted once for both."""

    def __init__(self, loaded: LoadedBriefing, theme: Theme, pdf_options=None,
                 pictures: dict | None = None):
        self.loaded = loaded
        self.theme = theme
        self.pdf_options = pdf_options
        self.pictures = pictures or {}  # checked by checks/figures.py: never read again
        self._slides = None

    def slides(self):
        """Return the fitted deck outline, made on first use."""
        if self._slides is None:
            from ..deck.fitter import fitted_outline
            self._slides = fitted_outline(self.loaded, self.theme, self.pictures)
        return self._slides

    def render(self, kind: str, target: Path) -> int:
        """Write one output to target and return its pages or slides."""
        from ..pdf import writer as pdf
        options = self.pdf_options or pdf.PdfOptions()
        if kind == "pdf":
            return pdf.write_briefing(self.loaded, self.theme, target, options, self.pictures)
        if kind == "handout":
            return pdf.write_handout(self.loaded, self.theme, target, options, self.pictures)
        if kind == "slides":
            return pdf.write_slides(self.loaded, self.theme, self.slides(), target, options,
                                    self.pictures)
        from ..deck.writer import write_deck
        count = write_deck(self.loaded, self.theme, self.slides(), target, self.pictures)
        normalise_zip(target, self.loaded.briefing.date)
        return count


def verify(kind: str, path: Path, expected: int) -> None:
    """Re-open a written output and check it holds what was drawn."""
    problem = None
    if kind == "pptx":
        from pptx import Presentation
        found = len(Presentation(str(path)).slides)
        if found != expected:
            problem = f"the deck re-opened with {found} slides instead of {expected}"
    elif not path.read_bytes()[:5] == b"%PDF-" or expected < 1:
        problem = "the PDF was not written completely"
    if problem:
        raise DiagnosticError([Diagnostic(str(path), 0, 0, "error", "", problem)])


def build(source: Path | str, outputs: tuple[str, ...] = OUTPUTS, out_dir: Path | str = "output",
          theme: str = "default", pdf_variant: str = "pdf/ua-1", print_marks: bool = False,
          force: bool = False) -> BuildResult:
    """Build the outputs of one content file into out_dir; return what was written or why not.

    PDFs are tagged PDF/UA-1 unless another pdf_variant (e.g. "pdf/a-3b") is asked for;
    print_marks adds 3 mm bleed and crop marks to the briefing and the handout. Outputs whose
    inputs did not change since they were built are left as they are, unless force is set.
    """
    source, out_dir = Path(source), Path(out_dir)
    result = BuildResult(source)
    try:
        option_problems(source, outputs, pdf_variant)
        loaded = load_briefing(source)
        tokens = load_theme(theme)
        checked = run_preflight(loaded, tokens)
        problems = checked.diagnostics
        folder_problem = writable_folder_problem(out_dir)
        if folder_problem:
            problems.append(Diagnostic(str(out_dir), 0, 0, "error", "", folder_problem))
        else:
            problems += [Diagnostic(loaded.file, 0, 0, "error", "", problem) for problem in
                         target_problems([output_path(out_dir, loaded.stem, k) for k in outputs])]
        if any(d.severity == "error" for d in problems):
            raise DiagnosticError(problems)
        result.diagnostics = problems  # warnings: reported, not stopping the build
        if tokens.fonts.stand_ins:
            result.notices.append(f"theme {tokens.name}: stand-in fonts: " + "; ".join(
                f"{face} → {free}" for face, free in tokens.fonts.stand_ins.items()))
        manifest = Manifest(out_dir, loaded.stem)
        inputs = input_digest(source, (theme, pdf_variant, print_marks),
                              [p.digest for p in checked.pictures.values()])
        todo = []
        for kind in outputs:
            target = output_path(out_dir, loaded.stem, kind)
            entry = None if force else manifest.fresh(target, inputs)
            if entry:
                result.written.append(Written(kind, target, target.stat().st_size, 0.0,
                                              entry["units"], unchanged=True))
            else:
                todo.append(kind)
        if any(kind != "pptx" for kind in todo) and _harfbuzz_subset_missing():
            result.notices.append(
                "warning: libharfbuzz-subset0 is not installed, so WeasyPrint subsets CJK fonts"
                " with fontTools (about 10 s per face); run `make` to install it")
        if todo:
            from ..pdf.writer import PdfOptions
            renderer = Renderer(loaded, tokens, PdfOptions(pdf_variant, print_marks),
                                checked.pictures)
            written = _render_all(renderer, tuple(todo), out_dir)
            from ..pdf.writer import HANDOUT_MAX_PAGES
            result.diagnostics += [Diagnostic(
                loaded.file, 0, 0, "warning", "",
                f"the handout needs {w.units} pages even in its smallest type; shorten the"
                " short forms of the blocks")
                for w in written if w.kind == "handout" and w.units > HANDOUT_MAX_PAGES]
            for w in written:
                manifest.record(w.path, inputs, w.units)
            try:
                manifest.save()
            except OSError as exc:  # the outputs are in place; only the record is missing
                result.notices.append(f"warning: {out_dir}: the build is not recorded for"
                                      f" incremental builds: {exc.strerror}")
            order = {kind: i for i, kind in enumerate(outputs)}
            result.written = sorted(result.written + written, key=lambda w: order[w.kind])
    except DiagnosticError as exc:
        result.diagnostics += exc.diagnostics  # after any warnings found before rendering
    return result


def option_problems(source: Path, outputs: tuple[str, ...], pdf_variant: str) -> None:
    """Raise DiagnosticError for outputs or a PDF variant the tool does not make (the library
    API takes them as plain values)."""
    from ..pdf.writer import PDF_VARIANTS
    found = [f"unknown output {kind!r}; outputs: {', '.join(OUTPUTS)}"
             for kind in outputs if kind not in OUTPUTS]
    if not outputs:
        found.append(f"no output asked for; outputs: {', '.join(OUTPUTS)}")
    if pdf_variant not in PDF_VARIANTS:
        found.append(f"unknown PDF variant {pdf_variant!r}; variants: {', '.join(PDF_VARIANTS)}")
    if found:
        raise DiagnosticError([Diagnostic(str(source), 0, 0, "error", "", f) for f in found])


def _render_all(renderer: Renderer, outputs: tuple[str, ...], out_dir: Path) -> list[Written]:
    """Render outputs to temporary files, verify each, then move all into place; a file that
    cannot be written (a full disk, a read-only folder) is a diagnostic, and no output is
    replaced."""
    loaded = renderer.loaded
    remove_stale_temporaries(out_dir)
    staged: dict[Path, Path] = {}
    done = []
    target = out_dir
    try:
        for kind in outputs:
            target = output_path(out_dir, loaded.stem, kind)
            temporary = temporary_path(target)
            staged[temporary] = target
            started = time.perf_counter()
            units = renderer.render(kind, temporary)
            verify(kind, temporary, units)
            done.append((kind, target, temporary, time.perf_counter() - started, units))
        replace_all(staged)
    except OSError as exc:
        remove_quietly(staged)
        raise DiagnosticError([Diagnostic(str(target), 0, 0, "error", "",
                                          f"cannot write the output: {exc.strerror or exc}")]) \
            from None
    except BaseException:
        remove_quietly(staged)
        raise
    return [Written(kind, target, target.stat().st_size, seconds, units)
            for kind, target, _, seconds, units in done]


def _harfbuzz_subset_missing() -> bool:
    """Tell whether WeasyPrint lacks HarfBuzz-subset (imports WeasyPrint)."""
    from ..pdf.writer import harfbuzz_subset_missing
    return harfbuzz_subset_missing()
