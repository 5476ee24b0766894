"""Importing a page: an interpretation page (政策解读 / 问答 / 答记者问) as a user has it — its
text copied from a government website, the page saved from the browser, or the Word file —
-> a draft content file in the v2 format.

In: the file's bytes (plain text in UTF-8 or GB18030 up to 1 MiB, a web page up to 5 MiB of
markup, a .docx up to 20 MiB), told apart by their first bytes. Out: the YAML text of a
briefing — metadata from the page's head (or a web page's meta tags, a Word file's
properties), the lede and sections from its questions or numbered headings, blocks of the
kinds that fit its structure — with a header comment that lists the website furniture dropped, the
mechanical fixes made (with their page line:column) and what to review; or positioned
diagnostics and nothing written.

Steps, one module each: documents (what the file is, then one of: reading for text, web with
markup for a web page, word for a Word file — each into numbered lines, tables read as tables
by tables), furniture (furniture, the head and metadata lines), cleaning (the copy lint's
mechanical fixes, recorded), units (one line -> what it is: a question, a heading, an
enumerated item, a table row, a roster…), blocks (a run of units -> the block kind that fits),
headings (a question -> its section's heading), structure (units -> the lede and the
sections), bounds (the limits a draft stays within), shorts (short forms for the slides, from
the page's words), writing (the draft -> YAML text), page (the whole import, written
atomically).
"""
