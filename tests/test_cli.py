"""The CLI, driven in-process: every command has help, errors are one line, the README documents it all."""

import json
import os
import re
import shlex
import subprocess
import sys

import pytest

from dossier.cli import COMMANDS, build_parser, main
from dossier.settings import SETTINGS

from .conftest import ROOT, SAMPLE


def test_every_command_has_help(capsys):
    for name in COMMANDS:
        with pytest.raises(SystemExit) as e:
            main([name, "--help"])
        assert e.value.code == 0
        assert "--db" in capsys.readouterr().out


def test_readme_documents_every_command_and_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"dossier {name}" in readme, name
    for s in SETTINGS:
        assert s.env in readme, s.env
    assert readme.lstrip().startswith("# Dossier")
    first_commands = re.findall(r"^\s*(make \w+)", readme, re.M)[:2]
    assert first_commands == ["make demo", "make test"]


def test_ingest_search_docs_export(tmp_path, capsys, monkeypatch, new_db):
    db = new_db("c")
    assert main(["ingest", "--db", db, "--no-extract", str(SAMPLE)]) == 0
    assert "5 new" in capsys.readouterr().out
    monkeypatch.setenv("DOSSIER_DB", db)
    assert main(["docs"]) == 0
    assert capsys.readouterr().out.count("doc-") == 5
    assert main(["search", "Jonava"]) == 0
    assert "clusters" in capsys.readouterr().out
    assert main(["export", "--out", str(tmp_path / "x")]) == 0
    assert (tmp_path / "x" / "documents.jsonl").exists()


def test_failure_exit_code_and_one_line_errors(tmp_path, capsys, new_db):
    db = new_db("c")
    (tmp_path / "empty.txt").write_text("")
    assert main(["ingest", "--db", db, "--no-extract", str(tmp_path / "empty.txt")]) == 1
    err = capsys.readouterr().err
    assert "failed: " in err and "empty.txt: empty file" in err and "Traceback" not in err
    assert main(["docs", "--db", str(tmp_path / "no" / "such" / "dir.db")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("dossier: error:") and "\n" not in err
    (tmp_path / "notadb.db").write_text("this is not sqlite " * 100)
    assert main(["docs", "--db", str(tmp_path / "notadb.db")]) == 2
    assert capsys.readouterr().err.startswith("dossier: error:")


def test_parser_rejects_unknown_format(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["export", "--out", "x", "--format", "xml"])


@pytest.mark.parametrize("argv", [["docs"], ["search", "radar"], ["export", "--out", "OUT"], ["entity", "list"],
                                  ["entity", "show", "ent-x"], ["serve", "--port", "0"]])
def test_read_commands_refuse_a_missing_database(tmp_path, capsys, argv):
    missing = tmp_path / "missing.db"
    argv = [str(tmp_path / "out") if a == "OUT" else a for a in argv]
    for db in (str(missing), f"sqlite:///{missing}"):
        assert main(argv + ["--db", db]) == 2
        err = capsys.readouterr().err
        assert err == f"dossier: error: no database at {db} (run dossier ingest first)\n"
    assert not missing.exists() and not (tmp_path / "out").exists()


def test_ingest_and_extract_create_the_database(tmp_path, capsys):
    db = tmp_path / "new.db"
    assert main(["extract", "--db", str(db)]) == 0 and db.exists()
    assert main(["docs", "--db", str(db)]) == 0


def test_output_into_a_closed_pipe_ends_quietly(tmp_path):
    """`dossier docs | head -1` with more output than a pipe holds: one line, no traceback, SIGPIPE's status."""
    db = str(tmp_path / "p.db")
    src = tmp_path / "many.jsonl"
    with src.open("w") as fh:
        for i in range(60):
            fh.write(json.dumps({"title": f"Report {i} " + "on the procurement of air defence systems " * 50,
                                 "text": f"Report {i} says the ministry of defence in country {i} will buy {i + 3} "
                                         f"radars and {i * 7} missiles this year, officials said on Monday."}) + "\n")
    assert main(["ingest", "--db", db, "--no-extract", str(src)]) == 0
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    cmd = f"{shlex.quote(sys.executable)} -m dossier.cli docs --db {shlex.quote(db)}"
    whole = subprocess.run(["bash", "-c", cmd + " | wc -c"], capture_output=True, text=True, env=env, timeout=120)
    assert int(whole.stdout) > 128 * 1024  # more than a pipe buffers, so the writer sees the reader go
    done = subprocess.run(["bash", "-o", "pipefail", "-c", cmd + " | head -1"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.stdout.startswith("doc-") and done.stdout.count("\n") == 1
    assert done.stderr == ""
    assert done.returncode == 141
