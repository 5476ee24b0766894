"""Chinese body text justified on both edges, with the PDF's text still exactly the content."""

from __future__ import annotations

import re
from collections import defaultdict

import pdfplumber

from briefing.pdf import justify

MM = 72 / 25.4
LEFT, RIGHT = 25 * MM, (210 - 22) * MM  # the default theme's type area


def body_rows(path):
    """Yield rows of body-size characters on the section pages, top to bottom, page by page."""
    with pdfplumber.open(path) as document:
        for page in document.pages[3:-1]:
            rows = defaultdict(list)
            for char in page.chars:  # body text is set in the serif face; headings, numbers sans
                if 10.9 < char["size"] < 11.1 and char["text"].strip() \
                        and "Serif" in char["fontname"]:
                    rows[round(char["top"])].append(char)
            yield [sorted(row, key=lambda c: c["x0"]) for _, row in sorted(rows.items())]


def test_every_line_but_a_paragraphs_last_reaches_the_right_edge(built):
    checked = 0
    for rows in body_rows(built["pdf"]):
        for row, following in zip(rows, rows[1:]):
            continues = abs(following[0]["x0"] - LEFT) < 0.5  # the next line is no new paragraph
            if continues and abs(row[0]["x0"] - following[0]["x0"]) < 30:
                assert abs(row[-1]["x1"] - RIGHT) < 0.6, "".join(c["text"] for c in row)
                checked += 1
    assert checked > 20


def test_justified_lines_extract_without_inserted_spaces(built):
    with pdfplumber.open(built["pdf"]) as document:
        text = "".join(page.filter(lambda o: "Serif" in o.get("fontname", "")).extract_text()
                       for page in document.pages[3:-1])
    assert re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", text) is None


def test_a_line_is_spread_by_letter_spacing_except_inside_latin_words():
    html = justify._spread("推进PM2.5治理工作", room=8.0, font_size=14.0)
    # five gaps share the room: after 推, 进, 治, 理, 工 (none inside PM2.5)
    assert html == ('<span class="jl" style="letter-spacing: 1.5960px">推进'
                    '<span style="letter-spacing: 0">PM2.5</span>治理工</span>作<br>')


def test_latin_words_keep_their_letters_together_even_between_spaces():
    html = justify._spread("治理 Clean Air 工作", room=4.5, font_size=14.0)
    # gaps after 治, 理, the three spaces and 工: 6 of them; none inside Clean or Air
    assert html == ('<span class="jl" style="letter-spacing: 0.7467px">治理 '
                    '<span style="letter-spacing: 0">Clean</span> '
                    '<span style="letter-spacing: 0">Air</span> 工</span>作<br>')


def test_a_line_with_too_much_room_stays_ragged_rather_than_looking_spaced():
    assert justify._spread("短行", room=200.0, font_size=14.0) == "短行<br>"


def test_a_paragraph_whose_layout_does_not_match_its_text_is_left_alone():
    html = justify.number_paragraphs('<p class="j">生态&lt;环境</p><p class="j">保护</p>')
    lines = {"0": [justify.Line("生态<", 3.0, 14.0), justify.Line("环境", 0, 14.0)],
             "1": [justify.Line("保", 1.0, 14.0)]}
    assert justify.justified_html(html, lines) == (
        '<p class="j" data-j="0"><span class="jl" style="letter-spacing: 1.4900px">生态'
        '</span>&lt;<br>环境</p><p class="j" data-j="1">保护</p>')


def test_a_word_joiner_in_a_line_takes_no_letter_spacing():
    html = justify._spread("推进\u2060生态治理工作", room=8.0, font_size=14.0)
    # seven gaps share the room (after 推 进 生 态 治 理 工), none at the joiner
    assert html == ('<span class="jl" style="letter-spacing: 1.1400px">推进'
                    '<span style="letter-spacing: 0">\u2060</span>生态治理工</span>作<br>')


def test_key_message_boxes_are_justified_to_their_right_edge(built):
    with pdfplumber.open(built["pdf"]) as document:
        page = next(p for p in document.pages if "内容要点" in (p.extract_text() or "")
                    and "目录" not in (p.extract_text() or ""))
        lines = [line for line in page.extract_text_lines() if line["chars"][0]["size"] < 11.5
                 and line["x0"] > LEFT + 5]
    firsts = [line for line in lines if re.match(r"\d ", line["text"])]  # a message's first line
    assert len(firsts) == 5
    assert max(line["x1"] for line in firsts) - min(line["x1"] for line in firsts) < 0.6


def test_a_chinese_list_is_indented_like_a_paragraph(built):
    with pdfplumber.open(built["pdf"]) as document:
        items = [line for page in document.pages[3:-1] for line in page.extract_text_lines()
                 if re.match(r"\d\.\S", line["text"]) and 10.9 < line["chars"][0]["size"] < 11.1]
    assert len(items) >= 15
    assert {round(line["x0"] - LEFT) for line in items} == {22}  # 2 em of the 11 pt body
