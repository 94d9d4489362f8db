#!/usr/bin/env python3
"""Money, percentages and dates against Microsoft Recognizers-Text's English test cases
(../shared/benchmarks/recognizers-text). Prints coverage: the share of expected values found exactly.

Money: cases whose unit maps to an ISO currency Dossier knows (dollars, euros, pounds, yen, yuan, ...).
Percent: every case. Dates: the news-relevant part of DateTimeModel (datetimeV2.date results that resolve
to one calendar date, month or year, relative to the case's reference date).
Usage: python benchmarks/recognizers.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "recognizers-text"
UNITS = {"Dollar": "USD", "United States dollar": "USD", "Euro": "EUR", "Pound": "GBP", "British pound": "GBP",
         "Chinese yuan": "CNY", "Canadian dollar": "CAD", "Japanese yen": "JPY", "Australian dollar": "AUD",
         "Swiss franc": "CHF", "Turkish lira": "TRY", "Hong Kong dollar": "HKD", "New Zealand dollar": "NZD"}


def _load(name: str):
    return json.loads((SUITE / name).read_text(encoding="utf-8-sig"))


def money() -> dict:
    from dossier.values.money import find_money

    total = found = 0
    for case in _load("CurrencyModel.json"):
        for r in case.get("Results", []):
            unit, value = r["Resolution"].get("unit"), r["Resolution"].get("value")
            if unit not in UNITS or value is None:
                continue
            total += 1
            got = find_money(case["Input"])
            found += any(abs(m.amount.value - float(value)) < 1e-6 * max(1, float(value)) and
                         m.amount.currency == UNITS[unit] for m in got)
    return {"cases": total, "found": found, "coverage": round(found / total, 3) if total else None}


def percent() -> dict:
    from dossier.values.money import find_shares

    total = found = 0
    for case in _load("PercentModel.json"):
        for r in case.get("Results", []):
            v = r["Resolution"].get("value", "").rstrip("%")
            try:
                want = float(v) / 100
            except ValueError:
                continue
            total += 1
            found += any(abs(s.value - want) < 1e-9 for s in find_shares(case["Input"]))
    return {"cases": total, "found": found, "coverage": round(found / total, 3) if total else None}


def dates() -> dict:
    from dossier.values.dates import resolve_dates

    total = found = 0
    for case in _load("DateTimeModel.json"):
        ref = (case.get("Context") or {}).get("ReferenceDateTime", "")[:10] or None
        for r in case.get("Results", []):
            if r.get("TypeName") != "datetimeV2.date":
                continue
            vals = r["Resolution"].get("values", [])
            if len(vals) != 1 or "value" not in vals[0] or "X" in vals[0].get("timex", ""):
                continue
            want = vals[0]["value"]
            total += 1
            got = resolve_dates(case["Input"], ref)
            found += any(want.startswith(g) and len(g) >= 4 and (len(g) == 10 or len(want) == 10) and g == want[:len(g)]
                         and len(g) == len(want) for g, *_ in got)
    return {"cases": total, "found": found, "coverage": round(found / total, 3) if total else None}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if not SUITE.exists():
        print(f"suite not found at {SUITE}", file=sys.stderr)
        return 1
    res = {"money": money(), "percent": percent(), "dates": dates()}
    if a.json:
        print(json.dumps(res, indent=1))
    else:
        for k, v in res.items():
            print(f"recognizers-text {k:<8} coverage={v['coverage']} ({v['found']} of {v['cases']} expected values)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
