"""A table's grid of cells, as a web page's markup or a Word file has it -> the draft's table:
the first row the header, a row of one cell spanning the table (or one cell and the rest
empty) a group row, every other row padded or cut to the header's width. A table with no
row of cells is none."""

from __future__ import annotations

TABLE_LINE = "\ufffc"  # the line a table stands on in the text (the object replacement character)
Grid = list[list[tuple[str, int]]]  # rows of (text, columns spanned)


def table_of(grid: Grid) -> dict | None:
    """Return the columns and rows of a grid, or None when it holds no row of cells."""
    grid = [row for row in grid if row]
    if len(grid) < 2:
        return None
    width = max(sum(span for _, span in row) for row in grid)

    def spread(row: list[tuple[str, int]]) -> list[str]:
        """Return a row's cells, a spanning cell followed by empty ones."""
        cells = [c for text, span in row for c in [text] + [""] * (span - 1)]
        return (cells + [""] * width)[:width]

    rows: list = []
    for row in grid[1:]:
        texts = [text for text, _ in row if text]
        spans_all = len(row) == 1 and row[0][1] >= max(width - 1, 2)
        alone = width > 2 and len(texts) == 1 and row[0][0] and \
            not any(text for text, _ in row[1:])  # 供水能力 and empty cells after it
        if texts and (spans_all or alone):
            rows.append({"group": texts[0]})
        elif texts:
            rows.append(spread(row))
    if not any(isinstance(r, list) for r in rows):
        return None
    return {"columns": spread(grid[0]), "rows": rows}
