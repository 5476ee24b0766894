"""A theme's faces: the first installed of each list is used, and a build names only the
stand-ins it used."""

from __future__ import annotations

import yaml

from briefing.design.fonts import find_face
from briefing.design.theme import load_theme

from .conftest import ROOT


def test_the_official_theme_names_the_standard_faces_before_the_free_ones():
    written = yaml.safe_load((ROOT / "templates/themes/official.yaml").read_text())["fonts"]["pdf"]
    assert written["serif_cjk"][:2] == ["FangSong_GB2312", "仿宋_GB2312"]
    assert written["serif_cjk"][-1] == "Noto Serif CJK SC"
    used = load_theme("official").fonts.pdf
    installed = [face for face in written["serif_cjk"] if find_face(face)]
    assert used.serif_cjk == installed  # Noto Serif CJK SC alone on a machine without FangSong


def test_a_face_that_is_not_installed_gives_way_to_the_next_in_its_list():
    theme = load_theme("official")
    pdf = theme.fonts.pdf.model_copy(update={"serif_cjk": ["仿宋_GB2312", "Noto Serif CJK SC"]})
    theme = theme.model_copy(update={"fonts": theme.fonts.model_copy(update={"pdf": pdf})})
    assert theme.with_installed_fonts().fonts.pdf.serif_cjk == ["Noto Serif CJK SC"]


def test_a_stand_in_that_is_not_used_is_not_named():
    theme = load_theme("official")
    pdf = theme.fonts.pdf.model_copy(update={"serif_cjk": ["Noto Sans CJK SC"]})
    fonts = theme.fonts.model_copy(update={"pdf": pdf})
    stand_ins = theme.model_copy(update={"fonts": fonts}).with_installed_fonts().fonts.stand_ins
    assert "仿宋 (body)" not in stand_ins and "楷体 (（一） headings)" in stand_ins


def test_a_list_with_no_installed_face_is_kept_for_the_font_check_to_name():
    theme = load_theme("default")
    pdf = theme.fonts.pdf.model_copy(update={"sans_cjk": ["No Such Face", "Nor This"]})
    theme = theme.model_copy(update={"fonts": theme.fonts.model_copy(update={"pdf": pdf})})
    assert theme.with_installed_fonts().fonts.pdf.sans_cjk == ["No Such Face", "Nor This"]
