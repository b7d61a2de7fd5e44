# Two commands: `make run` and `make test`. Each sets up what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= herbkb.db
PORT ?= 8501

.PHONY: run test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# stamp files: reinstall only when pyproject.toml changes
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

# the bundled catalogue is built on first run only; an existing catalogue is never overwritten
$(DB): | $(VENV)/.installed
	rm -f $(DB).new
	$(BIN)/herbkb init --db $(DB).new --with-bundled
	mv $(DB).new $(DB)

run: $(VENV)/.installed $(DB)
	$(BIN)/herbkb serve --db $(DB) --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

# benchmarks, not tests: figures printed side by side with the plain alternatives
bench: $(VENV)/.installed-test
	$(BIN)/python -m tests.benchmarks.bench_import --records $(or $(RECORDS),50000)
	$(BIN)/python -m tests.benchmarks.bench_search --herbs $(or $(HERBS),50000)
	$(BIN)/python -m tests.benchmarks.bench_render --visits 5 --herbs $(or $(HERBS),50000)
	$(BIN)/python -m tests.benchmarks.bench_lists
	$(BIN)/python -m tests.benchmarks.bench_save --saves 30

clean:
	rm -rf $(VENV) $(DB) $(DB).new
