"""Dates written in the document's style, and a source cited only with what it adds."""

from __future__ import annotations

import datetime as dt

from briefing.content.model import Briefing
from briefing.design.dates import printed_date


def test_a_chinese_date_is_written_without_leading_zeros():
    assert printed_date(dt.date(2022, 2, 4), chinese=True) == "2022年2月4日"
    assert printed_date(dt.datetime(2022, 2, 14, 17, 19, 49), chinese=True) == \
        "2022年2月14日 17:19"


def test_an_english_date_is_written_day_month_year():
    assert printed_date(dt.date(2022, 2, 4), chinese=False) == "4 February 2022"
    assert printed_date(dt.datetime(2022, 2, 14, 9, 5), chinese=False) == \
        "14 February 2022, 09:05"


def briefing(**source) -> Briefing:
    """Return a smallest briefing with the source given."""
    return Briefing.model_validate({
        "title": "加强污染防治　持续改善环境质量", "subtitle": "《某区规划》政策解读",
        "short_title": "某区规划解读", "issuer": "某区人民政府办公室", "date": "2022-02-14",
        "language": "zh-CN", "source": source,
        "sections": [{"heading": "背景", "blocks": [{"paragraphs": [{"text": "正文。"}]}]}]})


def test_a_source_that_repeats_the_title_and_issuer_adds_nothing():
    b = briefing(title="加强污染防治 持续改善环境质量 ——《某区规划》政策解读",
                 publisher="某区人民政府办公室")
    assert b.source_citation == []


def test_a_source_is_cited_by_its_own_title_publisher_and_address():
    b = briefing(title="某区规划全文", publisher="某区生态环境局",
                 url="https://www.example.gov.cn/zwgk/1.html")
    assert b.source_citation == ["某区规划全文", "某区生态环境局",
                                 "https://www.example.gov.cn/zwgk/1.html"]
