"""Browser tests: Playwright drives Debian's headless Chromium (/usr/bin/chromium) through every page, uses the
filters and search, follows links, and saves screenshots to test-artifacts/."""


import pytest

from dossier.api import create_app
from dossier.pipeline import ingest
from dossier.settings import load_config
from dossier.store import Store

from .conftest import ROOT, SAMPLE
from .browsing import chromium_page
from .live import live_server

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def server(new_db):
    db = new_db("ui")
    with Store(db) as s:
        ingest(s, [str(SAMPLE)], load_config(), progress=False)
    with live_server(create_app(db)) as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium_page(server) as pg:
        yield pg


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_document_entity(page, server):
    page.goto(server + "/")
    page.fill("input[name=q]", "Jonava")
    page.click("button[type=submit]")
    page.wait_for_selector("ol.results li a")
    shot(page, "search")
    page.click("ol.results li a")
    page.wait_for_selector("article.doc a.m")
    assert page.locator("article.doc .ev").count() > 0  # evidence highlighted
    assert page.locator("table.facts tr.fact").count() > 0
    shot(page, "document")
    page.click("article.doc a.m.place")
    page.wait_for_selector("h1")
    assert "Jonava" in page.inner_text("h1")
    shot(page, "entity")
    page.goto(server + "/?q=zzzqqq")
    assert page.is_visible("#no-results")


def test_facts_filters_and_csv(page, server):
    page.goto(server + "/facts")
    all_rows = page.locator("tr.fact").count()
    page.select_option("select[name=type]", "aid")
    page.click("#fact-filters button[type=submit]")
    page.wait_for_load_state()
    rows = page.locator("tr.fact")
    assert 0 < rows.count() < all_rows
    assert all(t == "aid" for t in page.eval_on_selector_all("tr.fact", "rs => rs.map(r => r.dataset.type)"))
    assert "type=aid" in page.url and "country=" not in page.url  # empty filters are dropped
    shot(page, "facts")
    with page.expect_download() as dl:
        page.click("#csv")
    assert dl.value.suggested_filename == "facts.csv"


def test_timeline_claims_network_map(page, server):
    """The views on the sample corpus (tests/test_views.py drives them at scale)."""
    page.goto(server + "/timeline")
    page.wait_for_selector("body[data-ready]", state="attached")
    assert page.locator("#chart svg .bar").count() > 0 and page.locator("#timeline-list li.tl-fact").count() > 0
    shot(page, "timeline")
    page.goto(server + "/claims?donor=LT&recipient=UA")
    page.wait_for_selector("#claims-body tr.claim")
    claims = page.inner_text("#claims-body")
    assert "705,000,000" in claims and "910,000,000" in claims
    shot(page, "claims")
    page.goto(server + "/network")
    page.wait_for_selector("body[data-ready]", state="attached")
    assert page.evaluate("() => window.dossierNetwork.nodes().length") > 0
    shot(page, "network")
    page.goto(server + "/map")
    page.wait_for_selector("body[data-ready]", state="attached")
    assert page.locator("path.country").count() > 150 and page.locator("path.place").count() > 0
    assert "Jonava" in page.inner_text("#place-list")
    shot(page, "map")
    page.click("#place-list a")
    page.wait_for_selector("h1")
    assert not page.errors, page.errors
    assert not page.outside, page.outside  # every asset from the app itself
