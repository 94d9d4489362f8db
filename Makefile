# Dossier: make setup | demo | test | bench
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
DEMO_DB ?= demo.db
PORT ?= 8000

.PHONY: setup demo test eval bench clean

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

SHARED ?= ../shared
eval: setup   # scores on the seeds and the development set (needs ../shared); facts per type, attributes, entities
	@echo "== seeds"; $(VENV)/bin/dossier eval $(SHARED)/eval/seeds.gold.jsonl --entities $(SHARED)/eval/seeds.entities.jsonl --corpus $(SHARED)/corpus/seeds --summary
	@echo "== dev"; $(VENV)/bin/dossier eval $(SHARED)/eval/dev.gold.jsonl --entities $(SHARED)/eval/dev.entities.jsonl --corpus $(SHARED)/corpus/dev --summary

bench: setup
	$(PY) benchmarks/html_quality.py
	$(PY) benchmarks/ingest_speed.py
	$(PY) benchmarks/extract_speed.py
	$(PY) benchmarks/recognizers.py
	$(PY) benchmarks/re3d_mentions.py
	$(PY) benchmarks/resolve_speed.py
	$(PY) benchmarks/dev_ingest_speed.py
	$(PY) benchmarks/hostile_inputs.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache
