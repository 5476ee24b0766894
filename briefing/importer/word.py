"""A Word file (.docx) -> its text as numbered lines, for the steps that read a copied page: one
line a paragraph (a line break inside one starts a line), Word's own numbering written in front
as the page would print it (一、 （一） 1.), heading styles and outline levels made headings
(level 1 一、, level 2 （一）; a heading that asks is a question), a bold paragraph that asks a
question, the Title and Subtitle styles, and real tables as tables (the first row the header,
a row merged across the table a group row). The core properties give the title and the date,
and the application's Company the issuer, where the text has none.

The file is checked before python-docx opens it: a zip within its limits (a zip bomb is
refused by the sizes its entries declare and by reading each part with a cap), a Word document
by its content type, without macros and without relationships to anything outside the file
(an attached template, a linked picture or object: hyperlinks alone are kept as text).
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from ..design.templating import cjk_numeral
from .furniture import Field
from .reading import NOT_TEXT, _error
from .tables import TABLE_LINE, table_of

MAX_FILE = 20 << 20  # bytes of a .docx: pictures make them large; the text never is
MAX_PART = 16 << 20  # bytes of one part unpacked (document.xml of a long report is ~2 MiB)
MAX_UNPACKED = 64 << 20  # bytes of all parts unpacked, as their entries declare
MAX_ENTRIES = 5000
MAX_RATIO = 200  # unpacked : packed; XML packs ~10:1, a bomb ~1000:1
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
MACRO_MAIN = ("application/vnd.ms-word.document.macroEnabled.main+xml",
              "application/vnd.ms-word.template.macroEnabledTemplate.main+xml")
OTHER_MAIN = {"presentationml": "a PowerPoint presentation", "spreadsheetml": "an Excel workbook"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False)
FORMATS = {"decimal": str, "chineseCounting": cjk_numeral, "chineseCountingThousand": cjk_numeral,
           "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
           "upperLetter": lambda n: chr(64 + (n - 1) % 26 + 1),
           "lowerLetter": lambda n: chr(96 + (n - 1) % 26 + 1),
           "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if n <= 20 else str(n),
           "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
           "decimalZero": lambda n: f"{n:02d}", "ideographDigital": cjk_numeral}
HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(?P<n>\d)$", re.I)
MARKED = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+"
                    r"\s*[）)]|\d+\s*[.．、]|第[一二三四五六七八九十]+部分|问\s*[:：])")
QUESTION_END = ("？", "?")


def _refuse(file: str, message: str):
    """Return the diagnostic error that refuses a Word file."""
    return _error(file, message)


def check_zip(raw: bytes, file: str) -> zipfile.ZipFile:
    """Return the file opened as a zip once it passes the checks above, or raise
    DiagnosticError with the reason."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(file, "not a Word file: it starts like a zip archive but cannot be read"
                            " as one (is it damaged or cut short?)") from None
    if len(entries) > MAX_ENTRIES:
        raise _refuse(file, f"not a Word file this import reads: it holds {len(entries):,}"
                            f" entries (at most {MAX_ENTRIES:,})")
    unpacked = sum(e.file_size for e in entries)
    worst = max(entries, key=lambda e: e.file_size / max(e.compress_size, 1), default=None)
    if unpacked > MAX_UNPACKED or worst is not None and worst.file_size > MAX_PART and \
            worst.file_size / max(worst.compress_size, 1) > MAX_RATIO:
        raise _refuse(file, f"refused as a zip bomb: its entries unpack to {unpacked:,} bytes"
                            f" from {len(raw):,} (at most {MAX_UNPACKED >> 20} MiB, and no part"
                            f" over {MAX_PART >> 20} MiB packed more than {MAX_RATIO}:1)")
    return archive


def part(archive: zipfile.ZipFile, name: str, file: str) -> bytes | None:
    """Return one part unpacked, read with a cap whatever its entry declares; None if absent."""
    try:
        with archive.open(name) as stream:
            data = stream.read(MAX_PART + 1)
    except KeyError:
        return None
    except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError) as exc:
        raise _refuse(file, f"not a Word file this import reads: its part {name} cannot be"
                            f" unpacked ({exc})") from None
    if len(data) > MAX_PART:
        raise _refuse(file, f"refused as a zip bomb: its part {name} unpacks to more than"
                            f" {MAX_PART >> 20} MiB")
    return data


