"""Export per the JSON Lines contract (documents.jsonl, entities.jsonl, facts.jsonl), and as spreadsheets:
CSV files or one XLSX workbook, facts in one flat layout (FLAT_COLUMNS, a row per fact) that the CLI, the API
and the pages share (`flat_rows`, `csv_chunks`, `write_xlsx`).

Files are written to a temporary name and renamed, so an interrupted export never leaves a half file.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Optional, Union

from . import query
from .errors import DossierError
from .store import Store

FORMATS = ("jsonl", "csv", "xlsx")
WORKBOOK = "dossier.xlsx"


def document_records(store: Store) -> Iterator[dict[str, Any]]:
    for d in store.iter_documents():
        yield {"id": d.id, "source": d.source, "title": d.title, "published": d.published, "author": d.author,
               "outlet": d.outlet, "url": d.url, "language": d.language, "text": d.text, "boilerplate": d.boilerplate, "teasers": d.teasers}


def entity_records(store: Store) -> list[dict[str, Any]]:
    mentions: dict[str, list[dict[str, Any]]] = {}
    roles: dict[str, list[dict[str, Any]]] = {}
    for m in store.query('SELECT m.entity_id, m.doc_id, m.start, m."end", m.text, m.role, d.published '
                         'FROM mentions m JOIN documents d ON d.id = m.doc_id '
                         'WHERE m.entity_id IS NOT NULL ORDER BY m.doc_id, m.start'):
        mentions.setdefault(m["entity_id"], []).append(
            {"doc": m["doc_id"], "start": m["start"], "end": m["end"], "text": m["text"]})
        if m["role"]:
            roles.setdefault(m["entity_id"], []).append({"role": m["role"], "doc": m["doc_id"], "date": m["published"]})
    out = []
    for e in store.query("SELECT * FROM entities ORDER BY type, name, id"):
        ms = mentions.get(e["id"], [])
        aliases = []
        for a in json.loads(e["aliases"] or "[]") + [m["text"] for m in ms]:
            if a != e["name"] and a not in aliases:
                aliases.append(a)
        rec = {"id": e["id"], "type": e["type"], "name": e["name"], "aliases": aliases,
               "country": e["country"], "mentions": ms}
        if e.get("parent"):
            rec["parent"] = e["parent"]
        if e.get("lat") is not None:
            rec["lat"], rec["lon"] = e["lat"], e["lon"]
        if roles.get(e["id"]):
            rec["roles"] = roles[e["id"]]
        if rec["mentions"] or rec["aliases"]:
            out.append(rec)
    return out


def fact_records(store: Store) -> list[dict[str, Any]]:
    roles: dict[str, dict[str, list[str]]] = {}
    for r in store.query("SELECT fact_id, role, entity_id FROM fact_roles ORDER BY fact_id, role, entity_id"):
        roles.setdefault(r["fact_id"], {}).setdefault(r["role"], []).append(r["entity_id"])
    out = []
    for f in store.query("SELECT * FROM facts WHERE wrong = 0 ORDER BY doc_id, evidence_start, id"):
        amount = None
        if f["amount_value"] is not None:
            amount = {"value": f["amount_value"], "currency": f["amount_currency"], "qualifier": f["amount_qualifier"]}
            if f["amount_high"] is not None:
                amount["high"] = f["amount_high"]
        out.append({"id": f["id"], "doc": f["doc_id"], "type": f["type"], "status": f["status"],
                    "roles": roles.get(f["id"], {}), "amount": amount, "amount_eur": f["amount_eur"],
                    "share_of_gdp": f["share_of_gdp"], "items": json.loads(f["items"] or "[]"), "date": f["date"],
                    "date_source": f["date_source"], "cumulative": bool(f["cumulative"]),
                    "evidence": {"text": f["evidence_text"], "start": f["evidence_start"], "end": f["evidence_end"]},
                    "confidence": f["confidence"], "corrected": bool(f["corrected"])})
    return out


def _atomic(path: Path):
    tmp = path.with_name(path.name + ".part")
    return tmp, lambda: os.replace(tmp, path)


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    tmp, commit = _atomic(path)
    n = 0
    with open(tmp, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    commit()
    return n


# The flat fact layout, a row per fact: (column, what it holds). README.md documents the same list, in this
# order (tests/test_spreadsheets.py checks it).
FLAT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "the fact's stable id (as in facts.jsonl)"),
    ("type", "aid, funding, agreement, procurement, production, spending_target, meeting or policy"),
    ("status", "discussed, planned, agreed or completed"),
    ("date", "when it happens or happened: YYYY, YYYY-MM or YYYY-MM-DD; empty when unknown"),
    ("date_source", "where the date came from: stated, relative or publication"),
    ("donor_funder", "the donor (aid) or funder (funding)"),
    ("recipient", "the recipient (aid, funding)"),
    ("buyer", "the buyer (procurement)"),
    ("supplier", "the supplier (procurement)"),
    ("producer", "the producer (production)"),
    ("location", "where production takes place"),
    ("parties", "every other role: agreement parties and signatories, meeting participants and persons, "
                "a spending target's country, a policy's actor"),
    ("amount", "the amount as stated, a plain number (705000000)"),
    ("currency", "ISO 4217 code of the amount"),
    ("qualifier", "exact, more_than, at_least, up_to or about"),
    ("amount_eur", "the amount in euros at the ECB reference rate of the fact's date"),
    ("share_of_gdp", "a share of GDP as a fraction (5.5% is 0.055)"),
    ("items", "equipment and goods named"),
    ("cumulative", "true when the amount is a total to date, which sums never add to its parts"),
    ("evidence", "the sentence the fact rests on"),
    ("title", "the article's headline"),
    ("outlet", "the publishing outlet"),
    ("published", "the article's publication date, YYYY-MM-DD"),
    ("source_url", "the article's address (canonical link, og:url, fetched URL or the input's url)"),
    ("corrected", "true when an analyst corrected the fact (its type, roles, amount, status or date)"),
)
FLAT_NAMES = [name for name, _ in FLAT_COLUMNS]
# Role columns: the fact roles (model.FACT_TYPES) each shows, entity names joined with "; ". A role not named
# here lands in `parties`, so a new fact type's roles are never dropped.
ROLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "donor_funder": ("donor", "funder"), "recipient": ("recipient",), "buyer": ("buyer",),
    "supplier": ("supplier",), "producer": ("producer",), "location": ("location",), "parties": ()}
LIST_SEPARATOR = "; "
# Facts read per query while streaming the flat layout.
BATCH = 1000


def flat_rows(store: Store, flt: Optional[query.FactFilter] = None, **filters: Any) -> Iterator[dict[str, Any]]:
    """Facts in the flat layout, one dict a fact with FLAT_COLUMNS' keys in order, oldest article first;
    filtered by a FactFilter (or its fields as keywords), as `query.facts_query` filters. Read in batches, so
    any number of facts streams."""
    where, params = query.fact_where(store, flt or query.FactFilter(**filters))
    offset = 0
    while True:
        facts = store.query(f"SELECT f.*, d.title AS doc_title, d.outlet, d.published, d.url, d.source "
                            f"FROM facts f JOIN documents d ON d.id = f.doc_id WHERE {where} "
                            f"ORDER BY d.published IS NULL, d.published, d.id, f.evidence_start, f.id "
                            f"LIMIT :l OFFSET :o", **params, l=BATCH, o=offset)
        roles = _role_names(store, [f["id"] for f in facts])
        for f in facts:
            yield _flat(f, roles.get(f["id"], {}))
        if len(facts) < BATCH:
            return
        offset += BATCH


def _role_names(store: Store, fact_ids: list[str]) -> dict[str, dict[str, list[str]]]:
    """fact id -> role -> entity names, sorted."""
    if not fact_ids:
        return {}
    marks = ",".join(f":i{n}" for n in range(len(fact_ids)))
    out: dict[str, dict[str, list[str]]] = {}
    for r in store.query(f"SELECT fr.fact_id, fr.role, e.name FROM fact_roles fr JOIN entities e ON e.id = fr.entity_id "
                         f"WHERE fr.fact_id IN ({marks}) ORDER BY e.name, e.id", **{f"i{n}": i for n, i in enumerate(fact_ids)}):
        out.setdefault(r["fact_id"], {}).setdefault(r["role"], []).append(r["name"])
    return out


def _role_columns(roles: dict[str, list[str]]) -> dict[str, Optional[str]]:
    named = {r for rs in ROLE_COLUMNS.values() for r in rs}
    cols = {col: [n for r in rs for n in roles.get(r, [])] for col, rs in ROLE_COLUMNS.items()}
    cols["parties"] = [n for r, names in sorted(roles.items()) if r not in named for n in names]
    return {col: LIST_SEPARATOR.join(dict.fromkeys(names)) or None for col, names in cols.items()}


def _flat(f: dict[str, Any], roles: dict[str, list[str]]) -> dict[str, Any]:
    source = f["source"] or ""
    values = {**_role_columns(roles), "id": f["id"], "type": f["type"], "status": f["status"], "date": f["date"],
              "date_source": f["date_source"], "amount": _number(f["amount_value"]), "currency": f["amount_currency"],
              "qualifier": f["amount_qualifier"],
              "amount_eur": None if f["amount_eur"] is None else round(f["amount_eur"], 2),
              "share_of_gdp": f["share_of_gdp"], "items": LIST_SEPARATOR.join(json.loads(f["items"] or "[]")) or None,
              "cumulative": bool(f["cumulative"]), "evidence": f["evidence_text"], "title": f["doc_title"],
              "outlet": f["outlet"], "published": f["published"],
              "source_url": f["url"] or (source if source.startswith(("http://", "https://")) else None),
              "corrected": bool(f["corrected"])}
    return {name: values[name] for name in FLAT_NAMES}


def _number(v: Optional[float]) -> Union[int, float, None]:
    """705000000.0 -> 705000000, so a spreadsheet shows no stray decimals."""
    return int(v) if isinstance(v, float) and v.is_integer() and abs(v) < 2**53 else v


# Spreadsheet cells starting with these are run as formulas by Excel and its kin (CSV injection): a leading
# apostrophe makes them text. OWASP's list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(v: Any) -> Any:
    """A value as one spreadsheet cell: lists of names joined, other lists and dicts as JSON."""
    if isinstance(v, (list, tuple)):
        if all(isinstance(x, str) for x in v):
            return LIST_SEPARATOR.join(v)
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return v


def _csv_cell(v: Any) -> Any:
    v = _text(v)
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str) and v.startswith(FORMULA_STARTS):
        return "'" + v
    return v


def csv_chunks(records: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    """CSV text that Excel opens cleanly, a chunk per row: a UTF-8 byte-order mark first (encode the chunks as
    UTF-8), a header, RFC 4180 quoting (newlines stay inside quoted cells), CRLF line ends, true/false, and
    cells that would start a formula made text. For a file or an HTTP response alike."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(columns)
    yield "\ufeff" + buf.getvalue()
    for r in records:
        buf.seek(0)
        buf.truncate()
        w.writerow([_csv_cell(r.get(c)) for c in columns])
        yield buf.getvalue()


