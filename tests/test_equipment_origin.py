"""equipment_origin.tsv and its loader: weapon systems named in news -> maker and maker's home state."""

import pycountry
import pytest

from dossier.gazetteer import _origin_rows, _rows, _spellings, fold, origin_of


def test_enough_rows_all_columns_filled():
    rows = _rows("equipment_origin.tsv")
    assert len(rows) >= 200
    for r in rows:
        assert len(r) == 5 and all(x.strip() for x in (r[0], r[2], r[3], r[4])), r


def test_country_codes_are_iso_alpha2():
    for origin, _ in _origin_rows():
        assert origin.countries, origin
        for c in origin.countries:
            assert pycountry.countries.get(alpha_2=c) is not None, (origin.designation, c)


def test_categories_come_from_equipment_tsv():
    cats = {r[0] for r in _rows("equipment.tsv")}
    for origin, _ in _origin_rows():
        assert origin.category in cats, (origin.designation, origin.category)


def test_category_agrees_with_equipment_tsv_designations():
    listed = {fold(n.strip()): r[0] for r in _rows("equipment.tsv") if r[1] == "designation" for n in r[2].split(",")}
    for origin, aliases in _origin_rows():
        for a in aliases:
            if fold(a) in listed:
                assert listed[fold(a)] == origin.category, (a, origin.category, listed[fold(a)])


def test_no_alias_or_spelling_in_two_rows():
    owner: dict[str, str] = {}
    for origin, aliases in _origin_rows():
        for a in aliases:
            for key in {fold(a)} | {fold(s) for s in _spellings(a)}:
                assert owner.setdefault(key, origin.designation) == origin.designation, (key, owner[key], origin)


def test_plain_words_name_nothing():
    """Words with a common meaning besides a weapon are no aliases, in any case; designations that are words match
    only capitalised ("Patriot", not "patriot")."""
    for word in ("tank", "truck", "howitzer", "drone", "missile", "hunter", "hawk", "puma", "cobra", "senator",
                 "vector", "lancet", "meteor", "tiger", "raven", "warrior", "mirage", "MLRS", "MRAP", "FDI", "AWACS"):
        for w in {word, word.lower(), word.capitalize()}:
            assert origin_of(f"the {w}s and {w}") is None, w
    for word in ("patriot", "javelin", "stinger", "boxer", "archer", "harpoon", "typhoon"):
        assert origin_of(word) is None and origin_of(word.capitalize()) is not None, word


@pytest.mark.parametrize("phrase,designation,countries", [
    ("six HIMARS MLRS systems", "HIMARS", ("US",)),
    ("46 Leopard 2A8 main battle tanks", "Leopard 2", ("DE",)),
    ("24 Rafale combat aircraft", "Rafale", ("FR",)),
    ("K9 self-propelled howitzers", "K9 Thunder", ("KR",)),
    ("18 K9A1 howitzers", "K9 Thunder", ("KR",)),
    ("the Caesar self-propelled guns", "Caesar", ("FR",)),
    ("Archer artillery systems", "Archer", ("SE",)),
    ("20 CV90 infantry fighting vehicles", "CV90", ("SE",)),
    ("Gripen E fighter jets", "Gripen", ("SE",)),
    ("Bayraktar TB2 drones", "Bayraktar TB2", ("TR",)),
    ("two NASAMS batteries", "NASAMS", ("NO", "US")),
    ("BrahMos supersonic cruise missiles", "BrahMos", ("IN", "RU")),
    ("upgraded Mogami-class frigates", "Mogami-class", ("JP",)),
    ("35 F-35As", "F-35", ("US",)),
    ("Storm Shadow/SCALP missiles", "Storm Shadow", ("GB", "FR")),
    ("IRIS-T SLM air defence systems", "IRIS-T SLM", ("DE",)),
    ("Soviet-era T-72 tanks", "T-72", ("RU",)),
    ("Puma drones", "RQ-20 Puma", ("US",)),
    ("Type 212CD submarines", "Type 212CD", ("DE", "NO")),
])
def test_origin_of_phrases(phrase, designation, countries):
    o = origin_of(phrase)
    assert o is not None and (o.designation, o.countries) == (designation, countries), (phrase, o)


@pytest.mark.parametrize("phrase", ["trucks", "uniforms", "a US senator", "the patriot act", "winter clothing", ""])
def test_origin_of_none(phrase):
    assert origin_of(phrase) is None