def _xml(data: bytes, name: str, file: str):
    """Return a part parsed without entities, DTDs or the network."""
    try:
        return etree.fromstring(data, SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise _refuse(file, f"not a Word file this import reads: its part {name} is not XML"
                            f" ({exc.msg})") from None


def check_word(archive: zipfile.ZipFile, file: str) -> None:
    """Raise DiagnosticError unless the zip is a Word document without macros and without
    relationships to anything outside it."""
    types = part(archive, "[Content_Types].xml", file)
    if types is None:
        raise _refuse(file, "not a Word file: the zip archive has no [Content_Types].xml")
    root = _xml(types, "[Content_Types].xml", file)
    kinds = {o.get("ContentType", "") for o in root}
    if kinds & set(MACRO_MAIN) or any(n.lower().endswith("vbaproject.bin")
                                      for n in archive.namelist()):
        raise _refuse(file, "a macro-enabled Word file (.docm): it is refused, and its macros"
                            " are never run; save it as a Word document (.docx) without macros")
    if not kinds & {WORD_MAIN, WORD_TEMPLATE}:
        other = next((what for key, what in OTHER_MAIN.items() if any(key in k for k in kinds)),
                     "no Word document")
        raise _refuse(file, f"not a Word file: the zip archive holds {other}")
    for name in archive.namelist():
        if not name.endswith(".rels"):
            continue
        for rel in _xml(part(archive, name, file) or b"<r/>", name, file):
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            if rel.get("TargetMode") == "External" and kind != "hyperlink":
                target = (rel.get("Target") or "")[:80]
                raise _refuse(file, f"the document links to a file outside it ({kind} → {target},"
                                    f" in {name}): such links are refused, since opening them"
                                    " could fetch or run what the file does not hold; save a"
                                    " copy without them (paste as text, or embed the pictures)")


def _numbering(archive: zipfile.ZipFile, file: str) -> dict[tuple[str, int], tuple[str, str]]:
    """Return (numId, level) -> (format, level text) from the numbering part."""
    data = part(archive, "word/numbering.xml", file)
    if not data:
        return {}
    root = _xml(data, "word/numbering.xml", file)
    abstract = {}
    for node in root.iter(f"{W}abstractNum"):
        levels = {}
        for lvl in node.iter(f"{W}lvl"):
            fmt, text = lvl.find(f"{W}numFmt"), lvl.find(f"{W}lvlText")
            levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                text.get(f"{W}val", "") if text is not None else "")
        abstract[node.get(f"{W}abstractNumId")] = levels
    found = {}
    for num in root.iter(f"{W}num"):
        ref = num.find(f"{W}abstractNumId")
        for level, value in abstract.get(ref.get(f"{W}val") if ref is not None else "", {}).items():
            found[(num.get(f"{W}numId"), level)] = value
    return found


def _props(archive: zipfile.ZipFile, file: str) -> tuple[str, list[Field]]:
    """Return the core properties' title and the fields they and the Company give."""
    fields, title = [], ""
    core = part(archive, "docProps/core.xml", file)
    if core:
        root = _xml(core, "docProps/core.xml", file)
        values = {etree.QName(e).localname: (e.text or "").strip() for e in root}
        title = values.get("title", "")
        for key in ("modified", "created"):
            if values.get(key):
                fields.append(Field("发布时间", values[key].replace("T", " ").rstrip("Z"), 0, 0,
                                    f"the document's properties ({key})"))
                break
    app = part(archive, "docProps/app.xml", file)
    if app:
        company = next((e.text for e in _xml(app, "docProps/app.xml", file)
                        if etree.QName(e).localname == "Company" and (e.text or "").strip()), "")
        if company:
            fields.append(Field("来源", company.strip(), 0, 0, "the document's Company property"))
    return title, fields


def _val(element, path: str) -> str | None:
    """Return the w:val of the element found at a path of w: tags, or None."""
    found = element.find("/".join(f"{W}{tag}" for tag in path.split("/"))) \
        if element is not None else None
    return found.get(f"{W}val") if found is not None else None


