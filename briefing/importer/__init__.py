"""Importing a page: a plain-text interpretation page (政策解读 / 问答, as copied from a
government website) -> a draft content file in the v2 format.

In: the page's bytes (UTF-8, or GB18030 Chinese text, at most 1 MiB). Out: the YAML text of a
briefing — metadata from the page's title and metadata lines, sections from its questions or
numbered headings, blocks of the kinds that fit its structure — with a header comment that
lists the website furniture dropped, the mechanical fixes made (with their page line:column)
and the short forms to review; or positioned diagnostics and nothing written.

Steps, one module each: reading (bytes -> lines), furniture (furniture and metadata lines),
cleaning (the copy lint's mechanical fixes, recorded), units (one line -> what it is: a
question, a heading, an enumerated item, a table row…), blocks (a run of units -> the block
kind that fits), structure (units -> sections), writing (the draft -> YAML text), page (the
whole import, written atomically).
"""
