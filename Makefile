# Two commands for a newcomer: `make site` and `make test`. Both set up .venv themselves;
# the stamp file makes a repeated run skip the install entirely.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
STAMP  := $(VENV)/.installed-stamp

# The iframe-worker shim lets Material's search worker run from file:// (scripts/vendor_assets.py
# says why). npm pack fetches the pinned version once; the tarball and the shim are the stamps,
# so a repeated run fetches nothing.
NPM                   ?= npm
VENDOR                := build/vendor
IFRAME_WORKER_VERSION := 1.0.4
IFRAME_WORKER_SHA512  := sha512-roeaaI+Lg1LJNfgpCjoRe/+WzEjy9+Z08LoEvu85MCPbBjwm+qXz8Ag5U05lHa6V1CysZyGzE0SOkAtSUA5q7Q==
IFRAME_WORKER_TGZ     := $(VENDOR)/iframe-worker-$(IFRAME_WORKER_VERSION).tgz
SHIM                  := casebook/site/assets/iframe-worker-shim.js
OFFLINE_SITE          := build/offline/site

.PHONY: site serve test lint validate clean publish bench vendor offline deploy-main lock screenshots

# The whole dependency tree is pinned in uv.lock (with hashes); uv itself, pinned and hashed in
# requirements-uv.lock, is the only thing pip installs. `uv sync --locked` installs exactly the
# lock and refuses a pyproject.toml the lock no longer matches. `make lock` refreshes the lock.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
UV := $(BIN)/uv

$(STAMP): pyproject.toml uv.lock requirements-uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-uv.lock
	$(UV) sync --quiet --locked --extra dev --python $(BIN)/python
	touch $@

# Refresh uv.lock to the newest versions pyproject.toml allows (then run `make test` and commit
# both files together); requirements-uv.lock follows the uv pinned in pyproject.toml.
lock: $(STAMP)
	$(UV) lock --upgrade --python $(BIN)/python
	echo "uv==$$($(UV) --version | cut -d' ' -f2)" | $(UV) pip compile - --quiet --generate-hashes \
	  --universal --python-version 3.11 --no-header -o requirements-uv.lock

# An editable install compiles nothing, and where PYTHONDONTWRITEBYTECODE is set Python never
# caches the package's bytecode, so every build would compile casebook/ again. Compiled here
# once per change instead (a stale .pyc is never used: Python compares it with the source).
BYTECODE   := $(VENV)/.bytecode-stamp
PY_SOURCES := $(shell find casebook macros -name '*.py')

$(BYTECODE): $(STAMP) $(PY_SOURCES)
	$(BIN)/python -m compileall -q casebook macros
	touch $@

$(IFRAME_WORKER_TGZ):
	mkdir -p $(VENDOR)
	$(NPM) pack --silent --pack-destination $(VENDOR) iframe-worker@$(IFRAME_WORKER_VERSION) >/dev/null

$(SHIM): $(IFRAME_WORKER_TGZ) scripts/vendor_assets.py | $(STAMP)
	$(BIN)/python scripts/vendor_assets.py $(IFRAME_WORKER_TGZ) $@ --integrity $(IFRAME_WORKER_SHA512)

vendor: $(SHIM)

site: $(STAMP) $(SHIM) $(BYTECODE)
	$(BIN)/mkdocs build --strict

# The whole site built for file:// (Material's offline plugin, vendored shim), then the bundles:
# dist/casebook-offline.zip, dist/course-<slug>.zip, and download.html + downloads/ in the site.
offline: $(STAMP) $(SHIM) $(BYTECODE)
	CASEBOOK_OFFLINE=true $(BIN)/mkdocs build --strict -q -d $(OFFLINE_SITE)
	$(BIN)/casebook offline $(OFFLINE_SITE) --dist dist

serve: $(STAMP) $(SHIM) $(BYTECODE)
	$(BIN)/mkdocs serve

validate: $(STAMP)
	$(BIN)/casebook validate

lint: $(STAMP)
	$(BIN)/ruff check casebook macros scripts tests
	$(BIN)/ruff format --check casebook macros scripts tests
	$(BIN)/mypy

test: lint $(SHIM)
	$(BIN)/pytest

# Screenshots of every kind of page at 1280 px and 390 px (the mini fixture built as an edition
# with its bundles) into build/screenshots/, for a reviewer to look at.
screenshots: $(STAMP) $(SHIM) $(BYTECODE)
	$(BIN)/python scripts/screenshots.py --out build/screenshots

# Scale benchmark (about 20 minutes): 1,000 and 10,000 synthetic cases under .bench/;
# figures in .bench/results.md and .bench/results.json (see BENCHMARKS.md).
bench: $(STAMP) $(BYTECODE)
	$(BIN)/python scripts/bench.py --cases 1000 10000
	$(BIN)/python scripts/bench_adversarial.py

# make publish EDITION=2026 [PUSH=1]: build edition 2026 (listed in content/editions.yml) with
# its offline bundle, deploy it with mike into the local gh-pages branch as version 2026, move
# the alias 'latest' to it and make it the default. Pushes to origin only with PUSH=1.
# A published edition is frozen: publishing the same EDITION again is refused.
publish: $(STAMP)
	@test -n "$(EDITION)" || { echo "usage: make publish EDITION=2026 [PUSH=1]" >&2; exit 2; }
	rm -f dist/*.zip
	$(MAKE) offline CASEBOOK_EDITION=$(EDITION)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/casebook edition publish $(EDITION) --downloads dist $(if $(PUSH),--push)

# make deploy-main [PUSH=1]: the working collection as mike version "main" (never "latest").
deploy-main: site
	CASEBOOK_VERSION_PROVIDER=mike PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/mike deploy --title "Working collection" $(if $(PUSH),--push) main

clean:
	rm -rf site build dist $(SHIM)
