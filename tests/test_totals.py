"""Totals: sums add only new amounts; a total to date is a claim about the total, a repeated amount counts once."""

import pytest

from dossier import query
from dossier.errors import DossierError
from dossier.model import Amount, Document, Entity, Fact, Span
from dossier.pipeline import ingest
from dossier.settings import load_config
from dossier.store import Store

from .conftest import SHARED

LT = Entity("ent-lt", "country", "Lithuania", country="LT")
UA = Entity("ent-ua", "country", "Ukraine", country="UA")
MD = Entity("ent-md", "country", "Moldova", country="MD")
EE = Entity("ent-ee", "country", "Estonia", country="EE")


def put(store, doc_id, published, *facts):
    doc = Document(id=doc_id, source=f"{doc_id}.txt", text="x" * 200, title=doc_id, published=published,
                   url=f"https://news.example/{doc_id}")
    with store.transaction() as c:
        store.put_document(c, doc)
        store.put_extraction(c, doc_id, [], list(facts), [LT, UA, MD, EE])


def aid(fid, doc, value, currency="EUR", eur=None, date=None, cumulative=False, recipient=UA):
    return Fact(id=fid, doc=doc, type="aid", status="completed", roles={"donor": [LT.id], "recipient": [recipient.id]},
                evidence=Span(0, 10, f"evidence of {fid}"), amount=Amount(value, currency, "exact"),
                amount_eur=value if eur is None else eur, date=date, cumulative=cumulative)


@pytest.fixture
def handmade(store):
    put(store, "d1", "2024-05-01",
        aid("total", "d1", 705e6, cumulative=True),  # "has provided more than €705 million so far"
        aid("pkg", "d1", 100e6),  # the new package, dated by the publication
        aid("usd", "d1", 50e6, currency="USD", eur=46e6),
        aid("md", "d1", 100e6, recipient=MD))
    put(store, "d2", "2024-05-03",
        aid("pkg-again", "d2", 101e6, date="2024-05-01"),  # the same package, another article (within 2 %)
        aid("pkg-bigger", "d2", 110e6, date="2024-05-01"))  # a different amount: 10 % more
    put(store, "d3", "2025-01-10", aid("next-year", "d3", 100e6))
    put(store, "d4", None, aid("undated", "d4", 5e6))
    return store


def cells(store, **kw):
    return {(c["actor_name"], c["period"]): c for c in query.sums(store, **kw)}


def test_total_to_date_is_listed_not_added(handmade):
    c = cells(handmade)[("Lithuania", "2024")]
    assert [t["fact"] for t in c["totals_to_date"]] == ["total"]
    assert "total" not in c["adds"] and all(cl["fact"] != "total" for cl in c["claims"])
    assert c["totals_to_date"][0]["cumulative"] and not c["totals_to_date"][0]["counted"]


def test_same_amount_from_two_articles_counts_once(handmade):
    c = cells(handmade)[("Lithuania", "2024")]
    assert sorted(c["adds"]) == ["md", "pkg", "pkg-bigger", "usd"]
    assert c["total_eur"] == pytest.approx(100e6 + 46e6 + 100e6 + 110e6)
    again = next(cl for cl in c["claims"] if cl["fact"] == "pkg-again")
    assert again["repeat_of"] == "pkg" and not again["counted"]
    assert {cl["fact"] for cl in c["claims"] if cl["counted"]} == set(c["adds"])
    assert all(cl["url"].startswith("https://news.example/") for cl in c["claims"])


def test_other_years_and_undated_facts_have_their_own_cells(handmade):
    got = cells(handmade)
    assert set(got) == {("Lithuania", "2024"), ("Lithuania", "2025"), ("Lithuania", "undated")}
    assert got[("Lithuania", "2025")]["adds"] == ["next-year"]  # the same value a year later is new money
    assert got[("Lithuania", "undated")]["adds"] == ["undated"]
    assert [c["period"] for c in query.sums(handmade)] == ["2024", "2025", "undated"]


