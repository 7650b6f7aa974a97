# The project's commands. README.md lists the two that matter: `make serve`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
HOST   ?= 127.0.0.1:8000

.PHONY: serve build test generate check bench clean help

help:
	@echo "make serve   set up, generate and serve the site on http://$(HOST)/"
	@echo "make test    set up and run the whole test suite"
	@echo "make build   the static site in site/"
	@echo "make build-properdocs   the same site built with ProperDocs (the MkDocs 1.x fork; MAINTAINING.md: May 2027)"
	@echo "make check   validate data/, taxonomy.yml and commentary/"
	@echo "make bench   every benchmark at 1k/5k/20k papers (bench/README.md says which report holds what)"
	@echo "make tag-figures TAGS_BASE=main   tag precision and recall, this taxonomy.yml and labels/ beside main's"
	@echo "make review REVIEW_BASE=main   the commentary changed since main, as it will look (after make build)"
	@echo "make enrich  link the records without an arXiv id to their arXiv paper, by title (docs/run-your-own.md)"

# The virtual environment is rebuilt only when a pin changes.
$(BIN)/.site-installed: requirements/site.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/site.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(BIN)/.test-installed: $(BIN)/.site-installed requirements/test.txt
	$(BIN)/python -m pip install --quiet -r requirements/test.txt
	touch $@

generate: $(BIN)/.site-installed
	$(BIN)/paper-archive generate

check: $(BIN)/.site-installed
	$(BIN)/paper-archive check

# Our own preview server (generator/serve/): an edit rebuilds only the pages it
# changes and reloads the open page once; `mkdocs serve` rebuilt everything twice.
serve: $(BIN)/.site-installed
	$(BIN)/paper-archive serve --dev-addr $(HOST)

build: generate
	$(BIN)/mkdocs build --strict

# The same site built with ProperDocs, the maintained MkDocs 1.x fork (MAINTAINING.md: May 2027).
.PHONY: build-properdocs
build-properdocs: generate
	$(BIN)/properdocs build --strict --config-file mkdocs.yml

test: $(BIN)/.test-installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(BIN)/.test-installed
	$(BIN)/python bench/run.py

clean:
	rm -rf site build/serve bench/work

# Fetch the Hugging Face daily lists missing since the last list day into data/
# (the daily ingestion workflow runs this). A range: make fetch FETCH_ARGS="--since 2025-03-01".
.PHONY: fetch
fetch: $(BIN)/.site-installed
	$(BIN)/paper-archive fetch $(FETCH_ARGS)

# Link the records without an arXiv id to their arXiv paper, by title (the
# daily ingestion workflow runs this after fetch; arXiv's answers are kept in
# data/raw/arxiv-query/, so a rerun asks nothing twice).
.PHONY: enrich
enrich: $(BIN)/.site-installed
	$(BIN)/paper-archive enrich $(ENRICH_ARGS)

# Tag precision and recall on the labelled papers, this taxonomy.yml and labels/
# beside those at TAGS_BASE (in CI the merge commit's first parent: the base branch;
# the table goes to the job summary). Locally: make tag-figures TAGS_BASE=main
TAGS_BASE ?= HEAD^1
.PHONY: tag-figures
tag-figures: $(BIN)/.site-installed
	$(BIN)/python bench/bench_tags.py --summary --base-rev $(TAGS_BASE)

# Each commentary file added, changed or deleted since REVIEW_BASE, as it will
# look: a Markdown summary (to $GITHUB_STEP_SUMMARY in CI, else printed) and a
# small preview site, build/commentary-preview, holding just those papers' pages
# taken from site/ (run make build first). In CI REVIEW_BASE is the merge
# commit's first parent: the base branch. Locally: make review REVIEW_BASE=main
REVIEW_BASE ?= HEAD^1
.PHONY: review
review: $(BIN)/.site-installed
	$(BIN)/paper-archive review --changed-since $(REVIEW_BASE)
