"""Language: non-English documents are stored and flagged, and get no extraction."""

from dossier.clean.language import detect_language
from dossier.pipeline import ingest
from dossier.settings import load_config

from .conftest import SAMPLE

# Written for these tests.
DE = ("Die Bundesregierung hat am Mittwoch ein neues Paket militärischer Hilfe für die Ukraine beschlossen. "
      "Nach Angaben des Verteidigungsministeriums umfasst es Luftverteidigungssysteme, Munition und gepanzerte "
      "Fahrzeuge im Wert von mehreren hundert Millionen Euro. Der Minister sagte in Berlin, Deutschland werde "
      "seine Unterstützung fortsetzen, solange es nötig sei, und mit den Partnern in Europa eng zusammenarbeiten.")
FR = ("Le gouvernement français a annoncé mercredi la livraison de douze canons supplémentaires à l'Ukraine. "
      "Selon le ministère des Armées, ces systèmes d'artillerie seront financés en partie par des fonds européens "
      "et produits dans les usines du pays au cours des prochains mois. Le ministre a déclaré à Paris que la France "
      "restera aux côtés de ses partenaires aussi longtemps que nécessaire.")
EN = ("Poland has agreed to buy 96 attack helicopters from the United States in a deal worth about $12 billion, "
      "the defence ministry in Warsaw said on Wednesday. Deliveries are planned to start in 2028, and the "
      "helicopters will replace the ageing fleet that the army has flown since the 1980s.")


def test_detect_language():
    assert detect_language(DE) == "de"
    assert detect_language(FR) == "fr"
    assert detect_language(EN) == "en"
    assert detect_language("Bundeswehr bestellt Panzer") == "en"  # too short to tell: taken for English
    assert detect_language("") == "en"
    for path in sorted(SAMPLE.glob("*.txt")):  # real English articles are never flagged
        assert detect_language(path.read_text(encoding="utf-8")) == "en", path.name


def test_non_english_stored_flagged_and_not_extracted(store, tmp_path):
    (tmp_path / "de.txt").write_text("Neues Hilfspaket für die Ukraine\n\n" + DE, encoding="utf-8")
    (tmp_path / "fr.txt").write_text("Nouvelle aide française à l'Ukraine\n\n" + FR, encoding="utf-8")
    (tmp_path / "en.txt").write_text("Germany approves new aid for Ukraine\n\n" + EN, encoding="utf-8")
    r = ingest(store, [str(tmp_path)], load_config(), progress=False)
    assert len(r.new) == 3 and r.ok
    assert sorted(p.rsplit("/", 1)[-1] for p in r.not_english) == ["de.txt", "fr.txt"]
    assert r.summary().endswith("; 2 not in English")
    rows = store.query("SELECT d.source, d.language, (SELECT COUNT(*) FROM mentions m WHERE m.doc_id = d.id) AS m, "
                       "(SELECT COUNT(*) FROM facts f WHERE f.doc_id = d.id) AS f FROM documents d")
    by = {row["source"].rsplit("/", 1)[-1]: row for row in rows}
    assert by["de.txt"]["language"] == "de" and by["fr.txt"]["language"] == "fr" and by["en.txt"]["language"] == "en"
    assert by["de.txt"]["m"] == by["de.txt"]["f"] == by["fr.txt"]["m"] == by["fr.txt"]["f"] == 0
    assert by["en.txt"]["m"] > 0 and by["en.txt"]["f"] > 0
