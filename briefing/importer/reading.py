"""Bytes -> the page's lines. What the file is comes from its bytes, not its name: a zip is a
Word file (word.py), markup a web page (web.py), anything else plain text — its size limit,
encoding (UTF-8 with or without a BOM; GB18030 when the bytes are not UTF-8 but read as
Chinese text), binary files refused, line ends of any kind (\\r\\n, \\r, \\n, mixed) counted
the way ``str.splitlines`` counts them. A PDF, an old .doc and RTF are refused with what to
save them as."""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.lint import IS_CJK
from ..diagnostics import Diagnostic, DiagnosticError

MAX_BYTES = 1 << 20  # a page is a few KiB; a content file may hold at most 1 MiB
MAX_MARKUP = 5 << 20  # a saved web page is a few hundred KiB, scripts and styles included
MAX_WORD = 20 << 20  # a Word file's pictures make it large; its text never is
SNIFF = 2048  # bytes read first, to tell what the file is
MARKUP = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                    rb"<(?:!doctype\s+html|html|head|body|meta|title)[\s>/]", re.I | re.S)
WEB_ARCHIVE = re.compile(rb"^(?:From:.*\r?\n)?(?:[\w-]+:.*\r?\n)*MIME-Version:", re.I)
REFUSED = {b"%PDF-": "a PDF; PDF import is not supported: copy its text into a .txt file, or"
                     " save the document as .docx",
           b"\xd0\xcf\x11\xe0": "an old Word .doc (or another OLE file); save it as .docx",
           b"{\\rtf": "an RTF file; save it as .docx"}
WORD_NAMES = (".docx", ".docm", ".dotx")
# what a YAML file may hold (PyYAML's printable set), the line breaks splitlines() knows aside
NOT_TEXT = re.compile("[^\t\n\r\x0b\x0c\x1c-\x1e\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd"
                      "\U00010000-\U0010ffff]")
CHINESE_SHARE = 0.3  # GB18030 is believed when this share of the visible characters is Chinese


@dataclass(frozen=True)
class Page:
    """A page's text as lines (line 1 is lines[0]), where it came from and how it was read."""

    file: str  # as diagnostics show it
    path: Path
    lines: list[str]
    encoding: str  # "UTF-8", "UTF-8 with BOM", "UTF-16", "GB18030", "GB18030 with BOM"
    size: int  # bytes
    kind: str = "text"  # "text", "web page", "Word file"
    dropped: frozenset[int] = frozenset()  # lines a web page's extractor left out
    tables: dict[int, dict] = field(default_factory=dict)  # line -> a table read as one
    fields: list = field(default_factory=list)  # Field()s of meta tags or properties
    removed: dict[str, int] = field(default_factory=dict)  # markup taken out: script -> 3

    @property
    def unit(self) -> str:
        """Return what a line of the page is: a line of text, or a paragraph of a document."""
        return "lines" if self.kind == "text" else "paragraphs"


def _error(file: str, message: str, line: int = 1, column: int = 1) -> DiagnosticError:
    """Return the exception that stops an import, with one positioned error."""
    return DiagnosticError([Diagnostic(file, line, column, "error", "", message)])


def kind_of(start: bytes, name: str, file: str) -> str:
    """Return what a file is by its first bytes: "Word file", "web page" or "text"; raise
    DiagnosticError for a kind that is not imported."""
    for magic, what in REFUSED.items():
        if start.startswith(magic):
            raise _error(file, f"the file is {what}")
    if WEB_ARCHIVE.match(start) and b"multipart/related" in start.lower():
        raise _error(file, "the file is a web archive (.mht); save the page as \"Web page, HTML"
                           " only\" (.html) and import that")
    if start.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "Word file"
    if name.lower().endswith(WORD_NAMES):
        shown = " ".join(f"{b:02X}" for b in start[:4])
        raise _error(file, f"named {name[name.rindex('.'):]} but not a Word file: it is not a"
                           f" zip archive (it starts with the bytes {shown})")
    body = start[3:] if start.startswith(codecs.BOM_UTF8) else start
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        body = start.decode("utf-16", "ignore").encode("utf-8")
    if MARKUP.match(body):
        return "web page"
    return "text"


