# Two commands: `make` sets up what is missing and builds every content/*.yaml into output/;
# `make test` sets up what is missing (test tools too) and runs the tests.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

# Debian packages: Pango for WeasyPrint, HarfBuzz-subset for fast CJK font subsetting,
# the CJK fonts (Noto Sans/Serif CJK SC; LXGW WenKai, the free 楷 for the official theme),
# Liberation (metric-compatible with Arial), fontconfig.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
                   fonts-noto-cjk fonts-liberation2 fonts-lxgw-wenkai
# For the tests: LibreOffice Impress renders the deck independently; poppler for pdftoppm;
# Chromium shows the live preview (driven by Playwright, which uses this one, not its own).
TEST_PACKAGES := libreoffice-impress poppler-utils chromium

.PHONY: all build test test-fast setup system-packages test-packages clean

all: build

build: setup
	$(PY) build.py

test: setup test-packages
	$(PY) -m pytest

# The edit-test loop: no test marked slow, libreoffice or browser, and a few examples for each
# property test (HYPOTHESIS_PROFILE=fast; see tests/conftest.py). `make test` runs them all.
FAST := not slow and not libreoffice and not browser
test-fast: setup
	HYPOTHESIS_PROFILE=fast $(PY) -m pytest -q -m "$(FAST)" $(ARGS)

setup: system-packages $(STAMP)

system-packages:
	@sh scripts/install-system-packages.sh $(SYSTEM_PACKAGES)

test-packages:
	@sh scripts/install-system-packages.sh $(TEST_PACKAGES)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

clean:
	rm -rf output/*.pdf output/*.pptx output/.briefing-tmp-* .pytest_cache .hypothesis

# `make bench`: timings, memory and the pandoc baseline (bench/bench.py); ROUNDS=N for N rounds.
.PHONY: bench
bench: setup
	@$(PY) -c 'import pypandoc' 2>/dev/null || $(VENV)/bin/pip install --quiet -e '.[bench]'
	$(PY) bench/bench.py $(if $(ROUNDS),--rounds $(ROUNDS))

# `make docs-pictures`: the slides docs/deck-layouts.md shows, drawn again from the briefings.
.PHONY: docs-pictures
docs-pictures: setup
	$(PY) scripts/deck_pictures.py
