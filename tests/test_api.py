"""The REST API on a real SQLite database built from the sample corpus."""

import io
import json
import re
import time

import pytest
from fastapi.testclient import TestClient

from dossier.api import create_app
from dossier.cli import main
from dossier.pipeline import ingest
from dossier.settings import load_config
from dossier.store import Store

from .conftest import SAMPLE

pytestmark = pytest.mark.slow
TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


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
    assert csv_text.startswith("\ufeffid,type,status,date")  # the flat layout (README: Spreadsheets)
    g = client.get("/api/export/graph.graphml").text
    assert g.startswith("<?xml") and "<edge " in g and "donor" in g


def wait_for_job(client, job: dict, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while job["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.3)
        job = client.get(f"/api/jobs/{job['id']}").json()
    return job


def test_writes_need_the_token(client, db):
    files = [("files", ("new.txt", io.BytesIO(b"Sweden buys radars\n\nSweden has ordered ten Giraffe radars from "
                                              b"Saab worth SEK 900 million, the Swedish defence ministry said."),
                        "text/plain")),
             ("files", ("e.txt", io.BytesIO(b""), "text/plain"))]
    assert client.post("/api/ingest", files=files).status_code == 401
    assert client.post("/api/ingest", files=files, headers={"Authorization": "Bearer wrong"}).status_code == 401
    r = client.post("/api/ingest", files=files, headers=AUTH)
    assert r.status_code == 202 and r.headers["location"] == f"/api/jobs/{r.json()['id']}"
    job = wait_for_job(client, r.json())
    assert job["status"] == "done" and job["new"] == ["new.txt"] and job["done"] == job["total"] == 2
    assert job["counts"]["new"] == 1 and job["counts"]["facts"] >= 1
    assert job["failures"] == [{"source": "e.txt", "reason": "empty file"}]
    assert client.get("/api/documents", params={"q": "Giraffe"}).json()["items"]
    assert any(j["id"] == job["id"] for j in client.get("/api/jobs").json())
    bad = client.post("/api/ingest", data={"urls": "file:///etc/passwd"}, headers=AUTH)
    assert bad.status_code == 422 and "file:///etc/passwd" in bad.json()["detail"]
    assert client.post("/api/ingest", data={"urls": " \n "}, headers=AUTH).status_code == 422
    ents = client.get("/api/entities", params={"type": "person", "q": "Boiev"}).json()["items"]
    r = client.post(f"/api/entities/{ents[0]['id']}/rename", params={"name": "Serhiy Boyev"})
    assert r.status_code == 401
    r = client.post(f"/api/entities/{ents[0]['id']}/rename", params={"name": "Serhiy Boyev"}, headers=AUTH)
    assert r.json()["name"] == "Serhiy Boyev"


def test_urls_are_stripped_before_the_scheme_check(client):
    r = client.post("/api/ingest", data={"urls": "  HTTPS://example.invalid/a \t\n"}, headers=AUTH)
    assert r.status_code == 202
    job = wait_for_job(client, r.json())
    assert job["status"] == "done" and [f["source"] for f in job["failures"]] == ["https://example.invalid/a"]


def test_only_a_bearer_token_is_accepted(client):
    rename = "/api/entities/nope/rename?name=x"
    assert client.post(rename, headers={"Authorization": TOKEN}).status_code == 401  # no scheme
    assert client.post(rename, headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    assert client.post(rename, headers={"Authorization": f"Bearer {TOKEN}x"}).status_code == 401
    for raw in ("Bearer tést-token".encode(), b"Bearer \xff\xfe", "Bearer тест".encode()):
        r = client.post(rename, headers={"Authorization": raw})
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert client.post(rename, headers={"Authorization": f"bearer {TOKEN}"}).status_code == 404  # past the check


def test_a_query_syntax_error_says_how_to_write_the_query(client, db, capsys):
    r = client.get("/api/documents", params={"q": "a OR OR b"})
    assert r.status_code == 400 and "OR between two words" in r.json()["detail"] and "a OR OR b" in r.json()["detail"]
    page = client.get("/", params={"q": "a OR OR b"})
    assert page.status_code == 400 and "OR between two words" in page.text and page.headers["content-type"].startswith("text/html")
    assert main(["search", "--db", db, "a OR OR b"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "OR between two words" in err


def test_every_response_carries_the_security_headers(client):
    for url in ("/", "/facts", "/jobs", "/docs", "/api/facts", "/static/app.js", "/api/documents/nope", "/nowhere"):
        h = client.get(url).headers
        assert "script-src 'self'" in h["content-security-policy"] and "'unsafe-inline'" not in h["content-security-policy"]
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] == "no-referrer"


def test_pages_have_no_inline_script_or_style(client):
    for url in ("/", "/facts", "/timeline", "/claims", "/network", "/map", "/jobs", "/docs"):
        page = client.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url
        assert "<style" not in page and " style=" not in page, url


def test_api_docs_are_served_by_the_app(client):
    page = client.get("/docs").text
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page)
    assert "/static/swagger-ui/swagger-ui-bundle.js" in assets and "/static/swagger-ui/swagger-ui.css" in assets
    for a in assets:
        assert client.get(a).status_code == 200, a
    assert all(link.startswith("/") and not link.startswith("//") for link in re.findall(r'(?:src|href)="([^"]+)"', page))
    assert "Apache License" in client.get("/static/swagger-ui/LICENSE").text


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
    for url in ("/", "/?q=Jonava", "/facts", "/facts?type=aid", "/timeline", "/claims", "/network", "/map", "/jobs",
                "/static/app.js", "/static/app.css"):
        assert client.get(url).status_code == 200, url
    assert "cdn" not in client.get("/").text.lower()
