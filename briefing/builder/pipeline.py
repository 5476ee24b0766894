"""One briefing, end to end: load and check, render every asked-for output to a temporary
file, check each, then move them all into place. Nothing is replaced unless all succeed.

This is also the library API: ``briefing.build(source, outputs=..., out_dir=...)``.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..content.load import LoadedBriefing, load_briefing
from ..design import phrases
from ..design import templates as template_folders
from ..design.theme import Theme, load_theme
from ..diagnostics import Diagnostic, DiagnosticError
from . import arguments
from .beside import Beside, Worker, how_to_fork
from .cache import Manifest, input_digest
from .checking import run_preflight
from .files import (
    normalise_zip,
    remove_quietly,
    remove_stale_temporaries,
    replace_all,
    target_problems,
    temporary_path,
    verify,
    writable_folder_problem,
)
from .result import BuildResult, Written
from .segmenting import Segmenter

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
        self.deck_theme = theme.for_deck()  # the deck and the slides PDF: the deck's colours
        self.pdf_options = pdf_options
        self.prepared: dict[str, object] = {}  # outputs laid out already (watch's preview)
        self.pictures = pictures or {}  # checked by checks/figures.py: never read again
        self._slides = None

    def slides(self):
        """Return the fitted deck outline, made on first use."""
        if self._slides is None:
            from ..deck.fitter import fitted_outline
            self._slides = fitted_outline(self.loaded, self.deck_theme, self.pictures)
        return self._slides

    def __getstate__(self) -> dict:
        """Return what a second process needs (beside.py): not the laid-out documents, which
        hold WeasyPrint's C objects and are written here."""
        return {**self.__dict__, "prepared": {}}

    def pdf_pictures(self) -> dict:
        """Return the pictures as the PDFs take them: for PDF/A-1, which allows no soft mask,
        each PNG with transparency set on white (the deck keeps them as they are)."""
        variant = (self.pdf_options.variant if self.pdf_options else "")
        if not variant.startswith("pdf/a-1"):
            return self.pictures
        from ..design.images import opaque
        return {key: opaque(picture) for key, picture in self.pictures.items()}

    def lay_out(self, kind: str):
        """Return the briefing or the handout laid out (made on first use, kept for writing)."""
        if kind not in self.prepared:
            from ..pdf import writer as pdf
            make = pdf.lay_out_briefing if kind == "pdf" else pdf.lay_out_handout
            self.prepared[kind] = make(self.loaded, self.theme,
                                       self.pdf_options or pdf.PdfOptions(), self.pdf_pictures())
        return self.prepared[kind]

    def render(self, kind: str, target: Path) -> int:
        """Write one output to target and return its pages or slides."""
        from ..pdf import writer as pdf
        options = self.pdf_options or pdf.PdfOptions()
        if kind in ("pdf", "handout"):
            laid_out = self.lay_out(kind)
            del self.prepared[kind]  # written once; its boxes need not outlive the writing
            return pdf.write_laid_out(laid_out, target)
        if kind == "slides":
            return pdf.write_slides(self.loaded, self.deck_theme, self.slides(), target, options,
                                    self.pdf_pictures())
        from ..deck.writer import write_deck
        count = write_deck(self.loaded, self.deck_theme, self.slides(), target, self.pictures)
        normalise_zip(target, self.loaded.briefing.date)
        return count


def build(source: Path | str, outputs: tuple[str, ...] = OUTPUTS, out_dir: Path | str = "output",
          theme: str = "default", pdf_variant: str = "pdf/ua-1", print_marks: bool = False,
          colophon: bool = False, force: bool = False, beside: bool | Worker = False, prepare=None,
          only_prepare: bool = False, templates: Path | str | None = None) -> BuildResult:
    """Build the outputs of one content file into out_dir; return what was written or why not.

    PDFs are tagged PDF/UA-1 unless another pdf_variant (e.g. "pdf/a-3b") is asked for;
    print_marks adds 3 mm bleed and crop marks to the briefing and the handout; colophon
    prints the content file, build date and tool on the briefing's back page. Outputs whose
    inputs did not change since they were built are left as they are, unless force is set.
    `templates` names a user's folder of templates and themes, searched before the shipped
    ones (design/templates.py). With beside=True (the command line's choice), the deck is
    written by a forked second process while this one writes the PDFs (or by `beside`, a
    Worker forked before any thread started: watch's); by default everything is written in
    this process, which a library caller's threads or process pool can rely on. `prepare`,
    when given,
    is called with the Renderer and the outputs to write once the content has passed its
    checks and before anything is written (watch lays the briefing out there for its preview,
    and the PDF is then written from that layout); with only_prepare, nothing is written.
    """
    result = BuildResult(arguments.shown(source))
    problems = arguments.path_problems("build", source=source, out_dir=out_dir) \
        + (arguments.path_problems("build", templates=templates) if templates is not None
           else []) + arguments.name_problems("build", theme=theme, pdf_variant=pdf_variant) \
        + arguments.output_problems("build", outputs)
    if problems:
        result.diagnostics += problems
        return result
    source, out_dir = Path(source), Path(out_dir)
    outputs = arguments.as_outputs(outputs) or ()
    try:
        folder = template_folders.folder_named(templates, str(source))
    except DiagnosticError as exc:
        result.diagnostics += exc.diagnostics
        return result
    with template_folders.using(folder):
        return _build(result, source, outputs, out_dir, theme, (pdf_variant, print_marks, colophon),
                      force, beside, prepare, only_prepare)


