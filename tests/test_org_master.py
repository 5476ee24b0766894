"""A theme may point at an organisation's own .pptx master: it is checked before anything is
rendered, and what it lacks is named; a complete one is used with its own layout boxes."""

from __future__ import annotations

import pytest
from pptx import Presentation

from briefing.builder.pipeline import build
from briefing.deck.master import build_master
from briefing.design import theme as theme_module
from briefing.design.templates import SHIPPED

from .conftest import ENGLISH_CONTENT


@pytest.fixture
def org_theme(user_templates):
    """Return a function that installs theme 'org' with a given master, in a user's templates
    folder in use."""
    (user_templates / "deck").mkdir()
    (user_templates / "themes").mkdir()

    def install(master) -> str:
        master.save(str(user_templates / "deck" / "org.pptx"))
        tokens = (SHIPPED / "themes" / "default.yaml").read_text(encoding="utf-8")
        (user_templates / "themes" / "org.yaml").write_text(
            tokens.replace("name: default", "name: org") + "deck_master: deck/org.pptx\n",
            encoding="utf-8")
        return "org"

    return install


def test_a_master_without_the_needed_layouts_is_named_before_rendering(org_theme, tmp_path):
    master = build_master(theme_module.load_theme("default"))
    cards = next(layout for layout in master.slide_layouts if layout.name == "cards")
    master.slide_layouts.remove(cards)
    content = next(layout for layout in master.slide_layouts if layout.name == "content")
    body = next(ph for ph in content.placeholders if ph.placeholder_format.idx == 1)
    body._element.getparent().remove(body._element)
    result = build(ENGLISH_CONTENT, out_dir=tmp_path / "out", theme=org_theme(master))
    assert [str(d) for d in result.diagnostics] == [
        "templates/deck/org.pptx: error: deck_master: the master lacks layout 'cards'",
        "templates/deck/org.pptx: error: deck_master: the master lacks placeholder idx 1 in"
        " layout 'content'"]
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.p*"))


def test_a_4_to_3_master_is_refused(org_theme, tmp_path):
    master = build_master(theme_module.load_theme("default"))
    master.slide_width = master.slide_height * 4 // 3
    result = build(ENGLISH_CONTENT, outputs=("pptx",), out_dir=tmp_path, theme=org_theme(master))
    assert str(result.diagnostics[0]).endswith("the master's slides are 10.00 × 7.50 in, not 16:9")


def test_a_complete_master_is_used_with_its_own_layout_boxes(org_theme, tmp_path):
    master = build_master(theme_module.load_theme("default"))
    content = next(layout for layout in master.slide_layouts if layout.name == "content")
    body = next(ph for ph in content.placeholders if ph.placeholder_format.idx == 1)
    body.width = body.width // 2  # a narrower body: the list must be fitted into it
    master.slides.add_slide(content)  # a sample slide the organisation left in its template
    result = build(ENGLISH_CONTENT, outputs=("pptx",), out_dir=tmp_path, theme=org_theme(master))
    assert result.ok, result.diagnostics
    deck = Presentation(str(result.written[0].path))
    assert deck.slides[0].slide_layout.name == "title"  # the sample slide is gone
    bodies = [s.placeholders[1] for s in deck.slides if s.slide_layout.name == "content"]
    assert bodies and all(ph.width == body.width for ph in bodies)
