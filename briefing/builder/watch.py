"""Watch mode: one warm process that rebuilds a briefing when its content file or anything under
templates/ changes, and optionally serves a live preview of it on 127.0.0.1 (preview.py).

    watch([Path("content/x.yaml")], Path("output"), serve=True, port=8000)

Changes are noticed by the file system (inotify, through the watchfiles library; polling where
that is not available) and confirmed by comparing os.stat (mtime and size), so that an
editor's save by rename counts once. An edited content file rebuilds that file; an edit under
the templates (the shipped ones, and the user's folder when one is named) clears every cache of
what was read from a file (briefing/caches.py) and rebuilds all. With serve=True the bound port is
``Watcher.port``; ``watch(..., ready=callback)`` calls ``callback(watcher)`` once the server
is listening (port=0 picks a free port), before building.

A save goes through in stages, each shown in the preview as soon as it is done: the edited
texts (loaded and checked, before any layout), the slides (fitted), the briefing's pages
(laid out, before the PDF is written from that same layout), the PDF and the deck (written
side by side), then the slides PDF and the handout. In watch, WeasyPrint's font subsets and
compressed streams are remembered from one save to the next (pdf/libraries.py).
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..caches import forget_files
from ..content.load import display_name
from ..design import templates as template_folders
from ..design.theme import theme_names
from .cache import CACHE_FOLDER
from .files import remove_quietly, temporary_path
from .pipeline import OUTPUTS, build, output_path
from .preview import Preview, serve
from .result import BuildResult, report

Stamp = tuple[int, int] | None
Stamps = dict[Path, object]
FIRST = ("pdf", "pptx")  # what a save is written to first; the others follow
WAKE_MS = 50  # how long watchfiles waits for a notice before it lets the loop look at the time


def stamp(path: Path) -> Stamp:
    """Return a file's (mtime in ns, size), or None if it cannot be read."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def errors(diagnostics) -> str:
    """Return '1 error' or 'N errors'."""
    n = sum(d.severity == "error" for d in diagnostics)
    return f"{n} error{'s' * (n != 1)}"


def restore(snapshot: dict[Path, bytes | None]) -> None:
    """Put files back as Watcher.outputs_as_they_are found them, each replaced whole; one
    that was not there is removed."""
    for path, data in snapshot.items():
        if data is None:
            remove_quietly([path])
            continue
        if path.is_file() and path.read_bytes() == data:
            continue
        temporary = temporary_path(path, "restore")
        remove_quietly([temporary])
        with open(temporary, "xb") as out:
            out.write(data)
        os.replace(temporary, path)


