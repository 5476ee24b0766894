"""A chart on a slide: fitted into the body box (the note of left-out cells under it), then
drawn as a native PowerPoint chart with its embedded workbook, so that a presenter can edit
the numbers in PowerPoint, in the theme's colours, every text with Latin and East Asian
typefaces and a language.

The chart's type size is the largest from the deck's body size down to its smallest at which
every category label takes at most two lines of its share of the width (a third of the width
for a bar chart's labels), and every row of a bar chart fits the height.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from lxml import etree

from ..content.charts import ChartData
from ..design.phrases import label_groups
from ..design.series import series_fills
from . import fitting
from .breaks import title_lines
from .geometry import PT_PER_INCH, Rect
from .measures import Measures
from .outline import PlannedSlide, Slide, sizes_between

GAP = 0.1  # inches between the chart and its note
SMALLEST_TEXT = 16.0  # points: no text of a slide's chart is smaller (a room reads it)
VALUE_AXIS_SHARE = 0.8  # the value axis's labels, the smallest text, against the type size
UNIT_SHARE = 0.85  # the unit's line above the chart (as the slides PDF's drawing sets it)
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


@dataclass(frozen=True)
class FittedChart:
    """A chart placed on a slide: its rectangle (inches), type size (points), data and note."""

    rect: Rect
    size: float
    data: ChartData
    labels: tuple[str, ...] = ()  # the categories broken into lines as the fitting broke them
    unit_label: str = ""  # "单位：%", in a line of its own above the chart
    unit_rect: Rect | None = None
    note: str = ""
    note_rect: Rect | None = None
    note_size: float = 0
    area: Rect | None = None  # the unit's line and the chart: what the slides PDF's SVG fills
    turned: bool = False  # the value labels stand upright: wider than their columns
    smallest: float = SMALLEST_TEXT  # points: no text of it smaller, in the slides PDF too


def fit_chart(fitter: Measures, base: Slide, planned: PlannedSlide, area: Rect) -> Slide:
    """Return the chart's slide: the chart in the body box, its note under it."""
    chart = planned.chart
    assert chart is not None
    note, note_size, note_height = fitter.text_under(chart.note, area)
    unit_rect = None
    if chart.unit_label:  # room for it at the largest size the chart may take
        size = max(fitter.sizes.body * UNIT_SHARE, SMALLEST_TEXT)
        unit_rect = (area[0], area[1], area[2],
                     (fitter.regular.line_height(size) + 0.1 * PT_PER_INCH) / PT_PER_INCH)
    top = area[1] + (unit_rect[3] if unit_rect else 0)
    height = area[1] + area[3] - top - (note_height + GAP if note else 0)
    rect = (area[0], top, area[2], height)
    data = chart.data()
    size = chart_size(fitter, data, rect)
    labels = category_labels(fitter, data, rect, size)
    note_rect = (area[0], top + height + GAP, area[2], note_height) if note else None
    return replace(base, chart=FittedChart(rect, size, data, labels, chart.unit_label, unit_rect,
                                           note, note_rect, note_size,
                                           (area[0], area[1], area[2], top + height - area[1]),
                                           turned_values(fitter, data, rect, size)))


def label_width(data: ChartData, rect: Rect) -> float:
    """Return the width (points) a category label may take: a third of the chart's for a bar
    chart's labels, else its share of the width. Renderers turn labels that do not fit rather
    than wrap CJK text, so the labels are given their line breaks."""
    width = rect[2] * PT_PER_INCH
    return width / 3 if data.kind == "bar" else width * 0.8 / len(data.categories)


def chart_size(fitter: Measures, data: ChartData, rect: Rect) -> float:
    """Return the largest type size at which the chart's labels fit its box: category labels
    on one line down to the deck's smallest size, else in two lines, no word broken inside;
    a bar chart's rows (each bar's value label a line) in its height.
    The smallest is chart_minimum's, whatever the theme's minimum."""
    height = rect[3] * PT_PER_INCH
    width = label_width(data, rect)
    smallest = chart_minimum(fitter)
    widest = max((piece for c in data.categories for piece in fitting.tokens(c)),
                 key=lambda piece: fitter.regular.width(piece, 1.0))
    for most, lowest in ((1, max(fitter.sizes.minimum, smallest)), (2, smallest)):  # one line
        for size in sizes_between(fitter.sizes.body, lowest):
            if fitter.regular.width(widest, size) > width and size > smallest:
                continue  # a word would break inside (Northbridge-upon-Tha / mes)
            lines = max(len(label_lines(fitter, c, width, size)) for c in data.categories)
            if data.kind == "bar":
                rows = len(data.categories) * max(lines * fitter.regular.line_height(size),
                                                   len(data.series) * size * 1.25)
                if lines <= most and rows <= height * 0.8:
                    return size
            elif lines <= most:
                return size
    return smallest


