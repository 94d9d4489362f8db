"""Value types: money, shares of GDP, dates; on composed phrases and on Recognizers-Text's test cases."""

import json
import sys

import pytest

from dossier.values.dates import resolve_dates
from dossier.values.money import find_money, find_shares, to_eur

from .conftest import ROOT, SHARED

BASELINE = json.loads((ROOT / "tests" / "baseline.json").read_text())


def amounts(s):
    return [(m.amount.value, m.amount.currency, m.amount.qualifier) for m in find_money(s) if not m.conversion]


@pytest.mark.parametrize("text,want", [
    ("has provided more than €705 million in military aid", [(705e6, "EUR", "more_than")]),
    ("invested 20 million euros ($21 million) in", [(20e6, "EUR", "exact")]),
    ("a EUR 2.4B order", [(2.4e9, "EUR", "exact")]),
    ("a $2.8 billion loan", [(2.8e9, "USD", "exact")]),
    ("USD 6mn for spare parts", [(6e6, "USD", "exact")]),
    ("PLN 1.3 billion", [(1.3e9, "PLN", "exact")]),
    ("nearly £400m", [(4e8, "GBP", "about")]),
    ("up to 500 million Canadian dollars", [(5e8, "CAD", "up_to")]),
    ("at least NOK 2 billion", [(2e9, "NOK", "at_least")]),
    ("around 300 million dollars", [(3e8, "USD", "about")]),
    ("the 155mm shells and 12 tanks", []),
    ("Firms will invest €300 million, and the state will add 90 million.", [(3e8, "EUR", "exact"), (9e7, "EUR", "exact")]),
    ("A €20 million order for 1.2 million rounds", [(2e7, "EUR", "exact")]),
    ("4 million people", []),
    ("a potential $5.6 billion contract", [(5.6e9, "USD", "up_to")]),
    ("a Rs 13,000 crore order", [(1.3e11, "INR", "exact")]),
    ("1.2 lakh crore rupees", [(1.2e12, "INR", "exact")]),
    ("NT$9 billion", [(9e9, "TWD", "exact")]),
    ("TL 5 billion", [(5e9, "TRY", "exact")]),
])
def test_money_forms(text, want):
    assert amounts(text) == want


def test_money_range_keeps_both_bounds():
    m = find_money("a contract worth €30-45 million")[0].amount
    assert (m.value, m.high, m.currency) == (30e6, 45e6, "EUR")


def test_shares_of_gdp():
    got = [(s.value, s.of_gdp) for s in find_shares("spend 5.5% of GDP and 0.25 percent of its GDP on aid")]
    assert got == [(0.055, True), (0.0025, True)]
    rng = find_shares("raise spending from 3 to 4 percent of gross domestic product")[0]
    assert (rng.value, rng.low, rng.of_gdp) == (0.04, 0.03, True)
    assert not find_shares("prices rose 5 percent last year")[0].of_gdp


def test_ecb_conversion_uses_the_date():
    a = to_eur(100, "USD", "2025-03-03")
    b = to_eur(100, "USD", "2022-10-03")
    assert a and b and a != b  # real, dated ECB rates, not a constant
    assert 85 < a < 100 and 95 < b < 105
    assert to_eur(100, "EUR", None) == 100
    assert to_eur(100, "XYZ", None) is None


@pytest.mark.parametrize("text,pub,future,want", [
    ("In October, the ministry signed", "2025-03-02", False, "2024-10"),
    ("construction could begin next year", "2025-03-02", True, "2026"),
    ("In July 2024, the country withdrew", None, None, "2024-07"),
    ("the ministry said on March 1.", "2025-03-02", False, "2025-03-01"),
    ("starting in 2026", None, True, "2026"),
    ("by 2030", None, True, "2030"),
    ("since the start of the full-scale invasion", "2024-05-01", False, "2022-02-24"),
    ("this year", "2025-03-02", True, "2025"),
    ("two weeks ago", "2025-03-15", False, "2025-03-01"),
    ("by the end of the year", "2025-03-15", True, "2025"),
    ("within five years", "2025-03-15", True, "2030"),
])
def test_relative_dates(text, pub, future, want):
    assert resolve_dates(text, pub, future)[0][0] == want


def test_no_date_in_plain_numbers():
    assert resolve_dates("it may 5 times exceed 300 million", "2025-01-01") == []


def _bench(module):
    if not (SHARED / "benchmarks" / "recognizers-text").exists():
        pytest.skip("../shared/benchmarks is not beside the repository")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    return __import__(module)


@pytest.mark.parametrize("kind", ["money", "percent", "dates"])
def test_recognizers_text_coverage_floor(kind):
    r = getattr(_bench("recognizers"), kind)()
    assert r["coverage"] >= BASELINE["recognizers"][kind], r


@pytest.mark.parametrize("text,value", [
    ("approximately half a billion euros", 5e8),
    ("a quarter of a billion euros", 2.5e8),
    ("three quarters of a billion dollars", 7.5e8),
    ("a billion euros", 1e9),
])
def test_fractions_of_a_unit(text, value):
    found = find_money(text)
    assert len(found) == 1 and found[0].amount.value == pytest.approx(value), found


def test_a_bare_dollar_is_the_home_states_dollar():
    assert [m.amount.currency for m in find_money("will donate $500 million", "CA")] == ["CAD"]
    assert [m.amount.currency for m in find_money("will buy jets for $1 billion", "AU")] == ["AUD"]
    assert [m.amount.currency for m in find_money("US$500 million and $2 million", "CA")] == ["USD", "CAD"]
    assert [m.amount.currency for m in find_money("$500 million", "NO")] == ["USD"]


@pytest.mark.parametrize("text,currency", [
    ("Rp 10 trillion", "IDR"), ("Dh 5 billion", "AED"), ("EGP 1 billion", "EGP"), ("NIS 2 billion", "ILS"),
    ("5 billion Egyptian pounds", "EGP"), ("RMB 5 billion", "CNY"),
])
def test_more_currencies_news_uses(text, currency):
    assert [m.amount.currency for m in find_money(text)] == [currency]
