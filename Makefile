# The two commands:  make book   (build the HTML book)   make test   (run every test)
# Both create .venv and install everything on first use. Needs Python 3.11 and git.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUILD  := jupyter-book build -W -n --keep-going .

.PHONY: book test unit nbval build-strict browser lab notebooks bench measure clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	touch $@

book: $(STAMP)
	$(BIN)/$(BUILD)
	@echo "The book is at file://$(CURDIR)/_build/html/index.html"

test: unit nbval build-strict browser

unit: $(STAMP)
	$(BIN)/python -m pytest tests -m "not browser and not built" --cov=mathnn --cov-report=term-missing --cov-fail-under=95

nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval book -p no:cacheprovider

build-strict: $(STAMP)
	$(BIN)/$(BUILD)

# The built pages: their glued numbers, and the pages in Debian's chromium (the browser
# tests skip, saying how to install it, if chromium is missing).
browser: $(STAMP)
	$(BIN)/python -m pytest tests -m "browser or built" -p no:cacheprovider

lab: $(STAMP)
	$(BIN)/jupyter lab book/

bench: $(STAMP)
	$(BIN)/python tools/bench.py

# Bytes, time to a working slider and drag cost of every widget page (needs `make book`).
measure: $(STAMP)
	$(BIN)/python tools/measure_pages.py

notebooks: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py

clean:
	rm -rf _build .pytest_cache .hypothesis .coverage