def chart_minimum(fitter: Measures) -> float:
    """Return the smallest type size of a chart: the one whose value-axis labels are
    SMALLEST_TEXT (what cannot be set so large is cut with …, whole in the table and the
    notes)."""
    return float(math.ceil(SMALLEST_TEXT / VALUE_AXIS_SHARE))


def label_lines(fitter: Measures, category: str, width: float, size: float) -> list[str]:
    """Return a category label's lines in a width (points): broken between word groups, as
    even as can be, never a character alone on the last line — as a title is broken, its
    phrases kept whole (达到或好于, 饮用水水源)."""
    return title_lines(fitter.regular, category, width, size, fitter.chinese, label_groups)


def category_labels(fitter: Measures, data: ChartData, rect: Rect, size: float
                    ) -> tuple[str, ...]:
    """Return the category labels with the line breaks the fitting chose, each at most three
    lines (the last cut with … when it must be: the table and the notes keep it whole)."""
    width = label_width(data, rect)
    found = []
    for category in data.categories:
        lines = label_lines(fitter, category, width, size)
        if len(lines) > 3:
            lines = lines[:2] + [fitting.shorten_to_fit(
                fitter.regular, "".join(lines[2:]), fitting.Box(width, fitter.regular
                                                                .line_height(size)), size)]
        found.append("\n".join(lines))
    return tuple(found)


def turned_values(fitter: Measures, data: ChartData, rect: Rect, size: float) -> bool:
    """Tell whether a column chart's value labels must turn upright: wider than their bars."""
    if data.kind != "column":
        return False
    bar = rect[2] * PT_PER_INCH * 0.7 / (len(data.categories) * len(data.series))
    return max(fitter.regular.width(t, size * 0.9) for s in data.series for t in s.texts) > bar


KINDS = {"column": "COLUMN_CLUSTERED", "bar": "BAR_CLUSTERED", "line": "LINE_MARKERS"}
DASHES = ("SOLID", "DASH", "ROUND_DOT", "LONG_DASH_DOT")  # lines told apart in grey print
MARKERS = ("CIRCLE", "SQUARE", "TRIANGLE", "DIAMOND")


