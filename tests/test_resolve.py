"""Entity resolution: hard cases composed for these tests, corrections that survive re-extraction."""


import pytest

from dossier import curate
from dossier.export import entity_records
from dossier.pipeline import ingest, reextract
from dossier.resolve import Resolver, first_names_match, translit_key
from dossier.settings import load_config

pytestmark = pytest.mark.slow


def test_transliteration_keys():
    assert translit_key("Šakalienė") == translit_key("Sakaliene") == translit_key("Šakalene")
    assert translit_key("Serhii") == translit_key("Serhiy")
    assert translit_key("Hennadii") == translit_key("Gennadiy")
    assert translit_key("Zelensky") == translit_key("Zelenskyi") or translit_key("Zelenskyy") == translit_key("Zelenskii")


def test_first_names():
    assert first_names_match("Oleksandr", "Alexander")
    assert first_names_match("Volodymyr", "Vladimir")
    assert first_names_match("D.", "Dovilė")
    assert not first_names_match("Oleksandr", "Olena")


def test_people_variants_namesakes_and_places():
    r = Resolver()
    a = r.person("Dovilė Šakalienė", "LT")
    assert r.person("Dovile Sakaliene", "LT") == a
    assert r.person("Dovile Šakalene", None) == a
    assert r.person("D. Šakalienė", "LT") == a
    assert r.person("Oleksandr Kamyshin", "UA") == r.person("Alexander Kamyshin", "UA")
    # namesakes: same surname, different first name or country, stay apart
    assert r.person("Andrii Kovalenko", "UA") != r.person("Oleksii Kovalenko", "UA")
    assert r.person("John Smith", "GB") != r.person("John Smith", "US")
    assert r.surname_only("Kovalenko", "UA") is None  # ambiguous
    assert r.surname_only("Kamyshin", None) == r.person("Oleksandr Kamyshin", "UA")


ARTICLES = [
    ("a.txt", "Jonava welcomes new plant\n\nLithuanian Defence Minister Dovilė Šakalienė said on Monday that "
              "Rheinmetall will build a plant in Jonava. Rheinmetall Defence Lietuva will run it. "
              "Šakalienė visited the site with Rheinmetall officials."),
    ("b.txt", "Minister meets Ukrainian counterpart\n\nDefence Minister Dovile Sakaliene met Ukraine's Minister of "
              "Defence Rustem Umerov in Vilnius. Sakaliene and Umerov discussed drone production."),
    ("c.txt", "Jonava honours local teacher\n\nThe town of Jonava honoured teacher Rasa Jonavaite, whose family has "
              "lived near Kaunas for generations. Prime Minister Rustem Umerov is a different, fictional person here "
              "in Ukraine's cabinet."),
]


def _ingest_articles(folder, store, articles):
    for name, text in articles:
        (folder / name).write_text(text, encoding="utf-8")
    ingest(store, [str(folder)], load_config(), progress=False)
    return store


@pytest.fixture
def corpus(tmp_path, store):
    return _ingest_articles(tmp_path, store, ARTICLES)


def _by_name(store):
    return {e["name"]: e for e in entity_records(store)}


def test_corpus_resolution(corpus):
    ents = _by_name(corpus)
    person = ents["Dovilė Šakalienė"]  # the form with diacritics is canonical
    assert {"Dovile Sakaliene", "Šakalienė", "Sakaliene"} <= set(person["aliases"])
    assert person["country"] == "LT"
    jonava = ents["Jonava"]
    assert jonava["type"] == "place" and jonava["country"] == "LT" and abs(jonava["lat"] - 55.08) < 0.1
    assert ents["Rheinmetall Defence Lietuva"]["parent"] == ents["Rheinmetall"]["id"]
    umerov = ents["Rustem Umerov"]
    roles = curate.entity_profile(corpus, umerov["id"])["roles"]
    assert {r["role"] for r in roles} >= {"Minister of Defence", "Prime Minister"}  # one person, roles over time
    assert not any(e["type"] == "person" and e["name"] == "Jonava" for e in ents.values())


