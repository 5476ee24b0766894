"""Fitted outline -> PPTX: explicit East Asian typeface and language on every run, sizes on
runs, real slide-number fields, speaker notes with the full text, core properties from the
content. python-pptx is imported only when a deck is written.

What a renderer would otherwise take from its own defaults is written out, so that PowerPoint,
WPS and LibreOffice draw the deck alike and as the slides PDF does: line spacing in points (the
line height the fitting measured), every table cell's borders and fill, and no shape style to
inherit effects from (LibreOffice draws the default theme's shadows from it).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from ..content.load import LoadedBriefing
from ..design.dates import printed_date
from ..design.fonts import line_em
from ..design.theme import Theme
from .breaks import unbroken
from .charts import draw_chart
from .geometry import (
    BULLET_INDENT,
    CARD_PADDING,
    CELL_MARGIN_X,
    CELL_MARGIN_Y,
    DIAGRAM_PADDING,
    NUMBER_INDENT,
    PARAGRAPH_GAP,
    TAG_SIZE,
    TEXT_INSET,
)
from .master import DARK_LAYOUTS, FOOTER_ROLES, A, P, fill_slide, open_master
from .outline import Slide
from .package import drop_template_identity, list_notes_master, set_properties
from .pictures import draw_picture

HAN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’—…·]")
STRIP = "Side column"  # the shape of a side column set as a line under a wide list
CHINESE_LOCALES = {"zh": "zh-CN", "zh-hans": "zh-CN", "zh-hant": "zh-TW"}


def _a(tag: str) -> str:
    """Return a DrawingML tag name in Clark notation."""
    return f"{{{A}}}{tag}"


class DeckWriter:
    """Draws fitted slides into a presentation built on the master."""

    def __init__(self, loaded: LoadedBriefing, theme: Theme, pictures: dict | None = None):
        self.b = loaded.briefing
        self.theme = theme
        self.pictures = pictures or {}
        self.prs = open_master(theme)
        self.layouts = {layout.name: layout for layout in self.prs.slide_layouts}
        self.fonts = theme.fonts.deck
        self.line_em = line_em(self.fonts.metrics_latin, self.fonts.metrics_east_asian)
        self.colors = theme.colors
        # PowerPoint breaks lines by a run's language: Chinese runs get a Chinese locale (the
        # briefing's own when it names one), Latin runs the briefing's language or en-US
        tag = self.b.language
        self.chinese_lang = CHINESE_LOCALES.get(tag.lower(), tag) if self.b.is_chinese \
            else "zh-CN"
        self.latin_lang = "en-US" if self.b.is_chinese else tag

    # --- runs and paragraphs ------------------------------------------------------------

    def style_run(self, run, size: float, bold: bool = False, color: str | None = None) -> None:
        """Give a run its size, weight, colour, Latin and East Asian typefaces and language."""
        rpr = run._r.get_or_add_rPr()
        for child in list(rpr):
            rpr.remove(child)
        chinese = bool(HAN.search(run.text))
        rpr.set("lang", self.chinese_lang if chinese else self.latin_lang)
        if chinese:
            rpr.set("altLang", "en-US")
        rpr.set("sz", str(int(round(size * 100))))
        rpr.set("b", "1" if bold else "0")
        if color:  # schema order: solidFill before latin, ea, cs
            fill = etree.SubElement(rpr, _a("solidFill"))
            etree.SubElement(fill, _a("srgbClr"), val=color.lstrip("#").upper())
        etree.SubElement(rpr, _a("latin"), typeface=self.fonts.latin)
        etree.SubElement(rpr, _a("ea"), typeface=self.fonts.east_asian)

    def add_paragraph(self, frame, text: str, size: float, *, bold: bool = False,
                      color: str | None = None, first: bool = False, bullet: bool = False,
                      gap: float = 0.0, align=None, number: int = 0):
        """Append a paragraph of styled runs to a text frame (or fill its first one), a line
        break (a:br, styled as its line) at each line feed the fitting wrote; a bullet is
        numbered (1. 2. …, from `number`) when number is given."""
        paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
        runs = []
        for line in text.split("\n"):
            if runs:  # the break carries the properties of the line it ends
                paragraph._p.add_br().append(copy.deepcopy(runs[-1]._r.rPr))
            runs.append(paragraph.add_run())
            runs[-1].text = line
            self.style_run(runs[-1], size, bold, color or self.colors.text)
        run = runs[0]
        if align is not None:
            paragraph.alignment = align
        ppr = paragraph._p.get_or_add_pPr()
        ppr.set("eaLnBrk", "1")
        ppr.set("hangingPunct", "0")
        if gap:
            paragraph.space_before = Pt(gap)
        for old in ppr.findall(_a("lnSpc")):
            ppr.remove(old)
        spacing = etree.Element(_a("lnSpc"))  # in points (centipoints): the fitted line height
        etree.SubElement(spacing, _a("spcPts"), val=str(round(size * self.line_em * 100)))
        ppr.insert(0, spacing)  # schema order: first in a:pPr
        if bullet:
            indent = NUMBER_INDENT if number else BULLET_INDENT
            ppr.set("marL", str(Emu(Pt(indent))))
            ppr.set("indent", str(-Emu(Pt(indent))))
            for tag in ("buClr", "buFont", "buChar", "buAutoNum"):
                for old in ppr.findall(_a(tag)):
                    ppr.remove(old)
            colour = etree.SubElement(ppr, _a("buClr"))
            etree.SubElement(colour, _a("srgbClr"), val=self.colors.accent.lstrip("#").upper())
            etree.SubElement(ppr, _a("buFont"), typeface=self.fonts.latin)
            if number:
                etree.SubElement(ppr, _a("buAutoNum"), type="arabicPeriod", startAt=str(number))
            else:
                etree.SubElement(ppr, _a("buChar"), char="•")
        else:
            ppr.set("marL", "0")
            ppr.set("indent", "0")
            etree.SubElement(ppr, _a("buNone"))
        end = paragraph._p.find(_a("endParaRPr"))
        if end is not None:
            end.set("lang", run._r.rPr.get("lang"))
        return paragraph

    def prepare_frame(self, frame, anchor=MSO_ANCHOR.TOP) -> None:
        """Clear a text frame and set the insets the fitting assumed; no auto-fit."""
        frame.clear()
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = anchor
        frame.margin_left = frame.margin_right = Pt(TEXT_INSET)
        frame.margin_top = frame.margin_bottom = Inches(0.05)

    # --- shapes ---------------------------------------------------------------------------

    def text_box(self, slide, box, text: str, size: float, *, bold=False, color=None,
                 align=None, name: str = ""):
        """Add a text box (inches) holding one paragraph."""
        shape = slide.shapes.add_textbox(*(Inches(v) for v in box))
        if name:
            shape.name = name
        self.prepare_frame(shape.text_frame)
        self.add_paragraph(shape.text_frame, text, size, bold=bold, color=color, first=True,
                           align=align)
        return shape

    def placeholder(self, slide, idx: int):
        """Return a slide's placeholder by idx, or None."""
        return next((ph for ph in slide.placeholders if ph.placeholder_format.idx == idx), None)

    def set_placeholder(self, slide, idx: int, texts: list[str], size: float, *,
                        bold=False, color=None, bullet=False, box=None, anchor=MSO_ANCHOR.TOP,
                        align=None, start: int = 0, gap: float = 0) -> None:
        """Fill a placeholder with paragraphs (and move it to box, in inches, if given); bullets
        are numbered from `start` when it is given, `gap` points apart (PARAGRAPH_GAP em when
        not given)."""
        ph = self.placeholder(slide, idx)
        if box is not None:
            ph.left, ph.top, ph.width, ph.height = (Inches(v) for v in box)
        self.prepare_frame(ph.text_frame, anchor)
        for i, text in enumerate(texts):
            self.add_paragraph(ph.text_frame, text, size, bold=bold, color=color, first=i == 0,
                               bullet=bullet, gap=(gap or size * PARAGRAPH_GAP)
                               if i and bullet else 0,
                               align=align, number=start + i if start else 0)

    def add_footer(self, slide, layout, color: str, footer: str) -> None:
        """Clone the layout's date, footer and slide-number placeholders onto the slide."""
        texts = {"date": printed_date(self.b.date, self.b.is_chinese), "footer": footer}
        for ph in layout.placeholders:
            role = FOOTER_ROLES.get(ph.placeholder_format.idx)
            if role is None:
                continue
            element = copy.deepcopy(ph._element)
            # the copy keeps the layout's id, which a shape of this slide may already have
            element.nvSpPr.cNvPr.id = slide.shapes._next_shape_id
            slide.shapes._spTree.insert_element_before(element, "p:extLst")
            shape = self.placeholder(slide, ph.placeholder_format.idx)
            self.prepare_frame(shape.text_frame, MSO_ANCHOR.MIDDLE)
            align = {"date": PP_ALIGN.LEFT, "footer": PP_ALIGN.CENTER, "number": PP_ALIGN.RIGHT}
            if role == "number":
                paragraph = self.add_paragraph(shape.text_frame, "", self.theme.deck_pt.footer,
                                               color=color, first=True,
                                               align=align[role])
                self._slide_number_field(paragraph)
            else:
                self.add_paragraph(shape.text_frame, texts[role], self.theme.deck_pt.footer,
                                   color=color, first=True, align=align[role])

    def _slide_number_field(self, paragraph) -> None:
        """Replace a paragraph's run with a real slide-number field."""
        run = paragraph.runs[0]._r
        field = etree.Element(_a("fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}",
                              type="slidenum")
        field.append(copy.deepcopy(run.rPr))
        number = etree.SubElement(field, _a("t"))
        number.text = str(len(self.prs.slides))
        run.addprevious(field)
        run.getparent().remove(run)

    # --- slides ---------------------------------------------------------------------------

    def add(self, s: Slide) -> None:
        """Draw one fitted slide."""
        layout = self.layouts[s.layout]
        slide = self.prs.slides.add_slide(layout)
        dark = s.layout in DARK_LAYOUTS
        if dark and self.theme.deck_master:  # ours has it in its layouts; theirs may not
            fill_slide(slide, self.colors.primary)
        on_dark = self.colors.on_primary
        self.set_placeholder(slide, 0, [s.title], s.title_size, bold=True,
                             color=on_dark if dark else self.colors.primary,
                             anchor=MSO_ANCHOR.BOTTOM if dark else MSO_ANCHOR.MIDDLE,
                             align=PP_ALIGN.LEFT)
        if "subtitle" in s.boxes and self.placeholder(slide, 1) is not None:
            self.set_placeholder(slide, 1, [s.subtitle] if s.subtitle else [""],
                                 s.subtitle_size or self.theme.deck_pt.body,
                                 color=on_dark if dark else self.colors.muted,
                                 align=PP_ALIGN.LEFT)
        if s.tag:
            self._tag(slide, s)
        if s.lead:
            self.text_box(slide, s.boxes["lead"], s.lead, s.lead_size, bold=not dark,
                          color=on_dark if dark else self.colors.accent, name="Lead")
        if not dark:
            title = s.boxes["title"]
            line = slide.shapes.add_connector(1, Inches(title[0]), Inches(title[1] + title[3]),
                                              Inches(title[0] + title[2]),
                                              Inches(title[1] + title[3]))
            line.line.color.rgb = RGBColor.from_string(self.colors.rule[1:])
            line.line.width = Pt(1)
            line.name = "Title rule"
            without_style(line)
        if s.bullets:
            self.set_placeholder(slide, 1, [b.text for b in s.bullets], s.body_size,
                                 bullet=True, box=s.body_box, start=s.start if s.numbered else 0,
                                 gap=s.gap)
        if s.second:
            self._second_column(slide, s)
        if s.layout == "two_columns":
            self._right_column(slide, s)
        if s.strip:
            self._strip(slide, s)
        for card, box in zip(s.cards, s.card_boxes):
            self._card(slide, card, box, s)
        if s.diagram:
            self._diagram(slide, s)
        if s.table is not None:
            self._table(slide, s.table)
        if s.chart is not None:
            draw_chart(self, slide, s.chart)
        if s.picture is not None:
            draw_picture(self, slide, s.picture, self.pictures[s.picture.path])
        if s.layout != "title":
            self.add_footer(slide, layout, on_dark if dark else self.colors.muted, s.footer)
        notes = slide.notes_slide.notes_text_frame
        notes.clear()
        for i, text in enumerate(s.notes or (s.title,)):
            self.add_paragraph(notes, text, self.theme.deck_pt.notes, first=i == 0)

    def _second_column(self, slide, s: Slide) -> None:
        """Draw the second column of a list set in two: a text box of the same bullets (or
        numbers, going on from the first column's), described as the list's column."""
        shape = slide.shapes.add_textbox(*(Inches(v) for v in s.second_box))
        shape.name = "List column"
        self.prepare_frame(shape.text_frame)
        start = s.start + len(s.bullets)
        for i, item in enumerate(s.second):
            self.add_paragraph(shape.text_frame, item.text, s.body_size, first=i == 0,
                               bullet=True, gap=(s.gap or s.body_size * PARAGRAPH_GAP)
                               if i else 0,
                               number=start + i if s.numbered else 0)

    def _right_column(self, slide, s: Slide) -> None:
        """Fill the second column: its title, then its list (or remove it when empty)."""
        ph = self.placeholder(slide, 2)
        if not s.right:
            ph._element.getparent().remove(ph._element)
            return
        ph.left, ph.top, ph.width, ph.height = (Inches(v) for v in s.boxes["right"])
        self.prepare_frame(ph.text_frame)
        self.add_paragraph(ph.text_frame, s.right_title, s.right_size, bold=True,
                           color=self.colors.primary, first=True)
        for item in s.right:
            self.add_paragraph(ph.text_frame, item.text, s.right_size, bullet=True,
                               gap=s.right_size * PARAGRAPH_GAP)

    def _tag(self, slide, s: Slide) -> None:
        """Draw the section's numbered heading over the title, small, in the accent colour."""
        shape = self.text_box(slide, s.boxes["tag"], s.tag, TAG_SIZE, color=self.colors.accent,
                              name="Section tag")
        shape.text_frame.margin_top = shape.text_frame.margin_bottom = 0

    def _strip(self, slide, s: Slide) -> None:
        """Draw the line under a wide list (a goal's indicator categories) on a tinted band."""
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE,
                                       *(Inches(v) for v in s.boxes["strip"]))
        shape.name = STRIP
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(self.colors.panel[1:])
        shape.line.color.rgb = RGBColor.from_string(self.colors.panel[1:])
        without_style(shape)
        self.prepare_frame(shape.text_frame, MSO_ANCHOR.MIDDLE)
        self.add_paragraph(shape.text_frame, s.strip, s.strip_size, color=self.colors.primary,
                           first=True, align=PP_ALIGN.LEFT)

    def _card(self, slide, card, box, s: Slide) -> None:
        """Draw one card: a framed box with its title and text, described for readers."""
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Inches(v) for v in box))
        shape.name = f"Card: {unbroken(card.title)}"
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(self.colors.panel[1:])
        shape.line.color.rgb = RGBColor.from_string(self.colors.accent[1:])
        shape.line.width = Pt(1)
        without_style(shape)
        title = unbroken(card.title)
        shape._element.nvSpPr.cNvPr.set("descr", f"{title}：{card.full}"
                                        if self.b.is_chinese else f"{title}: {card.full}")
        frame = shape.text_frame
        self.prepare_frame(frame)
        frame.margin_left = frame.margin_right = Pt(CARD_PADDING + TEXT_INSET)
        frame.margin_top = frame.margin_bottom = Pt(CARD_PADDING)
        self.add_paragraph(frame, card.title, s.card_title_size, bold=True,
                           color=self.colors.primary, first=True, align=PP_ALIGN.LEFT)
        self.add_paragraph(frame, card.text, s.body_size, gap=s.body_size * PARAGRAPH_GAP,
                           align=PP_ALIGN.LEFT)

    def _diagram(self, slide, s: Slide) -> None:
        """Draw the overview diagram as one group of editable boxes, described for readers."""
        group = slide.shapes.add_group_shape()
        group.name = "Overview diagram"
        c = self.colors
        fills = {"goal": (c.primary, c.on_primary), "groups": (c.accent, c.on_primary)}
        for box in s.diagram:
            fill, ink = fills.get(box.role, (c.panel, c.primary))
            shape = group.shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Inches(v) for v in box.rect))
            shape.name = f"{box.role}: {unbroken(box.title)}"
            shape.fill.solid()
            shape.fill.fore_color.rgb = RGBColor.from_string(fill[1:])
            shape.line.color.rgb = RGBColor.from_string(c.accent[1:])
            shape.line.width = Pt(1)
            without_style(shape)
            frame = shape.text_frame
            self.prepare_frame(frame, MSO_ANCHOR.MIDDLE)
            frame.margin_left = frame.margin_right = Pt(DIAGRAM_PADDING)
            frame.margin_top = frame.margin_bottom = Pt(DIAGRAM_PADDING)
            self.add_paragraph(frame, box.title, box.title_size, bold=True, color=ink,
                               first=True, align=PP_ALIGN.CENTER)
            if box.text:
                self.add_paragraph(frame, box.text, box.text_size, color=ink,
                                   align=PP_ALIGN.CENTER)
        group._element.nvGrpSpPr.cNvPr.set("descr", "\n".join(s.notes))

    def _table(self, slide, t) -> None:
        """Draw a fitted table: a native, editable table (header row, group rows spanning it,
        numeric columns aligned right), described for readers, and its note under it."""
        frame = slide.shapes.add_table(1 + len(t.rows), len(t.widths), *(Inches(v) for v in t.rect))
        frame.name = "Table"
        frame._element.nvGraphicFramePr.cNvPr.set("descr", " | ".join(t.header))
        table = frame.table
        table.first_row, table.horz_banding = True, False
        for column, width in zip(table.columns, t.widths):
            column.width = Inches(width)
        for row, height in zip(table.rows, t.heights):
            row.height = Inches(height)
        c = self.colors
        for index, text in enumerate(t.header):
            self._cell(table.cell(0, index), text, t.size, c.primary, c.on_primary, bold=True,
                       right=t.numeric[index])
        for r, row in enumerate(t.rows, start=1):
            if row.group:
                table.cell(r, 0).merge(table.cell(r, len(t.widths) - 1))
                self._cell(table.cell(r, 0), row.cells[0], t.size, c.panel, c.primary, bold=True)
                continue
            for index, text in enumerate(row.cells):
                self._cell(table.cell(r, index), text, t.size, "#FFFFFF", c.text,
                           right=t.numeric[index])
        if t.note:
            self.text_box(slide, t.note_rect, t.note, t.note_size, color=c.muted, name="Note")

    def _cell(self, cell, text: str, size: float, fill: str, ink: str, bold: bool = False,
              right: bool = False) -> None:
        """Fill a table cell: its colour, its borders, its insets, one styled paragraph."""
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor.from_string(fill[1:])
        cell_borders(cell, self.colors.rule)
        cell.margin_left = cell.margin_right = Pt(CELL_MARGIN_X)
        cell.margin_top = cell.margin_bottom = Pt(CELL_MARGIN_Y)
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame = cell.text_frame
        frame.clear()
        frame.word_wrap = True
        self.add_paragraph(frame, text, size, bold=bold, color=ink, first=True,
                           align=PP_ALIGN.RIGHT if right else PP_ALIGN.LEFT)


