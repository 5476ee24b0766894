"""The internals of WeasyPrint and pydyf that briefing/pdf/engine.py relies on, one test per
internal, each named after what it pins. An upgrade that renames or reshapes one fails here,
under that test's name and with the internal's name in the message, before any build does
somewhere unnamed (docs/engine.md says what each is for and what falls back). Then come the
boundary's own promises: a missing internal is named, and the paths that can do without one
(justifying in place, remembering font subsets, the zlib level) do."""

from __future__ import annotations

import inspect
import subprocess
import sys
import zlib

import pytest

from briefing.pdf import engine, justify, justify_inplace, libraries

SQUARE = ('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
          '<rect width="20" height="10"/></svg>')
PAGE = f"""<html lang="zh-CN"><body>
<p style="text-indent: 2em">示例文字 Text</p>
<table><tr><td>单元</td></tr></table>
{SQUARE}
</body></html>"""
LOADED = ("import re, sys;{setup};"
          "maps = open('/proc/self/maps').read();"
          "print(sorted(set(re.findall(r'/\\S+\\.so[.\\d]*', maps))))")


def parameters(function) -> list[str]:
    """Return the names of a function's parameters, in order."""
    return list(inspect.signature(function).parameters)


@pytest.fixture(scope="module")
def document():
    """A small page laid out by WeasyPrint: a paragraph, a table and a picture."""
    weasyprint = engine.import_weasyprint()
    return weasyprint.HTML(string=PAGE).render(font_config=engine.font_configuration())


@pytest.fixture(scope="module")
def text_box(document):
    """The paragraph's text box, as laid out."""
    kinds = engine.kinds()
    return next(b for b, _ in engine.document_boxes(document) if isinstance(b, kinds.text))


# --- importing WeasyPrint -------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(libraries.linker_cache() is None, reason="no glibc linker cache here")
def test_find_library_answered_from_the_linker_cache_loads_the_same_library_files():
    def loaded(setup: str) -> str:
        return subprocess.run([sys.executable, "-c", LOADED.format(setup=setup)],
                              capture_output=True, text=True, check=True).stdout

    fast = loaded("from briefing.pdf.engine import import_weasyprint; import_weasyprint()")
    plain = loaded("import weasyprint")
    assert fast == plain and "libpango-1.0.so" in fast and "libharfbuzz" in fast


def test_ffi_harfbuzz_subset_is_the_library_the_font_subsetter_uses_or_none():
    found = engine.internal("weasyprint.text.ffi", "harfbuzz_subset")
    assert found is None or hasattr(found, "hb_subset_input_create_or_fail")
    assert engine.internal("weasyprint.pdf.fonts", "harfbuzz_subset") is found
    assert engine.harfbuzz_subset_missing() is (found is None)


def test_text_fonts_font_configuration_is_what_css_and_render_take():
    weasyprint = engine.import_weasyprint()
    config = engine.internal("weasyprint.text.fonts", "FontConfiguration")()
    sheet = weasyprint.CSS(string="p { color: red }", font_config=config)
    assert weasyprint.HTML(string="<p>x</p>").render(font_config=config, stylesheets=[sheet])


def test_urls_url_fetcher_fetch_takes_url_headers_and_its_response_url_body_headers():
    fetcher, response = engine.fetcher_classes()
    assert parameters(fetcher.fetch)[:3] == ["self", "url", "headers"]
    assert {"allowed_protocols", "allow_redirects"} <= set(parameters(fetcher))
    assert parameters(response)[:3] == ["url", "body", "headers"]
    assert response("data:,x", b"body", {"Content-Type": "text/plain"}).read() == b"body"


def test_a_url_fetcher_subclass_serves_what_weasyprint_fetches():
    weasyprint = engine.import_weasyprint()
    fetcher, response = engine.fetcher_classes()
    asked = []

    class Serving(fetcher):
        def fetch(self, url, headers=None):
            asked.append(url)
            return response(url, SQUARE.encode(), {"Content-Type": "image/svg+xml"})

    serving = Serving(allowed_protocols={"briefing-asset"}, allow_redirects=False)
    laid_out = weasyprint.HTML(string='<img src="briefing-asset:square.svg">',
                               url_fetcher=serving).render()
    kinds = engine.kinds()
    assert asked == ["briefing-asset:square.svg"]
    assert any(isinstance(b, kinds.replaced) for b, _ in engine.document_boxes(laid_out))


