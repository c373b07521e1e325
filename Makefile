# Two commands do all set-up: `make run` and `make test` create .venv, install claimx, then act.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.claimx-installed

.PHONY: run test bench fuzz install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/claimx extract seeds/

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

fuzz: $(STAMP)
	CLAIMX_FUZZ=1 $(BIN)/python -m pytest -q tests/test_properties.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis
