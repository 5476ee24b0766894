"""Safe outputs: every file is written beside its target under a temporary name, checked, and
only then moved into place, all outputs of a briefing together; zips get fixed timestamps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import zipfile
from pathlib import Path

from ..diagnostics import Diagnostic, DiagnosticError

TEMP_PREFIX = ".briefing-tmp-"


def temporary_path(target: Path, role: str = "new") -> Path:
    """Return a short temporary name for an output in its folder, whatever the length of the
    output's own name: the process, what it holds (new or old) and a digest of the name."""
    digest = hashlib.sha1(target.name.encode()).hexdigest()[:12]
    return target.with_name(f"{TEMP_PREFIX}{os.getpid()}-{role}-{digest}{target.suffix}")


def remove_quietly(paths) -> None:
    """Delete files that may or may not exist (temporary outputs after a failure)."""
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def remove_stale_temporaries(folder: Path) -> None:
    """Delete temporary outputs that killed builds left behind (their process is gone)."""
    if not folder.is_dir():
        return
    for path in folder.glob(f"{TEMP_PREFIX}*"):
        pid = path.name[len(TEMP_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            remove_quietly([path])


def _alive(pid: int) -> bool:
    """Tell whether a process is running (a parallel build still writing its outputs)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def replace_all(staged: dict[Path, Path]) -> None:
    """Move every staged temporary file over its target, all or none: the old targets are kept
    aside (hard links, or copies) until every move has succeeded, and put back if one fails."""
    kept: dict[Path, Path] = {}
    try:
        for target in staged.values():
            if target.exists():
                kept[target] = temporary_path(target, "old")
                try:
                    os.link(target, kept[target])
                except OSError:  # a file system without hard links
                    shutil.copy2(target, kept[target])
        for temporary, target in staged.items():
            os.replace(temporary, target)
    except OSError:
        for target, old in kept.items():
            try:
                os.replace(old, target)
            except OSError:  # put back what can be; the first failure is the one to report
                pass
        raise
    finally:
        remove_quietly(kept.values())


def target_problems(targets: list[Path]) -> list[str]:
    """Return why outputs cannot take these paths: a name longer than the file system allows,
    or something that is not a file (a folder) standing in the way."""
    found = []
    for target in targets:
        limit = _name_max(target.parent)
        if len(target.name.encode()) > limit:
            found.append(f"the output name {target.name[:40]}… is {len(target.name.encode())}"
                         f" bytes, more than the {limit} its folder allows; shorten the"
                         " content file's name")
        elif target.exists() and not target.is_file():
            found.append(f"{target} is in the way of an output and is not a file; move it")
    return found


def _name_max(folder: Path) -> int:
    """Return the longest file name (bytes) a folder's file system takes."""
    try:
        return os.pathconf(folder if folder.exists() else ".", "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def writable_folder_problem(folder: Path) -> str | None:
    """Return why outputs cannot be written to a folder, or None if they can."""
    if folder.exists() and not folder.is_dir():
        return f"the output folder {folder} is a file"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cannot create the output folder {folder}: {exc.strerror}"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the output folder {folder} is not writable"
    return None


def normalise_zip(path: Path, when: dt.date) -> None:
    """Rewrite a zip (PPTX) with every entry dated `when`, in the same order, byte-stable;
    so too the workbooks inside it (a chart's data), which their writer dates by the clock."""
    path.write_bytes(normalised_zip(path.read_bytes(), when))


CORE_DATE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def normalised_zip(blob: bytes, when: dt.date) -> bytes:
    """Return a zip's bytes with every entry dated `when`, its core properties' dates too,
    and every zip inside it (.xlsx) normalised the same way."""
    stamp = (min(max(when.year, 1980), 2107), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(blob)) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            if name.endswith(".xlsx"):
                data = normalised_zip(data, when)
            elif name == "docProps/core.xml":
                data = CORE_DATE.sub(rb"\g<1>" + f"{when.isoformat()}T00:00:00Z".encode()
                                     + rb"\g<2>", data)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return out.getvalue()


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
