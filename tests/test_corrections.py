"""Fact corrections: recorded, applied, replayed after re-extraction, hidden (wrong) from lists, totals and
exports, listed, flagged in exports; through the library, the CLI, the token-protected API and the page's
form in Chromium. On the sample corpus."""

import json

import pytest
from fastapi.testclient import TestClient

from dossier import curate, export, query
from dossier.api import create_app
from dossier.cli import main
from dossier.errors import DossierError
from dossier.filters import FactFilter
from dossier.pipeline import ingest, reextract
from dossier.settings import load_config
from dossier.store import Store

from .browsing import chromium_page
from .conftest import SAMPLE
from .live import live_server

pytestmark = pytest.mark.slow
TOKEN = "t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def db(new_db, request):
    path = new_db(request.node.name[:40])
    with Store(path) as s:
        ingest(s, [str(SAMPLE)], load_config(), progress=False)
    return path


def _aid_with_amount(store):
    cells = query.sums(store, "donor", "aid", "year")
    fact_id = next(c["adds"][0] for c in cells if c["adds"])
    return query.facts_query(store, FactFilter(ids=(fact_id,)))["items"][0]


def test_a_wrong_fact_leaves_lists_totals_and_exports_and_comes_back_when_unmarked(db):
    with Store(db) as s:
        fact = _aid_with_amount(s)
        before = query.facts_query(s)["total"]
        curate.correct_fact(s, fact["id"], {"wrong": True, "note": "not aid"})
        assert query.facts_query(s)["total"] == before - 1
        assert all(fact["id"] not in c["adds"] for c in query.sums(s, "donor", "aid", "year"))
        assert fact["id"] not in {r["id"] for r in export.flat_rows(s)}
        assert fact["id"] not in {r["id"] for r in export.fact_records(s)}
        shown = [f for f in query.document(s, fact["doc"])["facts"] if f["id"] == fact["id"]]
        assert shown and shown[0]["wrong"]  # still on its document, marked
        listed = curate.fact_corrections(s)
        assert [c["fact_id"] for c in listed] == [fact["id"]] and listed[0]["wrong"] and listed[0]["note"] == "not aid"
        curate.correct_fact(s, fact["id"], {"wrong": False})
        assert query.facts_query(s)["total"] == before


def test_corrections_are_applied_flagged_and_outlive_re_extraction(db):
    with Store(db) as s:
        fact = _aid_with_amount(s)
        donor = s.query("SELECT name FROM entities WHERE type = 'country' AND name != :n ORDER BY name LIMIT 1",
                        n=fact["roles"]["donor"][0]["name"])[0]["name"]
        curate.correct_fact(s, fact["id"], {"status": "completed", "date": "2023-05",
                                            "amount": {"value": 2_000_000, "currency": "USD"},
                                            "roles": {"donor": [donor.lower()]}})
        for run in ("now", "after re-extraction"):
            got = query.facts_query(s, FactFilter(ids=(fact["id"],)))["items"][0]
            assert got["corrected"] and got["status"] == "completed" and got["date"] == "2023-05", run
            assert got["amount"] == {"value": 2e6, "currency": "USD", "qualifier": "exact"}, run
            assert 1e6 < got["amount_eur"] < 2e6, run  # converted at the rate of May 2023
            assert [e["name"] for e in got["roles"]["donor"]] == [donor], run
            row = next(export.flat_rows(s, FactFilter(ids=(fact["id"],))))
            assert row["corrected"] is True and row["donor_funder"] == donor, run
            assert next(r for r in export.fact_records(s) if r["id"] == fact["id"])["corrected"] is True
            reextract(s, progress=False)
        original = curate.fact_corrections(s)[0]["original"]
        assert original["status"] == fact["status"] and original["amount"]["value"] == fact["amount"]["value"]


