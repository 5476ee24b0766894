"""The checks before rendering, one module at a time (briefing/checks/): characters no output
can set and words too long to break (characters), characters no font of the theme draws
(coverage) and the picture files of figure blocks (figures), each an error at its line and
column in a small briefing written by the test."""

from __future__ import annotations

import io
import os
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.checks import characters, coverage, figures
from briefing.content import limits
from briefing.content.load import load_briefing
from briefing.design.theme import load_theme

from .conftest import examples, write_yaml

HEAD = """
title: 标题
short_title: 短标题
issuer: 办公室
date: 2024-01-01
language: {language}
source:
  title: 来源
  url: {url}
sections:
  - heading: 第一部分
    blocks:
"""


def briefing(folder, blocks: str, language: str = "zh-CN",
             url: str = "https://example.org/a"):
    """Write and load a small briefing whose one section has these blocks (YAML lines
    indented under `blocks:`)."""
    return load_briefing(write_yaml(folder, HEAD.format(language=language, url=url)
                                    + blocks))


def shown(diagnostics) -> list[str]:
    """Return diagnostics as printed, without the folder of the file."""
    return [str(d).removeprefix(f"{d.file}:") for d in diagnostics]


# --- characters ------------------------------------------------------------------------------

@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x1f", "\x7f", "\x85", "\u2028", "\u2029",
                                  "\ufff9", "\ufffb", "\ufdd0", "\ufffe", "\U0001ffff", "\ud800"])
def test_controls_separators_annotations_and_noncharacters_cannot_be_printed(char):
    assert characters.unprintable(char)


@pytest.mark.parametrize("char", ["\t", "\n", " ", "a", "生", "\u3000", "\u200b", "\ufeff",
                                  "\ufffd", "😀"])
def test_tab_line_feed_and_every_drawable_or_invisible_character_can(char):
    assert not characters.unprintable(char)


@pytest.mark.parametrize("char, name", [
    ("\x0b", "U+000B (LINE TABULATION)"), ("\x00", "U+0000 (NULL)"), ("\x7f", "U+007F (DELETE)"),
    ("\x85", "U+0085 (NEXT LINE)"), ("\u2028", "U+2028 (LINE SEPARATOR)"), ("\x9f", "U+009F"),
    ("\ufdd0", "U+FDD0")])
def test_a_character_is_named_by_its_code_point_and_its_usual_name(char, name):
    assert characters.describe(char) == name


def test_an_escaped_control_character_is_an_error_at_its_escape(tmp_path):
    loaded = briefing(tmp_path, '      - paragraphs:\n          - "生态\\v环境"\n')
    assert shown(characters.character_problems(loaded)) == [
        "13:16: error: sections[0].blocks[0].paragraphs[0]: U+000B (LINE TABULATION) cannot"
        " be printed; remove it"]


def test_a_word_longer_than_a_line_can_break_is_an_error_at_its_start(tmp_path):
    word = "x" * (limits.WORD + 1)
    loaded = briefing(tmp_path, f"      - paragraphs:\n          - 生态 {word}\n")
    assert shown(characters.character_problems(loaded)) == [
        "13:16: error: sections[0].blocks[0].paragraphs[0]: a word of 121 characters with no"
        " place to break a line; at most 120: add spaces or shorten it"]


def test_a_word_as_long_as_a_line_can_break_and_a_long_url_are_allowed(tmp_path):
    loaded = briefing(tmp_path, f"      - paragraphs:\n          - 生态{'x' * limits.WORD}\n",
                      url="https://example.org/" + "a" * 200)
    assert characters.character_problems(loaded) == []


@settings(max_examples=examples(500), deadline=None)
@given(st.characters())
def test_any_character_is_named_by_its_code_point_and_its_name_where_it_has_one(char):
    name = characters.describe(char)
    assert name.startswith(f"U+{ord(char):04X}")
    assert name.endswith(")") == bool(unicodedata.name(char, "") or ord(char) < 32
                                      or char in "\x7f\x85")


