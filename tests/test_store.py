"""Store: migrations, search with ranking and snippets, query escaping."""

from dossier.pipeline import ingest
from dossier.settings import load_config
from dossier.store import MIGRATIONS, SCHEMA_VERSION, Store, fts_query

from .conftest import SAMPLE


def test_migrations_recorded_and_idempotent(tmp_path):
    s = Store(tmp_path / "m.db")
    assert s.schema_version() == SCHEMA_VERSION == MIGRATIONS[-1][0]
    s.close()
    s = Store(tmp_path / "m.db")  # reopening applies nothing twice
    assert [r["version"] for r in s.query("SELECT version FROM schema_migrations")] == [m[0] for m in MIGRATIONS]
    assert s.query("PRAGMA journal_mode")[0]["journal_mode"] == "wal"
    s.close()


def test_search_ranks_and_snippets(store):
    ingest(store, [str(SAMPLE)], load_config(), extract=False, progress=False)
    hits = store.search("cluster munitions")
    assert hits and "cluster munition" in hits[0].title.lower()
    assert "[" in hits[0].snippet and "]" in hits[0].snippet
    assert hits == sorted(hits, key=lambda h: h.rank)
    assert store.search("Šakalienė") or store.search("Sakaliene")  # diacritics folded
    assert store.search('"; DROP TABLE documents; --') == []
    assert store.search("5%") is not None
    assert store.search("Jonav*")[0].title.startswith("Lithuania to concentrate")
    assert store.search("zzzxqy") == []


def test_fts_query_quotes_words():
    assert fts_query('RDX "plant"') == '"RDX" "plant"'
    assert fts_query("drone* OR uav") == '"drone"* OR "uav"'
    assert fts_query("OR") == ""
