"""Where a slide's body sits (briefing/deck/placing.py) and how large it is under its title
(Fitter.under_title): a short list spread apart and set about the middle of its area, a card
grid as tall as its texts, a body never more than 1 / 1.3 of its title, and a goal's long list
set wide with its indicator categories as a line under it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.deck import fitting, placing
from briefing.deck.fitter import Fitter
from briefing.deck.geometry import BULLET_INDENT, PARAGRAPH_GAP, PT_PER_INCH, TITLE_RATIO, geometry
from briefing.deck.outline import Bullet, Card, PlannedSlide
from briefing.design.theme import load_labels, load_theme

from .conftest import examples


@pytest.fixture(scope="module")
def fitter():
    return Fitter(load_theme("default"), load_labels("zh-CN"))


def bullets(*texts: str) -> list[Bullet]:
    """Return list items showing their whole text."""
    return [Bullet(text=t, full=t) for t in texts]


def test_two_statements_are_set_apart_about_the_middle_of_their_area(fitter):
    slide, = fitter.fit(PlannedSlide(layout="content", title="内容要点",
                                     bullets=bullets("到2025年区域生态环境质量明显改善",
                                                     "打好蓝天、碧水、净土保卫战")))
    area = geometry().layouts["content"]["body"]
    size = slide.body_size
    assert slide.gap == pytest.approx(size * placing.STATEMENT_GAP)  # two one-line items
    box = fitter.box(slide.body_box, BULLET_INDENT, size)
    used = fitting.height_of(fitter.regular, [b.text for b in slide.bullets],
                             fitting.Box(box.width, box.height, slide.gap), size)
    above = (slide.body_box[1] - area[1]) * PT_PER_INCH
    below = area[3] * PT_PER_INCH - placing.INSETS - above - used
    assert above > 0 and below > 0
    assert above / (above + below) == pytest.approx(placing.ABOVE)


def test_a_list_that_fills_its_area_keeps_its_top_and_its_spacing(fitter):
    items = bullets(*[f"第{n}项重点任务，推进生态环境治理体系和治理能力现代化" for n in range(7)])
    slide = fitter.fit(PlannedSlide(layout="content", title="重点任务", bullets=items))[0]
    area = geometry().layouts["content"]["body"]
    assert slide.body_box[1] - area[1] < 0.3
    assert slide.gap < slide.body_size * (PARAGRAPH_GAP + 0.5)


def test_cards_are_as_tall_as_the_tallest_text_and_the_grid_is_centred_in_its_area(fitter):
    cards = [Card(title=t, text=x, full=x) for t, x in
             [("规划回顾", "系统回顾“十三五”环境保护工作"), ("形势分析", "分析面临的机遇和挑战"),
              ("目标指标", "提出指导思想和主要目标"), ("重点任务", "三大保卫战"),
              ("保障措施", "四大方面")]]
    slide, = fitter.fit(PlannedSlide(layout="cards", title="主要内容", cards=cards))
    area = geometry().layouts["cards"]["body"]
    heights = {round(r[3], 6) for r in slide.card_boxes}
    assert len(heights) == 1 and heights.pop() < area[3] / 2 - 0.2
    top = min(r[1] for r in slide.card_boxes) - area[1]
    bottom = area[1] + area[3] - max(r[1] + r[3] for r in slide.card_boxes)
    assert top / (top + bottom) == pytest.approx(placing.ABOVE)
    lefts = sorted(r[0] for r in slide.card_boxes if r[1] > min(b[1] for b in slide.card_boxes))
    assert len(lefts) == 2  # 3 + 2, the short row centred under the first
    assert lefts[0] - area[0] == pytest.approx(area[0] + area[2] - (lefts[1]
                                              + slide.card_boxes[-1][2]))


@settings(max_examples=examples(40), deadline=None)
@given(title=st.text(alphabet="生态环境保护规划主要目标任务措施", min_size=2, max_size=60))
def test_the_body_is_never_more_than_the_title_over_one_point_three(fitter, title):
    slide = fitter.fit(PlannedSlide(layout="content", title=title,
                                    bullets=bullets("加强污染防治", "持续改善环境质量")))[0]
    assert slide.body_size <= max(slide.title_size / TITLE_RATIO, fitter.scale.minimum)


def test_a_goal_too_long_beside_its_categories_goes_wide_with_them_as_a_line_under_it(fitter):
    targets = bullets(*[f"区域生态环境质量第{n}项目标" for n in range(12)])
    slide, = fitter.fit(PlannedSlide(
        layout="two_columns", title="主要目标", lead="目标年份：2025", bullets=targets,
        right_title="主要指标类别", right=bullets("生态环境质量", "污染物排放总量")))
    assert slide.strip == "主要指标类别：生态环境质量、污染物排放总量" and not slide.right
    assert len(slide.bullets) + len(slide.second) == 12
    strip, body = slide.boxes["strip"], slide.body_box
    assert strip[1] >= body[1] + fitting.height_of(
        fitter.regular, [b.text for b in slide.bullets],
        fitter.box(body, BULLET_INDENT, slide.body_size), slide.body_size) / PT_PER_INCH
    layout = geometry().layouts["two_columns"]
    assert strip[2] == pytest.approx(layout["right"][0] + layout["right"][2]
                                     - layout["body"][0])


def test_a_goal_that_fits_beside_its_categories_keeps_its_side_column(fitter):
    slide, = fitter.fit(PlannedSlide(
        layout="two_columns", title="主要目标", bullets=bullets("空气质量改善", "水质提升"),
        right_title="主要指标类别", right=bullets("生态环境质量")))
    assert not slide.strip and [b.text for b in slide.right] == ["生态环境质量"]


def test_a_list_of_four_short_items_opens_up_to_one_and_a_half_em(fitter):
    slide, = fitter.fit(PlannedSlide(layout="content", title="重点任务",
                                     bullets=bullets("强化水资源刚性约束", "推进农业节水增效",
                                                     "推进工业节水减排", "推进城镇节水降损")))
    assert slide.gap == pytest.approx(slide.body_size * placing.MOST_GAP)
