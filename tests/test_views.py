"""The views at scale (issue 10 item 7) in Debian's Chromium, driven by Playwright, against a real server on the
~237-document workbench corpus (the session fixture corpus200): the network draws nodes and its filters change what
is shown, the map draws country shapes and places but no person, the timeline lists dated and undated facts with
no two labels overlapping, the claims chart has axes with tick labels and units. Every view also has a readable
empty state."""

import re

import pytest

from dossier.api import create_app
from dossier.store import Store

from .browsing import launch
from .live import live_server

pytestmark = [pytest.mark.slow, pytest.mark.browser]
READY = "body[data-ready]"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(corpus200):
    with live_server(create_app(corpus200)) as url:
        yield url


@pytest.fixture(scope="module")
def empty_server(new_db):
    db = new_db("views-empty")
    Store(db).close()
    with live_server(create_app(db)) as url:
        yield url


@pytest.fixture
def page(browser, server):
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    pg.errors, pg.outside = [], []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" and "favicon" not in m.text
          and "404" not in m.text else None)
    pg.on("request", lambda r: pg.outside.append(r.url) if not r.url.startswith(server) else None)
    yield pg
    assert not pg.errors, pg.errors  # no script errors, no refusals by the Content-Security-Policy
    assert not pg.outside, pg.outside  # every asset from the app itself
    pg.close()


def open_view(page, url):
    page.goto(url)
    page.wait_for_selector(READY, state="attached")


def submit(page, form):
    page.click(f"#{form} button[type=submit]")
    page.wait_for_selector(READY, state="attached")


def boxes_apart(boxes, axis="y"):
    """True when no two consecutive boxes (in reading order) overlap along `axis`."""
    start, size = ("y", "height") if axis == "y" else ("x", "width")
    ordered = sorted(boxes, key=lambda b: b[start])
    return all(a[start] + a[size] <= b[start] + 0.5 for a, b in zip(ordered, ordered[1:]))


def test_network_draws_the_top_actors_and_filters_change_it(page, server):
    open_view(page, server + "/network")
    nodes = page.evaluate("() => window.dossierNetwork.nodes().map(n => n.data())")
    assert 20 <= len(nodes) <= 50  # the top 50 by default, not every actor
    assert page.locator("#network-list li.actor").count() == len(nodes)
    labelled = [n for n in nodes if n["label"]]
    assert 0 < len(labelled) < len(nodes)  # names for the biggest only
    assert min(n["degree"] for n in labelled) >= max(n["degree"] for n in nodes if not n["label"])
    everything = page.inner_text("#network-count")

    page.fill("#network-form input[name=top]", "10")
    submit(page, "network-form")
    assert page.evaluate("() => window.dossierNetwork.nodes().length") == 10
    assert "top=10" in page.url

    page.select_option("#network-form select[name=type]", "aid")
    page.fill("#network-form input[name=min_weight]", "2")
    page.fill("#network-form input[name=top]", "50")
    submit(page, "network-form")
    weights = page.evaluate("() => window.dossierNetwork.edges().map(e => e.data('facts'))")
    types = page.evaluate("() => window.dossierNetwork.edges().map(e => e.data('types'))")
    assert weights and min(weights) >= 2
    assert all(t == "aid" for t in types)
    assert page.inner_text("#network-count") != everything

    # a click on the biggest node opens its entity page
    x, y, node_id = page.evaluate("""() => {
        const n = window.dossierNetwork.nodes().max(n => n.data('degree')).ele, p = n.renderedPosition();
        const r = document.getElementById('chart').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y, n.id()]; }""")
    page.mouse.click(x, y)
    page.wait_for_url(f"**/entities/{node_id}")


