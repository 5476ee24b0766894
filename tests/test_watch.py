"""Watch mode: warm rebuilds on save, a live preview over HTTP, broken saves change nothing."""

from __future__ import annotations

import http.client
import io
import os
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.builder.pipeline import output_path
from briefing.builder.watch import Watcher, watch
from briefing.caches import file_caches, forget_files
from briefing.design.theme import load_theme

from .conftest import CHARTS_CONTENT, ENGLISH_CONTENT

ISSUER = "issuer: Example District Office"
MARKUP_ISSUER = "issuer: Example <b>District</b> Office & Co"
ESCAPED_ISSUER = "Example &lt;b&gt;District&lt;/b&gt; Office &amp; Co"


def wait_for(condition, timeout: float = 30, what: str = "condition"):
    """Poll condition() until it returns something truthy; return that, or fail after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def save(path: Path, text: str) -> None:
    """Write a file as an editor would, and move its mtime on so a poll cannot miss it."""
    path.write_text(text, encoding="utf-8")
    info = os.stat(path)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 2_000_000_000))


class Session:
    """One watch() running in a thread on a copy of the English briefing, with a preview server."""

    def __init__(self, folder: Path):
        self.source = folder / "english-briefing.yaml"
        save(self.source, ENGLISH_CONTENT.read_text(encoding="utf-8").replace(ISSUER,
                                                                               MARKUP_ISSUER))
        self.pdf = folder / "out" / "english-briefing.pdf"
        self.out, self.err = io.StringIO(), io.StringIO()
        self.stop = threading.Event()
        self.code: list[int] = []
        ready = threading.Event()
        self.watcher: Watcher | None = None

        def started(watcher: Watcher) -> None:
            self.watcher = watcher
            ready.set()

        self.thread = threading.Thread(target=lambda: self.code.append(watch(
            [self.source], folder / "out", outputs=("pdf",), serve=True, port=0, interval=0.05,
            stop=self.stop, out=self.out, err=self.err, ready=started)), daemon=True)
        self.thread.start()
        try:
            assert ready.wait(30), "the preview server did not start"
            wait_for(lambda: self.version() >= 1, what="the first build")
        except BaseException as exc:
            self.stop.set()
            raise AssertionError(f"{exc}\n{self.err.getvalue()}") from exc

    def get(self, path: str) -> tuple[int, str]:
        """Return the status and text of a GET on the preview server."""
        connection = http.client.HTTPConnection("127.0.0.1", self.watcher.port, timeout=10)
        try:
            connection.request("GET", path)  # sent as is: no client-side normalising of ../
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def version(self) -> int:
        """Return the rebuild counter the preview pages poll."""
        status, text = self.get("/__version")
        assert status == 200
        return int(text)

    def preview(self, view: str = "pages") -> str:
        """Return a view of the live preview (the briefing's pages by default), with urllib."""
        url = f"http://127.0.0.1:{self.watcher.port}/english-briefing/{view}.html"
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")

    def close(self) -> None:
        """Stop the watch and check it ended cleanly."""
        self.stop.set()
        self.thread.join(30)
        assert not self.thread.is_alive()
        assert self.code == [0]
        assert "Traceback" not in self.err.getvalue()


@pytest.fixture
def session(tmp_path):
    """A running watch of a copy of the English briefing (PDF only)."""
    running = Session(tmp_path)
    yield running
    running.close()


@pytest.mark.slow
def test_the_first_build_writes_the_pdf_and_serves_an_escaped_preview(session):
    assert session.pdf.read_bytes()[:5] == b"%PDF-"
    lines = session.out.getvalue().splitlines()
    assert any(line.startswith(str(session.pdf)) and line.endswith(" s") and "KiB" in line
               and "pages" in line for line in lines)
    assert any(line.startswith("built ") and "english-briefing.yaml in " in line
               for line in lines)
    page = session.preview()
    assert page.count('<div class="page"') == len(PdfReader(session.pdf).pages) >= 7
    assert "Example District Clean Air Plan 2026–2030".split()[0] in page
    assert ESCAPED_ISSUER in page and "<b>District" not in page
    status, app = session.get("/english-briefing.html")
    assert status == 200 and '"/" + encodeURIComponent(stem) + "/state?since="' in app
    assert "<title>Example District Clean Air Plan 2026–2030</title>" in app
    assert 'class="slide' in session.preview("slides")
    status, index = session.get("/")
    assert status == 200 and 'href="/english-briefing.html"' in index
    assert 'href="/english-briefing.pdf"' in index


@pytest.mark.slow
def test_an_edit_rebuilds_the_output_and_the_preview_reloads(session):
    before, version = session.pdf.read_bytes(), session.version()
    save(session.source, session.source.read_text(encoding="utf-8")
         .replace(MARKUP_ISSUER, "issuer: Office of Cleaner Air"))
    wait_for(lambda: session.version() > version, what="the rebuild counter to increase")
    assert session.pdf.read_bytes() != before
    assert "Office of Cleaner Air" in session.preview()
    assert ESCAPED_ISSUER not in session.preview()
    wait_for(lambda: "rebuilt " in session.out.getvalue(), what="the status line")


@pytest.mark.slow
def test_a_broken_save_keeps_the_pdf_and_the_last_good_preview(session):
    before, version = session.pdf.read_bytes(), session.version()
    good = session.source.read_text(encoding="utf-8")
    save(session.source, good.replace("issuer:", "isuer:"))
    wait_for(lambda: "previous outputs kept" in session.err.getvalue(), what="the failure")
    err = session.err.getvalue()
    assert "english-briefing.yaml:10:1: error: isuer: unknown key 'isuer'; did you mean" \
           " 'issuer'?" in err
    assert "english-briefing.yaml: 2 errors; previous outputs kept" in err
    assert session.pdf.read_bytes() == before
    assert session.version() == version
    assert ESCAPED_ISSUER in session.preview()
    status, state = session.get("/english-briefing/state?since=0")
    assert status == 200 and "isuer: unknown key 'isuer'" in state  # shown over the preview
    save(session.source, good.replace(MARKUP_ISSUER, "issuer: Mended Office"))
    wait_for(lambda: session.version() > version, what="the mended file to build")
    assert "Mended Office" in session.preview()


@pytest.mark.slow
def test_unknown_paths_and_traversal_give_404_and_nothing_is_logged(session):
    for path in ["/nothing.html", "/../etc/passwd", "/%2e%2e/etc/passwd",
                 "/..%2f..%2fetc%2fpasswd", "/english-briefing.yaml", "/out/english-briefing.pdf",
                 "/english-briefing.pptx", "/__version/x"]:
        assert session.get(path)[0] == 404, path
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(f"http://127.0.0.1:{session.watcher.port}/nope", timeout=10)
    assert raised.value.code == 404
    status, body = session.get("/english-briefing.pdf")
    assert status == 200 and body.startswith("%PDF-")
    assert session.watcher.server.server_address[0] == "127.0.0.1"
    assert "GET" not in session.err.getvalue()


def test_a_template_edit_clears_the_caches_and_rebuilds_every_file(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "a.css").write_text("p {}\n")
    files = [shutil.copy(ENGLISH_CONTENT, tmp_path / name) for name in ("a.yaml", "b.yaml")]
    watcher = Watcher([Path(f) for f in files], tmp_path / "out", out=io.StringIO(),
                      templates=(templates,))
    load_theme("default")
    before = watcher.snapshot()
    save(Path(files[1]), Path(files[1]).read_text(encoding="utf-8") + "\n")
    edited = watcher.snapshot()
    assert watcher.changed(before, edited) == [Path(files[1])]
    assert any(cached.cache_info().currsize for cached in file_caches())
    save(templates / "a.css", "p { color: red }\n")
    assert watcher.changed(edited, watcher.snapshot()) == watcher.files
    assert not any(cached.cache_info().currsize for cached in file_caches())


def test_an_edit_to_a_figure_file_rebuilds_the_briefing_that_shows_it(tmp_path):
    charts = Path(shutil.copy(CHARTS_CONTENT, tmp_path / "charts.yaml"))
    shutil.copytree(CHARTS_CONTENT.parent / "figures", tmp_path / "figures")
    english = Path(shutil.copy(ENGLISH_CONTENT, tmp_path / "english.yaml"))
    watcher = Watcher([charts, english], tmp_path / "out", out=io.StringIO())
    before = watcher.snapshot()
    drawing = tmp_path / "figures" / "monitoring.svg"
    save(drawing, drawing.read_text(encoding="utf-8").replace("</svg>", "<g/></svg>"))
    assert watcher.changed(before, watcher.snapshot()) == [charts]


def test_ctrl_c_stops_quietly_with_exit_code_0(tmp_path):
    def interrupt(watcher: Watcher) -> None:
        raise KeyboardInterrupt

    out, err = io.StringIO(), io.StringIO()
    code = watch([tmp_path / "none.yaml"], tmp_path / "out", serve=True, port=0, out=out,
                 err=err, ready=interrupt)
    assert code == 0
    assert "stopped" in out.getvalue() and err.getvalue() == ""


def test_an_unknown_theme_or_a_busy_port_exits_2_without_building(tmp_path):
    err = io.StringIO()
    assert watch([ENGLISH_CONTENT], tmp_path / "out", theme="nope", out=io.StringIO(),
                 err=err) == 2
    assert "unknown theme 'nope'" in err.getvalue()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        err = io.StringIO()
        assert watch([ENGLISH_CONTENT], tmp_path / "out", serve=True,
                     port=busy.getsockname()[1], out=io.StringIO(), err=err) == 2
    assert "cannot serve on 127.0.0.1:" in err.getvalue()
    assert not (tmp_path / "out").exists()


def test_a_save_that_builds_only_some_outputs_keeps_all_four_as_they_were(user_templates):
    source = Path(shutil.copy(ENGLISH_CONTENT, user_templates.parent / "english.yaml"))
    out = user_templates.parent / "out"
    said = io.StringIO()
    watcher = Watcher([source], out, out=said, err=said)
    assert watcher.rebuild(source)
    kinds = ("pdf", "pptx", "slides", "handout")
    paths = {kind: output_path(out, "english", kind) for kind in kinds}
    before = {kind: path.read_bytes() for kind, path in paths.items()}
    (user_templates / "deck").mkdir()
    (user_templates / "deck" / "slides.html.j2").write_text("{{ broken ", encoding="utf-8")
    forget_files()
    save(source, source.read_text(encoding="utf-8").replace("Example District Office",
                                                            "Example County Office"))
    assert watcher.rebuild(source) is False  # the PDF and the deck build; the slides cannot
    assert {kind: path.read_bytes() for kind, path in paths.items()} == before
    assert "previous outputs kept" in said.getvalue()
