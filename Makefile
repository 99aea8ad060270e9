# Kota Cerdas Bekasi — every target bootstraps .venv itself (Python 3.11+ is the only prerequisite).
#   make run     set up var/ (SQLite, reference and demo data) and serve http://127.0.0.1:$(PORT)
#   make test    the whole test suite (DATABASE_URL=postgresql://... runs it on PostgreSQL)
#   make lint    ruff format --check + ruff check
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
VENDOR := src/kotacerdas/static/vendor
LINT_PATHS := src tests bench conftest.py

.PHONY: run test lint format bench setup messages vendor clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# A developer's machine: debug on, no secret key needed. Production runs `kotacerdas setup`
# and `kotacerdas serve` with its own variables (README.md, "Production").
run setup: export KOTACERDAS_DEBUG ?= 1

setup: $(STAMP)
	$(BIN)/kotacerdas setup --demo

run: setup
	$(BIN)/kotacerdas serve --port $(PORT) --simulate

test: $(STAMP)
	KOTACERDAS_TESTING=1 $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/ruff check $(LINT_PATHS)

format: $(STAMP)
	$(BIN)/ruff format $(LINT_PATHS)
	$(BIN)/ruff check --fix $(LINT_PATHS)

bench: $(STAMP)
	KOTACERDAS_TESTING=1 $(BIN)/python -m bench

# Refresh the English catalogue from the Indonesian source strings and compile it; translate
# what is new in src/kotacerdas/locale/en/LC_MESSAGES/django.po, run it again, commit .po and .mo.
messages: $(STAMP)
	cd src/kotacerdas && export KOTACERDAS_DEBUG=1 KOTACERDAS_HOME='$(CURDIR)' && \
	  ../../$(BIN)/kotacerdas makemessages -l en --no-obsolete --ignore 'static/vendor/*' && \
	  ../../$(BIN)/kotacerdas compilemessages --ignore 'static/vendor/*'

# Re-fetch the pinned front-end assets listed in $(VENDOR)/VERSIONS from the npm registry
# (maintainers only; needs npm). Each line: package version file-or-dir...; a package's files
# land in $(VENDOR)/<package without ".org">/. Source-map comments are dropped (the maps are
# not vendored, and collectstatic's manifest storage refuses dangling references). Commit it.
vendor:
	@command -v npm >/dev/null || { echo "make vendor needs npm (Node.js)"; exit 1; }
	@set -eu; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	grep -v -e '^#' -e '^[[:space:]]*$$' $(VENDOR)/VERSIONS | while read -r pkg version files; do \
	  dir=$${pkg%.org}; \
	  mkdir -p "$$tmp/$$dir"; \
	  tarball=$$(cd "$$tmp" && npm pack --silent "$$pkg@$$version" | tail -n 1); \
	  tar -xzf "$$tmp/$$tarball" -C "$$tmp/$$dir"; \
	  rm -rf "$(VENDOR)/$$dir"; mkdir -p "$(VENDOR)/$$dir"; \
	  for f in $$files; do cp -R "$$tmp/$$dir/package/$$f" "$(VENDOR)/$$dir/"; done; \
	  find "$(VENDOR)/$$dir" -name '*.js' -o -name '*.css' | \
	    xargs sed -i -e '/^\/[/*]# sourceMappingURL=/d'; \
	  echo "$$pkg $$version -> $(VENDOR)/$$dir"; \
	done

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
