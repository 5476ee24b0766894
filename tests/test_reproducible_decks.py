"""A deck's bytes depend on its content only: the chart workbooks inside it are dated the
briefing's date, not by the clock."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile

from briefing.builder.files import normalised_zip
from briefing.builder.pipeline import build

from .conftest import CHARTS_CONTENT

CLOCK_CORE = (b'<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">'
              b"2026-12-04T21:02:22Z</dcterms:created><dcterms:modified"
              b' xsi:type="dcterms:W3CDTF">2026-12-04T21:02:22Z</dcterms:modified>'
              b"</cp:coreProperties>")


def zipped(entries: dict[str, bytes]) -> bytes:
    """Return a zip of the entries, dated by the clock."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return out.getvalue()


def test_a_workbook_inside_a_deck_is_dated_the_briefings_date():
    deck = zipped({"ppt/embeddings/Microsoft_Excel_Sheet1.xlsx":
                   zipped({"docProps/core.xml": CLOCK_CORE, "xl/workbook.xml": b"<w/>"})})
    normal = normalised_zip(deck, dt.date(2022, 5, 20))
    with zipfile.ZipFile(io.BytesIO(normal)) as package:
        inner = package.read("ppt/embeddings/Microsoft_Excel_Sheet1.xlsx")
        assert package.infolist()[0].date_time == (2022, 5, 20, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(inner)) as workbook:
        core = workbook.read("docProps/core.xml")
        assert {i.date_time for i in workbook.infolist()} == {(2022, 5, 20, 0, 0, 0)}
    assert core.count(b">2022-05-20T00:00:00Z<") == 2 and b"2026" not in core


def test_a_deck_with_charts_built_twice_a_second_apart_is_the_same_bytes(tmp_path):
    first = build(CHARTS_CONTENT, outputs=("pptx",), out_dir=tmp_path / "a")
    time.sleep(1.1)
    second = build(CHARTS_CONTENT, outputs=("pptx",), out_dir=tmp_path / "b")
    assert first.ok and second.ok
    assert first.written[0].path.read_bytes() == second.written[0].path.read_bytes()