def test_ids_stable_and_corrections_survive_reextraction(corpus):
    before = {e["id"]: e["name"] for e in entity_records(corpus)}
    reextract(corpus, progress=False)
    after = {e["id"]: e["name"] for e in entity_records(corpus)}
    assert before == after
    ents = _by_name(corpus)
    sid = ents["Dovilė Šakalienė"]["id"]
    split = curate.split(corpus, sid, "Sakaliene")
    curate.rename(corpus, ents["Rheinmetall"]["id"], "Rheinmetall AG")
    curate.merge(corpus, split["id"], sid)
    reextract(corpus, progress=False)
    ents = _by_name(corpus)
    assert "Rheinmetall AG" in ents and "Rheinmetall" in ents["Rheinmetall AG"]["aliases"]
    assert "Sakaliene" in ents["Dovilė Šakalienė"]["aliases"]
    assert [c["kind"] for c in curate.corrections(corpus)] == ["split", "rename", "merge"]


def test_bad_corrections_are_clear_errors(corpus):
    from dossier.errors import DossierError

    with pytest.raises(DossierError, match="no entity"):
        curate.merge(corpus, "ent-nope", "ent-nope2")
    sid = _by_name(corpus)["Jonava"]["id"]
    with pytest.raises(DossierError, match="no mention written"):
        curate.split(corpus, sid, "Vilnius")


def test_org_keys_fold_legal_suffixes_and_spellings():
    from dossier.resolve import org_key

    assert org_key("Vantoria AG") == org_key("Vantoria") == org_key("the Vantoria's") == org_key("VANTORIA S.p.A.")
    assert org_key("Korlan Dynamics Co., Ltd.") == org_key("Korlan Dynamics")
    assert org_key("Marest Defense Acquisition Program Center") == org_key("Marest Defence Acquisition Programme Centre")
    assert org_key("Velt-Norr Systems") == org_key("Velt Norr Systems")
    assert org_key("Vantoria Lietuva") != org_key("Vantoria")


CORP = [
    ("o1.txt", "Vantoria AG wins order\n\nGerman arms maker Vantoria AG will supply shells. Quorvex Systems and "
               "Brindle Group (BRG) signed a deal; BRG said it was pleased. Defence Minister Aldo Ferrucci spoke. "
               "Prime Minister Sir Keir Halloway welcomed it."),
    ("o2.txt", "Vantoria opens plant\n\nVantoria opened a plant, Ferrucci said. Quorvex said the order was big. "
               "Vantoria Lietuva will run the plant. The UK Ministry of Defence and the French MoD agreed. "
               "Sir Keir said so."),
]


@pytest.fixture
def orgs(tmp_path, store):
    return _ingest_articles(tmp_path, store, CORP)


def _entity_of(store, form):
    from dossier.gazetteer import fold

    hits = [e for e in entity_records(store) if fold(form) in {fold(e["name"])} | {fold(a) for a in e["aliases"]}
            | {fold(m["text"]) for m in e.get("mentions", [])}]
    assert hits, form
    return {e["id"] for e in hits}


def test_consolidation_across_articles(orgs):
    assert _entity_of(orgs, "Vantoria AG") == _entity_of(orgs, "Vantoria")  # legal suffix, across articles
    assert _entity_of(orgs, "Vantoria Lietuva") != _entity_of(orgs, "Vantoria")  # a subsidiary stays apart
    assert _entity_of(orgs, "Quorvex") == _entity_of(orgs, "Quorvex Systems")  # bare name + generic word
    assert _entity_of(orgs, "BRG") == _entity_of(orgs, "Brindle Group")  # a defined acronym
    assert _entity_of(orgs, "Ferrucci") == _entity_of(orgs, "Aldo Ferrucci")  # surname in another article
    assert _entity_of(orgs, "Sir Keir") == _entity_of(orgs, "Keir Halloway") == _entity_of(orgs, "Sir Keir Halloway")
    ents = _by_name(orgs)
    assert "Vantoria" in ents and "Vantoria AG" in ents["Vantoria"]["aliases"]  # best-formed name is canonical
    assert "Keir Halloway" in ents  # the honorific is not part of the name
    assert ents["Ministry of Defence of United Kingdom"]["country"] == "GB"
    assert ents["Ministry of Defence of France"]["country"] == "FR"


def test_consolidation_is_stable_on_reingest(orgs):
    before = {e["id"]: e["name"] for e in entity_records(orgs)}
    reextract(orgs, progress=False)
    assert {e["id"]: e["name"] for e in entity_records(orgs)} == before
