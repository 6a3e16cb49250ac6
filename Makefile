# wax: `make run` serves it, `make test` proves it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format schema graphiql-assets bench bench-quick bench-profile clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/wax migrate
	$(BIN)/wax users bootstrap
	$(BIN)/wax serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# schema.graphql, exported from the code (a test fails when they differ)
schema: install
	$(BIN)/strawberry export-schema wax.schema:schema --output schema.graphql

# GraphiQL's files, vendored from npm into wax/static/graphiql (see its README.md)
GRAPHIQL_PACKAGES := graphiql@3.8.3 react@18.2.0 react-dom@18.2.0
graphiql-assets:
	rm -rf build/graphiql && mkdir -p build/graphiql
	cd build/graphiql && npm pack --silent $(GRAPHIQL_PACKAGES) >/dev/null \
	  && for f in *.tgz; do mkdir -p "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done
	cp build/graphiql/graphiql-*/package/graphiql.min.js build/graphiql/graphiql-*/package/graphiql.min.css \
	  build/graphiql/react-1*/package/umd/react.production.min.js \
	  build/graphiql/react-dom-*/package/umd/react-dom.production.min.js wax/static/graphiql/

# wax against the raw floor and beside PostGraphile 5 (npm into build/postgraphile); prints the
# table, writes bench/results/latest.md and .json
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-quick: install
	$(BIN)/python -m bench --quick $(BENCH_ARGS)

# py-spy under case 1's load: where wax spends its time (PROFILE_ARGS="--target rest ...")
bench-profile: install
	$(BIN)/python -m bench.profile $(PROFILE_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
