# Dossier: make setup | demo | test | bench
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
DEMO_DB ?= demo.db
PORT ?= 8000
# Debian packages `make test` needs, installed when missing (.ci/apt-need: apt-get as root, else sudo).
# chromium: the browser tests drive /usr/bin/chromium with Playwright; postgresql: make test's second pass runs
# the tests that open a database on PostgreSQL (the tests start and stop their own cluster with initdb/pg_ctl).
TEST_PACKAGES ?= chromium postgresql

.PHONY: setup demo test test-packages eval bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# The demo database is kept between runs, so analysts' corrections survive a rebuild: new articles are ingested,
# every stored one is extracted again with today's rules, and the corrections are replayed over the result.
# `make clean` removes it.
demo: setup
	$(VENV)/bin/dossier ingest --db $(DEMO_DB) examples/corpus --summary
	$(VENV)/bin/dossier extract --db $(DEMO_DB) --no-progress
	$(VENV)/bin/dossier serve --db $(DEMO_DB) --port $(PORT)

test: setup test-packages
	$(VENV)/bin/pytest -q
	DOSSIER_TEST_DB=postgres $(VENV)/bin/pytest -q -m postgres   # the tests that open a database, again on PostgreSQL

test-packages:
	@.ci/apt-need $(TEST_PACKAGES)

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
	$(PY) benchmarks/unwritten_text.py
	$(PY) benchmarks/resolve_speed.py
	$(PY) benchmarks/dev_ingest_speed.py
	$(PY) benchmarks/read_latency.py
	$(PY) benchmarks/hostile_inputs.py
	$(PY) benchmarks/scale.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache
