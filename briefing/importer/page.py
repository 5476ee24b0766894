"""One import: a page -> a content file, written atomically, or diagnostics and nothing
written. Errors: the page is empty, binary, not UTF-8 nor GB18030 Chinese, over 1 MiB, only
furniture, without a date or an issuing office; the output exists (without --force), is a
folder or is the page itself. The new file is written beside its target under a temporary
name, loaded back (it must be a valid briefing), and only then moved into place."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content.load import display_name, load_briefing
from ..content.source import MAX_BYTES
from ..diagnostics import Diagnostic, DiagnosticError
from . import bounds
from .cleaning import Cleaner
from .documents import read_document
from .furniture import DATE_KEYS, SOURCE_KEYS, TITLE_MAX, Field, Head, read_date, split_page
from .shorts import add_short_forms
from .structure import sections_of
from .units import units_of
from .writing import Draft, render

CONTENT = Path("content")
NAME = re.compile(r"《(?P<name>[^《》]+)》")
TRAILING_PARENS = re.compile(r"\s*[（(][^（）()]*[）)]$")
SHORT_TITLE_MAX = 20  # characters: a title this short is its own short title


@dataclass
class ImportResult:
    """What an import did: the file written (or None) and the diagnostics."""

    page: Path
    written: Path | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    summary: str = ""  # one line: what the draft holds

    @property
    def ok(self) -> bool:
        """Tell whether the import wrote its file and nothing reported an error."""
        return self.written is not None and \
            not any(d.severity == "error" for d in self.diagnostics)


def _error(file: str, message: str, line: int = 1, column: int = 1, path: str = "") \
        -> Diagnostic:
    """Return an error about the page (or the output file)."""
    return Diagnostic(file, line, column, "error", path, message)


def target_problems(page: Path, target: Path, force: bool) -> list[Diagnostic]:
    """Return why the draft cannot be written to the target, if it cannot."""
    name = display_name(target)
    limit = os.pathconf(target.parent if target.parent.is_dir() else ".", "PC_NAME_MAX")
    if len(f".{target.name}.import-{os.getpid()}.tmp".encode()) > limit:  # its own and ours
        return [_error(name, f"the file name is too long: at most {limit - 24} bytes here",
                       0, 0)]
    if target.is_symlink():  # --force included: the link may be meant, and is not ours to drop
        return [_error(name, "this is a symbolic link; the draft is written as a file of its"
                       " own: name another file with -o, or remove the link", 0, 0)]
    if target.is_dir():
        return [_error(name, "this is a folder; name the content file to write", 0, 0)]
    if target.exists() and page.exists() and target.resolve() == page.resolve():
        return [_error(name, "this is the page itself; name another file with -o", 0, 0)]
    if target.exists() and not force:
        return [_error(name, "the file exists; pass --force to overwrite it", 0, 0)]
    if not target.parent.is_dir():
        return [_error(name, f"the folder {display_name(target.parent)} does not exist", 0, 0)]
    return []


def _split_title(head: Head, cleaner: Cleaner, lines: list[str]) -> tuple[str, str]:
    """Return the title and the subtitle (split at ——, the title's halves joined by U+3000)."""
    line = lines[head.title_line - 1]
    column = len(line) - len(line.lstrip()) + 1
    text = line.strip()
    title, subtitle, sub_column = text, "", 0
    for dashes in ("——", "--"):
        if dashes in text:
            before, _, after = text.partition(dashes)
            title, subtitle = before.rstrip(), after.strip().lstrip("—-").strip()
            sub_column = column + len(text) - len(subtitle)
            break
    title = cleaner.clean(title, head.title_line, column, title=True) if title else ""
    if subtitle:
        subtitle = cleaner.clean(subtitle, head.title_line, sub_column)
    elif head.subtitle:
        own = lines[head.subtitle_line - 1].rstrip()
        subtitle = cleaner.clean(head.subtitle, head.subtitle_line,
                                 len(own) - len(head.subtitle) + 1)
    if not title:  # nothing before the dashes: the subtitle (or the line) is the title
        title, subtitle = subtitle or cleaner.clean(text, head.title_line, column), ""
    return title, subtitle


def _at(found: Field) -> str:
    """Return where a field was found: its line, or the meta tag or property it comes from."""
    return f"line {found.line}" if found.line else found.origin


def _searched(head: Head, count: int) -> str:
    """Return the lines searched for the date and the issuer, in words: the metadata lines, or
    the lines of the page's head when it has none."""
    lines = head.metadata_lines or list(range(1, min(_expected_line(head, count), count) + 1))
    spans: list[list[int]] = []
    for n in lines:
        if spans and n == spans[-1][-1] + 1:
            spans[-1].append(n)
        else:
            spans.append([n])
    shown = [f"{s[0]}–{s[-1]}" if len(s) > 1 else str(s[0]) for s in spans]
    return ("lines " if len(lines) > 1 else "line ") + ", ".join(shown)


def _expected_line(head: Head, count: int) -> int:
    """Return the line where the date belongs: the first metadata line, or the one after the
    title (and its subtitle)."""
    if head.metadata_lines:
        return head.metadata_lines[0]
    return min(max(head.title_line, head.subtitle_line) + 1, count)


def short_title(title: str, subtitle: str) -> tuple[str, str]:
    """Return the short title made from the title or the subtitle, and how it was made."""
    for text, where in ((subtitle, "the subtitle's"), (title, "the title's")):
        m = NAME.search(text)
        if m and "解读" in text:
            name = TRAILING_PARENS.sub("", m["name"]) or m["name"]
            dropped = " without its （…）" if name != m["name"] else ""
            return name + "解读", f"{where} 《…》 name{dropped} + 解读"
    if len(title) <= SHORT_TITLE_MAX:
        return title, "the title itself"
    first = title.split("\u3000")[0]
    return (first, "the title's first half") if first != title else (title, "the title itself")


def _metadata(page_lines: list[str], head: Head, file: str, cleaner: Cleaner,
              errors: list[Diagnostic]) -> tuple[dict, list[str]]:
    """Return the metadata mapping and where each field came from; errors are appended."""
    date_field = head.first(DATE_KEYS)
    when = read_date(date_field.value) if date_field else None
    searched = _searched(head, len(page_lines))
    if date_field is None:
        errors.append(_error(file, "no publication date found on the page (looked for 时间,"
                                   f" 发布时间, 发布日期, 日期 or a date alone on {searched})",
                             _expected_line(head, len(page_lines)), 1, "date"))
    elif when is None:
        errors.append(_error(file, f"'{date_field.value}' is not a date (the page should give"
                                   " one as 2022-02-14 or 2022年2月14日)", date_field.line,
                             date_field.column, "date"))
    elif not bounds.FIRST_YEAR <= when.date.year <= bounds.LAST_YEAR:
        errors.append(_error(file, f"{when.date} is not from {bounds.FIRST_YEAR} to"
                                   f" {bounds.LAST_YEAR}, the dates a deck can record",
                             date_field.line, date_field.column, "date"))
    source = head.first(SOURCE_KEYS)
    issuer = re.split(r"\s{2,}|\u3000", source.value)[0] if source else head.operator
    if not issuer:
        errors.append(_error(file, "no issuing office found on the page (looked for 来源,"
                                   f" 信息来源, 发布机构 on {searched} and the footer's 主办单位)",
                             _expected_line(head, len(page_lines)), 1, "issuer"))
    printed = page_lines[head.title_line - 1].strip()
    title, subtitle = _split_title(head, cleaner, page_lines)
    short, how = short_title(title, subtitle)
    provenance = [f"title{', subtitle' if subtitle else ''}: line {head.title_line}"
                  + (", split at ——" if subtitle and not head.subtitle else "")
                  + (f" and line {head.subtitle_line}" if head.subtitle else "")
                  + "; source.title is that line exactly as printed."]
    if date_field and when:
        provenance.append(f"date, source.published: {_at(date_field)}, "
                          + (f"{date_field.key}：{date_field.value}" if date_field.key else
                             f"the date {date_field.value}"))
    if source:
        provenance.append(f"issuer, source.publisher: {_at(source)}, {source.key}")
    elif issuer:
        blank = head.blank(SOURCE_KEYS)
        why = f"the page's {blank.key} is blank" if blank else "the page names no 来源"
        provenance.append(f"issuer, source.publisher: line {head.operator_line}, 主办单位, the"
                          f" site's operator ({why})")
    provenance += [f"short_title: {how} — made by the import: review it.",
                   "language: zh-CN. No url, keywords or key messages: the page gives none,"
                   " and none is invented."]
    unused = [f for f in head.fields if f not in (date_field, source)]
    if unused:
        provenance.append("not used: " + "; ".join(
            f"line {f.line} {f.key}：{f.value or '(blank)'}" for f in unused if f.key))
    metadata = {"title": title, "subtitle": subtitle, "short_title": short, "issuer": issuer,
                "date": when.date.isoformat() if when else "", "language": "zh-CN",
                "source": {k: v for k, v in (("title", printed), ("publisher", issuer),
                           ("published", when.published if when else "")) if v}}
    return metadata, provenance


def _summary(target: str, draft: Draft, headings: int) -> str:
    """Return the one line that says what the draft holds and what to review."""
    kinds: dict[str, int] = {}
    for section in draft.sections:
        for block in section.blocks:
            kinds[block.kind] = kinds.get(block.kind, 0) + 1
    blocks = sum(kinds.values())
    lede = f"a lede of {_count(len(draft.lede), 'paragraph')}; " if draft.lede else ""
    return (f"{target}: {_count(len(draft.sections), 'section')}, {_count(blocks, 'block')} ("
            + ", ".join(f"{k} {n}" for k, n in kinds.items()) + "); " + lede
            + _count(len(draft.fixes), "mechanical fix", "es") + ", "
            + _count(len(draft.furniture), "furniture line") + " dropped; "
            + _count(draft.short_count, "short form") + " and "
            + _count(headings, "heading") + " to review")


def _span(first: int, last: int) -> str:
    """Return page lines in words: line 4, or lines 4–9."""
    return f"line {first}" if first == last else f"lines {first}–{last}"


def _count(number: int, noun: str, plural: str = "s") -> str:
    """Return a number and its noun, plural unless the number is 1."""
    return f"{number} {noun}{plural * (number != 1)}"


def import_page(page: Path, output: Path | None = None, force: bool = False) -> ImportResult:
    """Import a page into a content file (content/<page stem>.yaml unless `output` names one);
    return what was written and every problem. Never raises for bad input."""
    page, file = Path(page), display_name(Path(page))
    target = Path(output) if output else CONTENT / f"{page.stem}.yaml"
    result = ImportResult(page)
    errors = target_problems(page, target, force)
    try:
        text, warnings = read_document(page, file)
    except DiagnosticError as exc:
        result.diagnostics = errors + exc.diagnostics
        return result
    head = split_page(text.lines, text.dropped)
    for keys in (DATE_KEYS, SOURCE_KEYS):  # the meta tags or properties, where the text has none
        if head.first(keys) is None:
            head.fields += [f for f in text.fields if f.key in keys]
    if not head.title_line:
        what = "every line is website furniture" if head.furniture else "no line of text"
        if text.kind == "web page" and text.removed.get("script"):
            what += (f" outside its {_count(text.removed['script'], 'script')}, which are never"
                     " run: save the page once it has loaded (or copy its text)")
        errors.append(_error(file, f"no content found: {what}"))
    elif len(head.title) > TITLE_MAX:
        errors.append(_error(file, f"the first line is {len(head.title):,} characters long; a"
                                   f" page starts with its title (at most {TITLE_MAX})",
                             head.title_line))
    if head.title_line and not head.content:
        errors.append(_error(file, "no content found after the title line", head.title_line))
    if errors:
        result.diagnostics = errors + warnings
        return result
    cleaner = Cleaner()
    metadata, provenance = _metadata(text.lines, head, file, cleaner, errors)
    units = units_of(head.content, text.lines, cleaner, text.tables)
    if not units:
        errors.append(_error(file, "no content found after the title line", head.title_line))
    if errors:
        result.diagnostics = errors + warnings
        return result
    structure = sections_of(units, metadata["title"])
    errors += [_error(file, message, line) for line, message in bounds.problems(
        structure.sections, structure.lede, structure.lede_lines[0])]
    if errors:
        result.diagnostics = errors + warnings
        return result
    warnings += [Diagnostic(file, line, 1, "warning", "", message)
                 for line, message in structure.warnings]
    made = [f"{s.heading} (line {s.first_line})" for s in structure.sections if s.made_heading]
    review = ([f"headings made from the questions: {'; '.join(made)}"] if made else [])
    if structure.lede:
        review.insert(0, f"the lede: {_span(*structure.lede_lines)}, the text before the first"
                         " question or heading — the introduction, printed before section 一"
                         " without a number (a roster: a role's names and titles a paragraph)")
    draft = Draft(metadata, structure.sections, page.name, len(text.lines), text.encoding,
                  provenance, head.furniture, sorted(cleaner.fixes), structure.notes.kept,
                  review + structure.notes.review, unit=text.unit, removed=text.removed,
                  lede=structure.lede, lede_lines=structure.lede_lines)
    draft.shorts, draft.short_count = add_short_forms(structure.sections, structure.lede)
    written = _write(render(draft), target, force, result)
    result.diagnostics = warnings + result.diagnostics
    if written:
        result.written = target
        result.summary = _summary(display_name(target), draft, len(made))
    return result


def _write(text: str, target: Path, force: bool, result: ImportResult) -> bool:
    """Write the draft beside the target, load it back, move it into place; tell whether it
    was written (problems go into the result)."""
    name = display_name(target)
    data = text.encode("utf-8")
    if len(data) > MAX_BYTES:
        result.diagnostics.append(_error(name, f"the draft would be {len(data):,} bytes; a"
                                               f" content file may hold at most {MAX_BYTES:,}",
                                         0, 0))
        return False
    temporary = target.with_name(f".{target.name}.import-{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        try:
            load_briefing(temporary)
        except DiagnosticError as exc:
            first = exc.diagnostics[0]
            result.diagnostics.append(_error(name, "internal error: the draft does not load"
                                                   f" ({first.path}: {first.message} at line"
                                                   f" {first.line}); please report it", 0, 0))
            return False
        if force:
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)  # fails if the file appeared meanwhile
            except FileExistsError:
                result.diagnostics.append(_error(name, "the file exists; pass --force to"
                                                       " overwrite it", 0, 0))
                return False
            except OSError:
                os.replace(temporary, target)
    except OSError as exc:
        result.diagnostics.append(_error(name, f"cannot write the file: {exc.strerror}", 0, 0))
        return False
    finally:
        if temporary.exists():
            temporary.unlink()
    return True
