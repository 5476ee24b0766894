"""The limits a briefing stays within. They keep every value within what the outputs can hold
(a deck's document properties hold 255 characters; zip dates run from 1980 to 2107) and bound
a build's time and memory: with them, every stage's cost grows in proportion to the content.
README.md ("Limits") lists them with what happens past each.
"""

MAX_FILE_BYTES = 1 << 20  # a briefing file: a few dozen KiB is usual
MAX_DEPTH = 50  # levels of YAML nesting
LINE = 255  # characters of a one-line value: titles, headings, questions, short forms, cells
TEXT = 4000  # characters of a paragraph, an item's full text, a goal statement, an intro
URL = 2000  # characters of source.url
WORD = 120  # characters in a row with no place to break the line (a space, a CJK character)
KEYWORDS = 255  # characters of all keywords together, as the deck's keywords property
SECTIONS = 30
BLOCKS = 30  # per section
ITEMS = 200  # paragraphs, cards, targets, measures, list items, key messages, keywords, rows
GROUPS = 30  # per groups block
COLUMNS = 12  # per table
OVERVIEW_BOXES = 12  # cards or groups of one block drawn in the overview diagram
OVERVIEW_PER_ROW = 6  # boxes in a row of the diagram; a block with more takes two rows
OVERVIEW_ROWS = 6  # rows of the diagram, the goal's included
FIRST_YEAR, LAST_YEAR = 1980, 2107  # a briefing's date: what a zip (the deck) can record
DIAGNOSTICS = 200  # printed per file; the summary line counts them all
