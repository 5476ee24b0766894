"""Draw the pictures of docs/deck-layouts.md: one slide of each layout, from the shipped and
the test briefings, as the slides PDF draws it (`make docs-pictures`)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.builder.pipeline import build  # noqa: E402

PICTURES = ROOT / "docs" / "pictures"
RESOLUTION = 36  # dots per inch: a 13.33-inch slide is 480 pixels wide
COLOURS = 48

# picture name -> (briefing, the title of the slide it shows)
SLIDES = {
    "groups": ("content/nankai-eco-14th-fyp.yaml", "深入打好蓝天保卫战"),
    "cards": ("content/nankai-eco-14th-fyp.yaml", "二、主要内容"),
    "goal": ("content/nankai-eco-14th-fyp.yaml", "主要目标"),
    "list": ("content/nankai-eco-14th-fyp.yaml", "深入打好碧水保卫战"),
    "statements": ("content/nankai-eco-14th-fyp.yaml", "内容要点"),
    "section": ("content/nankai-eco-14th-fyp.yaml", "五、重点任务"),
    "overview": ("content/nankai-eco-14th-fyp.yaml", "规划总览"),
    "table": ("tests/data/two-numbered-sections.yaml", "二、主要指标"),
    "long-table": ("tests/data/qa-three-questions.yaml",
                   "泓川县“十四五”生态环境保护主要指标"),
    "chart": ("tests/data/charts-and-figures.yaml", "2020年各街道空气质量优良天数比率"),
    "english": ("tests/data/english-briefing.yaml", "Cleaner traffic"),
}


def main() -> None:
    """Build each briefing's deck once and draw the slides named in SLIDES."""
    from pptx import Presentation

    PICTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        built: dict[str, tuple[Path, list[str]]] = {}
        for name, (content, title) in SLIDES.items():
            if content not in built:
                result = build(ROOT / content, outputs=("pptx", "slides"),
                               out_dir=Path(work) / Path(content).stem)
                assert result.ok, result.diagnostics
                paths = {w.kind: w.path for w in result.written}
                titles = [s.shapes.title.text_frame.text.replace("\v", "")
                          for s in Presentation(str(paths["pptx"])).slides]
                built[content] = (paths["slides"], titles)
            slides, titles = built[content]
            page = titles.index(title) + 1
            subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", str(page), "-l",
                            str(page), "-singlefile", str(slides), str(PICTURES / name)],
                           check=True)
            small(PICTURES / f"{name}.png")
            print(f"docs/pictures/{name}.png  slide {page} of {Path(content).name}")


def small(path: Path) -> None:
    """Rewrite a picture with a palette of COLOURS colours: a slide has few, and the docs
    stay small."""
    from PIL import Image

    with Image.open(path) as picture:
        reduced = picture.convert("RGB").quantize(COLOURS)
    reduced.save(path, optimize=True)


if __name__ == "__main__":
    main()