def write_csv(path: Path, records: Iterable[dict[str, Any]], columns: list[str]) -> int:
    tmp, commit = _atomic(path)
    n = -1  # the header is not a record
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        for chunk in csv_chunks(records, columns):
            fh.write(chunk)
            n += 1
    commit()
    return n


# Excel holds at most this many characters in a cell; longer text (an article's body) is cut there.
XLSX_MAX_CHARS = 32767


def write_xlsx(target: Union[Path, IO[bytes]], sheets: Iterable[tuple[str, list[str], Iterable[dict[str, Any]]]]) -> dict[str, int]:
    """One workbook, a sheet per (name, columns, records), streamed (openpyxl's write-only mode): a bold,
    frozen header row, numbers and true/false as such, text never read as a formula. `target` is a path
    (written under a temporary name, then renamed) or a binary file object. Returns rows per sheet."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    counts = {}
    for name, columns, records in sheets:
        ws = wb.create_sheet(name)
        ws.freeze_panes = "A2"
        bold = Font(bold=True)
        ws.append([_styled(WriteOnlyCell(ws, value=c), bold) for c in columns])
        n = 0
        for r in records:
            ws.append([_xlsx_cell(ws, r.get(c), WriteOnlyCell) for c in columns])
            n += 1
        counts[name] = n
    if isinstance(target, (str, Path)):
        tmp, commit = _atomic(Path(target))
        wb.save(tmp)
        commit()
    else:
        wb.save(target)
    return counts


def _styled(cell: Any, font: Any) -> Any:
    cell.font = font
    return cell


def _xlsx_cell(ws: Any, v: Any, cell_type: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    v = _text(v)
    if not isinstance(v, str):
        return v
    v = ILLEGAL_CHARACTERS_RE.sub("", v)[:XLSX_MAX_CHARS]
    if not v.startswith("="):
        return v
    cell = cell_type(ws, value=v)
    cell.data_type = "s"  # openpyxl takes a leading "=" for a formula; this one is text
    return cell


DOC_COLUMNS = ["id", "source", "title", "published", "author", "outlet", "url", "language", "text", "boilerplate", "teasers"]
ENTITY_COLUMNS = ["id", "type", "name", "aliases", "country", "mention_count"]


def export(store: Store, out_dir: str | Path, fmt: str = "jsonl") -> dict[str, int]:
    """Writes documents, entities and facts into `out_dir`; returns how many records each file (or, for xlsx,
    each sheet of dossier.xlsx) holds. jsonl: per shared/eval/FORMAT.md; csv: documents.csv, entities.csv and
    facts.csv in the flat layout; xlsx: one workbook with those three sheets."""
    if fmt not in FORMATS:
        raise DossierError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DossierError(f"{out}: cannot create folder ({e.strerror})") from None
    entities = entity_records(store)
    if fmt == "jsonl":
        return {"documents.jsonl": write_jsonl(out / "documents.jsonl", document_records(store)),
                "entities.jsonl": write_jsonl(out / "entities.jsonl", entities),
                "facts.jsonl": write_jsonl(out / "facts.jsonl", fact_records(store))}
    tables = [("facts", FLAT_NAMES, flat_rows(store)), ("documents", DOC_COLUMNS, document_records(store)),
              ("entities", ENTITY_COLUMNS, ({**e, "mention_count": len(e["mentions"])} for e in entities))]
    if fmt == "csv":
        return {f"{name}.csv": write_csv(out / f"{name}.csv", records, columns) for name, columns, records in tables}
    counts = write_xlsx(out / WORKBOOK, tables)
    return {f"{WORKBOOK}[{name}]": n for name, n in counts.items()}
