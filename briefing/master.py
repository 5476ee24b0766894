"""The deck's 16:9 master: named layouts placed by templates/deck/layouts.yaml, and a theme
whose colours and fonts (latin, ea, script Hans) are the theme tokens.

Built in memory from python-pptx's default template on every build, so the master can never
drift from the tokens; a theme may instead name an organisation's own master (checked).
"""

from __future__ import annotations

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Inches

from .outline import geometry
from .theme import Theme

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"a": A, "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}

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
    sources = list(prs.slide_layouts)
    keep = {}
    for name, (index, roles) in LAYOUT_SOURCES.items():
        layout = sources[index]
        layout.name = name
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
    return prs


def _place_master_placeholders(prs: Presentation, g) -> None:
    """Move the master's own placeholders onto the 16:9 grid."""
    content = g.layouts["content"]
    for ph in prs.slide_master.placeholders:
        kind = ph.placeholder_format.idx
        box = {0: content["title"], 1: content["body"]}.get(kind)
        if box is None:
            box = g.footer.get({10: "date", 11: "footer", 12: "number"}.get(kind, ""))
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
