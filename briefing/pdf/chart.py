"""Chart data -> a vector chart as SVG (templates/charts/chart.svg.j2), laid out here with the
real fonts' advance widths, so that labels wrap, shrink or turn instead of overlapping.

One unit of the SVG is one point. The drawing is a list of primitives (rectangles, lines,
circles, polylines, texts); the template writes them, escaped. Values are drawn as text
(data labels), so that they copy and are read; the <title> is the chart's description, which
WeasyPrint puts into the tagged PDF as the Figure's alternate text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from ..content.charts import ChartData
from ..design.chars import is_wide, stands_alone, tokens
from ..design.fonts import metrics
from ..design.phrases import balanced_lines, label_groups, tied_groups
from ..design.templating import render

LINE = 1.25  # line height of chart texts, in em
MISSING = "—"  # drawn where a value is left out
MIN_SHARE = 0.75  # labels shrink to this share of the chart's type size before they wrap more
DASHES = ("", "6 3", "1.5 2.5", "8 3 2 3")  # a line per series, told apart in grey print
HOLLOW = "#FFFFFF"  # the open end of a bar, the open dot of a value that is not exact


@dataclass
class Drawing:
    """What the template draws: primitives in points, on a width × height canvas."""

    width: float
    height: float
    family: str
    rects: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    polylines: list[dict] = field(default_factory=list)
    circles: list[dict] = field(default_factory=list)
    texts: list[dict] = field(default_factory=list)
    smallest: float = 0.0  # no text smaller (a slide's chart is read across a room)

    def text(self, x: float, y: float, text: str, size: float, fill: str, anchor: str = "start",
             bold: bool = False, rotate: bool = False) -> None:
        """Add a text whose baseline starts (or centres, or ends) at x, y, at least `smallest`
        large."""
        size = max(size, self.smallest)
        self.texts.append({"x": r(x), "y": r(y), "text": text, "size": r(size), "fill": fill,
                           "anchor": anchor, "bold": bold, "rotate": rotate})


def r(value: float) -> float:
    """Return a coordinate rounded to a hundredth of a point (stable, short output)."""
    return round(value, 2)


class TextMeasure:
    """Advance widths of a pair of the PDF's faces (a chart's labels, the running head, the
    handout's title): a CJK face for wide characters, a Latin one else."""

    def __init__(self, latin: str, east_asian: str, bold: bool = False):
        self.latin, self.east_asian = metrics(latin, bold), metrics(east_asian, bold)

    def width(self, text: str, size: float) -> float:
        """Return the width of text at a size, in points."""
        total = 0.0
        for char in text:
            wide = is_wide(char) or (stands_alone(char) and not char.isascii())
            face = self.east_asian if wide or self.latin is None else self.latin
            total += face.width(char) if face else 1.0
        return total * size

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        """Break a label into lines no wider than width (points), as a title is broken:
        between phrases (label_groups: 达到或好于, 饮用水水源), in lines as even as can be, the
        last holding at least two characters or words; a group wider than a line is broken as
        fill() breaks it."""
        lines = balanced_lines(tied_groups(text, label_groups(text)),
                               lambda line: self.width(line, size), width)
        lines = [part for line in lines
                 for part in (self.fill(line, width, size)
                              if self.width(line, size) > width else [line])]
        widest = max(self.width(line, size) for line in lines)
        if widest <= width:
            return lines
        filled = self.fill(text, width, size)  # no room for the tie or a group: fill the lines
        return filled if max(self.width(line, size) for line in filled) < widest else lines

    def fill(self, text: str, width: float, size: float) -> list[str]:
        """Break text into lines no wider than width: between CJK characters, at spaces,
        never inside a Latin word or a number; a closing mark stays with what it closes."""
        lines, line = [], ""
        for piece in tokens(text):
            if line and self.width(line + piece, size) > width and not _closes(piece):
                lines.append(line.rstrip())
                line = piece.lstrip()
            else:
                line += piece
        return [*lines, line.rstrip()] if line.strip() else lines or [""]


def _closes(piece: str) -> bool:
    """Tell whether a piece may not start a line (a closing mark, a pause, †)."""
    return piece[:1] in "、，。：；！？）》”’】〕…†%"


def tick_text(value: float) -> str:
    """Return a tick's label: no trailing .0."""
    return f"{value:.10g}"


@dataclass(frozen=True)
class Style:
    """How a chart looks: its colours, its faces and its type size (points)."""

    series: tuple[str, ...]
    text: str
    muted: str
    rule: str
    family: str  # CSS font-family list
    latin: str  # installed faces, for measuring
    east_asian: str
    size: float
    smallest: float = 0.0  # points: the smallest text the chart may have


