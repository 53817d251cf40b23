# The two commands a newcomer needs: `make run` and `make test`.
# Each one sets up .venv on its own the first time (and again when pyproject.toml changes).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
ARGS   ?=

.PHONY: run test lint render validate handout bench clean help

help:
	@echo "make run       start the kiosk in a window on the bundled content (Esc quits)"
	@echo "make test      lint, type-check and run the whole test suite"
	@echo "make render    draw every screen to PNG files in out/screens/"
	@echo "make validate  check the bundled content"
	@echo "make handout   write the take-home web page and PDF to out/site/"
	@echo "make bench     measure performance against the budgets (writes build/bench.json)"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(PY) -m kiosk run $(ARGS)

test: $(STAMP)
	$(PY) -m ruff check kiosk tests benchmarks main.py
	$(PY) -m ruff format --check kiosk tests benchmarks main.py
	$(PY) -m mypy
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest $(ARGS)

lint: $(STAMP)
	$(PY) -m ruff format kiosk tests benchmarks main.py
	$(PY) -m ruff check --fix kiosk tests benchmarks main.py

render: $(STAMP)
	$(PY) -m kiosk render --out out/screens $(ARGS)

validate: $(STAMP)
	$(PY) -m kiosk validate $(ARGS)

handout: $(STAMP)
	$(PY) -m kiosk handout --out out/site $(ARGS)

bench: $(STAMP)
	$(PY) -m benchmarks.run --json build/bench.json $(ARGS)

clean:
	rm -rf $(VENV) build out .pytest_cache .mypy_cache .ruff_cache