# --- the box tree ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(engine.BOX_CLASSES.values()))
def test_formatting_structure_boxes_has_the_box_class(name):
    assert isinstance(engine.internal(engine.BOXES, name), type)


def test_document_page_keeps_its_page_box_with_children(document):
    page = document.pages[0]
    assert hasattr(page, "_page_box"), "weasyprint.document.Page has no _page_box"
    area = engine.page_box(page)
    assert isinstance(area, engine.kinds().page) and area.children
    assert area.height > 0 and area.content_box_y() >= 0


def test_a_laid_out_page_holds_every_box_class_the_pdf_modules_tell_apart(document):
    kinds = engine.kinds()
    found = [box for box, _ in engine.document_boxes(document)]
    for field in engine.BOX_CLASSES:
        assert any(isinstance(box, getattr(kinds, field)) for box in found), field


def test_boxes_have_the_geometry_style_and_element_the_pdf_modules_read(document, text_box):
    kinds = engine.kinds()
    line = next(b for b, _ in engine.document_boxes(document) if isinstance(b, kinds.line))
    assert text_box in line.children and line.text_indent > 0
    assert line.element is not None and line.element.tag == "p"
    for name in ("position_x", "position_y", "width", "height", "baseline", "text",
                 "justification_spacing", "padding_left", "padding_right",
                 "border_left_width", "border_right_width"):
        assert isinstance(getattr(text_box, name), (int, float, str)), name
    for name in ("margin_width", "margin_height", "content_box_x", "content_box_y",
                 "border_box_x", "border_box_y", "border_width", "border_height"):
        assert isinstance(getattr(text_box, name)(), (int, float)), name
    for key in ("font_size", "font_family", "font_weight", "font_style", "color",
                "letter_spacing", "direction", "vertical_align", "visibility",
                "background_color", "border_top_width", "border_top_style", "border_top_color"):
        text_box.style[key]  # computed when asked for: a KeyError if it is not a property


# --- text -----------------------------------------------------------------------------------

def test_layout_inline_split_text_box_takes_context_box_available_width_skip():
    split_text_box = engine.internal("weasyprint.layout.inline", "split_text_box")
    assert parameters(split_text_box)[:4] == ["context", "box", "available_width", "skip"]


def test_text_box_copy_with_text_keeps_the_box_and_its_style(text_box):
    copy = text_box.copy_with_text("示例")
    assert type(copy) is type(text_box) and copy.text == "示例"
    assert copy.style is text_box.style and text_box.text == "示例文字 Text"


def test_split_text_box_shapes_a_run_whole_with_its_text_width_and_baseline(text_box):
    shaped = engine.shape_run(text_box, "示例", text_box.style)
    assert isinstance(shaped, engine.kinds().text) and shaped.text == "示例"
    assert 0 < shaped.width < text_box.width and shaped.baseline > 0
    assert shaped.margin_width() == pytest.approx(shaped.width)


def test_split_text_box_spreads_a_run_by_the_letter_spacing_of_a_copied_style(text_box):
    style = text_box.style.copy()
    style["letter_spacing"] = 2.0  # px, as computed from "letter-spacing: 2px"
    plain = engine.shape_run(text_box, "示例文字", text_box.style).width
    spaced = engine.shape_run(text_box, "示例文字", style).width
    assert spaced == pytest.approx(plain + 4 * 2.0, abs=4 / 1024)
    assert text_box.style["letter_spacing"] != 2.0  # the copy is apart from the box's style


def test_text_line_break_split_first_line_takes_text_style_context_max_width_spacing():
    split_first_line = engine.internal("weasyprint.text.line_break", "split_first_line")
    assert tuple(parameters(split_first_line)[:5]) == engine.LINE_PARAMETERS


def test_split_first_line_gives_the_width_the_layout_gives_the_line(text_box):
    assert engine.line_width(text_box.text, text_box.style) \
        == pytest.approx(text_box.width, abs=1e-3)
    assert engine.line_width("示例", text_box.style) < engine.line_width("示例文字", text_box.style)


# --- writing the PDF ------------------------------------------------------------------------

