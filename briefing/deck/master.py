"""The deck's 16:9 master: named layouts placed by templates/deck/layouts.yaml, and a theme
whose colours and fonts (latin, ea, script Hans) are the theme tokens.

Built in memory from python-pptx's default template on every build, so the master can never
drift from the tokens; a theme may instead name an organisation's own master (checked).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Inches

from ..caches import file_cache
from ..design import templates
from ..design.theme import Theme
from ..diagnostics import Diagnostic, DiagnosticError
from .geometry import Geometry, geometry

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}
DARK_LAYOUTS = ("title", "section", "closing")  # filled with the primary colour

# our layout name -> (index of the default template's layout it is made from, roles of its
# placeholders by idx: box name in layouts.yaml, or None to remove)
LAYOUT_SOURCES = {
    "title": (0, {0: "title", 1: "subtitle"}),
    "content": (1, {0: "title", 1: "body"}),
    "section": (2, {0: "title", 1: "subtitle"}),
    "two_columns": (3, {0: "title", 1: "body", 2: "right"}),
    "cards": (5, {0: "title"}),
    "closing": (4, {0: "title", 1: "subtitle", 2: None, 3: None, 4: None}),
}
FOOTER_ROLES = {10: "date", 11: "footer", 12: "number"}
NEEDED_PLACEHOLDERS = {name: {idx for idx, role in roles.items() if role}
                       for name, (_, roles) in LAYOUT_SOURCES.items()}


def build_master(theme: Theme) -> Presentation:
    """Return an empty 16:9 presentation with the named layouts and the theme's tokens."""
    prs = Presentation()
    g = geometry()
    prs.slide_width, prs.slide_height = Inches(g.slide[0]), Inches(g.slide[1])
    prs.part._element.sldSz.attrib.pop("type", None)  # the template's screen4x3; none = custom
    sources = list(prs.slide_layouts)
    keep = {}
    for name, (index, roles) in LAYOUT_SOURCES.items():
        layout = sources[index]
        layout.name = name
        for properties in layout._element.iter(f"{{{A}}}defRPr"):
            # the template's section title is set in capitals, which neither the fitting
            # nor the slides PDF knows of: a Latin title would come out wider than fitted
            properties.attrib.pop("cap", None)
        for ph in list(layout.placeholders):
            idx = ph.placeholder_format.idx
            role = FOOTER_ROLES.get(idx) or roles.get(idx)
            if role is None:
                ph._element.getparent().remove(ph._element)
                continue
            box = g.footer[role] if idx in FOOTER_ROLES else g.layouts[name][role]
            ph.left, ph.top, ph.width, ph.height = (Inches(v) for v in box)
        keep[index] = layout
    for index, layout in enumerate(sources):
        if index not in keep:
            prs.slide_layouts.remove(layout)
    _place_master_placeholders(prs, g)
    _apply_tokens(prs, theme)
    for layout in prs.slide_layouts:
        if layout.name in DARK_LAYOUTS:
            fill_slide(layout, theme.colors.primary)
    if theme.logo:
        add_emblem(prs, theme, g)
    return prs


EMBLEM_LAYOUTS = ("title", "closing")


def add_emblem(prs: Presentation, theme: Theme, g: Geometry) -> None:
    """Put the theme's emblem into the title and closing layouts as a picture of the layout,
    so that every slide made from them has it, a presenter's new ones too."""
    from pptx.oxml.shapes.picture import CT_Picture

    from .pictures import emblem_rect, image_bytes

    picture = theme.logo_picture()
    for layout in prs.slide_layouts:
        if layout.name not in EMBLEM_LAYOUTS or "emblem" not in g.layouts[layout.name]:
            continue
        rect = emblem_rect(picture, theme.logo_mm.deck, g.layouts[layout.name]["emblem"])
        data = image_bytes(picture, rect[2] * 2)  # drawn for twice its size: crisp when shown
        _, rel = layout.part.get_or_add_image_part(io.BytesIO(data))
        pic = CT_Picture.new_pic(layout.shapes._next_shape_id, "Emblem", "Emblem", rel,
                                 *(int(Inches(v)) for v in rect))
        layout.shapes._spTree.insert_element_before(pic, "p:extLst")


def fill_slide(slide, colour: str) -> None:
    """Fill a slide's (or a layout's) whole area with a colour (#RRGGBB): its p:bg."""
    c_sld = slide._element.find(f"{{{P}}}cSld")
    for old in c_sld.findall(f"{{{P}}}bg"):
        c_sld.remove(old)
    bg = etree.Element(f"{{{P}}}bg")
    properties = etree.SubElement(bg, f"{{{P}}}bgPr")
    fill = etree.SubElement(properties, f"{{{A}}}solidFill")
    etree.SubElement(fill, f"{{{A}}}srgbClr", val=colour.lstrip("#").upper())
    etree.SubElement(properties, f"{{{A}}}effectLst")
    c_sld.insert(0, bg)


def _place_master_placeholders(prs: Presentation, g) -> None:
    """Move the master's own placeholders onto the 16:9 grid."""
    content = g.layouts["content"]
    for ph in prs.slide_master.placeholders:
        kind = ph.placeholder_format.idx
        box = {0: content["title"], 1: content["body"]}.get(kind)
        if box is None:
            box = g.footer.get(FOOTER_ROLES.get(kind, ""))
        if box is not None:
            ph.left, ph.top, ph.width, ph.height = (Inches(v) for v in box)