# --- coverage --------------------------------------------------------------------------------

def test_each_output_draws_with_its_themes_families_cjk_first_for_chinese():
    theme = load_theme("default")
    assert coverage.families_per_output(theme, chinese=True) == {
        "PDF": ["Noto Serif CJK SC", "Liberation Serif", "DejaVu Serif", "Noto Sans CJK SC",
                "Liberation Sans", "DejaVu Sans"],
        "deck": ["Noto Sans CJK SC", "Liberation Sans"]}
    assert coverage.families_per_output(theme, chinese=False)["PDF"][:3] == [
        "Liberation Serif", "DejaVu Serif", "Noto Serif CJK SC"]


@pytest.mark.parametrize("char", [" ", "\u3000", "\u200d", "\u2060", "\ufe0f", "\U000e0100",
                                  "\u180b", "\n", "\u2028"])
def test_spaces_joiners_and_variation_selectors_need_no_glyph(char):
    assert coverage.needs_no_glyph(char)


@pytest.mark.parametrize("char", ["a", "生", "，", "‽", "\U00013000"])
def test_letters_marks_and_symbols_need_a_glyph(char):
    assert not coverage.needs_no_glyph(char)


def test_a_character_no_font_draws_is_named_with_every_font_tried(tmp_path):
    loaded = briefing(tmp_path, "      - paragraphs:\n          - 生态\U00013000\n")
    assert shown(coverage.uncovered(loaded, load_theme("default"))) == [
        "13:15: error: sections[0].blocks[0].paragraphs[0]: no font of the theme draws '\U00013000'"
        " (U+13000, EGYPTIAN HIEROGLYPH A001); tried Noto Serif CJK SC, Liberation Serif,"
        " DejaVu Serif, Noto Sans CJK SC, Liberation Sans, DejaVu Sans (PDF); Noto Sans CJK SC,"
        " Liberation Sans (deck)"]


def test_a_character_only_the_pdfs_fonts_draw_is_reported_for_the_deck_at_each_place(tmp_path):
    loaded = briefing(tmp_path, "      - paragraphs:\n          - 真的‽\n          - 好‽\n")
    assert shown(coverage.uncovered(loaded, load_theme("default"))) == [
        f"{line}: error: sections[0].blocks[0].paragraphs[{index}]: no font of the theme draws"
        " '‽' (U+203D, INTERROBANG); tried Noto Sans CJK SC, Liberation Sans (deck)"
        for line, index in (("13:15", 0), ("14:14", 1))]


def test_text_the_themes_fonts_draw_is_covered(tmp_path):
    loaded = briefing(tmp_path, "      - paragraphs:\n          - 生态环境, clean air — 2025年。\n")
    assert coverage.uncovered(loaded, load_theme("default")) == []


# --- figures ---------------------------------------------------------------------------------

