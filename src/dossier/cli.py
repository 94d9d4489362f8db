"""The `dossier` command: each subcommand turns options into one library call and errors into one line."""

from __future__ import annotations

import argparse
import json
import os
import select
import sys
from pathlib import Path
from typing import Callable, Optional

from . import __version__
from .errors import DossierError, StoreError
from .settings import BY_NAME, load_config

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    COMMANDS[fn.__name__.removeprefix("cmd_").replace("_", "-")] = fn
    return fn


def _db(args: argparse.Namespace, *, create: bool = False) -> str:
    """The database the command works on; a read command refuses a file that does not exist (opening it
    would create an empty one)."""
    target = args.db or load_config().db
    path = _sqlite_file(target)
    if not create and path is not None and not Path(path).exists():
        raise StoreError(f"no database at {target} (run dossier ingest first)")
    return target


def _sqlite_file(target: str) -> Optional[str]:
    """The file an SQLite target names; None for an in-memory or server database."""
    if target.startswith("sqlite:///"):
        target = target[len("sqlite:///"):].split("?", 1)[0]
    elif "://" in target:
        return None
    return None if target in ("", ":memory:") else target


def _store(args: argparse.Namespace, *, create: bool = False):
    from .store import Store

    return Store(_db(args, create=create))


@command
def cmd_ingest(args: argparse.Namespace) -> int:
    from .pipeline import ingest

    cfg = load_config(max_bytes=args.max_bytes, workers=args.workers, fetch_timeout=args.fetch_timeout,
                      fetch_allow=args.fetch_allow, cluster=args.cluster)
    with _store(args, create=True) as store:
        report = ingest(store, args.paths, cfg, extract=not args.no_extract, progress=args.progress)
        for source, reason in report.failed:
            print(f"failed: {source}: {reason}", file=sys.stderr)
        for source, doc, sim in report.near_duplicate:
            print(f"near-duplicate: {source} repeats {doc} (similarity {sim:.2f})", file=sys.stderr)
        print(report.summary())
        if args.summary:
            counts = store.counts()
            print(f"database {store.target}: {counts['documents']} documents, {counts['entities']} entities, "
                  f"{counts['facts']} facts")
            for d in store.documents():
                print(f"  {d.id}  {d.published or '----------'}  {d.title or '(no title)'}")
    return 0 if report.ok else 1


@command
def cmd_extract(args: argparse.Namespace) -> int:
    from .pipeline import reextract

    with _store(args, create=True) as store:
        report = reextract(store, progress=args.progress, workers=load_config(workers=args.workers).workers)
    print(f"re-extracted {len(report.unchanged)} documents: {report.mentions} mentions, {report.facts} facts")
    return 0


@command
def cmd_search(args: argparse.Namespace) -> int:
    from .query import search

    with _store(args) as store:
        hits = search(store, args.query, limit=args.limit)
    if args.json:
        print(json.dumps([h.__dict__ for h in hits], ensure_ascii=False, indent=1))
        return 0
    if not hits:
        print("no matches")
    for h in hits:
        print(f"{h.id}  {h.title or '(no title)'}\n    {h.snippet}")
    return 0


@command
def cmd_docs(args: argparse.Namespace) -> int:
    with _store(args) as store:
        docs = store.documents(limit=args.limit)
    for d in docs:
        print(f"{d.id}  {d.published or '----------'}  {d.title or '(no title)'}  [{d.source}]")
    return 0


@command
def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    with _store(args) as store:
        counts = export(store, args.out, args.format)
    print(", ".join(f"{name}: {n}" for name, n in counts.items()) + f" -> {args.out}")
    return 0


@command
def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_gold, format_result

    result = evaluate_gold(args.gold, corpus=args.corpus, entities=args.entities, db=args.db)
    if args.summary:
        result = {k: v for k, v in result.items() if k not in ("misses", "extras")}
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else format_result(result))
    return 0


