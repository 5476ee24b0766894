"""The deck rendered by an independent program (LibreOffice): every character inside the frame
of a shape and on the slide, for the default deck and for a stress deck."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
import yaml
from pptx import Presentation

from briefing.builder.pipeline import build
from briefing.design.fonts import fontconfig_aliases
from briefing.design.theme import load_theme
from briefing.proof.deck import all_shapes

from .conftest import BRIEFINGS, DEFAULT_CONTENT, THEMES
from .deck_lines import ends_in_a_runt, rendered_paragraphs

pytestmark = pytest.mark.libreoffice  # every test here has LibreOffice draw a deck

EMU_PER_POINT = 12700
TOLERANCE = 2.0  # points: anti-aliasing and glyph side bearings


def render_with_libreoffice(deck: Path, folder: Path) -> Path:
    """Convert a deck to PDF with LibreOffice headless, the deck's fonts aliased; return it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is not installed; `make test` installs libreoffice-impress")
    fonts = load_theme("default").fonts.deck
    conf = folder / "fonts.conf"
    conf.write_text(fontconfig_aliases({fonts.east_asian: fonts.metrics_east_asian,
                                        fonts.latin: fonts.metrics_latin}), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(folder)}
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(deck)],
                   env=env, capture_output=True, timeout=300, check=True)
    return folder / (deck.stem + ".pdf")


def text_frames(slide) -> list[tuple[float, float, float, float]]:
    """Return the frames (points: x0, top, x1, bottom) of the shapes on a slide that hold text:
    text boxes, placeholders, shapes, tables and charts (their axis labels, legend and data
    labels are drawn inside the chart's graphic frame)."""
    frames = []
    for shape in all_shapes(slide.shapes):
        if (shape.has_text_frame and shape.text_frame.text.strip()) or shape.has_table \
                or shape.has_chart:
            x0, top = shape.left / EMU_PER_POINT, shape.top / EMU_PER_POINT
            frames.append((x0, top, x0 + shape.width / EMU_PER_POINT,
                           top + shape.height / EMU_PER_POINT))
    return frames


def characters_outside_frames(deck_path: Path, pdf_path: Path) -> list[str]:
    """Return every rendered character that lies outside all text frames or off the slide."""
    deck = Presentation(str(deck_path))
    width, height = deck.slide_width / EMU_PER_POINT, deck.slide_height / EMU_PER_POINT
    outside = []
    with pdfplumber.open(pdf_path) as document:
        assert len(document.pages) == len(deck.slides)
        for number, (page, slide) in enumerate(zip(document.pages, deck.slides), start=1):
            frames = text_frames(slide)
            for char in page.chars:
                if not char["text"].strip():
                    continue
                inside = any(x0 - TOLERANCE <= char["x0"] and char["x1"] <= x1 + TOLERANCE
                             and top - TOLERANCE <= char["top"]
                             and char["bottom"] <= bottom + TOLERANCE
                             for x0, top, x1, bottom in frames)
                on_slide = 0 <= char["x0"] and char["x1"] <= width and char["bottom"] <= height
                if not (inside and on_slide):
                    outside.append(f"slide {number}: {char['text']!r} at"
                                   f" ({char['x0']:.0f}, {char['top']:.0f})")
    return outside


def stress_content(folder: Path) -> Path:
    """Write the default content with every item five times longer, three times the measures
    and list items, and a table of long cells: the stress briefing."""
    data = yaml.safe_load(DEFAULT_CONTENT.read_text(encoding="utf-8"))

    def longer(item):
        if isinstance(item, str):
            return item * 5
        return {**item, **{k: item[k] * 5 for k in ("short", "text") if k in item}}

    for section in data["sections"]:
        for block in section["blocks"]:
            for kind in ("paragraphs", "cards"):
                if kind in block:
                    block[kind] = [longer(i) for i in block[kind]]
            for group in block.get("groups", []):
                group["measures"] = [longer(m) for m in group["measures"] * 3]
            if "goal" in block:
                block["goal"]["targets"] = [longer(t) for t in block["goal"]["targets"]]
    data["sections"][0]["blocks"].append({"list": [longer(k) for k in data["key_messages"]] * 3})
    data["sections"][2]["blocks"].append({"table": {
        "caption": "主要指标" * 5, "columns": ["指标", "单位", "2020年", "2025年目标", "属性"],
        "rows": [{"group": "环境质量" * 8}] + [[c * 6 for c in (
            "细颗粒物（PM2.5）年均浓度", "微克/立方米", "48", ">80", "约束性")]] * 3 + [
            ["空气质量优良天数比率", "%", "71.6", "〔18〕", "预期性"]] * 12,
        "note": "注：〔〕内为五年累计数。" * 12}})
    data["key_messages"] = [longer(k) for k in data["key_messages"]]
    data["date"] = str(data["date"])
    data["source"]["published"] = str(data["source"]["published"])
    path = folder / "stress.yaml"
    path.write_text(yaml.dump(data, Dumper=PlainDumper, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


class PlainDumper(yaml.SafeDumper):
    """Writes repeated values out in full: briefings refuse YAML anchors and aliases."""

    def ignore_aliases(self, data) -> bool:
        """Never write an alias."""
        return True


@pytest.mark.parametrize("content, theme", [(p, t) for p in BRIEFINGS for t in THEMES],
                         ids=lambda v: getattr(v, "stem", v))
def test_libreoffice_draws_every_character_of_every_deck_inside_its_frame(content, theme,
                                                                          deck_renders):
    made = deck_renders(content, theme)
    assert characters_outside_frames(made["pptx"], made["libreoffice"]) == []


def test_a_stress_deck_continues_and_shortens_and_nothing_overflows_or_ends_in_a_runt(
        tmp_path):
    result = build(stress_content(tmp_path), outputs=("pptx", "slides"), out_dir=tmp_path)
    assert result.ok, result.diagnostics
    deck = next(w.path for w in result.written if w.kind == "pptx")
    titles = [s.shapes.title.text_frame.text.replace("\v", "")
              for s in Presentation(str(deck)).slides]
    assert titles.count("深入打好蓝天保卫战（续）") >= 5
    assert [t for t in titles if t.startswith("主要指标" * 5)] == ["主要指标" * 5]  # first rows
    rendered = render_with_libreoffice(deck, tmp_path)
    assert characters_outside_frames(deck, rendered) == []
    assert [p.drawn for p in rendered_paragraphs(deck, rendered)
            if p.kind == "body" and ends_in_a_runt(p.drawn)] == []


def test_the_check_catches_text_that_runs_out_of_its_frame(built, tmp_path):
    deck = Presentation(str(built["pptx"]))
    body = deck.slides[3].placeholders[1].text_frame.paragraphs[0].runs[0]
    body.text = "生态环境保护" * 200  # far more than the box holds
    overflowing = tmp_path / "overflowing.pptx"
    deck.save(str(overflowing))
    rendered = render_with_libreoffice(overflowing, tmp_path)
    outside = characters_outside_frames(overflowing, rendered)
    assert outside and all(line.startswith("slide 4: ") for line in outside)
