"""The limits a briefing stays within. They keep every value within what the outputs can hold
(a deck's document properties hold 255 characters; zip dates run from 1980 to 2107) and bound
a build's time and memory: with them, every stage's cost grows in proportion to the content.
docs/content-format.md ("Limits") lists them with what happens past each.
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
CHART_SERIES = 6  # series of one chart: the theme's colours stay apart
CHART_CATEGORIES = 12  # categories (bars or points along the axis) of one chart
CHART_VALUES = 36  # values drawn in one chart: a slide shows them with readable labels
FIGURE_BYTES = 20 * 1000 * 1000  # one picture's file
FIGURE_PIXELS = 40 * 1000 * 1000  # one picture's width × height
FIGURES_BYTES = 100 * 1000 * 1000  # every picture of a briefing together
FIGURES_PIXELS = 200 * 1000 * 1000
LOGO_BYTES = 5 * 1000 * 1000  # a theme's emblem
