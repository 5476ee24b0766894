"""Watch mode: one warm process that rebuilds a briefing when its content file or anything under
templates/ changes, and optionally serves a live HTML preview on 127.0.0.1.

    watch([Path("content/x.yaml")], Path("output"), serve=True, port=8000)

Changes are found by polling os.stat (mtime and size) every `interval` seconds. An edited content
file rebuilds that file; an edit under templates/ clears every template cache and rebuilds all.
With serve=True the bound port is ``Watcher.port``; ``watch(..., ready=callback)`` calls
``callback(watcher)`` once the server is listening (port=0 picks a free port), before building.

Routes: ``/`` lists the briefings; ``/<stem>.html`` is the last good HTML the PDF is made from,
with its CSS inlined and a script that reloads it when ``/__version`` (the count of good builds)
changes; ``/<stem>.pdf``, ``-slides.pdf``, ``-handout.pdf``, ``.pptx`` are the files in out_dir.
Nothing else exists: only names built from the known stems are ever looked up.
"""

from __future__ import annotations

import base64
import html
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO
from urllib.parse import quote, unquote, urlsplit

from ..checks.figures import check_figures
from ..content.load import display_name, load_briefing
from ..design import templating
from ..design.images import LOGO_KEY
from ..design.theme import TEMPLATES, load_labels, load_theme, theme_names
from ..diagnostics import Diagnostic, DiagnosticError
from ..pdf.html import briefing_html, briefing_styles
from .pipeline import OUTPUTS, build, output_path
from .result import report

Stamps = dict[Path, tuple[int, int] | None]
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".pdf": "application/pdf",
                 ".pptx": "application/vnd.openxmlformats-officedocument.presentationml"
                          ".presentation"}
RELOAD_SCRIPT = """<script>
setInterval(function () {
  fetch("/__version", {cache: "no-store"}).then(function (r) { return r.text(); })
    .then(function (v) { if (v !== "%s") location.reload(); }).catch(function () {});
}, 500);
</script>
"""


def stamp(path: Path) -> tuple[int, int] | None:
    """Return a file's (mtime in ns, size), or None if it cannot be read."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def clear_caches() -> None:
    """Forget everything read from templates/: themes, labels, Jinja templates, deck layouts."""
    from ..deck.geometry import geometry
    load_theme.cache_clear()
    load_labels.cache_clear()
    templating.environment.cache_clear()
    geometry.cache_clear()


def errors(diagnostics: list[Diagnostic]) -> str:
    """Return '1 error' or 'N errors'."""
    n = sum(d.severity == "error" for d in diagnostics)
    return f"{n} error{'s' * (n != 1)}"


def with_head(page: str, snippet: str) -> str:
    """Return an HTML page with a snippet inserted just before </head>."""
    at = page.find("</head>")
    return page[:at] + snippet + page[at:] if at >= 0 else snippet + page


def preview_html(source: Path, theme_name: str) -> tuple[str, str]:
    """Return (title, HTML) of a briefing: the PDF's HTML with the PDF's stylesheets inlined, in
    the same order (theme tokens and page furniture, briefing.css, the theme's own sheet)."""
    loaded = load_briefing(source)
    theme = load_theme(theme_name)
    generated, files = briefing_styles(loaded, theme)
    css = "\n".join([generated, *(path.read_text(encoding="utf-8") for path in files)])
    _, pictures = check_figures(loaded)
    if theme.logo:
        pictures[LOGO_KEY] = theme.logo_picture()
    page = briefing_html(loaded, theme, pictures)
    for picture in pictures.values():  # a browser cannot fetch the PDF's in-memory names
        page = page.replace(picture.url, "data:" + picture.mime + ";base64,"
                            + base64.b64encode(picture.data).decode("ascii"))
    return loaded.briefing.plain_title, with_head(page, f"<style>\n{css}\n</style>\n")


def placeholder(name: str) -> str:
    """Return the page shown for a briefing that has not built cleanly yet."""
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(name)}"
            f"</title></head>\n<body><p>{html.escape(name)} has no good build yet; see the"
            " terminal. This page reloads when it has one.</p></body></html>\n")


