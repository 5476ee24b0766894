"""Messages about pictures name what is wrong with the file, and a picture's file name is
not text to set."""

from __future__ import annotations

import io

from PIL import Image

from .conftest import run_cli, write_yaml

BRIEF = """title: 测试
short_title: 测试
issuer: 测试局
date: 2024-01-01
language: zh-CN
source:
  title: 测试来源
sections:
  - heading: 图
    blocks:
      - figure:
          path: {path}
          caption: 一张图
          alt: 一张红色的图
"""


def png() -> bytes:
    """Return a small valid PNG."""
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


def test_a_png_with_a_broken_header_is_said_so_without_pillows_internals(tmp_path):
    data = bytearray(png())
    data[29] ^= 0xFF  # the header chunk's checksum
    (tmp_path / "bad.png").write_bytes(bytes(data))
    write_yaml(tmp_path, BRIEF.format(path="bad.png"))
    done = run_cli("check", "brief.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "brief.yaml:12:17: error: sections[0].blocks[0].figure.path: 'bad.png': the image does"
        " not decode: its header is broken (a bad checksum, or not this kind of image)")


def test_a_file_name_no_font_draws_is_no_coverage_error(tmp_path):
    (tmp_path / "图\U00013000.png").write_bytes(png())  # an Egyptian hieroglyph: no CJK face
    write_yaml(tmp_path, BRIEF.format(path="图\U00013000.png"))
    done = run_cli("check", "brief.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
