"""A table's chart option -> the data a chart draws: categories, series of values, the unit,
and the cells left out because they hold no number; and every reason a chart option
cannot be drawn, as (key path below the block, message) pairs for the loader to position.

A plain number is digits with an optional sign, decimal point, thousands commas (1,234) and a
trailing % — 48, -3.5, 71.6%, 1,234. A bound or an estimate of one (>85, <5, ≥90, 约42,
62左右, 90以上) is plotted at its number, marked as not exact and labelled as printed. A cell
with no number (〔18〕, -, 有效保障, an empty cell) is left out of the chart, never guessed: the
row's label is marked with † and the cell is listed in a note under the chart.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass

from . import limits
from .model import ChartSpec, TableBody, quoted

PLAIN_NUMBER = re.compile(r"[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*[%％]?")
UNIT_COLUMNS = ("单位", "unit", "units")  # a column headed so holds the units, by default
NO_UNIT = {"", "-", "—", "/"}
MARK = "†"  # after the label of a row with a value left out
BEFORE = r"[>＞<＜≥≤⩾⩽≈~～]|约|不低于|不高于|不少于|不超过|不大于|不小于|大于|小于|高于|低于|超过"
AFTER = r"左右|以上|以下|以内|上下|之内"
APPROXIMATE = re.compile(rf"(?:{BEFORE})\s*(?P<number>{PLAIN_NUMBER.pattern})"
                         rf"|(?P<estimate>{PLAIN_NUMBER.pattern})\s*(?:{AFTER})")


def plain_number(cell: str) -> float | None:
    """Return the number a cell holds when it is a plain number, else None."""
    text = cell.strip()
    if not PLAIN_NUMBER.fullmatch(text):
        return None
    return float(text.rstrip("%％ ").replace(",", "").replace("−", "-"))


def approximate_number(cell: str) -> float | None:
    """Return the number of a bound or an estimate (>85, ≥90, 约42, 62左右), else None."""
    found = APPROXIMATE.fullmatch(cell.strip())
    if found is None:
        return None
    return plain_number(found.group("number") or found.group("estimate"))


def cell_number(cell: str) -> float | None:
    """Return the number a chart plots for a cell, exact or not, else None (left out)."""
    exact = plain_number(cell)
    return exact if exact is not None else approximate_number(cell)


@dataclass(frozen=True)
class LeftOut:
    """A cell of a charted row with no number: its row, its column, its text."""

    row: str
    column: str
    cell: str


@dataclass(frozen=True)
class Series:
    """A series of a chart: its name as shown, its values (None where left out), the cells
    as written, which the data labels show, and which values are not exact (>85, 62左右)."""

    name: str
    values: tuple[float | None, ...]
    texts: tuple[str, ...]
    approximate: tuple[bool, ...] = ()

    def is_approximate(self, index: int) -> bool:
        """Tell whether the value at an index is a bound or an estimate, not exact."""
        return index < len(self.approximate) and self.approximate[index]


@dataclass(frozen=True)
class ChartData:
    """What a chart draws, whatever draws it (SVG for the PDFs, a native chart in the deck)."""

    kind: str  # column, bar or line
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str  # "" when the table has no units
    left_out: tuple[LeftOut, ...]

    @property
    def bounds(self) -> tuple[float, float]:
        """Return the smallest and largest value drawn."""
        values = [v for s in self.series for v in s.values if v is not None]
        return min(values), max(values)

    @property
    def is_percent(self) -> bool:
        """Tell whether the values are percentages: the unit is %, or every cell ends so."""
        texts = [t for s in self.series for t, v in zip(s.texts, s.values) if v is not None]
        return self.unit in ("%", "％") or all(t.endswith(("%", "％")) for t in texts)

    def ticks(self, count: int = 5) -> list[float]:
        """Return the value axis's ticks, round numbers (1, 2, 2.5 or 5 × 10ⁿ apart) covering
        every value: from 0 for columns and bars, and for a line whose values come near 0."""
        low, high = self.bounds
        from_zero = self.kind != "line" or (low >= 0 and low < high * 0.5)
        low, high = (min(low, 0), max(high, 0)) if from_zero else (low, high)
        if high - low <= max(abs(high), abs(low)) * 1e-9:  # equal, or as good as (1e16, 1e16+2)
            pad = max(abs(high) * 0.1, 1.0)
            high, low = high + pad, low - (0 if from_zero else pad)
        rough = (high - low) / count
        power = 10 ** math.floor(math.log10(rough))
        step = next(k * power for k in (1, 2, 2.5, 5, 10) if k * power >= rough)
        start = math.floor(low / step) * step
        steps = max(1, math.ceil((high - start) / step - 1e-9))  # count + 1 at most
        ticks = [start + i * step for i in range(steps + 1)]
        if self.is_percent and high <= 100 and ticks[-1] >= 100:
            return [tidy(t) for t in ticks if t < 100 - 1e-9] + [100]  # nothing over 100
        if self.kind != "bar" and ticks[-1] - high < 0.1 * (ticks[-1] - ticks[0]):
            ticks.append(ticks[-1] + step)  # room for the labels above the highest values
        return [tidy(t) for t in ticks]


def tidy(value: float) -> float:
    """Return a tick's value without its float noise (0.30000000000000004 → 0.3), to twelve
    significant digits, whatever its magnitude."""
    return float(f"{value:.12g}")


def column_index(table: TableBody, name: str) -> int | None:
    """Return the index of a column by its header, or None."""
    return table.columns.index(name) if name in table.columns else None


def unit_column(table: TableBody, spec: ChartSpec) -> int | None:
    """Return the index of the column of units: the one the chart names, else one headed 单位,
    Unit or Units, else None."""
    if spec.unit:
        return column_index(table, spec.unit)
    return next((i for i, c in enumerate(table.columns) if c.strip().lower() in UNIT_COLUMNS),
                None)


def _charted_rows(table: TableBody, spec: ChartSpec, label: int, values: list[int]
                  ) -> list[list[str]]:
    """Return the rows a chart draws: the named ones in the order named, or every row with a
    number in a plotted column."""
    rows = table.data_rows
    if spec.rows is None:
        return [row for row in rows if any(cell_number(row[i]) is not None for i in values)]
    by_label = {row[label]: row for row in reversed(rows)}
    return [by_label[name] for name in spec.rows if name in by_label]


def chart_problems(table: TableBody, spec: ChartSpec) -> list[tuple[tuple, str]]:
    """Return why a chart of a table cannot be drawn, each at its key path under the block."""
    found: list[tuple[tuple, str]] = []

    def unknown(path: tuple, name: str) -> None:
        close = difflib.get_close_matches(name, table.columns, n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else \
            f"; the columns are {', '.join(table.columns)}"
        found.append((path, f"no column {quoted(name)}{hint}"))

    label = 0
    if spec.label is not None:
        label = column_index(table, spec.label)
        if label is None:
            unknown(("chart", "label"), spec.label)
    if spec.unit is not None and column_index(table, spec.unit) is None:
        unknown(("chart", "unit"), spec.unit)
    values = []
    for i, name in enumerate(spec.values):
        index = column_index(table, name)
        if index is None:
            unknown(("chart", "values", i), name)
        elif index == label:
            found.append((("chart", "values", i), f"{quoted(name)} names the rows; it cannot"
                          " be plotted too"))
        elif index in values:
            found.append((("chart", "values", i), f"{quoted(name)} is named twice"))
        else:
            values.append(index)
    if found:
        return found
    labels = [row[label] for row in table.data_rows]
    for i, name in enumerate(spec.rows or []):
        if name not in labels:
            close = difflib.get_close_matches(name, labels, n=1, cutoff=0.5)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            found.append((("chart", "rows", i), f"no row labelled {quoted(name)} in column"
                          f" '{table.columns[label]}'{hint}"))
        elif labels.count(name) > 1:
            found.append((("chart", "rows", i), f"{labels.count(name)} rows are labelled"
                          f" {quoted(name)}; a chart names each row once"))
        elif all(cell_number(table.data_rows[labels.index(name)][v]) is None for v in values):
            cells = ", ".join(quoted(table.data_rows[labels.index(name)][v]) for v in values)
            found.append((("chart", "rows", i), f"the row {quoted(name)} has no number in the"
                          f" plotted columns ({cells}); leave it out"))
    unit = column_index(table, spec.unit) if spec.unit is not None else None
    if unit is not None and (unit == label or unit in values):
        found.append((("chart", "unit"), f"{quoted(spec.unit)} is "
                      + ("the column that names the rows" if unit == label else "plotted")
                      + "; chart.unit names the column of units (such as 单位)"))
    if found:
        return found
    rows = _charted_rows(table, spec, label, values)
    if not rows:
        return [(("chart",), "nothing to plot: no row has a number (such as 48, 71.6 or >85)"
                 f" in {', '.join(spec.values)}")]
    found += _unit_problems(table, spec, rows, label)
    series_count, categories = (len(values), len(rows)) if _by_columns(spec) else \
        (len(rows), len(values))
    if series_count > limits.CHART_SERIES:
        found.append((("chart",), f"the chart would have {series_count} series; at most"
                      f" {limits.CHART_SERIES}: choose fewer with chart.rows or chart.values"))
    if categories > limits.CHART_CATEGORIES:
        found.append((("chart",), f"the chart would have {categories} categories; at most"
                      f" {limits.CHART_CATEGORIES}: choose fewer with chart.rows or"
                      " chart.values"))
    elif series_count * categories > limits.CHART_VALUES:
        found.append((("chart",), f"the chart would draw {series_count * categories} values;"
                      f" at most {limits.CHART_VALUES}: choose fewer with chart.rows"))
    return found


def _unit_problems(table: TableBody, spec: ChartSpec, rows: list[list[str]], label: int
                   ) -> list[tuple[tuple, str]]:
    """Return an error when the charted rows are in different units: one value axis cannot
    hold µg/m³ and % without misleading the reader."""
    units = unit_column(table, spec)
    if units is None:
        return []
    by_unit: dict[str, list[str]] = {}
    for row in rows:
        by_unit.setdefault(row[units].strip(), []).append(row[label])
    by_unit = {unit: names for unit, names in by_unit.items() if unit not in NO_UNIT}
    if len(by_unit) <= 1:
        return []
    listed = "; ".join(f"{unit}: {', '.join(names[:3])}{' …' if len(names) > 3 else ''}"
                       for unit, names in by_unit.items())
    return [(("chart",), f"the rows charted are in {len(by_unit)} units ({listed}); a chart has"
             " one value axis: choose rows of one unit with chart.rows")]


def _by_columns(spec: ChartSpec) -> bool:
    """Tell whether each value column is a series (rows are the categories)."""
    return (spec.series or ("rows" if spec.kind == "line" else "columns")) == "columns"


def _series(name: str, cells: list[str]) -> Series:
    """Return a series of cells: each plotted at its number, exact or not, or left out."""
    return Series(name, tuple(cell_number(c) for c in cells), tuple(c.strip() for c in cells),
                  tuple(plain_number(c) is None and cell_number(c) is not None for c in cells))


def chart_data(table: TableBody, spec: ChartSpec) -> ChartData:
    """Return what a (valid) chart draws."""
    label = column_index(table, spec.label) if spec.label else 0
    values = [column_index(table, name) for name in spec.values]
    rows = _charted_rows(table, spec, label, values)
    left_out = tuple(LeftOut(row[label], table.columns[v], row[v]) for row in rows
                     for v in values if cell_number(row[v]) is None)
    marked = {item.row for item in left_out}
    names = [row[label] + (MARK if row[label] in marked else "") for row in rows]
    if _by_columns(spec):
        categories = names
        series = [_series(table.columns[v], [row[v] for row in rows]) for v in values]
    else:
        categories = [table.columns[v] for v in values]
        series = [_series(name, [row[v] for v in values]) for name, row in zip(names, rows)]
    units = unit_column(table, spec)
    unit = next((row[units].strip() for row in rows if units is not None
                 and row[units].strip() not in NO_UNIT), "")
    return ChartData(kind=spec.kind, title=spec.title or table.caption,
                     categories=tuple(categories), series=tuple(series), unit=unit,
                     left_out=left_out)
