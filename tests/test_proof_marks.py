"""The layout proof learns Chinese punctuation: loose adjacent marks, half-width quotes and
colons, and a figure caption printed without its figure."""

from __future__ import annotations

from briefing.proof.lines import Glyph, Line
from briefing.proof.marks import captions_alone, mark_findings
from briefing.proof.reading import Element, Page


def line(*glyphs: tuple[str, float, float]) -> Line:
    """Return a line of 10 pt glyphs given as (character, x0, x1)."""
    return Line(tuple(Glyph(c, x0, x1, 0, 10, 8, 10.0) for c, x0, x1 in glyphs))


def findings(*glyphs):
    """Return what the proof says of a paragraph of one such line."""
    text = "".join(c for c, _, _ in glyphs)
    return [str(f) for f in mark_findings("x.pdf", 3, Element("P", [line(*glyphs)],
                                                              "paragraph", text))]


def test_two_marks_a_whole_em_apart_are_loose_punctuation():
    assert findings(("划", 0, 10), ("》", 10, 20), ("（", 20, 30), ("以", 30, 40)) == [
        "x.pdf:3: warning: loose punctuation: paragraph '划》（以': '》（' in line '划》（以'"
        " leave a whole blank em between the marks; they are compressed to half"]


def test_compressed_marks_and_marks_in_cells_apart_are_not():
    assert findings(("划", 0, 10), ("》", 10, 20), ("（", 15, 25), ("以", 25, 35)) == []
    assert findings(("〕", 0, 10), ("〔", 60, 70)) == []  # two cells of a table row


def test_a_narrow_quote_in_chinese_text_is_a_half_width_mark():
    assert findings(("护", 0, 10), ("“", 10, 13.5), ("十", 13.5, 23.5)) == [
        "x.pdf:3: warning: half-width mark: paragraph '护“十': '“' in line '护“十' is set"
        " half-width in Chinese text; it takes a full-width CJK mark"]


def test_full_width_quotes_and_latin_quotes_in_latin_text_are_not():
    assert findings(("护", 0, 10), ("“", 10, 20), ("十", 20, 30)) == []
    assert findings(("a", 0, 5), ("“", 5, 8.5), ("b", 8.5, 13.5)) == []


def test_a_figure_caption_on_a_page_without_its_figure_is_a_caption_alone():
    caption = Element("Caption", [line(("图", 0, 10), ("一", 10, 20))], "figure caption", "图一")
    alone = Page(2, 595, 842, [caption])
    shown = Page(3, 595, 842, [Element("Figure", [], "figure"), caption])
    assert [str(f) for f in captions_alone("h.pdf", [alone, shown])] == [
        "h.pdf:2: warning: caption alone: figure caption '图一' is printed without its figure"]
