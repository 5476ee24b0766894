"""The deck's package around its slides: core properties from the content, the notes master
listed, and what python-pptx's default template says about itself dropped."""

from __future__ import annotations

import datetime as dt

from lxml import etree


def set_properties(prs, b) -> None:
    """Write core properties from the content: no template identity, no clock."""
    props = prs.core_properties
    when = dt.datetime.combine(b.date, dt.time())
    props.title = b.plain_title
    props.author = b.issuer
    props.last_modified_by = b.issuer
    props.subject = b.subtitle or b.short_title
    props.keywords = ", ".join(b.keywords)
    props.language = b.language
    props.category = ""
    props.comments = ""
    props.content_status = ""
    props.identifier = ""
    props.version = ""
    props.revision = 1
    props.created = props.modified = props.last_printed = when


def list_notes_master(prs) -> None:
    """List the notes master in presentation.xml (python-pptx relates it to the presentation
    for the first notes slide but never lists it; Keynote then loses the notes)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.oxml.ns import qn

    try:
        notes_master = prs.part.part_related_by(RT.NOTES_MASTER)
    except KeyError:  # no slide has notes
        return
    presentation = prs.part._element
    if presentation.find(qn("p:notesMasterIdLst")) is not None:
        return  # an organisation's master that lists its own
    entries = etree.Element(qn("p:notesMasterIdLst"))
    etree.SubElement(entries, qn("p:notesMasterId")).set(
        qn("r:id"), prs.part.relate_to(notes_master, RT.NOTES_MASTER))
    presentation.sldMasterIdLst.addnext(entries)  # schema order: right after the slide masters


APP_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
<PresentationFormat>On-screen Show (16:9)</PresentationFormat>\
<Slides>{slides}</Slides><Notes>{slides}</Notes><Company>{company}</Company></Properties>"""


def drop_template_identity(prs, company: str, theme_name: str | None) -> None:
    """Remove what the default template says about itself: its thumbnail, its printer
    settings, its application properties (Mac PowerPoint, 4:3), and (for our own master,
    theme_name given) its theme's name."""
    from xml.sax.saxutils import escape

    package = prs.part.package
    for rel in list(package._rels.values()):
        if rel.reltype.endswith("/thumbnail"):
            package._rels.pop(rel.rId)
        elif rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = APP_XML.format(
                slides=len(prs.slides), company=escape(company)).encode()
    for rel in list(prs.part.rels.values()):
        if rel.reltype.endswith("/printerSettings"):
            prs.part.drop_rel(rel.rId)
    if theme_name is None:
        return
    theme = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    root = etree.fromstring(theme.blob)
    root.set("name", theme_name)  # the document names no tool (docs/commands.md, --colophon)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