class Layout:
    """Lays out one chart in a box of a given width (and height, or one of its own)."""

    def __init__(self, data: ChartData, style: Style, width: float, height: float | None,
                 unit_label: str, max_height: float | None = None):
        self.data, self.style = data, style
        self.fixed = height is not None  # a slide's box; else the chart takes its own height
        self.max_height = max_height or width * 1.2
        self.measure = TextMeasure(style.latin, style.east_asian)
        self.size = style.size
        self.small = style.size * 0.85
        self.unit_label = unit_label
        self.width = width
        self.height = height or width * (0.5 if data.kind != "bar" else 0.1)
        self.drawing = Drawing(width, self.height, style.family, smallest=style.smallest)

    # --- parts every kind has ------------------------------------------------------------

    def legend(self, top: float) -> float:
        """Draw the legend (only for several series) from `top`; return where it ends."""
        if len(self.data.series) < 2:
            return top
        x, row, gap = 0.0, 0, self.size
        box = self.size * (1.6 if self.data.kind == "line" else 0.7)
        for index, series in enumerate(self.data.series):
            wide = box + self.size * 0.35 + self.measure.width(series.name, self.size)
            if x and x + wide > self.width:
                x, row = 0.0, row + 1
            y = top + row * self.size * LINE
            if self.data.kind == "line":  # a stretch of the line, dashed as it is
                middle = r(y + self.size * 0.55)
                self.drawing.polylines.append({
                    "points": f"{r(x)},{middle} {r(x + box)},{middle}",
                    "stroke": self.colour(index), "dash": DASHES[index % len(DASHES)]})
            else:
                self.drawing.rects.append({"x": r(x), "y": r(y + self.size * 0.2),
                                           "width": r(box), "height": r(box),
                                           "fill": self.colour(index)})
            self.drawing.text(x + box + self.size * 0.35, y + self.size, series.name, self.size,
                              self.style.text)
            x += wide + gap
        return top + (row + 1) * self.size * LINE + self.size * 0.4

    def unit(self, top: float) -> float:
        """Draw the unit above the value axis; return where it ends."""
        if not self.data.unit:
            return top
        self.drawing.text(0, top + self.small, self.unit_label.replace("{}", self.data.unit),
                          self.small, self.style.muted)
        return top + self.small * LINE + self.small * 0.3

    def colour(self, index: int) -> str:
        """Return the fill of a series."""
        return self.style.series[index % len(self.style.series)]

    def wrapped(self, texts: tuple[str, ...], width: float, lines: int) -> tuple[float, list]:
        """Return a size (the chart's, shrunk at most to MIN_SHARE) at which every text wraps
        into at most `lines` lines of a width, and the lines; the last line ends with … when
        even the smallest size needs more."""
        size = self.size
        while True:
            wrapped = [self.measure.wrap(t, width, size) for t in texts]
            if all(len(w) <= lines for w in wrapped) or size <= self.size * MIN_SHARE:
                break
            size = max(size - 0.5, self.size * MIN_SHARE)
        cut = []
        for found in wrapped:
            if len(found) > lines:
                last = found[lines - 1]
                while last and self.measure.width(last + "…", size) > width:
                    last = last[:-1]
                found = found[:lines - 1] + [last + "…"]
            cut.append(found)
        return size, cut

    def value_labels_fit(self, width: float) -> tuple[float, bool]:
        """Return the size of the data labels and whether they must turn (vertical) so that
        each fits the width of its bar."""
        widest = max(self.measure.width(t, 1) for s in self.data.series for t in s.texts)
        for size in (self.small, self.size * MIN_SHARE * 0.85):
            if widest * size <= width * 1.15:
                return size, False
        return self.size * MIN_SHARE * 0.85, True

    def _bar(self, x: float, y: float, width: float, height: float, series: int,
             approximate: bool, end: str) -> None:
        """Draw a bar; one whose value is not exact (>85, 62左右) has a hollow, dashed end."""
        fill = self.colour(series)
        if not approximate:
            self.drawing.rects.append({"x": r(x), "y": r(y), "width": r(width),
                                       "height": r(height), "fill": fill})
            return
        across = end in ("top", "bottom")
        cap = min(self.size * 1.2, (height if across else width))
        solid = {"x": x, "y": y, "width": width, "height": height}
        hollow = dict(solid)
        if end == "top":
            solid.update(y=y + cap, height=height - cap)
            hollow.update(height=cap)
        elif end == "bottom":
            solid.update(height=height - cap)
            hollow.update(y=y + height - cap, height=cap)
        elif end == "right":
            solid.update(width=width - cap)
            hollow.update(x=x + width - cap, width=cap)
        else:
            solid.update(x=x + cap, width=width - cap)
            hollow.update(width=cap)
        if solid["width"] > 0 and solid["height"] > 0:
            self.drawing.rects.append({k: r(v) for k, v in solid.items()} | {"fill": fill})
        inset = 0.6  # the dashed outline inside the bar's box
        self.drawing.rects.append({
            "x": r(hollow["x"] + inset), "y": r(hollow["y"] + inset),
            "width": r(max(hollow["width"] - 2 * inset, 0.1)),
            "height": r(max(hollow["height"] - 2 * inset, 0.1)),
            "fill": HOLLOW, "stroke": fill, "stroke_width": 1.2, "dash": "2.5 1.5"})

    # --- columns and lines (categories across) -------------------------------------------

    def across(self) -> Drawing:
        """Lay out a column or a line chart: categories along the bottom, values up."""
        d, data = self.drawing, self.data
        top = self.unit(self.legend(0))
        line = data.kind == "line"
        ticks = data.ticks()
        labels = [tick_text(t) for t in ticks]
        left = max(self.measure.width(t, self.small) for t in labels) + self.small * 0.6
        plot_width = self.width - left
        slot = plot_width / len(data.categories)
        size, names = self.wrapped(data.categories, slot * 0.92, 3)
        bottom = self.height - max(len(n) for n in names) * size * LINE - size * 0.5
        groups = len(data.series) if not line else 1
        bar = slot * 0.72 / groups
        label_size, turn = self.value_labels_fit(bar if not line else slot * 0.9)
        headroom = (max(self.measure.width(t, label_size) for s in data.series for t in s.texts)
                    if turn else label_size * LINE) + label_size * 0.4
        plot_top = top + headroom

        def y_of(value: float) -> float:
            return bottom - (value - ticks[0]) / (ticks[-1] - ticks[0]) * (bottom - plot_top)

        for tick, text in zip(ticks, labels):
            y = y_of(tick)
            d.lines.append({"x1": r(left), "y1": r(y), "x2": r(self.width), "y2": r(y),
                            "stroke": self.style.rule if tick else self.style.muted,
                            "width": 0.5 if tick else 0.75})
            d.text(left - self.small * 0.4, y + self.small * 0.35, text, self.small,
                   self.style.muted, anchor="end")
        for index, lines in enumerate(names):
            x = left + slot * (index + 0.5)
            for n, text in enumerate(lines):
                d.text(x, bottom + size * (0.5 + LINE * n) + size * 0.9, text, size,
                       self.style.text, anchor="middle")
        if line:
            self._lines(left, slot, y_of, label_size, bottom)
        else:
            self._columns(left, slot, bar, y_of, label_size, turn, ticks)
        return d

    def _columns(self, left, slot, bar, y_of, label_size, turn, ticks) -> None:
        """Draw grouped columns, each with its value above it (or — where left out)."""
        d = self.drawing
        base = y_of(0 if ticks[0] <= 0 <= ticks[-1] else ticks[0])
        for s, series in enumerate(self.data.series):
            for c, (value, text) in enumerate(zip(series.values, series.texts)):
                x = left + slot * c + slot * 0.14 + bar * s
                middle = x + bar / 2
                if value is None:
                    d.text(middle, base - label_size * 0.3, MISSING, label_size,
                           self.style.muted, anchor="middle")
                    continue
                y = y_of(value)
                self._bar(x + bar * 0.04, min(y, base), bar * 0.92, abs(base - y), s,
                          series.is_approximate(c), "top" if y <= base else "bottom")
                above = min(y, base) - label_size * 0.35
                if turn:
                    d.text(middle + label_size * 0.35, above, text, label_size, self.style.text,
                           rotate=True)
                else:
                    d.text(middle, above, text, label_size, self.style.text, anchor="middle")

    def _lines(self, left, slot, y_of, label_size, bottom) -> None:
        """Draw a line per series (broken where a value is left out), a dot per value and its
        label above or, where that would collide with another, below."""
        d = self.drawing
        placed: list[tuple[float, float, float, float]] = []
        for s, series in enumerate(self.data.series):
            colour, dash = self.colour(s), DASHES[s % len(DASHES)]
            run: list[str] = []
            for c, value in enumerate(series.values):
                if value is None:
                    if len(run) > 1:
                        d.polylines.append({"points": " ".join(run), "stroke": colour,
                                            "dash": dash})
                    run = []
                    continue
                run.append(f"{r(left + slot * (c + 0.5))},{r(y_of(value))}")
            if len(run) > 1:
                d.polylines.append({"points": " ".join(run), "stroke": colour, "dash": dash})
        for s, series in enumerate(self.data.series):
            for c, (value, text) in enumerate(zip(series.values, series.texts)):
                if value is None:
                    continue
                x, y = left + slot * (c + 0.5), y_of(value)
                open_dot = series.is_approximate(c)  # an open dot: not exact (>85, 62左右)
                d.circles.append({"cx": r(x), "cy": r(y), "r": r(self.size * 0.22),
                                  "fill": HOLLOW if open_dot else self.colour(s),
                                  "stroke": self.colour(s) if open_dot else "",
                                  "stroke_width": 1.5 if open_dot else 1})
                width = self.measure.width(text, label_size)
                for baseline in (y - label_size * 0.55, y + label_size * 1.3):
                    box = (x - width / 2, baseline - label_size, x + width / 2, baseline + 2)
                    if not any(_overlap(box, other) for other in placed) \
                            and box[3] <= bottom:
                        break
                else:
                    baseline = y - label_size * 0.55
                    box = (x - width / 2, baseline - label_size, x + width / 2, baseline + 2)
                placed.append(box)
                d.text(x, baseline, text, label_size, self.style.text, anchor="middle")

    # --- bars (categories down) ----------------------------------------------------------

    def down(self) -> Drawing:
        """Lay out a bar chart: categories down the left, values to the right."""
        d, data = self.drawing, self.data
        top = self.unit(self.legend(0))
        names_width = self.width * 0.3
        size, names = self.wrapped(data.categories, names_width, 3)
        names_width = max(self.measure.width(line, size) for n in names for line in n) + size
        label_size = self.small
        widest = max(self.measure.width(t, label_size) for s in data.series for t in s.texts)
        ticks = data.ticks()
        left = names_width
        right = self.width - widest - label_size * 0.6
        groups = len(data.series)
        count = len(data.categories)
        row = max(max(len(n) for n in names) * size * LINE + size * 0.8,
                  groups * label_size * 1.6 + size * 0.8, size * 2.4)
        if not self.fixed:  # the chart's own height, at most max_height
            self.height = d.height = min(top + row * count + self.small * 2, self.max_height)
        row = min(row, (self.height - top - self.small * 2) / count)  # the rows share the box
        lines = max(len(n) for n in names)
        if lines * size * LINE > row * 0.95:  # squeezed: the labels shrink to their rows
            size = max(row * 0.95 / (lines * LINE), self.size * MIN_SHARE * 0.7)
        label_size = min(label_size, max(row * 0.62 / groups * 0.95, self.size * 0.5))
        bottom = top + row * count

        def x_of(value: float) -> float:
            return left + (value - ticks[0]) / (ticks[-1] - ticks[0]) * (right - left)

        for tick in ticks:
            x = x_of(tick)
            d.lines.append({"x1": r(x), "y1": r(top), "x2": r(x), "y2": r(bottom),
                            "stroke": self.style.rule if tick else self.style.muted,
                            "width": 0.5 if tick else 0.75})
            d.text(x, bottom + self.small * 1.3, tick_text(tick), self.small, self.style.muted,
                   anchor="middle")
        bar = row * 0.62 / groups
        for c, lines in enumerate(names):
            middle = top + row * (c + 0.5)
            first = middle - (len(lines) - 1) * size * LINE / 2 + size * 0.35
            for n, text in enumerate(lines):
                d.text(left - size * 0.5, first + n * size * LINE, text, size, self.style.text,
                       anchor="end")
            for s, series in enumerate(data.series):
                y = top + row * c + row * 0.19 + bar * s
                value, text = series.values[c], series.texts[c]
                base = x_of(0)
                if value is None:
                    d.text(base + label_size * 0.3, y + bar / 2 + label_size * 0.35, MISSING,
                           label_size, self.style.muted)
                    continue
                end = x_of(value)
                self._bar(min(base, end), y + bar * 0.06, abs(end - base), bar * 0.88, s,
                          series.is_approximate(c), "right" if end >= base else "left")
                d.text(max(base, end) + label_size * 0.3, y + bar / 2 + label_size * 0.35,
                       text, label_size, self.style.text)
        return d


def _overlap(a: tuple, b: tuple) -> bool:
    """Tell whether two boxes (x0, top, x1, bottom) overlap."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def chart_svg(data: ChartData, style: Style, width: float, height: float | None,
              description: str, unit_label: str, max_height: float | None = None) -> Markup:
    """Return a chart as an inline SVG element of width × height points (a height of its own,
    at most max_height, when None), described by `description` (its <title>, the PDF's
    alternate text)."""
    layout = Layout(data, style, width, height, unit_label, max_height)
    drawing = layout.down() if data.kind == "bar" else layout.across()
    return Markup(render("charts/chart.svg.j2", d=drawing, description=description))
