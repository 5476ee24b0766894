"""The four outputs of one briefing -> their layout findings, output by output: the briefing
and the handout as pages of flowing text, the slides PDF and the deck (as LibreOffice drew it)
slide by slide."""

from __future__ import annotations

from pathlib import Path

from ..content.load import LoadedBriefing
from ..deck.geometry import PT_PER_INCH, geometry
from ..design.theme import load_labels
from .deck import DIVIDERS, read_drawn_deck
from .findings import Finding, quote
from .fragments import fragment_findings
from .handout import unbalanced_handout
from .marks import captions_alone, mark_findings
from .reading import Element, Page, read_tagged_pdf
from .roles import TITLES, Catalogue, tables
from .room import measure_deck, room_findings
from .stranded import Flow, stranded_runs
from .tables import mark_rows, split_rows
from .texts import text_findings

OUTPUTS = ("pdf", "slides", "handout", "pptx")  # what a build makes, in the order checked
BOX_TEXTS = ("thrust", "box text", "indicator category")
LEADING = ("question", "intro", "thrust", "lead", "slide title", "table header", "group row")
TABLE_HEAD = ("table caption", "table header", "group row")


def proof(loaded: LoadedBriefing, outputs: dict[str, Path], drawn_deck: Path | None = None,
          names: dict[str, str] | None = None) -> list[Finding]:
    """Return the layout findings of a briefing's outputs (kind -> path: "pdf", "slides",
    "handout", and "pptx" with the PDF LibreOffice drew of it as `drawn_deck`; a deck not
    drawn is not checked); `names` says how to print each output (default: its path)."""
    proofer = Proofer(loaded)
    found: list[Finding] = []
    for kind in OUTPUTS:
        if kind in outputs and (kind != "pptx" or drawn_deck is not None):
            found += proofer.output(kind, outputs[kind], (names or {}).get(kind),
                                    drawn_deck)
    return found


class Proofer:
    """Checks the outputs of one loaded briefing, one at a time."""

    def __init__(self, loaded: LoadedBriefing):
        """Catalogue the briefing's texts and tables once for all its outputs."""
        self.catalogue = Catalogue(loaded.briefing)
        self.rows, self.captions = tables(loaded.briefing)
        self.labels = load_labels(loaded.briefing.language)

    def output(self, kind: str, path: Path, name: str | None = None,
               drawn_deck: Path | None = None) -> list[Finding]:
        """Return the findings of one output ("pdf", "slides", "handout"; "pptx" with the PDF
        LibreOffice drew of it), by page, printed under `name` (default: its path)."""
        name = name or str(path)
        found: list[Finding] = []
        if kind == "pptx":
            if drawn_deck is None:
                raise ValueError("a deck is checked as LibreOffice drew it: give drawn_deck")
            pages = read_drawn_deck(path, drawn_deck)
            found += room_findings(name, measure_deck(
                path, drawn_deck, str(self.labels["contents"]), str(self.labels["continued"]),
                geometry().layouts))
        else:
            pages = read_tagged_pdf(path, self.catalogue)
            _name_by_place(pages, self.catalogue, kind)
        if kind in ("pdf", "handout"):
            mark_rows(pages, self.rows)
            found += split_rows(name, pages, self.captions)
            found += _stranded_on_pages(name, pages)
        else:
            found += _stranded_on_slides(name, pages)
            found += fragment_findings(name, _between(pages))
        if kind == "handout":
            found += unbalanced_handout(name, pages)
        if kind in ("pdf", "handout"):
            found += captions_alone(name, pages)
        for page in pages:
            for element in page.elements:
                found += text_findings(name, page.number, element)
                if kind != "pptx":  # a deck's punctuation is its renderer's to set
                    found += mark_findings(name, page.number, element)
        return sorted(found, key=lambda f: f.page)