def _apply_tokens(prs: Presentation, theme: Theme) -> None:
    """Write the theme's colours and fonts into the master's theme part."""
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    c = theme.colors
    scheme = {"dk1": c.text, "lt1": "#FFFFFF", "dk2": c.primary, "lt2": c.panel,
              "accent1": c.primary, "accent2": c.accent, "accent3": c.muted}
    for slot, colour in scheme.items():
        element = root.find(f".//a:clrScheme/a:{slot}", NS)
        for child in list(element):
            element.remove(child)
        etree.SubElement(element, f"{{{A}}}srgbClr", val=colour.lstrip("#").upper())
    fonts = theme.fonts.deck
    for which in ("majorFont", "minorFont"):
        font = root.find(f".//a:fontScheme/a:{which}", NS)
        font.find("a:latin", NS).set("typeface", fonts.latin)
        font.find("a:ea", NS).set("typeface", fonts.east_asian)
        hans = font.find("a:font[@script='Hans']", NS)
        if hans is None:
            hans = etree.SubElement(font, f"{{{A}}}font", script="Hans")
        hans.set("typeface", fonts.east_asian)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def missing_in_master(prs: Presentation) -> list[str]:
    """Return what an organisation's master lacks: layouts by name, placeholders by idx."""
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    missing = []
    for name, needed in NEEDED_PLACEHOLDERS.items():
        layout = layouts.get(name)
        if layout is None:
            missing.append(f"layout '{name}'")
            continue
        present = {ph.placeholder_format.idx for ph in layout.placeholders}
        missing += [f"placeholder idx {idx} in layout '{name}'" for idx in sorted(needed - present)]
    return missing


def open_master(theme: Theme) -> Presentation:
    """Return the deck's starting presentation: the theme's own master, checked, or ours."""
    if not theme.deck_master:
        return build_master(theme)
    path = templates.find(theme.deck_master)
    file = templates.shown(path)
    try:
        prs = Presentation(io.BytesIO(_master_bytes(path, path.stat().st_mtime_ns)))
    except DiagnosticError as exc:
        raise DiagnosticError([Diagnostic(file, 0, 0, "error", "deck_master", d.message)
                               for d in exc.diagnostics]) from None
    except Exception as exc:  # python-pptx raises many kinds for a file that is no deck
        raise DiagnosticError([Diagnostic(file, 0, 0, "error", "deck_master",
                                          f"cannot open the master: {exc}")]) from None
    problems = [f"the master lacks {what}" for what in missing_in_master(prs)]
    if abs(prs.slide_width / prs.slide_height - 16 / 9) > 0.01:
        problems.append(f"the master's slides are {prs.slide_width / 914400:.2f} ×"
                        f" {prs.slide_height / 914400:.2f} in, not 16:9")
    if problems:
        raise DiagnosticError([Diagnostic(file, 0, 0, "error", "deck_master", p)
                               for p in problems])
    slide_ids = prs.slides._sldIdLst
    for slide_id in list(slide_ids):  # sample slides of the template are not ours to keep
        prs.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)
    return prs


MASTER_LIMIT_BYTES = 50 << 20  # a master's file, and all its parts unpacked
MASTER_LIMIT_PARTS = 2000


@file_cache(maxsize=4)
def _master_bytes(path: Path, mtime_ns: int) -> bytes:
    """Return an organisation's master file, once its zip has been checked to unpack within
    bounds (a 1.6 MB zip can hold a 1.5 GB part); read once per change of the file."""
    if path.stat().st_size > MASTER_LIMIT_BYTES:
        raise DiagnosticError([Diagnostic("", 0, 0, "error", "", f"the master is larger than"
                                          f" {MASTER_LIMIT_BYTES >> 20} MB")])
    data = path.read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
    except zipfile.BadZipFile as exc:
        raise DiagnosticError([Diagnostic("", 0, 0, "error", "",
                                          f"cannot open the master: {exc}")]) from None
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MASTER_LIMIT_BYTES or len(parts) > MASTER_LIMIT_PARTS:
        raise DiagnosticError([Diagnostic(
            "", 0, 0, "error", "", f"the master unpacks to {unpacked >> 20} MB in {len(parts)}"
            f" parts; at most {MASTER_LIMIT_BYTES >> 20} MB and {MASTER_LIMIT_PARTS} parts")])
    return data


def _inches(shape) -> tuple[float, float, float, float]:
    """Return a shape's box in inches: left, top, width, height."""
    return tuple(v / 914400 for v in (shape.left, shape.top, shape.width, shape.height))


def master_geometry(prs: Presentation) -> Geometry:
    """Return the boxes (inches) of a checked master's layouts, in the form of layouts.yaml."""
    default = geometry()
    width, height = prs.slide_width / 914400, prs.slide_height / 914400
    layouts: dict[str, dict] = {}
    for layout in prs.slide_layouts:
        if layout.name not in LAYOUT_SOURCES:
            continue
        roles = LAYOUT_SOURCES[layout.name][1]
        boxes = {roles[ph.placeholder_format.idx]: _inches(ph) for ph in layout.placeholders
                 if roles.get(ph.placeholder_format.idx)}
        left, top, w, h = boxes["title"]
        below = boxes.get("subtitle", boxes["title"])
        boxes["lead"] = (below[0], below[1] + below[3] + 0.05, below[2], 0.6)
        if "body" not in boxes and layout.name == "cards":
            boxes["body"] = (left, top + h + 0.2, w, height - (top + h + 0.2) - 0.9)
        layouts[layout.name] = boxes
    content = next(layout for layout in prs.slide_layouts if layout.name == "content")
    footer = {FOOTER_ROLES[ph.placeholder_format.idx]: _inches(ph)
              for ph in content.placeholders if ph.placeholder_format.idx in FOOTER_ROLES}
    return Geometry(slide=(width, height), layouts=layouts, footer={**default.footer, **footer})
