"""Export: the JSON Lines contract of shared/eval/FORMAT.md, and CSV."""

import csv
import json

from dossier.export import export
from dossier.pipeline import ingest
from dossier.settings import load_config

from .conftest import SAMPLE

DOC_FIELDS = {"id", "source", "title", "published", "author", "outlet", "text"}
ENTITY_FIELDS = {"id", "type", "name", "aliases", "country", "mentions"}
FACT_FIELDS = {"id", "doc", "type", "status", "roles", "amount", "amount_eur", "share_of_gdp", "items", "date",
               "evidence", "confidence"}


def test_jsonl_export_schema(store, tmp_path):
    ingest(store, [str(SAMPLE)], load_config(), extract=False, progress=False)
    counts = export(store, tmp_path / "out", "jsonl")
    assert counts["documents.jsonl"] == 5
    docs = [json.loads(x) for x in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()]
    for d in docs:
        assert DOC_FIELDS <= d.keys()
        assert d["published"] is None or len(d["published"]) == 10
    assert (tmp_path / "out" / "entities.jsonl").exists() and (tmp_path / "out" / "facts.jsonl").exists()
    assert not list((tmp_path / "out").glob("*.part"))


def test_csv_export(store, tmp_path):
    ingest(store, [str(SAMPLE)], load_config(), extract=False, progress=False)
    export(store, tmp_path / "csv", "csv")
    rows = list(csv.DictReader(open(tmp_path / "csv" / "documents.csv", encoding="utf-8-sig")))
    assert len(rows) == 5 and rows[0]["title"] and rows[0]["id"]
    assert (tmp_path / "csv" / "facts.csv").read_text(encoding="utf-8-sig").startswith("id,type,status,date,")
