"""The totals page on the issue-10 workbench corpus in Chromium: a donor x year table and an SVG bar chart with
axes and units, each figure linking to exactly the facts it adds."""

from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient

from dossier import query
from dossier.api import create_app
from dossier.store import Store

from .browsing import chromium_page
from .live import live_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def table(corpus200):
    with Store(corpus200) as s:
        return query.sums_table(query.sums(s, "donor", "aid", "year"))


@pytest.fixture(scope="module")
def server(corpus200):
    with live_server(create_app(corpus200)) as base:
        yield base


def test_table_cells_link_to_the_facts_they_add(server, table):
    assert table["rows"], "the corpus has aid with donors and amounts"
    with chromium_page(server) as page:
        page.goto(server + "/totals")
        names = page.eval_on_selector_all("#totals-table tbody tr th", "ths => ths.map(t => t.textContent.trim())")
        assert names == [r["actor_name"] for r in table["rows"]]
        heads = page.eval_on_selector_all("#totals-table thead th", "ths => ths.map(t => t.textContent.trim())")
        assert heads[1:-1] == table["periods"]
        link = page.locator("#totals-table a.cell").first
        ids = parse_qs(urlparse(link.get_attribute("href")).query)["ids"][0].split(",")
        cell = next(c for r in table["rows"] for c in r["cells"].values() if c["adds"] == ids)
        assert link.inner_text() == f"€{cell['total_eur'] / 1e6:,.1f} m"
        link.click()
        page.wait_for_url("**/facts?ids=**")
        assert page.inner_text("#count").endswith(f"of {len(ids)} facts")
        shown = page.eval_on_selector_all("tr.fact", "rs => rs.map(r => r.id)")
        assert sorted(shown) == sorted(ids)
        assert not page.errors and not page.outside


def test_bar_chart_has_axes_units_and_linked_bars(server, table):
    with chromium_page(server) as page:
        page.goto(server + "/totals")
        svg = page.locator("#totals-chart svg")
        assert svg.locator("line.axis").count() == 2
        assert svg.locator("text.unit").text_content() in ("€ million", "€ billion")
        ticks = svg.locator("text.tick").all_text_contents()
        assert "0" in ticks and all(p in ticks for p in table["periods"])
        bars = page.eval_on_selector_all("#totals-chart a.bar", "as => as.map(a => a.getAttribute('href'))")
        cells = [c for r in table["rows"] for c in r["cells"].values() if c["total_eur"]]
        assert len(bars) == len(cells)
        assert sorted(parse_qs(urlparse(b).query)["ids"][0] for b in bars) == sorted(",".join(c["adds"]) for c in cells)
        bars = page.eval_on_selector_all("#totals-chart a.bar", "as => as.map(a => [a.getAttribute('href'), "
                                         "+a.querySelector('rect').getAttribute('height')])")
        tallest = max(bars, key=lambda b: b[1])[0]
        biggest = max(cells, key=lambda c: c["total_eur"])
        assert parse_qs(urlparse(tallest).query)["ids"][0] == ",".join(biggest["adds"])
        page.select_option("select[name=by]", "recipient")
        page.click("#totals-form button[type=submit]")
        page.wait_for_url("**by=recipient**")
        assert page.inner_text("h1") == "Totals by recipient and year"
        assert not page.errors and not page.outside


def test_a_bad_type_is_a_message_on_the_page(corpus200):
    with TestClient(create_app(corpus200)) as client:
        r = client.get("/totals", params={"type": "gift"})
    assert r.status_code == 400 and "type &#39;gift&#39; is not one of aid" in r.text
