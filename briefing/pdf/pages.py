"""A laid-out document -> HTML pages, for the live preview: every page a frame of the page's
size, each box that paints something (a fill, a border, a line of text) drawn where WeasyPrint
placed it. The preview so shows the pages the PDF will have — page breaks, running heads,
page numbers in the contents — before the PDF is written, in the fonts the PDF uses (the
browser finds them through fontconfig as WeasyPrint does).

Each line of text keeps the content path of the element it came from (``data-path``), so that
the preview can show an edit in place before the next layout, and scroll to it.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from . import engine

SIDES = ("top", "right", "bottom", "left")
DRAWN_BORDERS = {"solid", "dashed", "dotted", "double"}
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XMLNS = "{http://www.w3.org/2000/xmlns/}"
XLINK = "http://www.w3.org/1999/xlink"


def _colour(value) -> str | None:
    """Return a WeasyPrint colour as CSS rgba(), or None when it is transparent."""
    try:
        red, green, blue, alpha = value.to("srgb") if hasattr(value, "to") else value
    except (TypeError, ValueError):
        return None
    if alpha == 0:
        return None
    return f"rgba({red * 255:.0f},{green * 255:.0f},{blue * 255:.0f},{alpha:.3f})"


def _font(style) -> str:
    """Return the CSS of a text box's face: families, size (px), weight, style."""
    families = ", ".join("'" + name.replace("'", "") + "'" for name in style["font_family"])
    return (f"font-family: {families}; font-size: {style['font_size']:.3f}px;"
            f" font-weight: {style['font_weight']}; font-style: {style['font_style']};")


def _path_of(element) -> str:
    """Return the content path of an element or of its nearest ancestor that has one."""
    while element is not None:
        path = element.get("data-path") if hasattr(element, "get") else None
        if path:
            return path
        element = element.getparent() if hasattr(element, "getparent") else None
    return ""


def _paint(box, out: list[str]) -> None:
    """Append the HTML of a box's fill and borders, if it has any."""
    style = box.style
    if style["visibility"] != "visible":
        return
    fill = _colour(style["background_color"])
    borders = []
    for side in SIDES:
        width = getattr(box, f"border_{side}_width", 0) or 0
        kind = style[f"border_{side}_style"]
        if width > 0 and kind in DRAWN_BORDERS:
            colour = style[f"border_{side}_color"]
            colour = _colour(style["color"] if colour == "currentcolor" else colour)
            if colour:
                borders.append(f"border-{side}: {width:.2f}px {kind} {colour};")
    if not fill and not borders:
        return
    out.append(f'<div class="b" style="left: {box.border_box_x():.2f}px;'
               f" top: {box.border_box_y():.2f}px; width: {box.border_width():.2f}px;"
               f" height: {box.border_height():.2f}px;"
               f"{f' background: {fill};' if fill else ''} {''.join(borders)}\"></div>")


def _text(box, out: list[str]) -> None:
    """Append the HTML of one laid-out piece of text, on the baseline WeasyPrint chose."""
    style = box.style
    colour = _colour(style["color"]) or "transparent"
    spacing = style["letter_spacing"]
    spacing = f" letter-spacing: {spacing:.4f}px;" if isinstance(spacing, (int, float)) else ""
    path = _path_of(box.element)
    attribute = f' data-path="{escape(path)}"' if path else ""
    out.append(f'<span class="t"{attribute} style="left: {box.position_x:.2f}px;'
               f" top: {box.position_y:.2f}px; height: {box.height:.2f}px;"
               f" line-height: {box.height:.2f}px; {_font(style)} color: {colour};{spacing}\">"
               f"{escape(box.text)}</span>")


def _svg_text(element) -> str:
    """Return an inline <svg> element (as the HTML parser left it) as a standalone SVG file:
    the parser keeps names in Clark notation and xmlns declarations as attributes."""
    out = [f'<svg xmlns="{SVG_NAMESPACE}" xmlns:xlink="{XLINK}"']

    def name(clark: str) -> str:
        space, _, local = clark.rpartition("}")
        return "xlink:" + local if space == "{" + XLINK else local

    def write(node, first: bool = False) -> None:
        if isinstance(node.tag, str):
            if not first:
                out.append("<" + name(node.tag))
            out.extend(f' {name(key)}="{escape(value)}"' for key, value in node.attrib.items()
                       if not key.startswith(XMLNS) and name(key) not in ("xmlns", "xmlns:xlink"))
            out.append(">" + escape(node.text or "", quote=False))
            for child in node:
                write(child)
            out.append(f"</{name(node.tag)}>")
        out.append(escape(node.tail or "", quote=False) if not first else "")

    write(element, first=True)
    return "".join(out)