def test_bad_corrections_are_refused_with_a_reason(db):
    with Store(db) as s:
        fact = _aid_with_amount(s)
        for changes, reason in (({"date": "2024-13"}, "is not a date"), ({"status": "done"}, "is not one of"),
                                ({"roles": {"buyer": ["Germany"]}}, "not a role of aid facts"),
                                ({"roles": {"donor": ["Nobody Atall"]}}, "no entity has the name"),
                                ({"amount": {"value": 5, "currency": "XYZ"}}, "not an ISO 4217 code"),
                                ({"colour": "red"}, "cannot correct colour")):
            with pytest.raises(DossierError, match=reason):
                curate.correct_fact(s, fact["id"], changes)
        with pytest.raises(DossierError, match="no fact nope"):
            curate.correct_fact(s, "nope", {"wrong": True})
        assert curate.fact_corrections(s) == []


def test_api_needs_the_token_and_lists_corrections(db):
    with Store(db) as s:
        fact = _aid_with_amount(s)
    with TestClient(create_app(db, token=TOKEN)) as client:
        url = f"/api/facts/{fact['id']}/correct"
        assert client.post(url, json={"wrong": True}).status_code == 401
        assert client.post(url, json={"date": "someday"}, headers=AUTH).status_code == 422
        r = client.post(url, json={"type": "funding", "roles": {"funder": [fact["roles"]["donor"][0]["id"]]},
                                   "amount": 5e6}, headers=AUTH)
        assert r.status_code == 200 and r.json()["type"] == "funding"
        got = client.get("/api/facts", params={"ids": fact["id"]}).json()["items"][0]
        assert got["type"] == "funding" and got["corrected"] and got["amount"]["value"] == 5e6
        assert client.post(url, json={"wrong": True}, headers=AUTH).status_code == 200
        assert client.get("/api/facts", params={"ids": fact["id"]}).json()["total"] == 0
        listed = client.get("/api/corrections").json()["facts"]
        assert listed[0]["fact_id"] == fact["id"] and listed[0]["wrong"] and listed[0]["type"] == "funding"
        csv = client.get("/api/export/facts.csv").text
        assert fact["id"] not in csv
        assert client.post("/api/facts/nope/correct", json={"wrong": True}, headers=AUTH).status_code == 404


def test_cli_marks_corrects_and_lists(db, capsys):
    with Store(db) as s:
        fact = _aid_with_amount(s)
    assert main(["fact", "correct", fact["id"], "--status", "agreed", "--amount", "7e6", "--db", db]) == 0
    assert main(["fact", "wrong", fact["id"], "--db", db]) == 0
    assert main(["fact", "correct", fact["id"], "--date", "2024-13", "--db", db]) == 2
    assert "is not a date" in capsys.readouterr().err
    assert main(["fact", "list", "--json", "--db", db]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["fact_id"] == fact["id"] and listed[0]["wrong"] and listed[0]["status"] == "agreed"
    assert main(["fact", "wrong", fact["id"], "--undo", "--db", db]) == 0
    with Store(db) as s:
        assert query.facts_query(s, FactFilter(ids=(fact["id"],)))["total"] == 1


def test_the_fact_form_marks_a_fact_wrong_in_the_browser(corpus200_own):
    """On the 237-document workbench corpus (issue 10, item 6 at scale)."""
    db = corpus200_own
    with Store(db) as s:
        fact = _aid_with_amount(s)
    with live_server(create_app(db, token=TOKEN)) as base, chromium_page(base) as page:
        page.goto(f"{base}/facts?ids={fact['id']}")
        row = page.locator(f"tr.fact[id='{fact['id']}']")
        row.locator("details.correct summary").click()
        form = row.locator("form.correct-form")
        form.locator("input[name=token]").fill("wrong-token")
        form.locator("input[name=wrong]").check()
        form.locator("button[type=submit]").click()
        form.locator(".correct-message").filter(has_text="not saved (401)").wait_for()
        form.locator("input[name=token]").fill(TOKEN)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        page.locator("#count").filter(has_text="No facts").wait_for()
        page.goto(base + "/corrections")
        assert fact["evidence"]["text"][:40] in page.inner_text("#fact-corrections")
        page.goto(f"{base}/documents/{fact['doc']}")
        assert page.locator(f"tr.fact.wrong[id='{fact['id']}']").count() == 1
        assert not page.errors and not page.outside