def _name_by_place(pages: list[Page], catalogue: Catalogue, kind: str) -> None:
    """Name texts by where they stand: the titles and texts of the overview diagram's boxes,
    a slide's title, a card's title on a slide; drop the slides' footers."""
    overview = str(catalogue.labels.get("overview", ""))
    footer_top = min(box[1] for box in geometry().footer.values()) * PT_PER_INCH
    for page in pages:
        if kind == "slides":
            page.elements = [e for e in page.elements
                             if not e.lines or e.lines[0].top < footer_top - 1]
        on_overview = any(e.tag[:1] == "H" and e.text == overview for e in page.elements)
        for element in page.elements:
            if kind == "slides" and element.tag == "H2":
                element.role = "slide title"
            elif element.tag == "P" and on_overview and element.role in TITLES:
                element.role = "box title"
            elif element.tag == "P" and on_overview and element.role in BOX_TEXTS:
                element.role = "box text"
            elif element.tag == "P" and kind == "slides" and element.role in TITLES:
                element.role = "card title"
            elif element.tag == "H1" and kind == "handout":
                element.role = "title"
            elif element.tag == "LI" and element.role in TITLES - {"card title"}:
                element.role = "item"  # an entry of the agenda


def _flow(element: Element) -> Flow:
    """Return how the stranding rule sees an element: headings (but the cover's), questions,
    intros, thrusts, leads, slide titles, a table's caption, header and group rows introduce
    what follows them."""
    tag, role = element.tag, element.role
    introduces = (tag[:1] == "H" and tag != "H1") or role in LEADING \
        or (role == "heading" and tag != "LI") or (role == "table caption" and tag == "Caption")
    return Flow(introduces, len(element.lines), element.whole, element.ends)


def _stranded_on_pages(output: str, pages: list[Page]) -> list[Finding]:
    """Return the stranded introducers of flowing pages (the briefing, the handout)."""
    found = []
    for index, page in enumerate(pages):
        items = [_flow(e) for e in page.elements]
        more = any(p.elements for p in pages[index + 1:])
        for start, end in stranded_runs(items, more):
            found.append(_stranded(output, page, page.elements[start:end]))
    return found


def _stranded_on_slides(output: str, pages: list[Page]) -> list[Finding]:
    """Return the stranded introducers of slides: a content slide whose title or lead has
    nothing under it (title, section and closing slides stand alone by design)."""
    found = []
    for index, page in enumerate(pages):
        if page.layout in DIVIDERS or (not page.layout and _divider(page, index, len(pages))):
            continue
        items = [_flow(e) for e in page.elements]
        for start, end in stranded_runs(items, more_after=True):
            found.append(_stranded(output, page, page.elements[start:end]))
    return found


def _between(pages: list[Page]) -> list[Page]:
    """Return the slides of a deck or a slides PDF but its title, section and closing slides;
    a section slide of the slides PDF, known by no layout, stays (its title and question are
    not statements) and so does a short section's first slide, titled like one."""
    return [page for index, page in enumerate(pages) if page.layout not in DIVIDERS
            and (page.layout or 0 < index < len(pages) - 1)]


def _divider(page: Page, index: int, count: int) -> bool:
    """Tell whether a slide of the slides PDF is a title, section or closing slide: the first,
    the last, or one titled with a numbered section heading."""
    titles = [e for e in page.elements if e.role == "slide title"]
    return index in (0, count - 1) or any(e.numbered for e in titles)


def _stranded(output: str, page: Page, run: list[Element]) -> Finding:
    """Return the finding of one run of stranded introducers."""
    first = run[0]
    others = [e.role for e in run[1:] if e.role != first.role]
    also = f" (with its {_series(list(dict.fromkeys(others)))})" if others else ""
    kind = "table header at foot" if first.role in TABLE_HEAD else "stranded"
    what = "the foot of the page" if page.layout == "" else "the slide"
    text = first.source if first.source and not first.numbered else first.text
    lacking = "a row of its table" if kind != "stranded" else \
        "two lines or one item of what it introduces"
    return Finding(output, page.number, kind, text,
                   f"{first.role} {quote(text)}{also} stands at {what} without {lacking}"
                   " after it")


def _series(words: list[str]) -> str:
    """Return words as an English series: a, b and c."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