@command
def cmd_entity(args: argparse.Namespace) -> int:
    from . import curate

    with _store(args) as store:
        if args.action == "list":
            sql = "SELECT id, type, name, country FROM entities WHERE 1=1"
            params = {}
            if args.type:
                sql, params["t"] = sql + " AND type = :t", args.type
            if args.query:
                sql, params["q"] = sql + " AND (lower(name) LIKE lower(:q) OR lower(aliases) LIKE lower(:q))", f"%{args.query}%"
            for r in store.query(sql + " ORDER BY type, name", **params):
                print(f"{r['id']}  {r['type']:<12} {r['country'] or '--'}  {r['name']}")
            return 0
        if args.action == "show":
            e = curate.entity_profile(store, args.entity)
            if args.json:
                print(json.dumps(e, ensure_ascii=False, indent=1, default=str))
                return 0
            print(f"{e['id']}  {e['type']}  {e['name']}  country={e['country'] or '--'}")
            print(f"  aliases: {', '.join(e['aliases']) or '--'}")
            for r in e["roles"]:
                print(f"  role: {r['role']} ({r['date'] or 'undated'}, {r['source']})")
            print(f"  mentions: {len(e['mentions'])} in {len({m['doc'] for m in e['mentions']})} documents; "
                  f"facts: {len(e['facts'])}")
            return 0
        if args.action == "merge":
            e = curate.merge(store, args.source, args.target)
            print(f"merged {args.source} into {e['id']} ({e['name']})")
        elif args.action == "split":
            e = curate.split(store, args.entity, args.form)
            print(f"split {args.form!r} off {args.entity} as {e['id']}")
        elif args.action == "rename":
            e = curate.rename(store, args.entity, args.name)
            print(f"renamed {e['id']} to {e['name']}")
    return 0


def _fact_changes(args: argparse.Namespace) -> dict:
    """The correction the options ask for (curate.FACT_CHANGES); roles as ROLE=NAME[,NAME...]."""
    changes = {k: getattr(args, k) for k in ("type", "status", "date", "note") if getattr(args, k, None)}
    if args.amount is not None:
        changes["amount"] = {"value": args.amount, "currency": args.currency, "qualifier": args.qualifier}
    roles = {}
    for spec in args.role or []:
        role, sep, names = spec.partition("=")
        if not sep or not role.strip():
            raise DossierError(f"--role {spec!r}: write ROLE=NAME[,NAME...], e.g. donor=Germany")
        roles[role.strip()] = [n.strip() for n in names.split(",") if n.strip()]
    if roles:
        changes["roles"] = roles
    return changes


def _print_fact_correction(c: dict) -> None:
    what = ["wrong"] if c["wrong"] else []
    what += [f"{k}={c[k]}" for k in ("type", "status", "date") if c[k]]
    if c["amount"]:
        what.append(f"amount={c['amount']['value']:,.0f} {c['amount']['currency']} ({c['amount']['qualifier']})")
    what += [f"{role}={', '.join(names) or '(none)'}" for role, names in c["roles"].items()]
    where = c["fact"]["evidence"][:90] if c["fact"] else "(no longer extracted)"
    print(f"{c['fact_id']}  {'; '.join(what) or 'unmarked'}{'  # ' + c['note'] if c['note'] else ''}\n    {where}")


@command
def cmd_fact(args: argparse.Namespace) -> int:
    from . import curate

    with _store(args) as store:
        if args.action == "list":
            rows = curate.fact_corrections(store)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=1))
            for c in [] if args.json else rows:
                _print_fact_correction(c)
            return 0
        changes = {"wrong": not args.undo} if args.action == "wrong" else _fact_changes(args)
        if not changes:
            raise DossierError("nothing to correct: give --type, --status, --date, --amount, --role or --note")
        _print_fact_correction(curate.correct_fact(store, args.fact, changes))
    return 0