def test_map_draws_countries_and_places_but_no_person(page, server, corpus200):
    open_view(page, server + "/map")
    assert page.locator("path.country").count() > 150  # Natural Earth's countries, served by the app
    fills = set(page.eval_on_selector_all("path.country", "ps => ps.map(p => p.getAttribute('fill'))"))
    assert len(fills) >= 4  # shaded by facts, with a legend
    assert page.locator("#map-legend .swatch").count() >= 4
    markers = page.locator("path.place").count()
    ids = page.eval_on_selector_all("#place-list a", "as => as.map(a => a.dataset.id)")
    assert markers == len(ids) > 20
    s = Store(corpus200)
    try:
        kinds = {r["id"]: r["type"] for r in s.query("SELECT id, type FROM entities")}
        surnames = {r["name"].split()[-1].lower() for r in s.query("SELECT name FROM entities WHERE type = 'person'")}
    finally:
        s.close()
    assert {kinds[i] for i in ids} == {"place"}  # never a person or an organisation
    names = [n.rsplit(" (", 1)[0].lower() for n in page.eval_on_selector_all("#place-list a", "as => as.map(a => a.textContent)")]
    assert not surnames & set(names)  # "Obama" is the president, not the town in Japan
    assert "obama" in surnames and "obama" not in names  # the corpus names him, so the check has teeth

    page.locator("path.place").first.click(force=True)
    link = page.locator(".leaflet-popup-content a").first
    link.wait_for()
    assert re.search(r"/entities/ent-", link.get_attribute("href"))


def test_timeline_lists_dated_and_undated_facts_without_overlap(page, server):
    open_view(page, server + "/timeline")
    data = page.evaluate("() => fetch('/api/timeline').then(r => r.json())")
    assert data["dated"] and data["undated"]
    items = page.locator("#timeline-list li.tl-fact")
    assert items.count() == len(data["dated"])
    assert page.locator("#undated-list li.tl-fact").count() == len(data["undated"])
    # no two labels collide: the list's items, the month headings and the chart's tick labels
    assert boxes_apart(page.eval_on_selector_all("#timeline-list li.tl-fact, #timeline-list h3", BOXES))
    ticks = page.eval_on_selector_all("#chart svg .x-tick", BOXES)
    assert len(ticks) >= 3 and boxes_apart(ticks, axis="x")
    assert page.locator("#chart svg .y-tick").count() >= 3
    assert page.text_content("#chart svg .y-title") == "facts"

    page.select_option("#timeline-form select[name=type]", "aid")
    submit(page, "timeline-form")
    kinds = page.eval_on_selector_all("#timeline-list li.tl-fact, #undated-list li.tl-fact", "ls => ls.map(l => l.dataset.type)")
    assert kinds and set(kinds) == {"aid"}
    assert len(kinds) < len(data["dated"]) + len(data["undated"])


BOXES = "els => els.map(e => { const b = e.getBoundingClientRect(); return {x: b.x, y: b.y, width: b.width, height: b.height}; })"


def test_claims_chart_has_axes_with_units_and_points_link_to_sources(page, server):
    open_view(page, server + "/claims")
    y_ticks = page.eval_on_selector_all("#chart svg .y-tick", "ts => ts.map(t => t.textContent)")
    assert len(y_ticks) >= 3 and all(t.startswith("€") for t in y_ticks)
    assert "EUR" in page.text_content("#chart svg .y-title")
    x_ticks = page.eval_on_selector_all("#chart svg .x-tick", "ts => ts.map(t => t.textContent)")
    assert x_ticks and all(re.fullmatch(r"\d{4}(-\d{2})?", t) for t in x_ticks)
    assert boxes_apart(page.eval_on_selector_all("#chart svg .x-tick", BOXES), axis="x")
    points = page.locator("#chart svg a.claim-point")
    assert points.count() >= 2
    assert page.locator("#claims-body tr.claim").count() >= points.count()
    href = points.first.get_attribute("href")
    assert href.startswith("/documents/")
    points.first.click()
    page.wait_for_url("**" + href)


@pytest.mark.parametrize("view", ["network", "map", "timeline", "claims"])
def test_views_say_when_there_is_nothing_to_show(browser, empty_server, view):
    pg = browser.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(f"{empty_server}/{view}")
    pg.wait_for_selector(READY, state="attached")
    text = pg.inner_text(".empty")
    assert re.search(r"\bno\b", text, re.I) and len(text) > 20
    assert not errors, errors
    pg.close()