def test_by_recipient_and_by_month(handmade):
    got = cells(handmade, by="recipient", period="month")
    assert sorted(got[("Ukraine", "2024-05")]["adds"]) == ["pkg", "pkg-bigger", "usd"]
    assert got[("Moldova", "2024-05")]["adds"] == ["md"]
    assert ("Ukraine", "undated") in got and ("Ukraine", "2025-01") in got


def test_table_by_actor_and_year(handmade):
    put(handmade, "d5", "2024-07-01", Fact(id="ee", doc="d5", type="aid", status="planned",
                                           roles={"donor": ["ent-ee"], "recipient": [UA.id]}, evidence=Span(0, 5, "x"),
                                           amount=Amount(1e6, "EUR"), amount_eur=1e6))
    table = query.sums_table(query.sums(handmade))
    assert table["periods"] == ["2024", "2025", "undated"]
    lt = table["rows"][0]
    assert lt["actor_name"] == "Lithuania" and set(lt["cells"]) == {"2024", "2025", "undated"}
    assert lt["total_eur"] == pytest.approx(356e6 + 100e6 + 5e6)
    assert lt["cells"]["2025"]["adds"] == ["next-year"]
    assert [r["actor"] for r in table["rows"]][1:] == ["ent-ee"] and set(table["rows"][1]["cells"]) == {"2024"}


def test_claims_mark_totals_to_date(handmade):
    rows = query.claims(handmade, donor="LT", recipient="UA")
    assert {r["id"] for r in rows if r["cumulative"]} == {"total"}
    assert all(r["url"] for r in rows)


@pytest.mark.parametrize("kw, word", [({"by": "nobody"}, "nobody"), ({"period": "week"}, "week")])
def test_bad_arguments_name_the_input(store, kw, word):
    with pytest.raises(DossierError, match=word) as e:
        query.sums(store, **kw)
    assert "\n" not in str(e.value)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    corpus = SHARED / "corpus" / "seeds"
    if not corpus.exists():
        pytest.skip("../shared/corpus/seeds is not beside the repository")
    s = Store(tmp_path_factory.mktemp("seeds") / "seeds.db")
    ingest(s, [str(corpus)], load_config(), progress=False)
    yield s
    s.close()


@pytest.mark.slow
def test_on_the_seeds_a_total_to_date_is_never_added(seeds):
    cumulative = {r["id"] for r in seeds.query("SELECT id FROM facts WHERE cumulative = 1 AND amount_eur IS NOT NULL")}
    assert cumulative, "the seeds state totals to date ('has provided more than €705 million')"
    eur = {r["id"]: r["amount_eur"] for r in seeds.query("SELECT id, amount_eur FROM facts")}
    listed = set()
    for type_, roles in (("aid", ("donor", "recipient")), ("funding", ("funder", "recipient")),
                         ("procurement", ("buyer", "supplier"))):
        for by in roles:
            for c in query.sums(seeds, by=by, type=type_):
                assert not cumulative & set(c["adds"]), c
                assert len(set(c["adds"])) == len(c["adds"])
                assert c["total_eur"] == pytest.approx(sum(eur[f] for f in c["adds"]))
                assert c["period"] == "undated" or c["period"].isdigit()
                listed |= {t["fact"] for t in c["totals_to_date"]}
    assert cumulative <= listed  # every total to date is still shown, as a claim


@pytest.mark.slow
def test_on_the_seeds_lithuania_aid_is_not_705m_plus_its_parts(seeds):
    lt = [c for c in query.sums(seeds, by="donor") if c["actor_name"] == "Lithuania"]
    to_date = [t for c in lt for t in c["totals_to_date"] if t["amount"] == 705e6]
    assert to_date, "the €705 million total to date is listed"
    ids = {t["fact"] for t in to_date}
    for c in lt:
        assert not ids & set(c["adds"]) and c["total_eur"] != pytest.approx(1.705e9)