def test_pdf_fonts_font_subset_takes_to_unicode_hinting_and_is_what_weasyprint_calls(
        document, tmp_path):
    font_class = engine.internal("weasyprint.pdf.fonts", "Font")
    assert parameters(font_class.subset) == ["self", "to_unicode", "hinting"]
    original, calls = font_class.subset, []

    def recording(font, to_unicode, hinting, *args, **kwargs):
        before = font.file_content
        result = original(font, to_unicode, hinting, *args, **kwargs)
        calls.append((font, before, font.file_content, result))
        return result

    with engine.patched(font_class, "subset", recording):
        document.write_pdf(tmp_path / "page.pdf")
    assert calls
    for font, before, after, result in calls:  # what the memo names a subset by, and keeps
        assert isinstance(font.hash, str) and isinstance(font.index, int)
        assert isinstance(font.missing, dict) and result is None
        assert isinstance(after, bytes) and len(after) <= len(before)


def test_pydyf_compresses_streams_through_its_module_zlib():
    pydyf = sys.modules.get("pydyf") or __import__("pydyf")
    assert engine.internal("pydyf", "zlib") is zlib
    asked = []

    class Recording:
        def compressobj(self, *args, **kwargs):
            asked.append((args, kwargs))
            return zlib.compressobj(*args, **kwargs)

        def __getattr__(self, name):
            return getattr(zlib, name)

    stream = pydyf.Stream(compress=True)
    stream.push_state()
    with engine.patched(pydyf, "zlib", Recording()):
        data = stream.data
    assert asked and all(not args and set(kwargs) <= {"level"} for args, kwargs in asked)
    assert b"/FlateDecode" in data


# --- the boundary's own promises --------------------------------------------------------------

def without(attribute: str, monkeypatch) -> None:
    """Make engine.internal find no `attribute`, as if an upgrade had renamed it."""
    real = engine.internal

    def internal(module, name, parameters=()):
        if name == attribute:
            raise engine.mismatch(module, name)
        return real(module, name, parameters)

    monkeypatch.setattr(engine, "internal", internal)


def test_a_missing_internal_is_named_with_its_version_and_the_guide():
    with pytest.raises(engine.EngineMismatch, match=r"^WeasyPrint \d+\.\d+ has no weasyprint"
                       r"\.layout\.inline\.no_such_thing \(briefing/pdf/engine\.py relies on it;"
                       r" see docs/engine\.md\)$"):
        engine.internal("weasyprint.layout.inline", "no_such_thing")


def test_an_internal_with_other_parameters_is_named_with_them():
    with pytest.raises(engine.EngineMismatch, match=r"^WeasyPrint \d+\.\d+'s weasyprint\.HTML"
                       r" takes \(guess, …\), not \(text, …\) \(briefing/pdf/engine\.py"):
        engine.internal("weasyprint", "HTML", ("text",))  # public, so it stays put


def test_without_split_text_box_justifying_in_place_gives_up_untouched(monkeypatch):
    weasyprint = engine.import_weasyprint()
    html = ('<p class="j" data-j="0" style="width: 10.5em; font-size: 16px">'
            + "生态环境质量持续改善" * 6 + "</p>")
    laid_out = weasyprint.HTML(string=html).render(font_config=engine.font_configuration())
    lines = justify.measure_lines(laid_out)
    assert any(line.room > 0.01 for line in lines["0"][:-1])
    without("split_text_box", monkeypatch)
    assert justify_inplace.justify_in_place(laid_out, lines) is False
    assert justify.measure_lines(laid_out) == lines


def test_without_font_subset_no_subset_is_remembered(monkeypatch):
    font_class = engine.internal("weasyprint.pdf.fonts", "Font")
    before = font_class.subset
    without("Font.subset", monkeypatch)
    with engine.subsets_remembered():
        assert font_class.subset is before


def test_without_pydyf_zlib_pydyf_keeps_its_own_level(monkeypatch):
    pydyf = sys.modules.get("pydyf") or __import__("pydyf")
    without("zlib", monkeypatch)
    with engine.compression_level():
        assert pydyf.zlib is zlib


def test_without_harfbuzz_subset_in_ffi_no_warning_is_given(monkeypatch):
    without("harfbuzz_subset", monkeypatch)
    assert engine.harfbuzz_subset_missing() is False