class Watcher:
    """Builds briefings, keeps their preview, and serves it over HTTP."""

    def __init__(self, files: list[Path], out_dir: Path, theme: str = "default",
                 outputs: tuple[str, ...] = OUTPUTS, out: TextIO | None = None,
                 err: TextIO | None = None, templates: tuple[Path, ...] | None = None,
                 pdf_variant: str = "pdf/ua-1", print_marks: bool = False,
                 colophon: bool = False):
        self.files = list(dict.fromkeys(Path(f) for f in files))
        self.out_dir, self.theme, self.outputs = Path(out_dir), theme, outputs
        self.out, self.err = out or sys.stdout, err or sys.stderr
        self.templates = templates or template_folders.roots()  # the folders watched
        self.pdf_options = (pdf_variant, print_marks, colophon)
        self.stems = {f.stem: f for f in self.files}
        self.preview = Preview(self.stems, self.out_dir)
        self.server = None
        self.port: int | None = None
        self.worker = None  # the second process that writes decks: started before threads
        self._figures: dict[Path, tuple[Stamp, tuple[Path, ...]]] = {}

    def say(self, line: str, error: bool = False) -> None:
        """Print one status line."""
        print(line, file=self.err if error else self.out, flush=True)

    def snapshot(self) -> tuple[Stamps, Stamps]:
        """Return the stamps of each content file with its figures' files, and of every file
        under the templates."""
        found = sorted(p for root in self.templates for p in root.rglob("*") if p.is_file())
        return ({f: (stamp(f), *map(stamp, self.figure_files(f))) for f in self.files},
                {p: stamp(p) for p in found})

    def figure_files(self, source: Path) -> tuple[Path, ...]:
        """Return the picture files a content file's figures name (read again only when the
        content file changed; none while it does not load)."""
        now = stamp(source)
        if self._figures.get(source, (None,))[0] != now or now is None:
            from ..checks.figures import figure_blocks, path_problem
            from ..content.load import load_briefing
            try:
                loaded = load_briefing(source)
                named = tuple(dict.fromkeys(
                    source.parent / block.figure.path for _, block in figure_blocks(loaded)
                    if not path_problem(block.figure.path)))
            except Exception:  # noqa: BLE001 - the build reports why it does not load
                named = ()
            self._figures[source] = (now, named)
        return self._figures[source][1]

    def changed(self, before: tuple[Stamps, Stamps], after: tuple[Stamps, Stamps]) -> list[Path]:
        """Return what to rebuild: everything after a template edit (caches cleared), else
        the edited content files."""
        if before[1] != after[1]:
            forget_files()
            self.say(f"templates changed; rebuilding {len(self.files)} file(s)")
            return self.files
        return [f for f in self.files if before[0][f] != after[0][f]]

    def rebuild(self, source: Path, verb: str = "rebuilt") -> bool:
        """Build one file in its stages, print what happened, and keep its preview up to date;
        a broken save keeps the previous outputs and shows its diagnostics in the preview."""
        name, started = display_name(source), time.perf_counter()
        first = tuple(k for k in self.outputs if k in FIRST)
        later = tuple(k for k in self.outputs if k not in FIRST)
        before = self.outputs_as_they_are(source)  # all four or none: a later stage may fail
        try:
            for stage, views in ((first, ("slides", "pages")), (later, ("handout",))):
                if not stage and self.server is None:
                    continue
                result = build(source, stage or ("pdf",), self.out_dir, self.theme,
                               *self.pdf_options, prepare=self.preparer(source, views),
                               only_prepare=not stage,  # a view the outputs do not need
                               beside=self.worker or True)
                report(result, self.out, self.err)
                if not result.ok:
                    restore(before)
                    return self.failed(source, name, result)
        except Exception as exc:  # a bug, not a content problem: keep watching
            restore(before)
            return self.internal_error(name, exc, "previous outputs kept")
        self.preview.built()
        self.say(f"{verb} {name} in {time.perf_counter() - started:.2f} s")
        return True

    def outputs_as_they_are(self, source: Path) -> dict[Path, bytes | None]:
        """Return the bytes of a file's outputs and of its cache record as they are (None
        for one that is not there), to put back if a save builds only some of them."""
        paths = [output_path(self.out_dir, source.stem, kind) for kind in self.outputs]
        paths.append(self.out_dir / CACHE_FOLDER / f"{source.stem}.json")
        return {path: path.read_bytes() if path.is_file() else None for path in paths}

    def preparer(self, source: Path, views: tuple[str, ...]) -> Callable | None:
        """Return what draws the preview's views at a stage, once the save has passed its
        checks and before its outputs are written (from the same layout); None when nothing
        is served."""
        if self.server is None:
            return None
        stem = source.stem

        def prepare(renderer, todo) -> None:
            from ..pdf import pages
            from ..pdf.writer import slides_html
            loaded, b = renderer.loaded, renderer.loaded.briefing
            if "pages" in views:  # first the edited texts: shown at once where they are
                self.preview.edit(stem, loaded.located.data, b.plain_title, b.language)
            pictures = renderer.pictures
            if "slides" in views:
                self.preview.draw(stem, "slides", pages.slides_view(
                    slides_html(loaded, renderer.deck_theme, renderer.slides(), pictures),
                    renderer.deck_theme, b.is_chinese, pictures))
            for view, kind in (("pages", "pdf"), ("handout", "handout")):
                if view in views:
                    self.preview.draw(stem, view, pages.view(
                        renderer.lay_out(kind).document, b.language, b.plain_title, pictures))

        return prepare

    def failed(self, source: Path, name: str, result: BuildResult) -> bool:
        """Say that a save could not be built and show why in the preview; return False."""
        self.say(f"{name}: {errors(result.diagnostics)}; previous outputs kept", error=True)
        self.preview.fail(source.stem, [str(d) for d in result.diagnostics
                                        if d.severity == "error"])
        return False

    def internal_error(self, name: str, exc: Exception, kept: str) -> bool:
        """Report an unexpected exception without stopping the watch; return False."""
        if os.environ.get("BRIEFING_DEBUG"):
            traceback.print_exception(exc, file=self.err)
        self.say(f"{name}: error: internal error: {type(exc).__name__}: {exc} (set"
                 f" BRIEFING_DEBUG=1 for the traceback); {kept}", error=True)
        return False

    def run(self, interval: float, stop: threading.Event) -> None:
        """Build every file, then rebuild what changes, until stop is set."""
        from ..pdf.libraries import remember
        remember(True)  # font subsets and compressed streams, from one save to the next
        seen = self.snapshot()
        for source in self.files:
            self.rebuild(source, verb="built")

        def watching() -> None:
            folders = " and ".join(f"{display_name(root)}/" for root in self.templates)
            self.say(f"watching {len(self.files)} file(s) and {folders} (Ctrl-C to stop)")

        for _ in changes(self.files, self.templates, interval, stop, watching):
            now = self.snapshot()
            for source in self.changed(seen, now):
                if stop.is_set():
                    break
                self.rebuild(source)
            seen = now

    def serve(self, port: int = 8000) -> int:
        """Start the preview server on 127.0.0.1 in a daemon thread; return the bound port."""
        self.server = serve(self.preview, port)
        self.port = self.server.server_address[1]
        return self.port

    def start_worker(self) -> None:
        """Fork the process that writes decks beside the PDFs, if none runs and no other thread
        does (a fork inherits no other thread, and no lock another thread holds)."""
        from .beside import Worker
        if self.worker is None and threading.active_count() == 1 and hasattr(os, "fork") \
                and sys.platform != "darwin" and "pptx" in self.outputs:
            self.worker = Worker()

    def close(self) -> None:
        """Stop the preview server and the worker, if they run."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        if self.worker is not None:
            self.worker.close()
            self.worker = None


def changes(files: list[Path], templates: tuple[Path, ...], interval: float,
            stop: threading.Event, ready: Callable[[], None] = lambda: None):
    """Yield once the content files' folders and the templates folders are watched (ready() is
    called then: an edit made before is still seen, by the first comparison), and then whenever they
    may have changed: on the file system's notice (inotify through watchfiles) or, at the
    latest, every `interval` s (the only way where there is no notice)."""
    folders = sorted({str(f.resolve().parent) for f in files if f.resolve().parent.is_dir()})
    try:
        import watchfiles
        last = None
        for found in watchfiles.watch(*folders, *map(str, templates), stop_event=stop, debounce=30,
                                      step=20, rust_timeout=WAKE_MS, yield_on_timeout=True,
                                      raise_interrupt=False):
            now = time.monotonic()
            if last is None:  # the first wake: the watches are in place
                ready()
            if last is None or found or now - last >= interval:
                last = now
                yield
        return
    except (ImportError, OSError, RuntimeError):  # no notices here: poll
        pass
    ready()
    yield
    while not stop.wait(interval):
        yield


def watch(files: list[Path], out_dir: Path, theme: str = "default",
          outputs: tuple[str, ...] = OUTPUTS, serve: bool = False, port: int = 8000,
          interval: float = 0.1, stop: threading.Event | None = None,
          out: TextIO | None = None, err: TextIO | None = None,
          ready: Callable[[Watcher], None] | None = None, pdf_variant: str = "pdf/ua-1",
          print_marks: bool = False, colophon: bool = False) -> int:
    """Build the files, then rebuild on every change until stop is set or Ctrl-C; return the
    exit code (0; 2 for an unknown theme or a port in use). out/err default to sys.stdout/err."""
    watcher = Watcher(files, out_dir, theme, outputs, out, err, None, pdf_variant, print_marks,
                      colophon)
    if theme not in theme_names():
        watcher.say(f"error: unknown theme '{theme}'; themes: {', '.join(theme_names())}", True)
        return 2
    try:
        watcher.start_worker()  # before the preview server's thread
        if serve:
            try:
                watcher.serve(port)
            except OSError as exc:
                watcher.say(f"error: cannot serve on 127.0.0.1:{port}: {exc.strerror}", True)
                return 2
            watcher.say(f"previews at http://127.0.0.1:{watcher.port}/")
        if ready is not None:
            ready(watcher)
        watcher.run(interval, stop or threading.Event())
    except KeyboardInterrupt:
        watcher.say("stopped; outputs in place are unchanged")
    finally:
        watcher.close()
    return 0