def draw_chart(writer, slide, fitted: FittedChart) -> None:
    """Draw a fitted chart as a native chart (with its workbook) and its note under it."""
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import (
        XL_CHART_TYPE,
        XL_LABEL_POSITION,
        XL_LEGEND_POSITION,
        XL_MARKER_STYLE,
    )
    from pptx.enum.dml import MSO_LINE_DASH_STYLE
    from pptx.util import Inches, Pt

    data, c, size = fitted.data, writer.colors, fitted.size
    values = CategoryChartData(number_format="General")
    values.categories = list(fitted.labels)
    for series in data.series:
        values.add_series(series.name, list(series.values))
    frame = slide.shapes.add_chart(getattr(XL_CHART_TYPE, KINDS[data.kind]),
                                   *(Inches(v) for v in fitted.rect), values)
    frame.name = f"Chart: {data.title}"
    frame._element.nvGraphicFramePr.cNvPr.set("descr", "\n".join(
        n for n in writer_notes(fitted) if n))
    chart = frame.chart
    positive_axis_ids(chart._chartSpace)
    chart.has_title = False  # the slide's title names it
    chart.has_legend = len(data.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    colours = series_fills(writer.theme, len(data.series))
    plot = chart.plots[0]
    plot.vary_by_categories = False
    if data.kind != "line":
        plot.gap_width = 60
        plot.overlap = 0
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.show_value = True
    labels.number_format, labels.number_format_is_linked = "General", False
    labels.position = XL_LABEL_POSITION.ABOVE if data.kind == "line" \
        else XL_LABEL_POSITION.OUTSIDE_END
    for index, series in enumerate(plot.series):
        colour = RGBColor.from_string(colours[index][1:])
        if data.kind == "line":
            series.smooth = False
            series.format.line.color.rgb = colour
            series.format.line.width = Pt(2.5)
            series.format.line.dash_style = getattr(MSO_LINE_DASH_STYLE,
                                                    DASHES[index % len(DASHES)])
            series.marker.style = getattr(XL_MARKER_STYLE, MARKERS[index % len(MARKERS)])
            series.marker.size = 7
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = colour
            series.marker.format.line.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = colour
        not_exact(writer, series, data.series[index], data.kind, colour, size * 0.9)
    ticks = data.ticks()
    value_axis, category_axis = chart.value_axis, chart.category_axis
    value_axis.minimum_scale, value_axis.maximum_scale = ticks[0], ticks[-1]
    value_axis.major_unit = ticks[1] - ticks[0]
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor.from_string(c.rule[1:])
    value_axis.major_gridlines.format.line.width = Pt(0.75)
    value_axis.format.line.color.rgb = RGBColor.from_string(c.rule[1:])
    category_axis.format.line.color.rgb = RGBColor.from_string(c.muted[1:])
    category_axis.has_major_gridlines = False
    if data.kind == "bar":
        category_axis.reverse_order = True  # the table's first row on top
        chart._chartSpace.xpath(".//c:valAx/c:crosses")[0].set("val", "max")  # values below
    if fitted.unit_label:
        writer.text_box(slide, fitted.unit_rect, fitted.unit_label,
                        max(round(size * UNIT_SHARE), SMALLEST_TEXT), color=c.muted, name="Unit")
    text_properties(writer, chart.font._rPr, size, c.text)
    text_properties(writer, labels.font._rPr, size * 0.9, c.text)
    if fitted.turned:
        labels.font._rPr.getparent().getparent().getparent().find(f"{{{A}}}bodyPr").set(
            "rot", "-5400000")
        for body in chart._chartSpace.xpath(".//c:ser/c:dLbls/c:txPr/a:bodyPr"):
            body.set("rot", "-5400000")  # a series' own labels (not_exact) turn too
    skip = category_axis._element.makeelement(f"{{{C}}}tickLblSkip", {"val": "1"})
    category_axis._element.find(f"{{{C}}}noMultiLvlLbl").addprevious(skip)  # every label
    text_properties(writer, value_axis.tick_labels.font._rPr, size * VALUE_AXIS_SHARE, c.muted)
    text_properties(writer, category_axis.tick_labels.font._rPr, size, c.text)
    if chart.has_legend:
        text_properties(writer, chart.legend.font._rPr, size * 0.9, c.text)
    if fitted.note:
        writer.text_box(slide, fitted.note_rect, fitted.note, fitted.note_size, color=c.muted,
                        name="Note")


def not_exact(writer, series, data, kind: str, colour, size: float) -> None:
    """Mark each value that is not exact (>85, 62左右): an open marker or a hollow, dashed
    bar, and its data label the cell as printed."""
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_LABEL_POSITION
    from pptx.enum.dml import MSO_LINE_DASH_STYLE
    from pptx.util import Pt

    if not any(data.is_approximate(i) for i in range(len(data.texts))):
        return
    # a point's own label makes the series hold labels of its own: they show what the plot's do
    own = series.data_labels
    own.show_value = True
    own.number_format, own.number_format_is_linked = "General", False
    own.position = XL_LABEL_POSITION.ABOVE if kind == "line" else XL_LABEL_POSITION.OUTSIDE_END
    text_properties(writer, own.font._rPr, size, writer.colors.text)
    for index, text in enumerate(data.texts):
        if not data.is_approximate(index):
            continue
        point = series.points[index]
        if kind == "line":
            point.marker.format.fill.solid()
            point.marker.format.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            point.marker.format.line.color.rgb = colour
            point.marker.format.line.width = Pt(2)
        else:
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            point.format.line.color.rgb = colour
            point.format.line.width = Pt(2)
            point.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        label = point.data_label
        frame = label.text_frame
        frame.text = text
        label.position = XL_LABEL_POSITION.ABOVE if kind == "line" \
            else XL_LABEL_POSITION.OUTSIDE_END
        text_properties(writer, frame.paragraphs[0].runs[0]._r.get_or_add_rPr(), size,
                        writer.colors.text)


def positive_axis_ids(space) -> None:
    """Renumber a chart's axes 1, 2, …: python-pptx's templates use negative ids, which the
    schema (an unsigned int) does not allow."""
    ids: dict[str, str] = {}
    for element in space.xpath(".//c:axId | .//c:crossAx"):
        element.set("val", ids.setdefault(element.get("val"), str(len(ids) + 1)))


def writer_notes(fitted: FittedChart) -> list[str]:
    """Return the chart in words for its frame's description: title, then each series."""
    data = fitted.data
    lines = [data.title, fitted.unit_label]
    lines += [f"{s.name}: " + ", ".join(f"{c} {t}" for c, t in zip(data.categories, s.texts))
              for s in data.series]
    return lines + [fitted.note]


def text_properties(writer, rpr, size: float, colour: str) -> None:
    """Give a chart's default text properties (a:defRPr) a size, a colour, Latin and East
    Asian typefaces and a language, as the deck's runs have."""
    for child in list(rpr):
        rpr.remove(child)
    rpr.set("sz", str(int(round(size * 100))))
    rpr.set("b", "0")
    rpr.set("lang", writer.chinese_lang if writer.b.is_chinese else writer.latin_lang)
    if writer.b.is_chinese:
        rpr.set("altLang", "en-US")
    end = rpr.getparent().getparent().find(f"{{{A}}}endParaRPr")
    if end is not None:
        end.set("lang", rpr.get("lang"))
    fill = etree.SubElement(rpr, f"{{{A}}}solidFill")
    etree.SubElement(fill, f"{{{A}}}srgbClr", val=colour.lstrip("#").upper())
    etree.SubElement(rpr, f"{{{A}}}latin", typeface=writer.fonts.latin)
    etree.SubElement(rpr, f"{{{A}}}ea", typeface=writer.fonts.east_asian)
