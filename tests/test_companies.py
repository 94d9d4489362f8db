"""companies.tsv: defence companies, joint ventures and agencies; their recognition as organisations with a home
country and a parent. Sentences composed for these tests."""

import pycountry
import pytest

from dossier.export import entity_records
from dossier.extract import Extractor
from dossier.gazetteer import _rows, companies, countries, fold, organizations
from dossier.model import Document
from dossier.pipeline import ingest
from dossier.settings import load_config


def test_file_is_well_formed():
    rows = _rows("companies.tsv")
    assert len(rows) >= 250
    names = {r[0] for r in rows}
    owner: dict[str, str] = {}
    for r in rows:
        assert len(r) == 5, r
        name, aliases, country, parent, kind = r
        assert kind in ("company", "jv", "agency"), r
        codes = country.split("|")
        assert codes and all(pycountry.countries.get(alpha_2=c) for c in codes), r
        assert kind == "jv" or len(codes) == 1, r
        assert not parent or (parent in names and parent != name), r
        for a in [name] + [x for x in aliases.split(",") if x.strip()]:
            assert a == a.strip() and a, r
            k = fold(a)
            assert owner.setdefault(k, name) == name, f"{a!r} in {owner[k]!r} and {name!r}"
            assert not countries().lookup(a), f"{a!r} is a country name"
            assert k not in organizations(), f"{a!r} is in organizations.tsv"


def test_loader():
    co = companies()
    assert co[fold("KMW")].name == "KNDS Deutschland" and co[fold("KMW")].parent == "KNDS"
    assert co[fold("KNDS")].countries == ("FR", "DE") and co[fold("KNDS")].kind == "jv"
    assert co[fold("Hanwha Aero")].country == "KR"
    assert co[fold("BAAINBw")].kind == "agency" and co[fold("BAAINBw")].country == "DE"
    for name, parent in [("BAE Systems Hägglunds", "BAE Systems"), ("Rheinmetall Waffe Munition", "Rheinmetall"),
                         ("Excalibur Army", "Czechoslovak Group"), ("Nammo Raufoss", "Nammo"),
                         ("General Dynamics Land Systems", "General Dynamics")]:
        assert co[fold(name)].parent == parent


@pytest.mark.slow
def test_mentions_carry_country():
    ex = Extractor()
    text = ("Poland signed a contract with Hanwha Aerospace for K9 howitzers. Germany's Rheinmetall and the "
            "German arms maker Rheinmetall are one company; Rheinmetall's new plant will supply KMW. "
            "Sweden's FMV ordered trucks from Patria, and Patria AMV vehicles went to Slovakia.")
    r = ex.process([Document(id="d", source="d", text=text, published="2025-01-10")])[0]
    ents = {e.id: e for e in r.entities}
    orgs = [(m.text, ents[m.entity].name, m.country) for m in r.mentions if m.type == "organization"]
    assert ("Hanwha Aerospace", "Hanwha Aerospace", "KR") in orgs
    assert ("KMW", "KNDS Deutschland", "DE") in orgs
    assert ("FMV", "Swedish Defence Materiel Administration", "SE") in orgs
    assert ("Patria", "Patria", "FI") in orgs
    rhein = {m.entity for m in r.mentions if m.text.startswith("Rheinmetall")}
    assert len(rhein) == 1 and ents[rhein.pop()].name == "Rheinmetall"
    assert not any(m.text.startswith("Patria AMV") and m.type == "organization" for m in r.mentions)


@pytest.mark.slow
def test_parents_link(tmp_path, store):
    (tmp_path / "a.txt").write_text(
        "Tanks for Europe\n\nKNDS said its unit Krauss-Maffei Wegmann will build the tanks, while Nammo Raufoss "
        "supplies shells. Hanwha Aerospace Australia will help.", encoding="utf-8")
    ingest(store, [str(tmp_path)], load_config(), progress=False)
    ents = {e["name"]: e for e in entity_records(store)}
    assert ents["KNDS Deutschland"]["parent"] == ents["KNDS"]["id"]
    assert "parent" not in ents["Nammo Raufoss"] or not ents["Nammo Raufoss"]["parent"]  # Nammo never named
    assert ents["KNDS Deutschland"]["country"] == "DE" and ents["KNDS"]["country"] == "FR"
