"""The live preview of watch --serve: the briefing as the pages the PDF will have, the deck as
the slides the PPTX will have, and the handout, in a browser, on 127.0.0.1.

What comes in: for each briefing, the views watch draws as a save goes through its stages
(the edited texts first, by their content paths; then the slides; then the pages; then the
handout), or the diagnostics of a broken save. What goes out, over HTTP:

- ``/`` lists the briefings; ``/<stem>.html`` is a briefing's preview: tabs for the pages,
  the slides and the handout, one view at a time in a frame;
- ``/<stem>/pages.html``, ``/<stem>/slides.html``, ``/<stem>/handout.html``: the views;
- ``/<stem>/state?since=N``: waits (up to 8 s) until the briefing's state is newer than N,
  then gives it as JSON — its version, the version of each view, the texts edited since the
  views were drawn, and the diagnostics of a broken save (the page shows them over the last
  good views);
- ``/<stem>.pdf`` and the other outputs; ``/__version``, the count of good builds.

Nothing else exists: only names made from the known stems are looked up. Requests are answered
only when their Host is the server's own address, and idle connections are closed after 10 s.
"""

from __future__ import annotations

import html
import json
import re
import socket
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from ..design.templating import render
from ..design.theme import load_labels
from .pipeline import OUTPUTS, output_path

VIEWS = ("pages", "slides", "handout")
LONG_POLL = 8.0  # seconds a state request waits: under the 10 s idle timeout
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".pdf": "application/pdf",
                 ".json": "application/json; charset=utf-8",
                 ".pptx": "application/vnd.openxmlformats-officedocument.presentationml"
                          ".presentation"}


@dataclass
class BriefingState:
    """What the preview shows of one briefing, and how new each part of it is."""

    title: str = ""
    language: str = "en"
    version: int = 0  # bumped by every change below
    views: dict[str, str] = field(default_factory=dict)  # view -> HTML document
    drawn: dict[str, int] = field(default_factory=dict)  # view -> version it was drawn at
    texts: dict[str, str] = field(default_factory=dict)  # content path -> text, as loaded
    edited: dict[str, str] = field(default_factory=dict)  # path -> text, not drawn everywhere
    edited_at: int = 0  # the version of the last edit: views drawn before it lack it
    problems: list[str] = field(default_factory=list)  # a broken save's diagnostics

    def as_json(self) -> dict:
        """Return the state a preview page polls for."""
        return {"version": self.version, "drawn": self.drawn, "edited": self.edited,
                "edited_at": self.edited_at, "problems": self.problems, "title": self.title}