def _build(result: BuildResult, source: Path, outputs: tuple[str, ...], out_dir: Path,
           theme: str, pdf_options: tuple[str, bool, bool], force: bool,
           beside: bool | Worker, prepare, only_prepare: bool) -> BuildResult:
    """Build as build() says, with the templates in use; return result filled in."""
    segmenter = None
    try:
        pdf_variant = pdf_options[0]
        option_problems(source, outputs, pdf_variant)
        loaded = load_briefing(source)
        if beside is True and how_to_fork() == "fork" and any(k != "pptx" for k in outputs) \
                and not phrases.has_cut():  # a first build: later ones cut here, warm
            segmenter = Segmenter(loaded)  # jieba's words, cut beside the checks
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
        inputs = input_digest(loaded.digest, (theme, *pdf_options),
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
                " with fontTools, many times slower; run `make` to install it")
        if segmenter is not None:
            segmenter.finish()
        from ..pdf.writer import PdfOptions
        renderer = Renderer(loaded, tokens, PdfOptions(*pdf_options),
                            checked.pictures)
        if prepare is not None:
            prepare(renderer, tuple(todo))
        if only_prepare:
            result.written = []
            return result
        if todo:
            written = _render_all(renderer, tuple(todo), out_dir, beside)
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
    finally:
        if segmenter is not None:
            segmenter.finish()
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


def _failed_target(exc: OSError, staged: dict[Path, Path]) -> Path | None:
    """Return the output an error of moving outputs into place is about: the target or the
    temporary file of one it names (a folder that appeared at a target mid-build)."""
    for name in (getattr(exc, "filename2", None), exc.filename):
        if name is None:
            continue
        path = Path(name)
        if path in staged.values():
            return path
        if path in staged:
            return staged[path]
    return None


def _render_all(renderer: Renderer, outputs: tuple[str, ...], out_dir: Path,
                beside: bool | Worker = True) -> list[Written]:
    """Render outputs to temporary files, verify each, then move all into place; a file that
    cannot be written (a full disk, a read-only folder) is a diagnostic, and no output is
    replaced. With `beside`, the deck is written in a second process while this one writes
    the PDFs (beside.py)."""
    loaded = renderer.loaded
    remove_stale_temporaries(out_dir)
    staged: dict[Path, Path] = {}
    done = []
    deck = None
    target = out_dir
    try:
        order = list(outputs)
        how = how_to_fork(beside if isinstance(beside, Worker) else None) \
            if beside and "pptx" in order and len(order) > 1 else "serial"
        if how != "serial":
            if "slides" in order:
                renderer.slides()  # fitted here, once, for the deck and the slides PDF
            target = output_path(out_dir, loaded.stem, "pptx")
            staged[temporary_path(target)] = target
            deck = Beside(renderer, "pptx", temporary_path(target), how, target)
            order.remove("pptx")
        for kind in order:
            target = output_path(out_dir, loaded.stem, kind)
            temporary = temporary_path(target)
            staged[temporary] = target
            started = time.perf_counter()
            units = renderer.render(kind, temporary)
            verify(kind, temporary, units)
            done.append((kind, target, temporary, time.perf_counter() - started, units))
        if deck is not None:
            target = output_path(out_dir, loaded.stem, "pptx")
            pending, deck = deck, None
            units, seconds = pending.wait()  # verified where it was written
            done.append(("pptx", target, temporary_path(target), seconds, units))
        replace_all(staged)
    except OSError as exc:
        _settle(deck)
        remove_quietly(staged)
        failed = _failed_target(exc, staged) or target
        raise DiagnosticError([Diagnostic(str(failed), 0, 0, "error", "",
                                          f"cannot write the output: {exc.strerror or exc}")]) \
            from None
    except BaseException:
        _settle(deck)
        remove_quietly(staged)
        raise
    return [Written(kind, target, target.stat().st_size, seconds, units)
            for kind, target, _, seconds, units in done]


def _settle(deck: Beside | None) -> None:
    """Wait for a second process still writing, whatever it ends with: its file is about to
    be removed."""
    if deck is not None:
        try:
            deck.wait()
        except DiagnosticError:
            pass


def _harfbuzz_subset_missing() -> bool:
    """Tell whether WeasyPrint lacks HarfBuzz-subset (imports WeasyPrint)."""
    from ..pdf.writer import harfbuzz_subset_missing
    return harfbuzz_subset_missing()
