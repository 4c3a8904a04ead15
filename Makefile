# The two commands a newcomer needs: `make run` and `make test`.
# Both create .venv on first use and install the app with the pinned versions
# in constraints.txt.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
WORKSHOP ?=

.PHONY: run test lint typecheck test-core test-gui bench clean

# A quiet install: the data folders are listed packages (pyproject.toml), so setuptools
# has nothing to warn about; its note that the install is editable is all it would print.
$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	PYTHONWARNINGS="ignore:Editable installation" \
	    $(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(INSTALLED)

## Open the app on the demo workshop, or on WORKSHOP=path/to/file.workshop.json
run: $(INSTALLED)
	$(BIN)/facilitator $(if $(WORKSHOP),open "$(WORKSHOP)",demo)

## Everything CI runs: lint, types, the core without Qt, then the GUI tests
test: lint typecheck test-core test-gui

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	$(BIN)/mypy

# The core's tests run with PySide6 made unimportable (tests/qt_absent.py),
# plus a scan of every core module's imports (tests/facilitator/test_qt_free.py).
test-core: $(INSTALLED)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:pytest-qt -p tests.qt_absent tests/facilitator

test-gui: $(INSTALLED)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/ui

bench: $(INSTALLED)
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_brief.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/bench_board.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/bench_startup.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/bench_room.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