class _Reader:
    """Walks a document's body, numbering its paragraphs as Word shows them."""

    def __init__(self, numbering: dict) -> None:
        self.numbering = numbering
        self.counters: dict[str, list[int]] = {}
        self.headings = [0, 0]  # level-1 and level-2 headings without a printed number
        self.lines: list[str] = []
        self.tables: dict[int, dict] = {}

    def marker(self, p, style) -> str:
        """Return the number Word prints before a paragraph (一、 1. （一）), or ""."""
        num_id = _val(p, "pPr/numPr/numId") or _val(style, "pPr/numPr/numId")
        if not num_id or num_id == "0":
            return ""
        level = int(_val(p, "pPr/numPr/ilvl") or _val(style, "pPr/numPr/ilvl") or 0)
        fmt, text = self.numbering.get((num_id, level), ("decimal", f"%{level + 1}."))
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[level] += 1
        counts[level + 1:] = [0] * (8 - level)
        if fmt in ("bullet", "none"):
            return ""
        show = FORMATS.get(fmt, str)
        return re.sub(r"%(\d)", lambda m: show(max(counts[int(m[1]) - 1], 1)), text)

    def level(self, p, style, name: str) -> int:
        """Return a paragraph's outline level, 1 for a top heading; 0 for body text."""
        m = HEADING_STYLE.match(name)
        if m:
            return int(m["n"])
        outline = _val(p, "pPr/outlineLvl") or _val(style, "pPr/outlineLvl")
        return int(outline) + 1 if outline and outline.isdigit() and int(outline) < 9 else 0

    def paragraph(self, paragraph) -> None:
        """Append a paragraph's lines."""
        p = paragraph._p
        style = paragraph.style
        name = style.name if style is not None else ""
        style_xml = style.element if style is not None else None
        text = NOT_TEXT.sub("", paragraph.text.replace("\r", "\n"))
        marker = self.marker(p, style_xml)
        level = self.level(p, style_xml, name)
        plain = text.strip()
        if name.lower() == "subtitle" and plain and not plain.startswith(("——", "--")):
            text = "——" + text  # the head's subtitle line; the dashes never reach the draft
        elif marker:
            text = marker + text
        elif plain and level in (1, 2) and not MARKED.match(plain):
            if plain.endswith(QUESTION_END):
                text = "问：" + plain
            else:
                self.headings[level - 1] += 1
                if level == 1:
                    self.headings[1] = 0
                n = cjk_numeral(self.headings[level - 1])
                text = f"{n}、{plain}" if level == 1 else f"（{n}）{plain}"
        elif plain and plain.endswith(QUESTION_END) and not MARKED.match(plain) and \
                _bold(paragraph):
            text = "问：" + plain
        self.lines += text.split("\n")

    def table(self, table) -> None:
        """Append a table as one line (its cells as lines when it is no table of data)."""
        grid = []
        for tr in table._tbl.tr_lst:
            row = []
            for tc in tr.tc_lst:
                text = "".join(NOT_TEXT.sub("", "".join(t.text or "" for t in p.iter(f"{W}t")))
                               for p in tc.iter(f"{W}p")).strip()
                row.append(("" if tc.vMerge == "continue" else text, max(tc.grid_span, 1)))
            grid.append(row)
        found = table_of(grid)
        if found:
            self.lines.append(TABLE_LINE)
            self.tables[len(self.lines)] = found
        else:
            self.lines += [text for row in grid for text, _ in row if text]


def _bold(paragraph) -> bool:
    """Tell whether every run of text in a paragraph is bold (by itself or by its style)."""
    runs = [r for r in paragraph.runs if r.text.strip()]
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    return bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)


def read_word(raw: bytes, file: str) -> tuple[list[str], dict[int, dict], list[Field]]:
    """Return a Word file's lines, its tables by line and the fields its properties give; raise
    DiagnosticError for a file that is refused."""
    if len(raw) > MAX_FILE:
        raise _refuse(file, f"the Word file is {len(raw) / (1 << 20):.1f} MiB; at most"
                            f" {MAX_FILE >> 20} MiB is imported")
    archive = check_zip(raw, file)
    check_word(archive, file)
    numbering = _numbering(archive, file)
    title, fields = _props(archive, file)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises many kinds for a part it cannot read
        raise _refuse(file, f"not a Word file this import reads ({type(exc).__name__})") \
            from None
    reader = _Reader(numbering)
    body = document.element.find(f"{W}body")
    if body is None:
        raise _refuse(file, "not a Word file this import reads: its document has no body")
    try:
        for child in body.iter(f"{W}p", f"{W}tbl"):
            if any(a.tag in (f"{W}tbl", f"{W}p") for a in child.iterancestors()):
                continue  # inside a table (the table reads it) or a text box (not read)
            if child.tag == f"{W}p":
                reader.paragraph(Paragraph(child, document))
            else:
                reader.table(Table(child, document))
    except Exception as exc:  # a part python-docx reads lazily (styles, numbering) is broken
        raise _refuse(file, "not a Word file this import reads: a part of it is malformed"
                            f" ({type(exc).__name__})") from None
    first = next((line.strip() for line in reader.lines if line.strip()), "")
    if title and first != title.strip() and (first.endswith("。") or len(first) > 60):
        reader.lines.insert(0, title.strip())  # the text opens with prose: the title is its
        reader.tables = {n + 1: t for n, t in reader.tables.items()}  # properties'
    return reader.lines, reader.tables, fields
