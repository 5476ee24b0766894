"""Hardening: the library API never raises, time and memory stay bounded, outputs are all new
or all old, bytes depend only on content, theme, options and SOURCE_DATE_EPOCH, and nothing is
read from outside the content file, templates/ and the fonts. (The inputs of the hostile
catalogue are in test_hostile_input.py.)"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

import briefing
from briefing.builder import cli, files
from briefing.design.templates import SHIPPED
from briefing.pdf import writer as pdf_writer

from .conftest import DEFAULT_CONTENT, ENGLISH_CONTENT, ROOT, no_hang, run_cli, write_yaml

DATA_DIR = ROOT / "tests" / "data"

ENGLISH = ENGLISH_CONTENT.read_text(encoding="utf-8")


def messages(result) -> list[str]:
    """Return a result's diagnostics as printed, a content file's folder cut off."""
    return [str(d) if d.file.startswith("templates") else
            str(d).replace(str(Path(d.file).parent) + "/", "", 1) for d in result.diagnostics]


def english(tmp_path: Path, old: str = "", new: str = "", name: str = "brief.yaml") -> Path:
    """Write the English briefing (with one replacement) and return its path."""
    assert old in ENGLISH
    path = tmp_path / name
    path.write_text(ENGLISH.replace(old, new, 1), encoding="utf-8")
    return path


# --- the library API ----------------------------------------------------------------------

@pytest.mark.slow
def test_check_works_twice_and_after_a_build_in_one_process(tmp_path):
    assert briefing.check(ENGLISH_CONTENT).ok
    assert briefing.build(ENGLISH_CONTENT, outputs=("pptx",), out_dir=tmp_path).ok
    assert briefing.check(ENGLISH_CONTENT).ok and briefing.check(ENGLISH_CONTENT).ok
    assert callable(briefing.build) and callable(briefing.check)


@pytest.mark.parametrize("call", ["build", "check"])
def test_a_theme_is_a_name_never_a_path(call, tmp_path):
    result = getattr(briefing, call)(ENGLISH_CONTENT, theme="../../x/evil")
    assert messages(result) == [
        "templates/themes: error: unknown theme '../../x/evil'; themes: default, emblem,"
        " official"]


def test_bad_options_are_diagnostics_not_exceptions(tmp_path):
    result = briefing.build(ENGLISH_CONTENT, outputs=("pdf", "video"), out_dir=tmp_path,
                            pdf_variant="pdf/a-4")
    assert not result.ok and list(tmp_path.iterdir()) == []
    assert messages(result) == [
        "english-briefing.yaml: error: unknown output 'video'; outputs: pdf, pptx, slides,"
        " handout",
        "english-briefing.yaml: error: unknown PDF variant 'pdf/a-4'; variants: pdf/ua-1,"
        " pdf/a-1b, pdf/a-2b, pdf/a-3b, pdf/a-2u, pdf/a-3u, pdf/a-4u"]


@pytest.mark.slow
def test_every_pdf_variant_offered_builds(tmp_path):
    from briefing.pdf.writer import PDF_VARIANTS
    for variant in PDF_VARIANTS:
        result = briefing.build(ENGLISH_CONTENT, outputs=("handout",),
                                out_dir=tmp_path / variant.replace("/", "-"),
                                pdf_variant=variant)
        assert result.ok, (variant, messages(result))


@pytest.mark.slow
def test_a_pdf_a_1b_file_holds_no_soft_mask_for_a_picture_with_alpha(tmp_path):
    """Issue 22, item 4: a PNG with alpha gave an SMask in a file whose XMP claims
    PDF/A-1B. The picture is set on white for PDF/A-1; other variants keep its alpha."""
    from PIL import Image

    folder = tmp_path / "content"
    shutil.copytree(DATA_DIR, folder)
    picture = Image.new("RGBA", (60, 40), (30, 90, 60, 0))
    picture.paste((30, 90, 60, 255), (10, 10, 50, 30))
    picture.save(folder / "figures" / "chenghu-map.png")
    source = folder / "charts-and-figures.yaml"
    for variant, masked in (("pdf/a-1b", False), ("pdf/a-3b", True)):
        out = tmp_path / variant.replace("/", "-")
        result = briefing.build(source, outputs=("pdf",), out_dir=out, pdf_variant=variant)
        assert result.ok, messages(result)
        assert (b"/SMask" in (out / "charts-and-figures.pdf").read_bytes()) is masked, variant


def test_an_unusable_source_date_epoch_is_an_error_of_check_and_build(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    expected = ["english-briefing.yaml: error: SOURCE_DATE_EPOCH is '99999999999999'; it must"
                " be a whole number of seconds since 1970-01-01 UTC, at most 4354819199"
                " (2107-12-31)"]
    assert messages(briefing.check(ENGLISH_CONTENT)) == expected
    assert messages(briefing.build(ENGLISH_CONTENT, out_dir=tmp_path)) == expected
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def themes(user_templates):
    """Return a function that adds a theme (the default's tokens with some lines replaced) to a
    user's templates folder in use."""
    (user_templates / "themes").mkdir()

    def add(name: str, *replacements: tuple[str, str], extra: str = "") -> str:
        tokens = (SHIPPED / "themes" / "default.yaml").read_text(encoding="utf-8")
        for old, new in (("name: default", f"name: {name}"), *replacements):
            tokens = tokens.replace(old, new)
        (user_templates / "themes" / f"{name}.yaml").write_text(tokens + extra,
                                                               encoding="utf-8")
        return name

    return add


def test_a_theme_whose_stylesheet_is_missing_is_named_before_rendering(themes, tmp_path):
    name = themes("nocss", extra="stylesheet: briefing/missing.css\n")
    result = briefing.check(ENGLISH_CONTENT, theme=name)
    assert messages(result) == ["templates/themes/nocss.yaml:47:13: error: stylesheet: no file"
                                " templates/briefing/missing.css"]


def test_a_page_with_no_room_for_type_is_named_before_rendering(themes, monkeypatch):
    name = themes("tiny", ("size: A4", "size: 50mm 50mm"),
                  ("margin_top_mm: 25", "margin_top_mm: 40"))

    def lay_out(*args):
        """Stand in for laying the briefing out, which such a page must never reach."""
        raise AssertionError("the briefing was laid out")

    monkeypatch.setattr(pdf_writer, "lay_out_briefing", lay_out)
    result = briefing.build(ENGLISH_CONTENT, theme=name, outputs=("pdf",))
    assert messages(result) == [
        "templates/themes/tiny.yaml:5:3: error: page: the margins leave a type area of 3 × -14"
        " mm on a 50 × 50 mm page; at least 60 mm each way"]


def test_a_zip_bomb_of_a_deck_master_is_refused_unopened(themes, user_templates):
    (user_templates / "deck").mkdir()
    bomb = user_templates / "deck" / "bomb.pptx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("ppt/presentation.xml", "w", force_zip64=True) as part:
            for _ in range(64):
                part.write(bytes(1 << 20))  # 64 MiB of zeros: 64 KiB packed
    name = themes("bomb", extra="deck_master: deck/bomb.pptx\n")
    assert bomb.stat().st_size < 1 << 20
    assert messages(briefing.check(ENGLISH_CONTENT, theme=name)) == [
        "templates/deck/bomb.pptx: error: deck_master: the master unpacks to 64 MB in 2 parts;"
        " at most 50 MB and 2000 parts"]


# --- inputs that are not files to read ----------------------------------------------------

def test_a_device_or_a_fifo_is_refused_without_reading_or_blocking(tmp_path):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        done = run_cli("check", path, cwd=tmp_path)
        shown = "fifo.yaml" if path == str(fifo) else path  # relative to the working folder
        assert (done.returncode, done.stderr.splitlines()[0]) == (
            1, f"{shown}: error: cannot read the file: not a regular file")


# --- outputs: all new or all old, never mixed ---------------------------------------------

def test_two_files_that_would_write_one_output_are_a_usage_error(tmp_path):
    english(tmp_path, name="brief.yaml")
    english(tmp_path, name="brief-slides.yaml")
    done = run_cli("brief.yaml", "brief-slides.yaml", "--only", "pdf,slides", "--out", "out",
                   cwd=tmp_path)
    assert done.returncode == 2
    assert "brief.yaml and brief-slides.yaml would both write out/brief-slides.pdf; rename" \
           " one" in done.stderr
    assert not (tmp_path / "out").exists()


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.slow
def test_a_folder_in_the_way_of_one_output_stops_the_build_before_rendering(tmp_path):
    out = tmp_path / "out"
    assert briefing.build(ENGLISH_CONTENT, out_dir=out).ok
    (out / "english-briefing-handout.pdf").unlink()
    (out / "english-briefing-handout.pdf").mkdir()
    before = snapshot(out)
    edited = english(tmp_path, "title: Example District", "title: Edited District",
                     name="english-briefing.yaml")
    result = briefing.build(edited, out_dir=out, force=True)
    assert [m.split(": error: ")[1] for m in messages(result)] == [
        f"{out / 'english-briefing-handout.pdf'} is in the way of an output and is not a file;"
        " move it"]
    assert snapshot(out) == before


def test_if_one_move_fails_the_outputs_already_moved_are_put_back(tmp_path, monkeypatch):
    targets = [tmp_path / f"{n}.pdf" for n in "abc"]
    staged = {}
    for target in targets:
        target.write_text(f"old {target.name}")
        staged[files.temporary_path(target)] = target
        files.temporary_path(target).write_text(f"new {target.name}")
    real = os.replace

    def third_fails(source, destination):
        if Path(destination) == targets[2] and "-new-" in str(source):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(source, destination)

    monkeypatch.setattr(files.os, "replace", third_fails)
    with pytest.raises(OSError):
        files.replace_all(staged)
    assert [t.read_text() for t in targets] == ["old a.pdf", "old b.pdf", "old c.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir() if "-old-" in p.name) == []


@pytest.mark.slow
def test_a_full_disk_is_a_diagnostic_and_leaves_the_outputs_and_no_temporary(tmp_path):
    out = tmp_path / "out"
    assert briefing.build(ENGLISH_CONTENT, outputs=("pptx", "handout"), out_dir=out).ok
    before = snapshot(out)
    limit = 40 * 1024  # bytes a process may write to one file: the handout is bigger

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run([sys.executable, str(ROOT / "build.py"), str(ENGLISH_CONTENT),
                           "--only", "pptx,handout", "--out", str(out), "--force"],
                          capture_output=True, text=True, timeout=300, preexec_fn=small_files)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "error: cannot write the output: File too large" in done.stderr
    assert snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(files.TEMP_PREFIX)]


def test_a_long_file_name_builds_and_a_too_long_one_is_named(tmp_path):
    long = english(tmp_path, name="b" * 235 + ".yaml")
    result = briefing.build(long, outputs=("handout", "pptx"), out_dir=tmp_path / "out")
    assert result.ok, messages(result)
    longer = english(tmp_path, name="c" * 245 + ".yaml")
    result = briefing.build(longer, outputs=("handout",), out_dir=tmp_path / "out")
    assert [m.split(": error: ")[1] for m in messages(result)] == [
        "the output name " + "c" * 40 + "… is 257 bytes, more than the 255 its folder allows;"
        " shorten the content file's name"]


@pytest.mark.slow
def test_the_same_build_from_another_folder_gives_the_same_bytes(tmp_path):
    source = english(tmp_path)
    first = run_cli(str(source), "--only", "pdf", "--out", str(tmp_path / "one"), cwd=ROOT)
    second = run_cli("brief.yaml", "--only", "pdf", "--out", "two", cwd=tmp_path)
    assert first.returncode == second.returncode == 0
    assert (tmp_path / "one" / "brief.pdf").read_bytes() == \
        (tmp_path / "two" / "brief.pdf").read_bytes()


# --- batches and their workers ------------------------------------------------------------

@pytest.mark.slow
def test_a_killed_worker_names_its_file(tmp_path):
    sources = [english(tmp_path, name=f"b{n}.yaml") for n in range(1, 4)]
    probe = ("import os, sys; from pathlib import Path; import briefing.builder.cli as c;"
             "real = c.build;"
             "c.build = lambda s, **k: os._exit(9) if Path(s).name == 'b2.yaml' else real(s, **k);"
             "sys.exit(c.main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", probe, *map(str, sources), "-j", "2", "--only",
                           "pptx", "--out", str(tmp_path / "out")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "b2.yaml: error: the worker process building this file stopped before it finished" \
           in done.stderr
    assert done.stdout.splitlines()[-1].startswith("2 of 3 briefings built")


def test_diagnostics_are_capped_per_file_but_all_counted(tmp_path):
    text = DEFAULT_CONTENT.read_text(encoding="utf-8").replace(
        "text: “十三五”时期，全区", "text: " + "中," * 1300 + "“十三五”时期，全区", 1)
    done = run_cli("check", str(write_yaml(tmp_path, text, "many.yaml")), cwd=tmp_path)
    lines = done.stderr.splitlines()
    assert len(lines) == 202
    assert lines[-2:] == ["many.yaml: 1100 more diagnostics not shown",
                          "0 errors, 1300 warnings in 1 file"]


# --- check --fix on files that are more than a name ----------------------------------------

SLIP = ("short_title: Clean Air Plan briefing", "short_title: 空气,计划")


def test_fix_follows_a_symlink_to_its_target(tmp_path):
    target = english(tmp_path, *SLIP, name="target.yaml")
    (tmp_path / "link.yaml").symlink_to(target)
    assert run_cli("check", "--fix", "link.yaml", cwd=tmp_path).returncode == 0
    assert (tmp_path / "link.yaml").is_symlink()
    assert "short_title: 空气，计划" in target.read_text(encoding="utf-8")


def test_fix_never_writes_through_a_link_planted_under_its_temporary_name(tmp_path):
    """Issue 22, item 2: a link at .brief.yaml.fix.tmp to a file outside the folder."""
    folder = tmp_path / "work"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("not yours", encoding="utf-8")
    victim.chmod(0o644)
    path = english(folder, *SLIP)
    (folder / ".brief.yaml.fix.tmp").symlink_to(victim)
    assert run_cli("check", "--fix", "brief.yaml", cwd=folder).returncode == 0
    assert victim.read_text(encoding="utf-8") == "not yours"
    assert oct(victim.stat().st_mode & 0o777) == "0o644"
    assert not path.is_symlink() and "空气，计划" in path.read_text(encoding="utf-8")
    assert sorted(p.name for p in folder.iterdir()) == [".brief.yaml.fix.tmp", "brief.yaml"]


def test_fix_keeps_the_files_mode_and_its_hard_links(tmp_path):
    path = english(tmp_path, *SLIP)
    path.chmod(0o600)
    os.link(path, tmp_path / "other-name.yaml")
    assert run_cli("check", "--fix", "brief.yaml", cwd=tmp_path).returncode == 0
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert "空气，计划" in (tmp_path / "other-name.yaml").read_text(encoding="utf-8")


def test_fix_leaves_a_read_only_file_and_says_so(tmp_path):
    path = english(tmp_path, *SLIP)
    path.chmod(0o444)
    before = path.read_bytes()
    done = run_cli("check", "--fix", "brief.yaml", cwd=tmp_path)
    assert done.returncode == 1 and path.read_bytes() == before
    assert "brief.yaml: error: cannot fix the file: the file is read-only; nothing was" \
           " changed" in done.stderr


def test_fix_on_a_file_system_that_refuses_writes_says_so(tmp_path, monkeypatch, capsys):
    path = english(tmp_path, *SLIP)
    monkeypatch.chdir(tmp_path)

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)  # where the new file is made
    assert cli.main(["check", "--fix", "brief.yaml"]) == 1
    assert "brief.yaml: error: cannot fix the file: Read-only file system" in \
        capsys.readouterr().err
    assert "空气,计划" in path.read_text(encoding="utf-8")


# --- the preview server ---------------------------------------------------------------------

@pytest.fixture
def preview(tmp_path):
    """A watch process with --serve on a free port, for a file named a#b.yaml."""
    english(tmp_path, name="a#b.yaml")
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "watch", "a#b.yaml",
                                "--serve", "--port", "0", "--only", "pptx", "--out", "out"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    line = process.stdout.readline()
    port = int(line.rsplit(":", 1)[1].strip(" /\n"))
    yield port
    process.terminate()
    process.wait(timeout=30)


def get(port: int, path: str, host: str | None = None) -> tuple[int, bytes]:
    """Send one GET with a given Host header; return the status and the body."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(f"GET {path} HTTP/1.0\r\nHost: {host or f'127.0.0.1:{port}'}\r\n\r\n"
                           .encode())
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_the_preview_answers_only_to_its_own_host(preview):
    assert get(preview, "/")[0] == 200
    assert get(preview, "/", host=f"localhost:{preview}")[0] == 200
    assert get(preview, "/", host="attacker.example")[0] == 421
    assert get(preview, "/", host=f"attacker.example:{preview}")[0] == 421


def test_the_preview_links_are_url_encoded(preview):
    status, index = get(preview, "/")
    assert status == 200 and b'href="/a%23b.html"' in index
    assert get(preview, "/a%23b.html")[0] == 200


@pytest.mark.parametrize("since", ["--5", "%C2%B2", "%E2%91%A0", "9" * 5000, "x"])
def test_a_since_that_is_no_version_is_answered_as_none_given(preview, since):
    """Issue 22, item 16: the state is given at once (as for the first poll), with no
    traceback in the watch terminal."""
    status, body = get(preview, f"/a%23b/state?since={since}")
    assert status == 200 and json.loads(body)["version"] >= 0


def test_the_preview_closes_idle_connections():
    from briefing.builder.preview import PreviewHandler
    assert 0 < PreviewHandler.timeout <= 30


# --- bounded time ---------------------------------------------------------------------------

@pytest.mark.slow
def test_the_longest_values_allowed_build_without_running_away(tmp_path):
    """The values that once made layout run away (a 2,000-character URL, a 120-letter word in
    every slide's footer, a 4,000-character measure of long words) build, and the footer is
    cut short with an ellipsis."""
    text = ENGLISH.replace("url: https://example.org/clean-air-plan",
                           "url: https://example.org/" + "a" * 1970)
    text = text.replace("short_title: Clean Air Plan briefing",
                        "short_title: " + " ".join(["A" * 120, "B" * 120]))
    text = text.replace("- Enforce smoke-control rules in winter.",
                        "- " + " ".join(["x" * 119] * 33))
    source = write_yaml(tmp_path, text)
    with no_hang(900):  # unbreakable runs once made layout run away for many minutes
        result = briefing.build(source, out_dir=tmp_path / "out")
    assert result.ok, messages(result)
    deck = Presentation(str(next(w.path for w in result.written if w.kind == "pptx")))
    footer = next(sh.text_frame.text for sh in deck.slides[1].placeholders
                  if sh.placeholder_format.idx == 11)
    assert footer.endswith("…") and footer[:-1] in "A" * 120
    with pdfplumber.open(next(w.path for w in result.written if w.kind == "slides")) as slides:
        assert footer.replace(" ", "") in slides.pages[1].extract_text().replace(" ", "")


def test_characters_that_need_no_glyph_pass_the_font_check(tmp_path):
    source = english(tmp_path, "issuer: Example District Office",
                     'issuer: "Example 葛\\U000E0100 District\\uFE0F Office\\u200D"')
    assert messages(briefing.check(source)) == []


# --- no orphan ------------------------------------------------------------------------------

WORKER_PROBE = """
import sys, time
sys.path.insert(0, sys.argv[1])
from briefing.builder.beside import Worker
print(Worker().process.pid, flush=True)
time.sleep(120)
"""


def ended(pid: int) -> bool:
    """Tell whether a process has ended (gone, or a zombie no one has reaped yet)."""
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as status:
            return "\nState:\tZ" in status.read()
    except FileNotFoundError:
        return True


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill", "term"])
def test_the_deck_worker_ends_with_the_process_that_forked_it(how):
    """Issue 22, item 6: after SIGTERM or SIGKILL of watch, its forked deck worker stayed
    alive with ppid 1 (one was found 43 minutes later, 117 MB)."""
    parent = subprocess.Popen([sys.executable, "-c", WORKER_PROBE, str(ROOT)],
                              stdout=subprocess.PIPE, text=True)
    worker = int(parent.stdout.readline())
    parent.send_signal(how)
    parent.wait(timeout=30)
    with no_hang(60):
        while not ended(worker):
            time.sleep(0.05)