def without_style(shape) -> None:
    """Remove a drawn shape's style reference (p:style), whose effect (the default theme's
    shadow), line and fill a renderer would otherwise inherit; its own are set explicitly.
    An empty effect list says "no effect" to a renderer that reads the style anyway."""
    element = shape._element
    for style in element.findall(f"{{{P}}}style"):
        element.remove(style)
    properties = element.spPr
    if properties.find(_a("effectLst")) is None:
        properties.append(etree.Element(_a("effectLst")))


BORDER_EMU = 12700  # 1 pt


def cell_borders(cell, colour: str) -> None:
    """Give a table cell four solid borders of one colour, written out (a renderer that does
    not know the table style draws none)."""
    properties = cell._tc.get_or_add_tcPr()
    for side in ("lnL", "lnR", "lnT", "lnB"):
        for old in properties.findall(_a(side)):
            properties.remove(old)
    for index, side in enumerate(("lnL", "lnR", "lnT", "lnB")):  # schema order: before fill
        line = etree.Element(_a(side), w=str(BORDER_EMU), cap="flat", cmpd="sng", algn="ctr")
        fill = etree.SubElement(line, _a("solidFill"))
        etree.SubElement(fill, _a("srgbClr"), val=colour.lstrip("#").upper())
        etree.SubElement(line, _a("prstDash"), val="solid")
        properties.insert(index, line)


def write_deck(loaded: LoadedBriefing, theme: Theme, slides: list[Slide], target: Path,
               pictures: dict | None = None) -> int:
    """Write the deck of fitted slides to target; return the number of slides."""
    writer = DeckWriter(loaded, theme, pictures)
    for slide in slides:
        writer.add(slide)
    set_properties(writer.prs, writer.b)
    list_notes_master(writer.prs)
    drop_template_identity(writer.prs, writer.b.issuer,
                           None if theme.deck_master else theme.name)
    writer.prs.save(str(target))
    return len(slides)