def png(width: int = 4, height: int = 3) -> bytes:
    """Return a small PNG."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


def figure_blocks(*paths: str) -> str:
    """Return figure blocks of these paths, as lines under `blocks:`."""
    return "".join(f"      - figure:\n          path: {path}\n          caption: 图\n"
                   f"          alt: 图\n" for path in paths)


@pytest.mark.parametrize("written, problem", [
    ("https://example.org/a.png", "a figure is a file beside the content file, not a URL; save"
                                  " the picture there and give its path"),
    ("//example.org/a.png", "a figure is a file beside the content file, not a URL; save the"
                            " picture there and give its path"),
    ("/etc/a.png", "write the path relative to the content file's folder, with / between"
                   " folders"),
    ("~/a.png", "write the path relative to the content file's folder, with / between folders"),
    ("figures\\a.png", "write the path relative to the content file's folder, with / between"
                       " folders"),
    ("figures/../../a.png", "the path leaves the content file's folder ('..'); put the picture"
                            " inside it"),
])
def test_a_figure_path_that_is_not_a_relative_path_inside_the_folder_is_refused(written,
                                                                               problem):
    assert figures.path_problem(written) == problem


@pytest.mark.parametrize("written", ["a.png", "figures/a.png", "./a.png", "a..b.png", "C.png"])
def test_a_relative_path_inside_the_folder_is_accepted_from_its_text(written):
    assert figures.path_problem(written) is None


def test_a_checked_picture_is_read_once_by_its_path_as_written(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "map.png").write_bytes(png())
    loaded = briefing(tmp_path, figure_blocks("figures/map.png", "figures/map.png"))
    assert [path for path, _ in figures.figure_blocks(loaded)] == [
        ("sections", 0, "blocks", b, "figure", "path") for b in (0, 1)]
    found, pictures = figures.check_figures(loaded)
    assert found == []
    assert {path: (p.format, p.width, p.height, p.data) for path, p in pictures.items()} == {
        "figures/map.png": ("png", 4.0, 3.0, png())}


def test_each_figure_file_problem_is_an_error_at_its_path(tmp_path):
    outside = tmp_path / "outside.png"
    outside.write_bytes(png())
    folder = tmp_path / "brief"
    folder.mkdir()
    (folder / "link.png").symlink_to(outside)
    (folder / "text.png").write_text("not a picture")
    (folder / "pictures").mkdir()
    os.mkfifo(folder / "fifo.png")
    loaded = briefing(folder, figure_blocks("missing.png", "link.png", "text.png", "pictures",
                                            "fifo.png", "https://example.org/a.png"))
    found, pictures = figures.check_figures(loaded)
    where = "error: sections[0].blocks[{}].figure.path"
    assert shown(found) == [
        f"13:17: {where.format(0)}: no file 'missing.png' beside the content file",
        f"17:17: {where.format(1)}: 'link.png': the path leads outside the content file's"
        " folder (through a symbolic link); put the picture inside it",
        f"21:17: {where.format(2)}: 'text.png': not a PNG, JPEG or SVG image (told by its"
        " content, not its name)",
        f"25:17: {where.format(3)}: cannot read 'pictures': not a regular file",
        f"29:17: {where.format(4)}: cannot read 'fifo.png': not a regular file",
        f"33:17: {where.format(5)}: a figure is a file beside the content file, not a URL;"
        " save the picture there and give its path"]
    assert pictures == {}


def test_a_symbolic_link_that_stays_inside_the_folder_is_followed(tmp_path):
    (tmp_path / "real.png").write_bytes(png())
    (tmp_path / "link.png").symlink_to(tmp_path / "real.png")
    found, pictures = figures.check_figures(briefing(tmp_path, figure_blocks("link.png")))
    assert (found, list(pictures)) == ([], ["link.png"])


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    with open(tmp_path / "big.png", "wb") as file:
        file.truncate(limits.FIGURE_BYTES + 1)  # sparse: nothing written
    found, _ = figures.check_figures(briefing(tmp_path, figure_blocks("big.png")))
    assert [d.message for d in found] == [
        "'big.png': the file is 20.0 MB; a picture may be at most 20 MB"]


def test_pictures_over_the_limit_together_stop_the_check_at_the_one_past_it(tmp_path,
                                                                           monkeypatch):
    for name in ("a", "b"):
        (tmp_path / f"{name}.png").write_bytes(png(1000, 1000))
    monkeypatch.setattr(limits, "FIGURES_PIXELS", 1_500_000)  # one picture, not two
    found, pictures = figures.check_figures(briefing(tmp_path, figure_blocks("a.png", "b.png")))
    assert shown(found) == [
        "17:17: error: sections[0].blocks[1].figure.path: the pictures of the briefing come to"
        " more than 100 MB or 1 megapixels together; use smaller files"]
    assert list(pictures) == ["a.png"]
