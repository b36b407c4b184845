# Two commands for a newcomer: `make site` and `make test`. Both set up .venv themselves;
# the stamp file makes a repeated run skip the install entirely.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The engine that builds the pages: mkdocs (default while Material is maintained) or zensical.
ENGINE ?= mkdocs
export ENGINE
STAMP  := $(VENV)/.installed-stamp

OFFLINE_SITE := build/offline/site

.PHONY: site preview serve test lint validate clean publish bench offline deploy-main lock screenshots translations

# The whole dependency tree is pinned in uv.lock (with hashes); uv itself, pinned and hashed in
# requirements-uv.lock, is the only thing pip installs. `uv sync --locked` installs exactly the
# lock and refuses a pyproject.toml the lock no longer matches. `make lock` refreshes the lock.
# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set (CI images often set it) Python would
# compile every imported library again in every process, some 0.5 s a start of the engine.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
UV := $(BIN)/uv

$(STAMP): pyproject.toml uv.lock requirements-uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-uv.lock
	$(UV) sync --quiet --locked --compile-bytecode --extra dev --python $(BIN)/python
	touch $@

# Refresh uv.lock to the newest versions pyproject.toml allows (then run `make test` and commit
# both files together); requirements-uv.lock follows the uv pinned in pyproject.toml.
lock: $(STAMP)
	$(UV) lock --upgrade --python $(BIN)/python
	echo "uv==$$($(UV) --version | cut -d' ' -f2)" | $(UV) pip compile - --quiet --generate-hashes \
	  --universal --python-version 3.11 --no-header -o requirements-uv.lock

# The site's own strings (casebook.i18n): extract every _() into locales/casebook.pot and bring
# each language's catalogue (locales/<tag>/LC_MESSAGES/casebook.po) in step with it; new strings
# arrive there empty for translators. A new language: `make translations NEW=pt` first.
translations: $(STAMP)
	$(BIN)/pybabel -q extract -F locales/babel.cfg --add-location=file --sort-output \
	  --no-wrap --project=Casebook -o locales/casebook.pot .
	$(if $(NEW),$(BIN)/pybabel -q init -D casebook -i locales/casebook.pot -d locales -l $(NEW) --no-wrap)
	if ls locales/*/LC_MESSAGES/casebook.po >/dev/null 2>&1; then \
	  $(BIN)/pybabel -q update -D casebook -i locales/casebook.pot -d locales \
	  --ignore-obsolete --no-fuzzy-matching --no-wrap; fi

# An editable install compiles nothing, and where PYTHONDONTWRITEBYTECODE is set Python never
# caches the package's bytecode, so every build would compile casebook/ again. Compiled here
# once per change instead (a stale .pyc is never used: Python compares it with the source).
BYTECODE   := $(VENV)/.bytecode-stamp
PY_SOURCES := $(shell find casebook macros -name '*.py')

$(BYTECODE): $(STAMP) $(PY_SOURCES)
	$(BIN)/python -m compileall -q casebook macros
	touch $@

# casebook build: validate content/, write the docs tree (build/docs-$(ENGINE)), run the engine,
# finish the pages and write the site's search index. `make site ENGINE=zensical` builds the
# same site with Zensical.
site: $(STAMP) $(BYTECODE)
	$(BIN)/casebook build --engine $(ENGINE)

# The site built for file:// (CASEBOOK_OFFLINE adds the Download link), then the bundles, each
# with its own search index: dist/casebook-offline.zip, dist/course-<slug>.zip, and
# download.html + downloads/ in the site.
offline: $(STAMP) $(BYTECODE)
	$(BIN)/casebook build --engine $(ENGINE) --offline -d $(OFFLINE_SITE) --tree-dir build/offline/docs
	$(BIN)/casebook offline $(OFFLINE_SITE) --dist dist

# A preview with drafts, each marked "Draft — not published" on its page and in every list;
# never in the open data, feeds, editions or offline copies. CHANGED=<file> (one path a line)
# lists the files a pull request changes on its home page. Written to build/preview/site.
PREVIEW_SITE := build/preview/site
preview: $(STAMP) $(BYTECODE)
	$(BIN)/casebook build --engine $(ENGINE) --preview $(if $(CHANGED),--changed $(CHANGED)) -d $(PREVIEW_SITE) --tree-dir build/preview/docs

# Live preview at http://127.0.0.1:8000, rebuilt when content/, pages/, schemas/ or mkdocs.yml
# change; drafts included; `make serve PREVIEW=false` shows only what is published.
PREVIEW ?= true
serve: $(STAMP) $(BYTECODE)
	$(BIN)/casebook serve --engine $(ENGINE) $(if $(filter true,$(PREVIEW)),--preview)

validate: $(STAMP)
	$(BIN)/casebook validate

lint: $(STAMP)
	$(BIN)/ruff check casebook macros scripts tests
	$(BIN)/ruff format --check casebook macros scripts tests
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# Screenshots of every kind of page at 1280 px and 390 px (the mini fixture built as an edition
# with its bundles) into build/screenshots/, for a reviewer to look at.
screenshots: $(STAMP) $(BYTECODE)
	$(BIN)/python scripts/screenshots.py --out build/screenshots

# Scale benchmark (both engines; about 40 minutes): 20, 1,000 and 10,000 synthetic cases under .bench/;
# figures in .bench/results.md and .bench/results.json (see BENCHMARKS.md).
bench: $(STAMP) $(BYTECODE)
	$(BIN)/python scripts/bench.py --cases 20 1000 10000
	$(BIN)/python scripts/bench_languages.py --cases 1000 10000
	$(BIN)/python scripts/bench_adversarial.py

# make publish EDITION=2026 [PUSH=1]: build edition 2026 (listed in content/editions.yml) with
# its offline bundle, deploy it with mike into the local gh-pages branch as version 2026, move
# the alias 'latest' to it and make it the default. Pushes to origin only with PUSH=1.
# A published edition is frozen: publishing the same EDITION again, or with the placeholder
# site address (set CASEBOOK_SITE_URL), is refused before anything is built.
publish: $(STAMP)
	@test -n "$(EDITION)" || { echo "usage: make publish EDITION=2026 [PUSH=1]" >&2; exit 2; }
	$(BIN)/casebook edition check $(EDITION)
	rm -f dist/*.zip
	$(MAKE) offline CASEBOOK_EDITION=$(EDITION)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/casebook edition publish $(EDITION) --downloads dist $(if $(PUSH),--push)

# make deploy-main [PUSH=1]: the working collection as mike version "main" (never "latest"),
# and the branch's root index.html and 404.html (to the latest edition, or to main before the
# first). Refused before anything is built while CASEBOOK_SITE_URL or CASEBOOK_REPOSITORY
# (site_url, extra.repository) is the placeholder.
deploy-main: $(STAMP) $(BYTECODE)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/casebook deploy $(if $(PUSH),--push)

clean:
	rm -rf site build dist