class Watcher:
    """Builds briefings, keeps the last good preview of each, and serves them over HTTP."""

    def __init__(self, files: list[Path], out_dir: Path, theme: str = "default",
                 outputs: tuple[str, ...] = OUTPUTS, out: TextIO | None = None,
                 err: TextIO | None = None, templates: Path = TEMPLATES,
                 pdf_variant: str = "pdf/ua-1", print_marks: bool = False):
        self.files = list(dict.fromkeys(Path(f) for f in files))
        self.out_dir, self.theme, self.outputs = Path(out_dir), theme, outputs
        self.out, self.err = out or sys.stdout, err or sys.stderr
        self.templates, self.pdf_options = templates, (pdf_variant, print_marks)
        self.stems = {f.stem: f for f in self.files}
        self.pages: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.version = 0  # good builds so far; previews reload when it changes
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.port: int | None = None

    def say(self, line: str, error: bool = False) -> None:
        """Print one status line."""
        print(line, file=self.err if error else self.out, flush=True)

    def snapshot(self) -> tuple[Stamps, Stamps]:
        """Return the stamps of the content files and of every file under templates/."""
        found = sorted(p for p in self.templates.rglob("*") if p.is_file())
        return {f: stamp(f) for f in self.files}, {p: stamp(p) for p in found}

    def changed(self, before: tuple[Stamps, Stamps], after: tuple[Stamps, Stamps]) -> list[Path]:
        """Return what to rebuild: everything after a template edit (caches cleared), else
        the edited content files."""
        if before[1] != after[1]:
            clear_caches()
            self.say(f"templates changed; rebuilding {len(self.files)} file(s)")
            return self.files
        return [f for f in self.files if before[0][f] != after[0][f]]

    def rebuild(self, source: Path, verb: str = "rebuilt") -> bool:
        """Build one file, print what happened, and keep its preview if the build is good."""
        name, started = display_name(source), time.perf_counter()
        try:
            result = build(source, self.outputs, self.out_dir, self.theme, *self.pdf_options)
        except Exception as exc:  # a bug, not a content problem: keep watching
            return self.internal_error(name, exc, "previous outputs kept")
        report(result, self.out, self.err)
        if not result.ok:
            self.say(f"{name}: {errors(result.diagnostics)}; previous outputs kept", error=True)
            return False
        try:
            title, page = preview_html(source, self.theme)
        except DiagnosticError as exc:
            for diagnostic in exc.diagnostics:
                self.say(str(diagnostic), error=True)
            self.say(f"{name}: {errors(exc.diagnostics)} in the preview; previous preview kept",
                     error=True)
            return False
        except Exception as exc:
            return self.internal_error(name, exc, "previous preview kept")
        with self.lock:
            self.pages[source.stem], self.titles[source.stem] = page, title
            self.version += 1
        self.say(f"{verb} {name} in {time.perf_counter() - started:.2f} s")
        return True

    def internal_error(self, name: str, exc: Exception, kept: str) -> bool:
        """Report an unexpected exception without stopping the watch; return False."""
        if os.environ.get("BRIEFING_DEBUG"):
            traceback.print_exception(exc, file=self.err)
        self.say(f"{name}: error: internal error: {type(exc).__name__}: {exc} (set"
                 f" BRIEFING_DEBUG=1 for the traceback); {kept}", error=True)
        return False

    def run(self, interval: float, stop: threading.Event) -> None:
        """Build every file, then rebuild what changes, until stop is set."""
        seen = self.snapshot()
        for source in self.files:
            self.rebuild(source, verb="built")
        self.say(f"watching {len(self.files)} file(s) and {display_name(self.templates)}/"
                 " (Ctrl-C to stop)")
        while not stop.wait(interval):
            now = self.snapshot()
            for source in self.changed(seen, now):
                if stop.is_set():
                    break
                self.rebuild(source)
            seen = now

    def serve(self, port: int = 8000) -> int:
        """Start the preview server on 127.0.0.1 in a daemon thread; return the bound port."""
        handler = type("Handler", (PreviewHandler,), {"watcher": self})
        self.server = QuietServer(("127.0.0.1", port), handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, name="briefing-preview",
                         daemon=True).start()
        return self.port

    def close(self) -> None:
        """Stop the preview server, if one is running."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def files_served(self) -> dict[str, Path]:
        """Return the output files that may be served, by URL path: only the known stems."""
        return {f"/{output_path(self.out_dir, stem, kind).name}":
                output_path(self.out_dir, stem, kind) for stem in self.stems for kind in OUTPUTS}

    def response(self, target: str) -> tuple[int, str, bytes]:
        """Return (status, content type, body) for a request target."""
        path = unquote(urlsplit(target).path)
        stem = path[1:].removesuffix(".html") if path.endswith(".html") else None
        with self.lock:
            version = str(self.version)
            if path == "/__version":
                return 200, "text/plain; charset=utf-8", version.encode()
            if path == "/":
                return 200, CONTENT_TYPES[".html"], self.index().encode()
            if stem in self.stems:
                page = self.pages.get(stem) or placeholder(display_name(self.stems[stem]))
                return 200, CONTENT_TYPES[".html"], \
                    with_head(page, RELOAD_SCRIPT % version).encode()
        output = self.files_served().get(path)
        try:
            if output is not None:
                return 200, CONTENT_TYPES[output.suffix], output.read_bytes()
        except OSError:  # not built (yet)
            pass
        return 404, "text/plain; charset=utf-8", b"not found\n"

    def index(self) -> str:
        """Return the page that lists the briefings (call with the lock held)."""
        rows = []
        for stem, source in self.stems.items():
            title = html.escape(self.titles.get(stem, f"{display_name(source)} (no good build)"))
            links = [f'<a href="/{html.escape(quote(stem))}.html">{title}</a>']
            built = [output_path(self.out_dir, stem, kind) for kind in OUTPUTS]
            links += [f'<a href="/{html.escape(quote(p.name))}">{html.escape(p.name)}</a>'
                      for p in built if p.is_file()]
            rows.append(f"<li>{' · '.join(links)}</li>")
        return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Briefings</title>"
                f"</head>\n<body><h1>Briefings</h1>\n<ul>\n{chr(10).join(rows)}\n</ul>\n"
                "</body></html>\n")


class PreviewHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the watcher's routes, and logs nothing. Only requests whose
    Host is this server's own address are answered (a page on another site that a DNS
    rebinding points here gets 421), and a connection idle for 10 s is closed."""

    watcher: Watcher
    timeout = 10  # seconds a connection may stay idle or half-sent

    def allowed_host(self) -> bool:
        """Tell whether the request names this server as its host: 127.0.0.1 or localhost
        with the server's port."""
        port = self.watcher.port
        return (self.headers.get("Host") or "").lower() in {
            f"127.0.0.1:{port}", f"localhost:{port}"}

    def do_GET(self) -> None:
        """Answer a GET with a page, a file or 404."""
        self.answer(body=True)

    def do_HEAD(self) -> None:
        """Answer a HEAD like a GET, without the body."""
        self.answer(body=False)

    def answer(self, body: bool) -> None:
        """Send the watcher's response to this request."""
        if self.allowed_host():
            status, content_type, data = self.watcher.response(self.path)
        else:
            status, content_type, data = 421, "text/plain; charset=utf-8", \
                b"this preview answers only to 127.0.0.1 and localhost\n"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:
        """Stay quiet: no line per request."""


class QuietServer(ThreadingHTTPServer):
    """A threading HTTP server that ignores clients hanging up."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """Stay quiet about clients that hang up."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def watch(files: list[Path], out_dir: Path, theme: str = "default",
          outputs: tuple[str, ...] = OUTPUTS, serve: bool = False, port: int = 8000,
          interval: float = 0.1, stop: threading.Event | None = None,
          out: TextIO | None = None, err: TextIO | None = None,
          ready: Callable[[Watcher], None] | None = None, pdf_variant: str = "pdf/ua-1",
          print_marks: bool = False) -> int:
    """Build the files, then rebuild on every change until stop is set or Ctrl-C; return the
    exit code (0; 2 for an unknown theme or a port in use). out/err default to sys.stdout/err."""
    watcher = Watcher(files, out_dir, theme, outputs, out, err, TEMPLATES, pdf_variant,
                      print_marks)
    if theme not in theme_names():
        watcher.say(f"error: unknown theme '{theme}'; themes: {', '.join(theme_names())}", True)
        return 2
    try:
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
