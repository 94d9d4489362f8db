"""Spreadsheets: one flat fact layout for CSV and XLSX, loadable by pandas, safe to open in Excel."""

import json
import re

import openpyxl
import pandas as pd
import pytest

from dossier import export as export_mod
from dossier.cli import build_parser, main
from dossier.errors import DossierError
from dossier.export import FLAT_NAMES, FORMATS, export, flat_rows
from dossier.model import Amount, Document, Entity, Fact, Span
from dossier.pipeline import ingest
from dossier.settings import load_config
from dossier.store import Store

from .conftest import ROOT, SAMPLE


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("sheets") / "sample.db"
    with Store(path) as s:
        ingest(s, [str(SAMPLE)], load_config(), progress=False)
    return str(path)


@pytest.fixture(scope="module")
def exported(sample_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    for fmt in FORMATS:
        assert main(["export", "--db", sample_db, "--format", fmt, "--out", str(out)]) == 0
    return out


@pytest.mark.slow
def test_csv_loads_in_pandas_with_the_documented_columns(exported):
    facts = [json.loads(x) for x in (exported / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    df = pd.read_csv(exported / "facts.csv", encoding="utf-8-sig")
    assert list(df.columns) == FLAT_NAMES
    assert len(df) == len(facts) > 0 and set(df["id"]) == {f["id"] for f in facts}
    assert df["cumulative"].dtype == bool and df["corrected"].dtype == bool
    assert (exported / "facts.csv").read_bytes().startswith(b"\xef\xbb\xbfid,type,status,")
    for name in ("documents.csv", "entities.csv"):
        assert len(pd.read_csv(exported / name, encoding="utf-8-sig")) > 0


@pytest.mark.slow
def test_xlsx_has_a_sheet_per_table_and_the_same_facts(exported):
    sheets = pd.read_excel(exported / "dossier.xlsx", sheet_name=None)
    assert list(sheets) == ["facts", "documents", "entities"]
    csv = pd.read_csv(exported / "facts.csv", encoding="utf-8-sig")
    xl = sheets["facts"]
    assert list(xl.columns) == FLAT_NAMES and list(xl["id"]) == list(csv["id"])
    assert xl["amount_eur"].fillna(0).tolist() == pytest.approx(csv["amount_eur"].fillna(0).tolist())
    assert len(sheets["documents"]) == 5


@pytest.mark.slow
def test_the_lithuanian_total_to_date_reads_as_such(exported):
    df = pd.read_csv(exported / "facts.csv", encoding="utf-8-sig")
    row = df[df["amount"] == 705e6].iloc[0]
    assert (row["type"], row["donor_funder"], row["recipient"], row["currency"]) == ("aid", "Lithuania", "Ukraine", "EUR")
    assert bool(row["cumulative"]) and "705 million" in row["evidence"] and row["title"]
    assert not any(str(v).startswith("[") for v in df["donor_funder"].dropna())  # names, not JSON lists of ids


@pytest.mark.slow
def test_filters_and_batches(sample_db, monkeypatch):
    with Store(sample_db) as s:
        everything = [r["id"] for r in flat_rows(s)]
        monkeypatch.setattr(export_mod, "BATCH", 3)
        assert [r["id"] for r in flat_rows(s)] == everything
        aid = list(flat_rows(s, type="aid"))
        assert aid and {r["type"] for r in aid} == {"aid"} and len(aid) < len(everything)
        assert all(list(r) == FLAT_NAMES for r in aid)


@pytest.fixture
def tricky(store):
    """A store whose text would run as a formula in Excel, with newlines and roles of every kind."""
    people = [Entity("ent-a", "country", "+Atlantis", country="AT"), Entity("ent-b", "person", "Béla Kovács"),
              Entity("ent-c", "country", "Estonia", country="EE")]
    doc = Document(id="doc-x", source="https://news.example/x?utm=1", text="y" * 300, title="=HYPERLINK(\"http://evil\")",
                   published="2025-02-03", outlet="@outlet")
    facts = [Fact("fact-1", "doc-x", "meeting", "completed", {"participants": ["ent-a", "ent-c"], "persons": ["ent-b"]},
                  Span(0, 20, "-2 talks\nheld in\r\nTallinn; =1+1"), date="2025-02-01", date_source="stated"),
             Fact("fact-2", "doc-x", "aid", "planned", {"donor": ["ent-c"], "recipient": ["ent-a"]},
                  Span(20, 40, "Estonia pledges aid."), amount=Amount(1.5e6, "EUR", "up_to"), amount_eur=1.5e6,
                  items=["155mm shells", "drones"])]
    with store.transaction() as c:
        store.put_document(c, doc)
        store.put_extraction(c, "doc-x", [], facts, people)
    return store


def test_csv_guards_formulas_and_keeps_newlines(tricky, tmp_path):
    export(tricky, tmp_path, "csv")
    df = pd.read_csv(tmp_path / "facts.csv", encoding="utf-8-sig", keep_default_na=False).set_index("id")
    meeting, aid = df.loc["fact-1"], df.loc["fact-2"]
    assert meeting["evidence"] == "'-2 talks\nheld in\r\nTallinn; =1+1"
    assert meeting["title"] == "'=HYPERLINK(\"http://evil\")" and meeting["outlet"] == "'@outlet"
    assert meeting["parties"] == "'+Atlantis; Estonia; Béla Kovács"  # participants, then persons
    assert meeting["source_url"] == "https://news.example/x?utm=1" and meeting["date_source"] == "stated"
    assert (aid["donor_funder"], aid["recipient"], aid["qualifier"]) == ("Estonia", "'+Atlantis", "up_to")
    assert aid["items"] == "155mm shells; drones"
    typed = pd.read_csv(tmp_path / "facts.csv", encoding="utf-8-sig").set_index("id")
    assert typed.loc["fact-2", "amount"] == 1500000 and typed["cumulative"].dtype == bool
    assert pd.isna(typed.loc["fact-1", "amount"])


def test_xlsx_text_is_never_a_formula(tricky, tmp_path):
    export(tricky, tmp_path, "xlsx")
    ws = openpyxl.load_workbook(tmp_path / "dossier.xlsx")["facts"]
    header = [c.value for c in ws[1]]
    assert header == FLAT_NAMES and ws.freeze_panes == "A2"
    rows = {r[0].value: dict(zip(header, r)) for r in ws.iter_rows(min_row=2)}
    title = rows["fact-1"]["title"]
    assert title.value == "=HYPERLINK(\"http://evil\")" and title.data_type == "s"
    assert rows["fact-1"]["evidence"].value.startswith("-2 talks\nheld in")
    assert rows["fact-2"]["amount"].value == 1500000 and rows["fact-2"]["cumulative"].value is False


def test_xlsx_streams_into_a_file_object(tricky):
    import io

    buf = io.BytesIO()
    counts = export_mod.write_xlsx(buf, [("facts", FLAT_NAMES, flat_rows(tricky, type="aid"))])
    assert counts == {"facts": 1}
    df = pd.read_excel(io.BytesIO(buf.getvalue()))
    assert list(df.columns) == FLAT_NAMES and df.loc[0, "donor_funder"] == "Estonia"


def test_csv_chunks_for_a_response(tricky):
    text = "".join(export_mod.csv_chunks(flat_rows(tricky), FLAT_NAMES))
    assert text.startswith("\ufeffid,type,") and text.count("fact-") == 2


def test_unknown_format_is_one_line(store, tmp_path):
    with pytest.raises(DossierError, match="unknown export format 'xml'") as e:
        export(store, tmp_path, "xml")
    assert "\n" not in str(e.value)


def test_cli_offers_every_format():
    export_parser = build_parser()._subparsers._group_actions[0].choices["export"]
    fmt = next(a for a in export_parser._actions if a.dest == "format")
    assert tuple(fmt.choices) == FORMATS


def test_readme_documents_the_columns_in_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Spreadsheets", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `(\w+)` \|", section, re.M)
    assert documented == FLAT_NAMES
