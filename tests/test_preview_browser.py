"""The live preview in a real browser (Debian's Chromium, headless, driven by Playwright): the
briefing's pages, the slides and the handout as the outputs have them; an edit shown before the
PDF is rewritten; a broken save's diagnostics over the last good preview; a page that looks like
the PDF's own rendering of it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image, ImageChops, ImageOps
from pptx import Presentation

from .conftest import DEFAULT_CONTENT, ROOT

pytestmark = pytest.mark.browser  # Chromium, through Playwright

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]
EDIT = ("为文明南开建设助力", "为文明南开建设全力助力")


def chromium() -> str:
    """Return Debian's Chromium; `make test` installs it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("Chromium is not installed; `make test` installs Debian's chromium")
    return found


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`build.py watch --serve` on a copy of the default briefing, as a user runs it."""
    folder = tmp_path_factory.mktemp("preview")
    source = folder / "nankai.yaml"
    shutil.copy(DEFAULT_CONTENT, source)
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "watch", source.name,
                                "--serve", "--port", "0", "--out", "out"], cwd=folder,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    port = int(re.search(r":(\d+)/", process.stdout.readline()).group(1))
    outputs = {kind: folder / "out" / f"nankai{suffix}" for kind, suffix in
               (("pdf", ".pdf"), ("pptx", ".pptx"), ("handout", "-handout.pdf"))}
    deadline = time.monotonic() + 120
    while not all(p.exists() for p in outputs.values()) and time.monotonic() < deadline:
        time.sleep(0.1)
    yield {"port": port, "source": source, "outputs": outputs, "folder": folder}
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def frame(page):
    """Return the preview's view frame."""
    return page.frame_locator("#view")


def count_in_view(page, selector: str, expected: int) -> int:
    """Wait (up to 30 s) until the view shows `expected` elements; return how many it shows."""
    deadline = time.monotonic() + 30
    found = -1
    while time.monotonic() < deadline:
        found = frame(page).locator(selector).count()
        if found == expected:
            break
        page.wait_for_timeout(50)
    return found


def pdf_pages(path: Path) -> int:
    with pdfplumber.open(path) as document:
        return len(document.pages)


def test_the_preview_shows_the_pages_the_slides_and_the_handout_the_outputs_have(served,
                                                                                 browser):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"http://127.0.0.1:{served['port']}/nankai.html")
    pages = pdf_pages(served["outputs"]["pdf"])
    assert count_in_view(page, ".page", pages) == pages
    cover = frame(page).locator(".page").first.inner_text().replace("\u2060", "")  # joiners
    assert cover.count("加强污染防治") >= 1
    page.click("button[data-view=slides]")
    slides = len(Presentation(str(served["outputs"]["pptx"])).slides)
    assert count_in_view(page, ".slide", slides) == slides
    page.click("button[data-view=handout]")
    handout = pdf_pages(served["outputs"]["handout"])
    assert count_in_view(page, ".page", handout) == handout
    page.close()


def test_an_edit_shows_before_the_pdf_is_rewritten_and_then_in_the_new_pages(served,
                                                                            browser):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"http://127.0.0.1:{served['port']}/nankai.html")
    pages = pdf_pages(served["outputs"]["pdf"])
    assert count_in_view(page, ".page", pages) == pages
    pdf = served["outputs"]["pdf"]
    before = (pdf.stat().st_ino, pdf.stat().st_mtime_ns)
    text = served["source"].read_text(encoding="utf-8")
    served["source"].write_text(text.replace(*EDIT, 1), encoding="utf-8")
    seen_before_pdf = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if EDIT[1] in frame(page).locator("body").inner_text():
            seen_before_pdf = (pdf.stat().st_ino, pdf.stat().st_mtime_ns) == before
            break
        page.wait_for_timeout(5)
    assert seen_before_pdf is True, "the edit was not shown before the PDF was rewritten"
    deadline = time.monotonic() + 60
    while (pdf.stat().st_ino, pdf.stat().st_mtime_ns) == before and time.monotonic() < deadline:
        time.sleep(0.05)
    with pdfplumber.open(pdf) as document:
        assert EDIT[1] in re.sub(r"\s", "", "".join(p.extract_text() or ""
                                                     for p in document.pages))
    assert count_in_view(page, ".page", pdf_pages(pdf)) == pdf_pages(pdf)
    assert EDIT[1] in re.sub(r"\s", "", frame(page).locator("body").inner_text())
    page.close()


def test_a_broken_save_shows_its_diagnostics_over_the_last_good_preview(served, browser):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"http://127.0.0.1:{served['port']}/nankai.html")
    pages = pdf_pages(served["outputs"]["pdf"])
    assert count_in_view(page, ".page", pages) == pages
    good = served["source"].read_text(encoding="utf-8")
    served["source"].write_text(good.replace("issuer:", "isuer:", 1), encoding="utf-8")
    page.wait_for_selector("#problems.shown", timeout=30_000)
    assert "unknown key 'isuer'; did you mean 'issuer'?" in page.inner_text("#problems")
    assert frame(page).locator(".page").count() == pages  # the last good preview stays
    builds = good_builds(served["port"])
    served["source"].write_text(good, encoding="utf-8")
    page.wait_for_selector("#problems:not(.shown)", state="attached", timeout=30_000)
    deadline = time.monotonic() + 60  # the good save goes through every stage again
    while good_builds(served["port"]) == builds and time.monotonic() < deadline:
        time.sleep(0.05)
    assert good_builds(served["port"]) > builds
    page.close()


def good_builds(port: int) -> int:
    """Return how many saves watch has built in full (the preview's /__version)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__version", timeout=10) as answer:
        return int(answer.read())


def difference(a: Image.Image, b: Image.Image) -> float:
    """Return the mean difference (0–255) of two pictures, compared at a quarter of their size
    (where one pixel of offset between the same glyphs does not count)."""
    size = (a.width // 4, a.height // 4)
    a, b = (ImageOps.grayscale(i).resize(size, Image.Resampling.BOX) for i in (a, b))
    histogram = ImageChops.difference(a, b).histogram()
    return sum(value * count for value, count in enumerate(histogram)) / sum(histogram)


def test_a_previewed_page_looks_like_the_pdfs_rendering_of_it(served, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1000, "height": 1300}, device_scale_factor=1)
    page.goto(f"http://127.0.0.1:{served['port']}/nankai.html")
    pdf = served["outputs"]["pdf"]
    pages = pdf_pages(pdf)
    assert count_in_view(page, ".page", pages) == pages
    shots = {}
    for number in (5, 6):
        frame(page).locator(".page").nth(number - 1).screenshot(path=tmp_path / f"{number}.png")
        shots[number] = Image.open(tmp_path / f"{number}.png")
    subprocess.run(["pdftoppm", "-r", "96", "-f", "5", "-l", "5", "-png", str(pdf),
                    str(tmp_path / "pdf")], check=True)
    printed = Image.open(next(tmp_path.glob("pdf*.png"))).resize(shots[5].size)
    same_page, other_page = difference(shots[5], printed), difference(shots[6], printed)
    print(f"page 5 against the PDF: {same_page:.2f}; page 6: {other_page:.2f}")
    assert same_page < 6.0, same_page  # measured here: 3.0 (antialiasing, hinting)
    assert other_page > 2 * same_page  # and it tells pages apart: 14.7 for the next page
    page.close()
