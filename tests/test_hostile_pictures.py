"""Hostile pictures (the reliability catalogue's cases 15 and 16): a figure's path that leaves
the content folder (.., an absolute path, a URL, a symbolic link), a huge PNG header, a
truncated JPEG, an SVG that refers to a file or declares entities, and files that are no
pictures. Each is one clear error at the path's line and column, the outputs already built
stay byte-identical, no temporary file is left, and nothing outside the content folder is
opened (Python's audit hook sees every open) or fetched (nor any socket connected)."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import struct
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

from briefing.builder import cli
from briefing.builder.pipeline import build
from briefing.design.images import PictureError, inspect

from .conftest import write_yaml

BRIEF = """
title: Pictures
short_title: Pictures
issuer: Example Office
date: 2026-01-15
language: en
source:
  title: Pictures (fictional)
sections:
  - heading: Where we measure
    blocks:
      - figure:
          path: {path}
          caption: The monitoring stations
          alt: A map of the district with six stations.
"""
WHERE = "brief.yaml:12:17: error: sections[0].blocks[0].figure.path: "

OPENED: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    """Record every file opened and every socket connected while OPENED is a list."""
    if OPENED is None:
        return
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        OPENED.append(os.fsdecode(args[0]))
    elif event == "socket.connect":
        OPENED.append(f"socket {args[1]!r}")


sys.addaudithook(_audit)


def png(width: int = 4, height: int = 3) -> bytes:
    """Return a small valid PNG."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#3C8D5A").save(out, "PNG")
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """Return a PNG of a few dozen bytes whose header claims width × height pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + \
        chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b"")


def truncated_jpeg() -> bytes:
    """Return the first half of a real JPEG."""
    out = io.BytesIO()
    Image.radial_gradient("L").convert("RGB").save(out, "JPEG", quality=90)
    data = out.getvalue()
    return data[: len(data) // 2]


SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"' \
           ' viewBox="0 0 10 10">'

# case: (path written, files to make in the content folder {name: bytes or a maker}, message)
CASES = {
    "a path with ..": ("../outside/secret.png", {},
                       "the path leaves the content file's folder ('..'); put the picture"
                       " inside it"),
    "an absolute path": ("{outside}/secret.png", {},
                         "write the path relative to the content file's folder, with /"
                         " between folders"),
    "a URL": ("http://169.254.169.254/latest/meta-data/map.png", {},
              "a figure is a file beside the content file, not a URL; save the picture there"
              " and give its path"),
    "a file URL": ("file:///etc/passwd", {}, "a figure is a file beside the content file, not"
                                            " a URL"),
    "a symbolic link out": ("link.png", {"link.png": "->{outside}/secret.png"},
                            "'link.png': the path leads outside the content file's folder"
                            " (through a symbolic link); put the picture inside it"),
    "a folder linked out": ("maps/secret.png", {"maps": "->{outside}"},
                            "'maps/secret.png': the path leads outside the content file's"
                            " folder (through a symbolic link); put the picture inside it"),
    "a 50,000 × 50,000 PNG header": ("huge.png", {"huge.png": png_header(50_000, 50_000)},
                                     "'huge.png': the image is 50,000 × 50,000 pixels (2,500"
                                     " megapixels); at most 40 megapixels"),
    "a truncated JPEG": ("cut.jpg", {"cut.jpg": truncated_jpeg()},
                         "'cut.jpg': the image does not decode: image file is truncated"),
    "an SVG that shows a file": (
        "ext.svg", {"ext.svg": f'{SVG_HEAD}<image href="../outside/secret.png" width="10"'
                               ' height="10"/></svg>'.encode()},
        "'ext.svg': the SVG refers to '../outside/secret.png'; an SVG must hold everything it"
        " shows (only #id and embedded data:image/png or jpeg)"),
    "an SVG that links a file with xlink": (
        "xlink.svg", {"xlink.svg": f'{SVG_HEAD}<use xlink:href="other.svg#a"/></svg>'.encode()},
        "'xlink.svg': the SVG refers to 'other.svg#a'"),
    "an SVG with an external entity": (
        "entity.svg", {"entity.svg": b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM'
                                     b' "file:///etc/passwd">]>\n' + SVG_HEAD.encode()
                                     + b"<text>&x;</text></svg>"},
        "'entity.svg': the SVG declares entities (<!ENTITY>); remove the declarations"),
    "an SVG with a DTD": (
        "dtd.svg", {"dtd.svg": b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"'
                               b' "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
                               + SVG_HEAD.encode() + b"</svg>"},
        "'dtd.svg': the SVG has a <!DOCTYPE> that names a DTD; remove the <!DOCTYPE> line"),
    "an SVG whose CSS fetches a file": (
        "css.svg", {"css.svg": f'{SVG_HEAD}<style>rect {{ fill: url(../outside/secret.svg#p)'
                               ' }}</style><rect width="5" height="5"/></svg>'.encode()},
        "'css.svg': the SVG's CSS refers to '../outside/secret.svg#p' with url()"),
    "an SVG with a huge embedded PNG": (
        "embedded.svg", {"embedded.svg": (
            f'{SVG_HEAD}<image width="10" height="10" href="data:image/png;base64,'
            f'{base64.b64encode(png_header(50_000, 50_000)).decode()}"/></svg>').encode()},
        "'embedded.svg': an image embedded in the SVG: the image is 50,000 × 50,000 pixels"),
    "an SVG of 29 levels of doubling <use>": (  # 1.4 KB; the PDF never finished
        "bomb.svg", {"bomb.svg": (SVG_HEAD + '<defs><rect id="a0" width="1" height="1"/>'
                                  + "".join(f'<g id="a{i}"><use href="#a{i - 1}"/><use'
                                            f' href="#a{i - 1}"/></g>' for i in range(1, 30))
                                  + '</defs><use href="#a29"/></svg>').encode()},
        "'bomb.svg': the SVG's <use> references draw more than 20,000 elements; draw the"
        " repeated parts out or simplify the picture"),
    "an SVG whose <use> refers to itself": (
        "loop.svg", {"loop.svg": f'{SVG_HEAD}<g id="g"><use href="#g"/></g></svg>'.encode()},
        "'loop.svg': the SVG's <use> refers to #g, which holds that <use>: a loop no renderer"
        " can draw; remove the reference"),
    "a text file named .png": ("notes.png", {"notes.png": b"just some words\n"},
                               "'notes.png': not a PNG, JPEG or SVG image (told by its content,"
                               " not its name)"),
    "a file over 20 MB": ("big.png", {"big.png": "sparse:21000000"},
                          "'big.png': the file is 21.0 MB; a picture may be at most 20 MB"),
    "a FIFO": ("pipe.png", {"pipe.png": "fifo"}, "cannot read 'pipe.png': not a regular file"),
    "a folder": ("folder.png", {"folder.png": "folder"},
                 "cannot read 'folder.png': not a regular file"),
    "a missing file": ("missing.png", {}, "no file 'missing.png' beside the content file"),
}


def make(folder: Path, name: str, what, outside: Path) -> None:
    """Make a file of a case in the content folder."""
    path = folder / name
    if isinstance(what, bytes):
        path.write_bytes(what)
    elif what.startswith("->"):
        path.symlink_to(what[2:].replace("{outside}", str(outside)))
    elif what.startswith("sparse:"):
        with open(path, "wb") as file:
            file.truncate(int(what.split(":")[1]))
    elif what == "fifo":
        os.mkfifo(path)
    elif what == "folder":
        path.mkdir()


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_a_hostile_picture_is_one_clear_error_and_nothing_outside_is_read(
        case, tmp_path, capsys, monkeypatch):
    global OPENED
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(png())
    (outside / "secret.svg").write_bytes(f"{SVG_HEAD}</svg>".encode())
    content = tmp_path / "content"
    content.mkdir()
    (content / "good.png").write_bytes(png(12, 8))
    out = tmp_path / "out"
    write_yaml(content, BRIEF.format(path="good.png"))
    assert build(content / "brief.yaml", out_dir=out).ok
    before = snapshot(out)
    written, files, expected = CASES[case]
    for name, what in files.items():
        make(content, name, what, outside)
    write_yaml(content, BRIEF.format(path=written.replace("{outside}", str(outside))))
    monkeypatch.chdir(content)
    OPENED = []
    try:
        code = cli.main(["brief.yaml", "--out", str(out)])
    finally:
        opened, OPENED = OPENED, None
    err = capsys.readouterr().err
    assert code == 1
    assert WHERE + expected in err, err
    assert err.count("error:") == 1 and "Traceback" not in err
    assert snapshot(out) == before
    assert not list(out.glob(".briefing-tmp-*"))
    read_outside = [p for p in opened if p.startswith("socket")
                    or Path(os.path.abspath(p)).is_relative_to(outside)
                    or p.startswith("/etc/passwd")]
    assert read_outside == []


def test_check_reports_the_same_error_without_writing(tmp_path):
    write_yaml(tmp_path, BRIEF.format(path="../secret.png"))
    result = cli.main(["check", str(tmp_path / "brief.yaml")])
    assert result == 1


def test_a_good_jpeg_and_an_svg_pass_with_their_sizes():
    out = io.BytesIO()
    Image.new("RGB", (30, 20), "white").save(out, "JPEG")
    picture = inspect(out.getvalue(), 40_000_000)
    assert (picture.format, picture.width, picture.height) == ("jpeg", 30, 20)
    svg = inspect(b'<svg xmlns="http://www.w3.org/2000/svg" width="30mm" viewBox="0 0 3 2">'
                  b'<rect width="1" height="1" fill="url(#g)"/></svg>', 40_000_000)
    assert svg.format == "svg" and svg.ratio == pytest.approx(1.5)
    with pytest.raises(PictureError, match="no size"):
        inspect(b'<svg xmlns="http://www.w3.org/2000/svg"/>', 40_000_000)


def test_the_pdf_fetcher_serves_the_checked_pictures_and_nothing_else(tmp_path):
    from briefing.pdf.writer import _weasyprint

    picture = inspect(png(), 40_000_000)
    _, _, fetcher = _weasyprint()
    serving = fetcher.serving({"map.png": picture})
    assert serving.fetch(picture.url).read() == picture.data
    (tmp_path / "map.png").write_bytes(picture.data)
    for url in (f"file://{tmp_path}/map.png", "briefing-asset:0000.png"):
        with pytest.raises(ValueError, match="only files under templates/ are allowed"):
            serving.fetch(url)
    with pytest.raises(ValueError):
        fetcher.fetch(picture.url)  # another build's fetcher does not serve it
