"""Where a two-sided handout turns over (briefing/pdf/sides.py), on tiny documents laid out
by WeasyPrint (200 px pages, 180 px of content, lines of 20 px): how far down a side is
filled by lines, table rows and pictures, where each data-flow place begins, and the place
the second side starts at — only when it is less than half full and evening the sides gains
enough to be worth a second layout."""

from __future__ import annotations

import pytest

from briefing.pdf import engine, sides

STYLE = ("@page { size: 200px 200px; margin: 10px } body { margin: 0 } p, div { margin: 0 }"
         " p { font-size: 10px; line-height: 20px }")
SVG = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='10' height='50'/%3E"


engine.import_weasyprint()  # WeasyPrint, through the fast library lookups, as the build does
import weasyprint  # noqa: E402


def laid_out(body: str):
    """Return a tiny document laid out by WeasyPrint."""
    return weasyprint.HTML(string=f"<html><style>{STYLE}</style><body>{body}</body></html>"
                           ).render()


def lines(count: int, style: str = "") -> str:
    """Return `count` one-line paragraphs."""
    return "".join(f'<p style="{style}">x</p>' for _ in range(count))


def flow(place: str, content: str, style: str = "") -> str:
    """Return a block the handout may turn over at."""
    return f'<div data-flow="{place}" style="{style}">{content}</div>'


def test_a_side_is_filled_down_to_its_last_line_out_of_its_content_height():
    document = laid_out(lines(3))
    assert [sides.side(page) for page in document.pages] == [sides.Side(60.0, 180.0)]


@pytest.mark.parametrize("last", [
    f'<img style="display: block; height: 50px; width: 10px" src="{SVG}">',
    '<table style="border-collapse: collapse"><tr><td style="height: 50px; padding: 0">a</td>'
    "</tr></table>"])
def test_a_picture_or_a_table_row_fills_a_side_down_to_its_bottom(last):
    document = laid_out(lines(1) + last)
    assert sides.side(document.pages[0]) == sides.Side(70.0, 180.0)


def test_the_places_a_side_may_start_at_are_listed_in_order_once_each():
    document = laid_out(flow("a", lines(5)) + flow("b", lines(4) + flow("c", lines(5))))
    assert sides.flow_places(document.pages[0]) == [("a", 0.0), ("b", 100.0)]
    assert sides.flow_places(document.pages[1]) == [("b", 0.0), ("c", 0.0)]


def test_a_second_side_less_than_half_full_starts_where_both_are_about_as_full():
    # flowing: 180 px and 40 px; starting at b: 160 px and 60 px
    document = laid_out(flow("a", lines(8)) + flow("b", lines(3)))
    assert [sides.side(page).filled for page in document.pages] == [180.0, 40.0]
    assert sides.even_turn(document) == "b"


def test_a_second_side_at_least_half_full_is_left_as_it_flows():
    document = laid_out(flow("a", lines(5)) + flow("b", lines(4) + flow("c", lines(5))))
    assert [sides.side(page).filled for page in document.pages] == [180.0, 100.0]
    assert sides.even_turn(document) is None


def test_no_place_but_the_first_leaves_the_sides_as_they_flow():
    document = laid_out(flow("a", lines(10)))
    assert [sides.side(page).filled for page in document.pages] == [180.0, 20.0]
    assert sides.even_turn(document) is None


def test_a_gain_smaller_than_a_tenth_of_the_side_is_not_worth_a_second_layout():
    # starting at b (175 px down) gives sides of 175 and 85 px: 90 px apart instead of 100
    document = laid_out(flow("a", "", "height: 175px")
                        + flow("b", lines(17, "line-height: 5px; font-size: 4px")))
    assert [sides.side(page).filled for page in document.pages] == [180.0, 80.0]
    assert sides.flow_places(document.pages[0]) == [("a", 0.0), ("b", 175.0)]
    assert sides.even_turn(document) is None


@pytest.mark.parametrize("count, pages", [(5, 1), (19, 3)])
def test_a_document_of_one_page_or_of_more_than_two_has_no_turn(count, pages):
    document = laid_out(flow("a", lines(count - 1)) + flow("b", lines(1)))
    assert len(document.pages) == pages
    assert sides.even_turn(document) is None