def content_texts(data, path: str = "") -> dict[str, str]:
    """Return every text of loaded content by its path, written as diagnostics write it."""
    found: dict[str, str] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            found.update(content_texts(value, f"{path}.{key}" if path else str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.update(content_texts(value, f"{path}[{index}]"))
    elif isinstance(data, str):
        found[f"{path}.text" if path.endswith("]") and _is_item(path) else path] = data
    return found


def _is_item(path: str) -> bool:
    """Tell whether a path names an item that may be written as a plain string (its text)."""
    return any(path.rsplit("[", 1)[0].endswith(f".{key}") or path.rsplit("[", 1)[0] == key
               for key in ("paragraphs", "measures", "list", "targets", "key_messages", "lede"))


class Preview:
    """The preview's state for every briefing, shared by the watch thread and the server."""

    def __init__(self, stems: dict[str, Path], out_dir: Path):
        self.stems, self.out_dir = stems, out_dir
        self.states = {stem: BriefingState(title=stem) for stem in stems}
        self.good_builds = 0
        self.changed = threading.Condition()

    def update(self, stem: str, **changes) -> None:
        """Change a briefing's state and wake the pages waiting for it."""
        with self.changed:
            state = self.states[stem]
            for name, value in changes.items():
                setattr(state, name, value)
            state.version += 1
            self.changed.notify_all()

    def edit(self, stem: str, data, title: str, language: str) -> None:
        """Note a save that loaded and passed its checks: its texts, and the ones it changed."""
        with self.changed:
            state = self.states[stem]
            texts = content_texts(data)
            edited = {path: text for path, text in texts.items()
                      if state.texts and state.texts.get(path) != text}
            state.version += 1
            if edited:
                state.edited, state.edited_at = {**state.edited, **edited}, state.version
            state.texts, state.title, state.language = texts, title, language
            state.problems = []
            self.changed.notify_all()

    def draw(self, stem: str, view: str, document: str) -> None:
        """Set a view's new drawing: the edits it shows are no longer pending for it."""
        with self.changed:
            state = self.states[stem]
            state.views[view] = document
            state.version += 1
            state.drawn[view] = state.version
            if all(state.drawn.get(name, 0) > state.edited_at for name in VIEWS):
                state.edited = {}  # every view shows the edits now
            self.changed.notify_all()

    def fail(self, stem: str, problems: list[str]) -> None:
        """Show a broken save's diagnostics over the last good views."""
        self.update(stem, problems=problems)

    def built(self) -> None:
        """Count a good build (the /__version the older pages poll)."""
        with self.changed:
            self.good_builds += 1
            self.changed.notify_all()

    def state_after(self, stem: str, since: int) -> dict:
        """Wait until a briefing's state is newer than `since` (or LONG_POLL s); return it."""
        with self.changed:
            self.changed.wait_for(lambda: self.states[stem].version > since, LONG_POLL)
            return self.states[stem].as_json()

    def response(self, target: str) -> tuple[int, str, bytes]:
        """Return (status, content type, body) for a request target."""
        parts = urlsplit(target)
        path = unquote(parts.path)
        if path == "/__version":
            return 200, "text/plain; charset=utf-8", str(self.good_builds).encode()
        if path == "/":
            return 200, CONTENT_TYPES[".html"], self.index().encode()
        stem, _, rest = path[1:].partition("/")
        if path.endswith(".html") and "/" not in path[1:] and path[1:-5] in self.stems:
            return 200, CONTENT_TYPES[".html"], self.app(path[1:-5]).encode()
        if stem in self.stems and rest == "state":
            since = parse_qs(parts.query).get("since", ["-1"])[0]
            # ASCII digits only, and few: "--5", "²", "①" or 5,000 digits are no version
            since = int(since) if re.fullmatch(r"-?[0-9]{1,18}", since) else -1
            return 200, CONTENT_TYPES[".json"], \
                json.dumps(self.state_after(stem, since), ensure_ascii=False).encode()
        if stem in self.stems and rest.removesuffix(".html") in VIEWS and rest.endswith(".html"):
            with self.changed:
                document = self.states[stem].views.get(rest[:-5])
            return 200, CONTENT_TYPES[".html"], (document or waiting(stem)).encode()
        output = self.files_served().get(path)
        try:
            if output is not None:
                return 200, CONTENT_TYPES[output.suffix], output.read_bytes()
        except OSError:  # not built (yet)
            pass
        return 404, "text/plain; charset=utf-8", b"not found\n"

    def files_served(self) -> dict[str, Path]:
        """Return the output files that may be served, by URL path: only the known stems."""
        return {f"/{output_path(self.out_dir, stem, kind).name}":
                output_path(self.out_dir, stem, kind) for stem in self.stems for kind in OUTPUTS}

    def index(self) -> str:
        """Return the page that lists the briefings."""
        rows = []
        for stem in self.stems:
            with self.changed:
                title = self.states[stem].title
            links = [f'<a href="/{html.escape(quote(stem))}.html">{html.escape(title)}</a>']
            built = [output_path(self.out_dir, stem, kind) for kind in OUTPUTS]
            links += [f'<a href="/{html.escape(quote(p.name))}">{html.escape(p.name)}</a>'
                      for p in built if p.is_file()]
            rows.append(f"<li>{' · '.join(links)}</li>")
        return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Briefings</title>"
                f"</head>\n<body><h1>Briefings</h1>\n<ul>\n{chr(10).join(rows)}\n</ul>\n"
                "</body></html>\n")

    def app(self, stem: str) -> str:
        """Return a briefing's preview page: tabs, the view in a frame, the problems panel."""
        with self.changed:
            state = self.states[stem]
            title, language = state.title, state.language
        return render("preview/app.html.j2", stem=stem, title=title, language=language,
                      labels=load_labels(language), views=VIEWS)


def waiting(stem: str) -> str:
    """Return the page shown for a view not drawn yet."""
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(stem)}"
            "</title></head>\n<body><p>Not drawn yet; see the terminal.</p></body></html>\n")


class PreviewHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the preview's routes, and logs nothing. Only requests whose
    Host is this server's own address are answered (a page on another site that a DNS
    rebinding points here gets 421), and a connection idle for 10 s is closed."""

    preview: Preview
    port: int
    timeout = 10  # seconds a connection may stay idle or half-sent
    lifetime = 10.0  # seconds a connection may last in all: a byte every 5 s keeps none open

    def setup(self) -> None:
        """Start the connection's clock: at `lifetime` it is shut, however it trickles."""
        super().setup()
        self.deadline = threading.Timer(self.lifetime, self._shut)
        self.deadline.daemon = True
        self.deadline.start()

    def _shut(self) -> None:
        """Close a connection that outlived its lifetime (its thread then ends)."""
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def finish(self) -> None:
        """Stop the connection's clock, then close it."""
        self.deadline.cancel()
        try:
            super().finish()
        except OSError:
            pass

    def allowed_host(self) -> bool:
        """Tell whether the request names this server as its host: 127.0.0.1 or localhost
        with the server's port."""
        return (self.headers.get("Host") or "").lower() in {
            f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def do_GET(self) -> None:
        """Answer a GET with a page, a file or 404."""
        self.answer(body=True)

    def do_HEAD(self) -> None:
        """Answer a HEAD like a GET, without the body."""
        self.answer(body=False)

    def answer(self, body: bool) -> None:
        """Send the preview's response to this request."""
        if self.allowed_host():
            status, content_type, data = self.preview.response(self.path)
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
    """A threading HTTP server that ignores clients hanging up and serves at most
    MAX_CLIENTS connections at once (one thread each): one more is closed unanswered."""

    daemon_threads = True
    MAX_CLIENTS = 16

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = threading.BoundedSemaphore(self.MAX_CLIENTS)

    def process_request(self, request, client_address) -> None:
        """Serve a connection in a thread of its own, if a slot is free."""
        if not self.slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        """Serve one connection, then free its slot."""
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address) -> None:
        """Stay quiet about clients that hang up."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(preview: Preview, port: int) -> QuietServer:
    """Start the preview server on 127.0.0.1 (port 0: a free one) in a daemon thread."""
    handler = type("Handler", (PreviewHandler,), {"preview": preview, "port": 0})
    server = QuietServer(("127.0.0.1", port), handler)
    handler.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, name="briefing-preview", daemon=True).start()
    return server