@command
def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .api import create_app

    cfg = load_config(api_token=args.token)
    db = _db(args)
    app = create_app(db, token=cfg.api_token or None)
    print(f"Dossier is serving {db} at http://{args.host}:{args.port}/ (API docs at /docs; Ctrl-C stops)",
          flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dossier", description="Defence and security news turned into a cited, "
                                "queryable knowledge base.")
    p.add_argument("--version", action="version", version=f"dossier {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    db_help = f"database file (default: ${BY_NAME['db'].env}, else ./{BY_NAME['db'].default})"

    def add(name: str, help: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help, description=help)
        sp.add_argument("--db", help=db_help)
        return sp

    sp = add("ingest", "read files, folders (recursively) and http(s) URLs; clean, deduplicate, extract and store")
    sp.add_argument("paths", nargs="+", metavar="PATH", help=".txt .md .html .json .jsonl .rss/.atom/.xml files, folders, URLs")
    sp.add_argument("--no-extract", action="store_true", help="store documents without running extraction")
    sp.add_argument("--max-bytes", type=int, help=BY_NAME["max_bytes"].help + f" (default {BY_NAME['max_bytes'].default})")
    sp.add_argument("--workers", type=int, help=BY_NAME["workers"].help)
    sp.add_argument("--cluster", metavar="ADDRESS", help=BY_NAME["cluster"].help)
    sp.add_argument("--fetch-timeout", type=float, metavar="SECONDS",
                    help=BY_NAME["fetch_timeout"].help + f" (default {BY_NAME['fetch_timeout'].default:g})")
    sp.add_argument("--fetch-allow", metavar="HOSTS", help=BY_NAME["fetch_allow"].help)
    sp.add_argument("--summary", action="store_true", help="after ingest, list every stored document")
    sp.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                    help="show a progress bar (default: when writing to a terminal)")
    sp = add("extract", "run extraction again over every stored document")
    sp.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None, help="show a progress bar")
    sp.add_argument("--workers", type=int, help=BY_NAME["workers"].help)
    sp = add("search", "full-text search, best matches first, with snippets")
    sp.add_argument("query", metavar="QUERY", help="words that must all occur; OR between words; word* for prefixes")
    sp.add_argument("--limit", type=int, default=20, help="most results shown (default 20)")
    sp.add_argument("--json", action="store_true", help="print results as JSON")
    sp = add("docs", "list stored documents")
    sp.add_argument("--limit", type=int, default=None, help="most documents listed")
    sp = add("export", "write documents, entities and facts for analysis")
    sp.add_argument("--format", choices=["jsonl", "csv", "xlsx"], default="jsonl",
                    help="jsonl (default; shared/eval/FORMAT.md), csv (documents.csv, entities.csv, facts.csv with a "
                    "row per fact) or xlsx (dossier.xlsx, a sheet each)")
    sp.add_argument("--out", required=True, metavar="DIR", help="folder to write into (created if missing)")
    sp = add("entity", "list, show and correct entities: merge, split, rename (corrections persist)")
    esub = sp.add_subparsers(dest="action", metavar="ACTION")
    esub.required = True

    def eadd(name: str, help: str) -> argparse.ArgumentParser:
        ep = esub.add_parser(name, help=help, description=help)
        ep.add_argument("--db", help=db_help)
        return ep

    ep = eadd("list", "list entities")
    ep.add_argument("--type", help="only this entity type (country, person, organization, place, equipment)")
    ep.add_argument("--query", help="name or alias contains this")
    ep = eadd("show", "an entity with aliases, roles over time, mentions and facts")
    ep.add_argument("entity", metavar="ID")
    ep.add_argument("--json", action="store_true", help="print as JSON")
    ep = eadd("merge", "merge SOURCE into TARGET (kept after re-extraction)")
    ep.add_argument("source", metavar="SOURCE")
    ep.add_argument("target", metavar="TARGET")
    ep = eadd("split", "move the mentions of ID written FORM to an entity of their own (kept after re-extraction)")
    ep.add_argument("entity", metavar="ID")
    ep.add_argument("form", metavar="FORM")
    ep = eadd("rename", "set the canonical name of ID (kept after re-extraction)")
    ep.add_argument("entity", metavar="ID")
    ep.add_argument("name", metavar="NAME")
    sp = add("fact", "correct facts: mark one wrong, correct its type, status, date, amount or roles; list "
             "corrections (kept after re-extraction)")
    fsub = sp.add_subparsers(dest="action", metavar="ACTION")
    fsub.required = True
    fp = fsub.add_parser("list", help="list fact corrections", description="list fact corrections, newest first")
    fp.add_argument("--db", help=db_help)
    fp.add_argument("--json", action="store_true", help="print as JSON")
    fp = fsub.add_parser("wrong", help="mark fact ID wrong: left out of lists, totals and exports",
                         description="mark fact ID wrong: left out of lists, totals and exports")
    fp.add_argument("--db", help=db_help)
    fp.add_argument("fact", metavar="ID")
    fp.add_argument("--undo", action="store_true", help="the fact is not wrong after all")
    fp = fsub.add_parser("correct", help="correct fact ID's type, status, date, amount or roles",
                         description="correct fact ID's type, status, date, amount or roles")
    fp.add_argument("--db", help=db_help)
    fp.add_argument("fact", metavar="ID")
    fp.add_argument("--type", help="fact type (aid, funding, agreement, procurement, ...)")
    fp.add_argument("--status", help="discussed, planned, agreed or completed")
    fp.add_argument("--date", help="YYYY, YYYY-MM or YYYY-MM-DD")
    fp.add_argument("--amount", type=float, help="the amount as a plain number (705000000)")
    fp.add_argument("--currency", help="ISO 4217 code of --amount (default: the fact's)")
    fp.add_argument("--qualifier", default="exact", help="exact, more_than, at_least, up_to or about (default exact)")
    fp.add_argument("--role", action="append", metavar="ROLE=NAMES",
                    help="set a role to entities by name or id, comma-separated (donor=Germany); repeatable; "
                    "ROLE= removes the role")
    fp.add_argument("--note", help="why")
    sp = add("serve", "serve the web UI and the JSON API (FastAPI)")
    sp.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sp.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sp.add_argument("--token", help=BY_NAME["api_token"].help + " (default: $DOSSIER_TOKEN)")
    sp = add("eval", "ingest the articles a gold file names and score the extraction against it")
    sp.add_argument("gold", metavar="GOLD", help="gold JSON Lines file (see shared/eval/FORMAT.md)")
    sp.add_argument("--corpus", help="folder holding the gold's articles (default: a corpus/seeds folder beside the gold's folder)")
    sp.add_argument("--entities", metavar="ENT", help="gold entity file, for entity-resolution scores")
    sp.add_argument("--json", action="store_true", help="print the full result as JSON")
    sp.add_argument("--summary", action="store_true", help="scores only, without the list of missed and extra facts")
    return p


def main(argv: Optional[list[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = COMMANDS[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        if not _stdout_closed():
            raise
        return _reader_gone()
    except DossierError as e:
        print(f"dossier: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dossier: interrupted", file=sys.stderr)
        return 130


def _stdout_closed() -> bool:
    """True when stdout is a pipe whose reader has gone (and not some other pipe that broke)."""
    try:
        poll = select.poll()
        poll.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & (select.POLLERR | select.POLLHUP) for _, events in poll.poll(0))
    except (OSError, ValueError, AttributeError):
        return False


def _reader_gone() -> int:
    """The reader of our output went away (`dossier docs | head`): stop quietly, as a program killed by
    SIGPIPE would, and point stdout at /dev/null so that the flush at exit cannot fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # stdout has no file descriptor (captured in-process)
        pass
    return 141  # 128 + SIGPIPE, what a shell reports for `yes | head`


if __name__ == "__main__":
    sys.exit(main())