def _picture(box, out: list[str], pictures: dict) -> None:
    """Append the HTML of a replaced box (a figure, an emblem, an inline SVG chart) in the box
    WeasyPrint gave it; a picture the browser cannot fetch is inlined as a data: URL."""
    element = box.element
    tag = str(getattr(element, "tag", ""))
    if tag.endswith("svg"):
        source = "data:image/svg+xml;charset=utf-8," + quote(_svg_text(element))
    else:
        url = element.get("src", "") if hasattr(element, "get") else ""
        source = pictures[url].data_url if url in pictures else ""
    if not source:
        return
    alt = element.get("alt", "") if hasattr(element, "get") else ""
    out.append(f'<img class="i" src="{escape(source)}" alt="{escape(alt)}"'
               f' style="left: {box.content_box_x():.2f}px; top: {box.content_box_y():.2f}px;'
               f' width: {box.width:.2f}px; height: {box.height:.2f}px">')


def _draw(area, out: list[str], pictures: dict) -> None:
    """Append the HTML of a page's box and of everything inside it, in painting order (roughly:
    fills and borders first, then text, as WeasyPrint draws a box before its children)."""
    kinds = engine.kinds()
    for box, _ in engine.walk(area):
        if isinstance(box, kinds.text):
            _text(box, out)
            continue
        if not isinstance(box, (kinds.line, kinds.page)):
            _paint(box, out)
        if isinstance(box, kinds.replaced):
            _picture(box, out, pictures)


def page_html(page, pictures: dict | None = None) -> str:
    """Return one laid-out page as an HTML frame of its size (CSS px); `pictures` are the
    build's checked pictures by their in-memory URL."""
    out: list[str] = []
    _draw(engine.page_box(page), out, pictures or {})
    return (f'<div class="page" style="width: {page.width:.2f}px; height: {page.height:.2f}px">'
            + "".join(out) + "</div>")


def by_url(pictures: dict | None) -> dict:
    """Return a build's checked pictures keyed by the URL the HTML names them by."""
    return {p.url: p for p in (pictures or {}).values()}


def document_pages(document, pictures: dict | None = None) -> list[str]:
    """Return every page of a laid-out document as an HTML frame."""
    found = by_url(pictures)
    return [page_html(page, found) for page in document.pages]


FIT_SCRIPT = """<script>
function fit() {  // frames wider than the window are shown smaller, never cut
  const frames = document.querySelectorAll(".page, .slide");
  const widest = Math.max(0, ...Array.from(frames, f => f.offsetWidth));
  document.body.style.zoom = widest ? Math.min(1, (innerWidth - 48) / widest) : 1;
}
addEventListener("load", fit);
addEventListener("resize", fit);
</script>
"""


def view(document, language: str, title: str = "", pictures: dict | None = None) -> str:
    """Return a laid-out document as one HTML page of page frames, for the preview."""
    return (f'<!DOCTYPE html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{PAGE_CSS}</style>{FIT_SCRIPT}</head>\n"
            f'<body><div class="pages">{"".join(document_pages(document, pictures))}</div></body>'
            "</html>\n")


def slides_view(html: str, theme, chinese: bool, pictures: dict | None = None) -> str:
    """Return the slides' HTML (drawn from the fitted outline, as the slides PDF is) with its
    stylesheets inlined, its pictures as data: URLs and the slides shown as frames, for the
    preview."""
    from .html import style_file
    for url, picture in by_url(pictures).items():
        html = html.replace(url, picture.data_url)
    css = "\n".join([theme.css_variables(chinese),
                     style_file("slides").read_text(encoding="utf-8"), SLIDES_CSS])
    at = html.find("</head>")
    return html[:at] + f"<style>\n{css}\n</style>\n{FIT_SCRIPT}" + html[at:]


SLIDES_CSS = """
html { background: #6b6f6d; }
body { padding: 24px 0; display: flex; flex-direction: column; align-items: center; gap: 24px; }
.slide { flex: none; box-shadow: 0 1px 6px rgba(0,0,0,.35); background-color: #fff; }
.slide.dark { background-color: var(--color-primary); }
"""

PAGE_CSS = """
html { background: #6b6f6d; }
body { margin: 0; padding: 24px 0; }
.pages { display: flex; flex-direction: column; align-items: center; gap: 24px; }
.page { position: relative; background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.35);
        overflow: hidden; flex: none; }
.page .b { position: absolute; box-sizing: border-box; }
.page .i { position: absolute; }
.page .t { position: absolute; white-space: pre; font-kerning: normal;
           text-spacing-trim: space-all; }  /* set each piece as WeasyPrint did: untrimmed */
"""
