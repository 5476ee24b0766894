"""Dates as a briefing prints them: 2022年2月14日 in Chinese, 14 February 2022 in English."""

from __future__ import annotations

import datetime as dt

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def printed_date(value: dt.date | dt.datetime, chinese: bool) -> str:
    """Return a date (a time of day after it, for a datetime) in the document's style:
    2022年2月14日 17:19 in Chinese (GB/T 9704 writes no leading zeros), 14 February 2022,
    17:19 otherwise."""
    day = f"{value.year}年{value.month}月{value.day}日" if chinese \
        else f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    if not isinstance(value, dt.datetime):
        return day
    return f"{day} {value:%H:%M}" if chinese else f"{day}, {value:%H:%M}"
