# Dossier: make setup | demo | test | bench
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
DEMO_DB ?= demo.db
PORT ?= 8000

.PHONY: setup demo test bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

demo: setup
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(VENV)/bin/dossier ingest --db $(DEMO_DB) examples/corpus --summary
	$(VENV)/bin/dossier serve --db $(DEMO_DB) --port $(PORT)

test: setup
	$(VENV)/bin/pytest -q

bench: setup
	$(PY) benchmarks/html_quality.py
	$(PY) benchmarks/ingest_speed.py
	$(PY) benchmarks/extract_speed.py
	$(PY) benchmarks/recognizers.py
	$(PY) benchmarks/re3d_mentions.py
	$(PY) benchmarks/resolve_speed.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache
