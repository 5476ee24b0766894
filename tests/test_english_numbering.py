"""English headings are numbered 2 / 2.1 / (a): never "1." at three levels."""

from __future__ import annotations

import re

import pdfplumber

from briefing.builder.pipeline import build

from .conftest import write_yaml

ENGLISH = """title: Clean Water Plan
short_title: Clean Water Plan
issuer: Example District Office
date: 2026-01-15
language: en
source:
  title: Example District Clean Water Plan (fictional)
sections:
  - heading: Background
    blocks:
      - paragraphs:
          - text: The district has reviewed its water supply.
  - heading: Main contents
    blocks:
      - title: Principles
        cards:
          - title: Health first
            text: Every measure is judged by what it does for health.
          - title: Fair shares
            text: Costs fall where the pollution comes from.
      - title: Targets
        list:
          - text: Every home on mains water by 2030.
"""


def test_english_levels_are_numbered_section_dot_block_then_letters(tmp_path):
    result = build(write_yaml(tmp_path, ENGLISH), outputs=("pdf",), out_dir=tmp_path)
    assert result.ok, result.diagnostics
    with pdfplumber.open(result.written[0].path) as document:
        lines = [line for page in document.pages[2:-1]
                 for line in page.extract_text().splitlines()]
    headings = [line for line in lines if re.match(r"(\d|\([a-z]\))", line)
                and not re.match(r"\d\. Every", line)]
    assert headings == ["1. Background", "2. Main contents", "2.1 Principles",
                        "(a) Health first", "(b) Fair shares", "2.2 Targets"]