def read_raw(path: Path, file: str) -> tuple[bytes, str]:
    """Return the page's bytes and what it is, reading at most one byte past its limit."""
    if path.is_dir():
        raise _error(file, "this is a folder, not a page", 0, 0)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe would block for ever, a device never end
            raise _error(file, "not a regular file (a pipe, a socket or a device); save the"
                               " page as a file and import that", 0, 0)
        size = info.st_size
        with path.open("rb") as stream:
            kind = kind_of(stream.read(SNIFF), path.name, file)
            limit = {"Word file": MAX_WORD, "web page": MAX_MARKUP}.get(kind, MAX_BYTES)
            what = {"Word file": "Word file", "web page": "page"}.get(kind, "page")
            if size > limit:
                raise _error(file, f"the {what} is {size / (1 << 20):.1f} MiB; at most"
                                   f" {limit >> 20} MiB is imported")
            stream.seek(0)
            raw = stream.read(limit + 1)
    except OSError as exc:
        raise _error(file, f"cannot read the page: {exc.strerror}", 0, 0) from None
    if len(raw) > limit:  # a device or a file that grew
        raise _error(file, f"the {what} is larger than {limit >> 20} MiB; at most"
                           f" {limit >> 20} MiB is imported")
    return raw, kind


def _where(raw: bytes, offset: int) -> tuple[int, int]:
    """Return the line and column of a byte offset, counting the bytes before it as UTF-8."""
    before = raw[:offset].decode("utf-8", "replace")
    lines = before.splitlines(keepends=True) or [""]
    if lines[-1].endswith(("\n", "\r")):
        return len(lines) + 1, 1
    return len(lines), len(lines[-1]) + 1


def looks_chinese(text: str) -> bool:
    """Tell whether a text reads as Chinese: printable, and Chinese characters and marks are a
    good share of what is not a space (GB18030 turns almost any bytes into some Han)."""
    if NOT_TEXT.search(text):
        return False
    visible = [c for c in text if not c.isspace()]
    chinese = sum(bool(IS_CJK.match(c)) for c in visible)
    return bool(visible) and chinese >= CHINESE_SHARE * len(visible)


def _decode(raw: bytes, file: str) -> tuple[str, str]:
    """Return the text and the name of the encoding it was read in."""
    if raw.startswith(codecs.BOM_UTF8):
        body, encoding, skipped = raw[3:], "UTF-8 with BOM", 3
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise _error(file, "the page starts with a UTF-16 byte order mark but is not"
                               " UTF-16; save it as UTF-8") from None
    else:
        body, encoding, skipped = raw, "UTF-8", 0
    try:
        return body.decode("utf-8"), encoding
    except UnicodeDecodeError as exc:
        offset = exc.start + skipped
        byte = raw[offset]
    if not skipped:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            text = ""
        if looks_chinese(text):  # its byte order mark (84 31 95 33) is no text
            return (text[1:], "GB18030 with BOM") if text.startswith("\ufeff") \
                else (text, "GB18030")
    where = _where(raw, offset)
    if b"\x00" in raw:
        raise _error(file, f"the page is not text: byte 0x{byte:02X} at offset {offset:,} is"
                           " not UTF-8, and it holds NUL bytes; is it a binary file?", *where)
    raise _error(file, f"the page is not UTF-8 (byte 0x{byte:02X} at offset {offset:,}), nor"
                       " Chinese text in GB18030; save it as UTF-8", *where)


def read_page(path: Path, file: str) -> tuple[Page, list[Diagnostic]]:
    """Read a plain-text page; return it with warnings about how it was read, or raise
    DiagnosticError (documents.py reads the other kinds)."""
    raw, kind = read_raw(path, file)
    if kind != "text":
        raise _error(file, f"this is a {kind}, not plain text")
    return text_page(raw, path, file)


def text_page(raw: bytes, path: Path, file: str) -> tuple[Page, list[Diagnostic]]:
    """Return the page plain-text bytes make, with warnings about how they were read; raise
    DiagnosticError for bytes that are no text."""
    if not raw.strip():
        raise _error(file, "the page is empty" if not raw else
                           "the page is empty: it holds only blank lines")
    text, encoding = _decode(raw, file)
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        bad = NOT_TEXT.search(line)
        if bad:
            char = bad.group()
            what = "a NUL character; is it a binary file?" if char == "\x00" else \
                f"the control character U+{ord(char):04X}, which plain text does not hold"
            raise _error(file, f"the page is not plain text: it holds {what}", number,
                         bad.start() + 1)
    warnings = []
    if encoding.startswith("GB18030"):
        warnings.append(Diagnostic(file, 1, 1, "warning", "",
                                   "the page is not UTF-8; it was read as GB18030 (Chinese"
                                   " text throughout); check the draft's characters"))
    return Page(file, path, lines, encoding, len(raw)), warnings
