"""The REST API on a real SQLite database built from the sample corpus."""

import io
import json

import pytest
from fastapi.testclient import TestClient

from dossier.api import create_app
from dossier.pipeline import ingest
from dossier.settings import load_config
from dossier.store import Store

from .conftest import SAMPLE

pytestmark = pytest.mark.slow
TOKEN = "test-token"


@pytest.fixture(scope="module")
def db(new_db):
    path = new_db("api")
    s = Store(path)
    ingest(s, [str(SAMPLE)], load_config(), progress=False)
    s.close()
    return str(path)


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db, token=TOKEN)) as c:
        yield c


def test_documents_search_and_detail(client):
    r = client.get("/api/documents", params={"q": "cluster munitions"}).json()
    assert r["items"] and "munition" in r["items"][0]["title"].lower() and "[" in r["items"][0]["snippet"]
    doc_id = r["items"][0]["id"]
    d = client.get(f"/api/documents/{doc_id}").json()
    for m in d["mentions"]:
        assert d["text"][m["start"]:m["end"]] == m["text"]
    for f in d["facts"]:
        assert d["text"][f["evidence"]["start"]:f["evidence"]["end"]] == f["evidence"]["text"]
    assert client.get("/api/documents/doc-nope").status_code == 404
    page = client.get("/api/documents", params={"limit": 2, "offset": 2}).json()
    assert len(page["items"]) == 2 and page["total"] == 5


def test_entities_filters_and_profile(client):
    r = client.get("/api/entities", params={"type": "country", "country": "LT"}).json()
    assert [e["name"] for e in r["items"]] == ["Lithuania"]
    lt = r["items"][0]
    prof = client.get(f"/api/entities/{lt['id']}").json()
    assert "Lithuanian" in prof["aliases"] and prof["facts"] and prof["related"]
    people = client.get("/api/entities", params={"type": "person", "q": "Kamyshin"}).json()["items"]
    roles = client.get(f"/api/entities/{people[0]['id']}").json()["roles"]
    assert len({r["role"] for r in roles}) == 2  # a minister, later a presidential advisor


def test_facts_filters(client):
    aid = client.get("/api/facts", params={"type": "aid", "country": "LT", "role": "donor"}).json()
    assert aid["total"] >= 3 and all(f["type"] == "aid" for f in aid["items"])
    big = client.get("/api/facts", params={"min_eur": 500_000_000, "sort": "-amount"}).json()["items"]
    assert big and big[0]["amount_eur"] >= big[-1]["amount_eur"] >= 500_000_000
    planned = client.get("/api/facts", params={"status": "planned"}).json()["items"]
    assert planned and all(f["status"] == "planned" for f in planned)
    assert client.get("/api/facts", params={"type": "nonsense"}).status_code == 422
    assert client.get("/api/facts", params={"from": "yesterday"}).status_code == 422


def test_aggregates_sums_and_claims(client):
    sums = client.get("/api/aggregates/sums", params={"by": "donor"}).json()
    lt = [g for g in sums if g["actor_name"] == "Lithuania"]
    assert lt and all(g["claims"] for g in lt)
    total = sum(c["amount_eur"] for g in lt for c in g["claims"])
    assert abs(sum(g["total_eur"] for g in lt) - total) < 1
    claims = client.get("/api/aggregates/claims", params={"donor": "LT", "recipient": "UA"}).json()
    values = {(c["amount_value"], c["amount_qualifier"]) for c in claims}
    assert {(705e6, "more_than"), (910e6, "exact"), (1e9, "more_than")} <= values
    assert all(c["source"] for c in claims)


def test_exports(client):
    jl = client.get("/api/export/facts.jsonl", params={"type": "aid"})
    assert jl.status_code == 200 and all(json.loads(x)["type"] == "aid" for x in jl.text.splitlines())
    csv_text = client.get("/api/export/facts.csv").text
    assert csv_text.startswith("id,doc,type,status")
    g = client.get("/api/export/graph.graphml").text
    assert g.startswith("<?xml") and "<edge " in g and "donor" in g


def test_writes_need_the_token(client, db):
    files = {"files": ("new.txt", io.BytesIO(b"Sweden buys radars\n\nSweden has ordered ten Giraffe radars from "
                                             b"Saab worth SEK 900 million, the Swedish defence ministry said."), "text/plain")}
    assert client.post("/api/ingest", files=files).status_code == 401
    assert client.post("/api/ingest", files=files, headers={"Authorization": "Bearer wrong"}).status_code == 401
    r = client.post("/api/ingest", files=files, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and r.json()["new"] == ["new.txt"]
    bad = client.post("/api/ingest", data={"urls": "file:///etc/passwd"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 422
    empty = client.post("/api/ingest", files={"files": ("e.txt", io.BytesIO(b""), "text/plain")},
                        headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert empty["failed"] and "empty" in empty["failed"][0]["reason"]
    ents = client.get("/api/entities", params={"type": "person", "q": "Boiev"}).json()["items"]
    r = client.post(f"/api/entities/{ents[0]['id']}/rename", params={"name": "Serhiy Boyev"})
    assert r.status_code == 401
    r = client.post(f"/api/entities/{ents[0]['id']}/rename", params={"name": "Serhiy Boyev"},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.json()["name"] == "Serhiy Boyev"


def test_writes_disabled_without_a_configured_token(db):
    with TestClient(create_app(db, token=None)) as c:
        assert c.post("/api/entities/x/rename", params={"name": "y"}).status_code == 403


def test_pages_escape_untrusted_text(tmp_path, new_db):
    target = new_db("x")
    s = Store(target)
    (tmp_path / "evil.txt").write_text("Evil <script>alert(1)</script> headline\n\nPoland has signed a contract "
                                       "<script>alert('x')</script> with Norway for radars worth NOK 2 billion.")
    ingest(s, [str(tmp_path / "evil.txt")], load_config(), progress=False)
    doc = s.documents()[0]
    s.close()
    with TestClient(create_app(target)) as c:
        for url in (f"/documents/{doc.id}", "/?q=Poland", "/facts"):
            page = c.get(url).text
            assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_pages_render(client):
    for url in ("/", "/?q=Jonava", "/facts", "/facts?type=aid", "/timeline", "/claims", "/network", "/map",
                "/static/app.js", "/static/app.css"):
        assert client.get(url).status_code == 200, url
    assert "cdn" not in client.get("/").text.lower()
