"""The picture files of figure blocks, checked before anything is rendered: each path stays
inside the content file's folder (no URL, no absolute path, no .., no symbolic link that leads
out, a regular file), holds a PNG, JPEG or SVG within the size and pixel limits that decodes,
and an SVG refers to nothing outside itself. Each problem is an error at the path's line and
column. The files are read once, here; the renderers take the bytes from what this returns
and never open a figure's file themselves.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path, PurePosixPath

from ..content import limits
from ..content.load import LoadedBriefing
from ..content.model import Picture as FigureBlock
from ..design.images import Picture, PictureError, inspect
from ..diagnostics import Diagnostic, KeyPath, format_path

URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def figure_blocks(loaded: LoadedBriefing) -> list[tuple[KeyPath, FigureBlock]]:
    """Return every figure block with the key path of its `path`."""
    return [(("sections", s, "blocks", b, "figure", "path"), block)
            for s, section in enumerate(loaded.briefing.sections)
            for b, block in enumerate(section.blocks) if isinstance(block, FigureBlock)]


def path_problem(written: str) -> str | None:
    """Return why a figure's path is not a relative path inside the content folder, or None
    (told from the text alone)."""
    if URL.match(written) or written.startswith("//"):
        return "a figure is a file beside the content file, not a URL; save the picture" \
               " there and give its path"
    if written.startswith(("/", "~")) or "\\" in written:
        return "write the path relative to the content file's folder, with / between folders"
    if ".." in PurePosixPath(written).parts:
        return "the path leaves the content file's folder ('..'); put the picture inside it"
    return None


def read_inside(folder: Path, written: str) -> bytes:
    """Return the bytes of a regular file under a folder (symbolic links allowed while they
    stay inside), at most the figure limit + 1; raise OSError or PictureError saying why not."""
    target = Path(os.path.realpath(folder / written))
    if not target.is_relative_to(folder):
        raise PictureError("the path leads outside the content file's folder (through a"
                           " symbolic link); put the picture inside it")
    descriptor = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        raise OSError(errno.EINVAL, "not a regular file")
    with os.fdopen(descriptor, "rb") as file:
        if info.st_size > limits.FIGURE_BYTES:
            raise PictureError(_too_big(info.st_size))
        data = file.read(limits.FIGURE_BYTES + 1)
    if len(data) > limits.FIGURE_BYTES:
        raise PictureError(_too_big(len(data)))
    return data


def _too_big(size: int) -> str:
    """Return the message for a picture file over the size limit."""
    return f"the file is {size / 1e6:,.1f} MB; a picture may be at most" \
           f" {limits.FIGURE_BYTES // 10**6} MB"


def check_figures(loaded: LoadedBriefing) -> tuple[list[Diagnostic], dict[str, Picture]]:
    """Return the errors of every figure's file, and the checked pictures by path as written."""
    folder = Path(os.path.realpath(loaded.path.parent))
    found: list[Diagnostic] = []
    pictures: dict[str, Picture] = {}
    total_bytes = total_pixels = 0
    for path, block in figure_blocks(loaded):
        written = block.figure.path

        def error(message: str) -> None:
            found.append(Diagnostic(loaded.file, *loaded.located.position(path), "error",
                                    format_path(path), message))

        if written in pictures:
            continue
        problem = path_problem(written)
        if problem:
            error(problem)
            continue
        try:
            picture = inspect(read_inside(folder, written), limits.FIGURE_PIXELS)
        except FileNotFoundError:
            error(f"no file '{written}' beside the content file")
            continue
        except OSError as exc:
            error(f"cannot read '{written}': {exc.strerror or exc}")
            continue
        except PictureError as exc:
            error(f"'{written}': {exc}")
            continue
        total_bytes += len(picture.data)
        total_pixels += int(picture.width * picture.height) if picture.format != "svg" else 0
        if total_bytes > limits.FIGURES_BYTES or total_pixels > limits.FIGURES_PIXELS:
            error(f"the pictures of the briefing come to more than"
                  f" {limits.FIGURES_BYTES // 10**6} MB or {limits.FIGURES_PIXELS // 10**6}"
                  " megapixels together; use smaller files")
            break
        pictures[written] = picture
    return found, pictures
