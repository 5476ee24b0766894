"""The one Jinja environment: autoescaped, strict about undefined names, never fed content.

Content values are only ever passed to templates as data; no template is built from content,
so ``{{ 7*7 }}`` in a briefing prints as those seven characters.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..caches import file_cache
from ..content.charts import chart_data
from ..diagnostics import Diagnostic, DiagnosticError
from . import phrases, templates
from .chars import is_wide
from .dates import printed_date

CJK_DIGITS = "〇一二三四五六七八九"


def cjk_numeral(n: int) -> str:
    """Return 1..99 as a Chinese numeral: 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CJK_DIGITS[tens] + "十")
    return head + (CJK_DIGITS[ones] if ones else "")


def numeral(n: int, language: str) -> str:
    """Return a heading number in the briefing's language: 一 for Chinese, 1 otherwise."""
    return cjk_numeral(n) if language.lower().startswith("zh") else str(n)


ABBREVIATIONS = {"etc.", "inc.", "ltd.", "co.", "no.", "vs.", "approx."}


def statement(text: str) -> str:
    """Return a text as a slide states it: without the full stop that ends it (。 or .), so
    that a slide's items end alike, whichever of them the writer ended with one; an ellipsis,
    a question, an exclamation and an abbreviation's point (U.S., e.g., etc.) are kept."""
    if re.search(r"[^.．。…][。．]$", text):
        return text[:-1]
    last = text.rsplit(None, 1)[-1] if text.strip() else ""
    if re.search(r"[\w)”’\]]\.$", text) and "." not in last[:-1] \
            and last.lower() not in ABBREVIATIONS:
        return text[:-1]
    return text


def bullets(items) -> list[dict[str, str]]:
    """Return items (or plain strings) as a slide's bullets: the text shown (a statement:
    without its closing full stop), the full text."""
    return [{"text": statement(item), "full": item} if isinstance(item, str)
            else {"text": statement(item.slide_text), "full": item.text} for item in items]


def cards(items) -> list[dict[str, str]]:
    """Return titled items as a slide's cards: title, the text shown (a statement), the full
    text."""
    return [{"title": item.title, "text": statement(item.slide_text), "full": item.text}
            for item in items]


def width(text: str) -> float:
    """Return a text's width in wide characters (a Latin one counts half)."""
    return sum(1 if is_wide(c) else 0.5 for c in str(text))


EMPTY_CELLS = ("", "-", "－", "–", "--")  # a cell with no value, as writers type it
EMPTY_QUOTED = re.compile(r"([“\"「])[-－–]([”\"」])")


def shown_cell(cell: str) -> str:
    """Return a table cell as every output prints it: an empty one as — (a dash, not -)."""
    return "—" if cell.strip() in EMPTY_CELLS else cell


def shown_note(note: str) -> str:
    """Return a table's note with the empty cell it explains (“-”表示…) written as printed."""
    return EMPTY_QUOTED.sub(r"\1—\2", note)


def table_rows(rows) -> list[dict[str, object]]:
    """Return a table's rows as a slide's rows: cells (empty ones as —), and group rows as
    one spanning cell."""
    return [{"cells": [shown_cell(c) for c in row], "group": False} if isinstance(row, list)
            else {"cells": [row.group], "group": True} for row in rows]


def plain(value: object) -> object:
    """Return dataclasses (chart data) as dicts and lists, for tojson."""
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


CSS_ESCAPED = re.compile(r'[\\"<>&\x00-\x1f\x7f]')


URL_BREAKS = re.compile(r"(?<=[/?&=#])")


def breakable_url(url: object) -> Markup:
    """Return a URL as HTML with a break opportunity (<wbr>) after each / ? & = #, so that a
    long address wraps where a reader expects it and in time proportional to its length."""
    return Markup("<wbr>").join(escape(part) for part in URL_BREAKS.split(str(url)))


def script_json(value: object) -> Markup:
    """Return a value as JSON that is safe inside an HTML <script> (no <, >, & or ')."""
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("'", "\\u0027")):
        text = text.replace(raw, escaped)
    return Markup(text)


def css_string(value: object) -> Markup:
    """Return text as a quoted CSS string that cannot end the string, the rule or the <style>
    element: backslash, quote, <, >, & and every control character (\\r and \\f end a CSS
    string as \\n does) are written as escapes."""
    text = CSS_ESCAPED.sub(lambda m: f"\\{ord(m[0]):X} ", str(value))
    return Markup(f'"{text}"')


def compiled_templates_cache() -> jinja2.BytecodeCache | None:
    """Return Jinja's cache of compiled templates (in the user's own, private temporary
    folder; a template's entry is used only while its source is unchanged), or None where
    that folder cannot be had safely."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def environment() -> jinja2.Environment:
    """Return the shared template environment (HTML autoescaped, StrictUndefined)."""
    return _environment(templates.roots())


@file_cache(maxsize=2)
def _environment(roots: tuple[Path, ...]) -> jinja2.Environment:
    """Return a template environment that finds a template in the first of `roots` that has it."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(roots),
        bytecode_cache=compiled_templates_cache(),  # not compiled anew per process
        # HTML and SVG are escaped; JSON templates pass every value through tojson instead
        autoescape=jinja2.select_autoescape(["html", "html.j2", "svg.j2"],
                                            default_for_string=True, default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["numeral"] = numeral
    env.filters["css_string"] = css_string
    env.filters["breakable_url"] = breakable_url
    env.filters["script_json"] = script_json
    env.filters["tojson"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["bullets"] = bullets
    env.filters["cards"] = cards
    env.filters["table_rows"] = table_rows
    env.filters["width"] = width
    env.filters["chart_data"] = lambda block: chart_data(block.table, block.chart)
    env.filters["plain"] = plain
    env.filters["cell"] = shown_cell
    env.filters["note"] = shown_note
    env.filters["printed_date"] = lambda value, language: printed_date(
        value, language.lower().split("-")[0] == "zh")
    # text whose last line holds no lone character or short word (design/phrases.py)
    env.filters["no_runt"] = phrases.without_runt
    env.filters["no_lone_last"] = phrases.without_lone_last  # justified: the least push
    env.filters["phrased"] = phrases.phrased  # titles: breaks between word groups only
    env.filters["grouped"] = phrases.unbreakable_groups  # labels: the same, with no runt tie
    return env


def render(template: str, **context: object) -> str:
    """Render a template by its path under templates/; template faults become diagnostics."""
    try:
        return environment().get_template(template).render(**context)
    except jinja2.TemplateNotFound as exc:  # an OSError too: never "cannot write the output"
        missing = exc.name or template
        raise DiagnosticError([Diagnostic(
            f"templates/{missing}", 0, 0, "error", "",
            "the template is missing from every templates folder; restore the shipped one"
            f" (git checkout -- templates/{missing}) or give your own")]) from None
    except jinja2.TemplateSyntaxError as exc:
        raise DiagnosticError([Diagnostic(_template_file(exc.filename or template), exc.lineno,
                                          1, "error", "", f"template: {exc.message}")]) from None
    except jinja2.UndefinedError as exc:
        line = _template_line(exc)
        raise DiagnosticError([Diagnostic(_template_file(template), line, 1 if line else 0,
                                          "error", "", f"template: {exc.message}")]) from None


def _template_file(name: str) -> str:
    """Return a template's path as diagnostics show it: templates/… for a shipped one."""
    path = Path(name) if Path(name).is_absolute() else templates.find(name)
    return templates.shown(path)


def _template_line(exc: BaseException) -> int:
    """Return the template line number from a rendering traceback, 0 if unknown."""
    tb = exc.__traceback__
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
