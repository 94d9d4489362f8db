"""Hostile input (issue 12): every error of any input is that input's one line, the run goes on, only regular
files are read and bounded, long texts are extracted in pieces; and a property-based fuzz run over 1,000+
generated hostile inputs that must leave no traceback, name every input and change nothing already stored."""

import json
import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.errors import InputError
from dossier.ingest import read_file
from dossier.pipeline import ingest
from dossier.settings import load_config

from .conftest import SAMPLE

settings.register_profile("hostile", deadline=None, database=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                 HealthCheck.function_scoped_fixture])
GOOD = ("Polish helicopter deal\n\nPoland has agreed to buy 96 attack helicopters from the United States in a deal "
        "worth about $12 billion, the defence ministry in Warsaw said on Wednesday.")


OTHER = [
    "Estonia will train 300 drone operators this year at a new school near Tapa, the Estonian Defence Forces announced.",
    "Germany approved the sale of 40 infantry fighting vehicles to Slovakia after months of talks between the governments.",
    "Italy and Japan agreed to develop a sixth-generation fighter jet together with the United Kingdom by 2035.",
]


def run(store, paths, extract=False, **kw):
    return ingest(store, [str(p) for p in paths], load_config(**kw), extract=extract, progress=False)


def names(report) -> list[str]:
    return ([*report.new, *report.unchanged, *(s for s, _ in report.duplicate),
             *(s for s, _, _ in report.near_duplicate), *(s for s, _ in report.failed)])


def test_one_bad_input_never_ends_the_run(store, tmp_path):
    (tmp_path / "a-deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "b-deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": GOOD}) + "\n")
    (tmp_path / "c-utf16.txt").write_bytes(b"\xff\xfe" + GOOD.encode("utf-16-le") + b"\x00")
    (tmp_path / "d-surrogate.json").write_text('{"text": "%s \\ud800 and \\udfff.", "title": "x\\udc00"}' % OTHER[0])
    (tmp_path / "e-nul.json").write_text(json.dumps({"text": OTHER[1].replace("vehicles", "vehi\x00cles")}))
    (tmp_path / "f-empty.json").write_text("[]")
    (tmp_path / "g-blank.jsonl").write_text("\n \x0c\n")
    (tmp_path / "z-good.txt").write_text(OTHER[2])
    r = run(store, [tmp_path])
    why = {Path(s).name: reason for s, reason in r.failed}
    assert "nested too deeply" in why["a-deep.json"]
    assert "nested too deeply" in why["b-deep.jsonl#1"]
    assert "UTF-16" in why["c-utf16.txt"]
    assert "no objects" in why["f-empty.json"] and "empty" in why["g-blank.jsonl"]
    assert sorted(Path(s).name for s in r.new) == ["b-deep.jsonl#2", "d-surrogate.json", "e-nul.json", "z-good.txt"]
    stored = {Path(d.source).name: d for d in store.documents()}
    assert "\ufffd" in stored["d-surrogate.json"].text and "\x00" not in stored["e-nul.json"].text
    assert all("\n" not in reason for _, reason in r.failed)


def test_fifo_and_devices_in_a_folder_are_named_not_read(store, tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    os.symlink(tmp_path / "gone.txt", tmp_path / "broken.txt")
    (tmp_path / "good.txt").write_text(GOOD)
    done: list = []
    t = threading.Thread(target=lambda: done.append(run(store, [tmp_path, "/dev/zero"])), daemon=True)
    t.start()
    t.join(120)
    assert done, "ingest hung on a FIFO or a device"
    why = {Path(s).name: reason for s, reason in done[0].failed}
    assert why["pipe.txt"] == "not a regular file (a FIFO)"
    assert why["zero.txt"] == why["zero"] == "not a regular file (a character device)"
    assert why["broken.txt"] == "broken link"
    assert [Path(s).name for s in done[0].new] == ["good.txt"]


def test_what_is_read_is_bounded_not_what_stat_says(tmp_path):
    status = read_file("/proc/self/status", 100_000)  # stat says 0 bytes
    assert b"Name:" in status
    with pytest.raises(InputError, match="too large"):
        read_file("/proc/self/status", 10)
    (tmp_path / "big.txt").write_bytes(b"x" * 5000)
    with pytest.raises(InputError, match="too large"):
        read_file(str(tmp_path / "big.txt"), 4999)
    assert len(read_file(str(tmp_path / "big.txt"), 5000)) == 5000


def test_each_input_named_once(store, tmp_path):
    item = "<item><title>T{0}</title><link>https://x.test/same</link><description>{1} {0}</description></item>"
    (tmp_path / "f.rss").write_text("<rss><channel><title>X</title>" + item.format(1, GOOD) + item.format(2, GOOD[::-1])
                                    + "</channel></rss>")
    (tmp_path / "a.txt").write_text(GOOD)
    r = run(store, [tmp_path, tmp_path / "a.txt", tmp_path / "f.rss"])
    assert sorted(names(r)) == sorted([str(tmp_path / "a.txt"), "https://x.test/same", f"{tmp_path / 'f.rss'}#2"])


@pytest.mark.slow
def test_text_over_a_million_characters_is_extracted_in_pieces(store, tmp_path):
    from dossier.nlp import PIECE_CHARS, pieces

    para = ("Estonia will buy six HIMARS launchers from the United States for 200 million euros, the defence "
            "ministry in Tallinn said, and Latvia signed a contract with Saab for air defence systems.\n\n")
    text = "Baltic rocket artillery\n\n" + para * (1_020_000 // len(para))
    assert "".join(pieces(text)) == text and max(map(len, pieces(text))) <= PIECE_CHARS
    (tmp_path / "long.txt").write_text(text)
    r = run(store, [tmp_path / "long.txt"], extract=True, max_bytes=2_000_000)
    assert r.ok and len(r.new) == 1 and r.facts >= len(pieces(text))
    doc = store.documents()[0]
    assert len(doc.text) > 1_000_000
    for m in store.query('SELECT start, "end", text FROM mentions WHERE doc_id = :d', d=doc.id)[-50:]:
        assert doc.text[m["start"]:m["end"]] == m["text"]
    last = store.query("SELECT evidence_start, evidence_end, evidence_text FROM facts ORDER BY evidence_start DESC")[0]
    assert last["evidence_start"] > len(text) - PIECE_CHARS
    assert doc.text[last["evidence_start"]:last["evidence_end"]] == last["evidence_text"]
    starts = [r["start"] for r in store.query("SELECT start FROM mentions WHERE doc_id = :d AND text = 'Tallinn'",
                                               d=doc.id)]
    assert len(starts) == len(set(starts)) == text.count("Tallinn")


# -- the fuzz run ----------------------------------------------------------------------------------------------

EXTS = [".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".rss", ".atom", ".xml"]
_chars = st.characters(codec=None, categories=None)  # every code point, surrogates and NULs included
hostile_text = st.one_of(
    st.text(_chars, max_size=300),
    st.text(st.sampled_from("<>&;\"'/\\[]{}:,\n\r\t \x00\u202e\ufeff\ud800aé€ß"), max_size=400),
    st.builds(lambda w, n: (w + " ") * n, st.sampled_from(["Ukraine", "<p>", "By", "WARSAW —", "1", "Read more"]),
              st.integers(1, 2000)),
    st.just(GOOD),
)


def _json_values():
    leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), hostile_text)
    return st.recursive(leaf, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "html", "title", "url", "published", "author", "outlet", "x"]), kids, max_size=5),
        max_leaves=12)


def _html(parts):
    return "".join(f"<{t}>{x}" if t else x for t, x in parts)


def _feed(entries, atom):
    if atom:
        body = "".join(f"<entry><title>{t}</title><link href='{l}'/><summary>{s}</summary></entry>" for t, l, s in entries)
        return f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>F</title>{body}</feed>"
    body = "".join(f"<item><title>{t}</title><link>{l}</link><description>{s}</description></item>"
                   for t, l, s in entries)
    return f"<rss version='2.0'><channel><title>F</title>{body}</channel></rss>"


def _encode(text: str, how: str) -> bytes:
    if how == "utf-16-odd":
        return "\ufeff".encode("utf-16-le") + text.encode("utf-16-le", "surrogatepass") + b"\x00"
    if how == "utf-16":
        return text.encode("utf-16", "surrogatepass")
    return text.encode(how, "surrogatepass" if how == "utf-8" else "replace")


payloads = st.one_of(
    st.binary(max_size=600),
    st.builds(_encode, hostile_text, st.sampled_from(["utf-8", "utf-16", "utf-16-odd", "latin-1", "cp1252", "utf-32"])),
    st.builds(lambda v, asc: json.dumps(v, ensure_ascii=asc).encode("utf-8", "surrogatepass"), _json_values(),
              st.booleans()),
    st.builds(lambda vs: "\n".join(json.dumps(v) for v in vs).encode(), st.lists(_json_values(), max_size=5)),
    st.builds(lambda n, o: (("[" if o else "{\"a\":") * n).encode(), st.integers(1, 200_000), st.booleans()),
    st.builds(lambda ps: _html(ps).encode("utf-8", "surrogatepass"), st.lists(st.tuples(
        st.sampled_from(["", "div", "p", "/p", "script", "article", "table", "!--", "![CDATA[", "body", "a href='x"]),
        hostile_text), max_size=12)),
    st.builds(lambda n: ("<div>" * n + GOOD).encode(), st.integers(1, 20_000)),
)


class FuzzRun:
    """Counts what the fuzz run fed through ingest, and checks each ingest's report."""

    def __init__(self, store, root: Path, extract: bool):
        self.store, self.root, self.extract, self.inputs, self.n = store, root, extract, 0, 0

    def check(self, files: list[tuple[str, bytes, str]], feeds: list) -> None:
        self.n += 1
        folder = self.root / f"run{self.n:04d}"
        folder.mkdir()
        paths = []
        for i, (ext, data, _) in enumerate(files):
            p = folder / f"in{i:02d}{ext}"
            p.write_bytes(data)
            paths.append(str(p))
        for i, (entries, atom) in enumerate(feeds):
            p = folder / f"feed{i:02d}{'.atom' if atom else '.rss'}"
            p.write_text(_feed([(t, f"https://fuzz.test/run{self.n:04d}/feed{i:02d}/{k}", s)
                                for k, (t, s) in enumerate(entries)], atom), encoding="utf-8", errors="surrogatepass")
            paths.append(str(p))
        report = ingest(self.store, paths, load_config(max_bytes=200_000), extract=self.extract, progress=False)
        got = names(report)
        assert len(got) == len(set(got)), f"a name twice in the report: {got}"
        for p in paths:
            key = Path(p).relative_to(self.root).with_suffix("").as_posix()
            own = [s for s in got if s == p or s.startswith(p + "#") or s.startswith(f"https://fuzz.test/{key}/")]
            assert own, f"{p} not named in the report {got}"
        assert all("\n" not in why and why for _, why in report.failed)
        self.inputs += len(paths)


def _snapshot(store) -> dict:
    """What ingest must not change. A mention's entity is left out: new articles may rightly merge entities."""
    return {t: store.query(f"SELECT * FROM {t} ORDER BY 1, 2") for t in ("documents", "facts")} | {
        "mentions": store.query('SELECT doc_id, start, "end", text, type FROM mentions ORDER BY 1, 2'),
        "sources": store.query("SELECT source, doc_id, status FROM document_sources ORDER BY source")}


def _unchanged(before: dict, after: dict) -> None:
    for table, rows in before.items():
        now = {json.dumps(r, sort_keys=True, default=str) for r in after[table]}
        assert all(json.dumps(r, sort_keys=True, default=str) in now for r in rows), f"stored {table} changed"


def _fuzz(store, tmp_path, extract: bool, examples: int) -> FuzzRun:
    fuzz = FuzzRun(store, tmp_path, extract)
    feeds = st.lists(st.tuples(st.lists(st.tuples(hostile_text, hostile_text), max_size=4), st.booleans()), max_size=1)

    @settings(settings.get_profile("hostile"), max_examples=examples)
    @given(st.lists(st.tuples(st.sampled_from(EXTS + [".bin", ""]), payloads, st.just("")), min_size=6, max_size=12),
           feeds)
    def one(files, feed_list):
        fuzz.check(files, feed_list)

    one()
    return fuzz


@pytest.mark.slow
def test_fuzz_a_thousand_hostile_inputs(store, tmp_path):
    run(store, [SAMPLE])
    before = _snapshot(store)
    fuzz = _fuzz(store, tmp_path, extract=False, examples=130)
    assert fuzz.inputs >= 1000, f"only {fuzz.inputs} inputs generated"
    _unchanged(before, _snapshot(store))


@pytest.mark.slow
def test_fuzz_hostile_inputs_with_extraction(store, tmp_path):
    run(store, [SAMPLE], extract=True)
    before = _snapshot(store)
    fuzz = _fuzz(store, tmp_path, extract=True, examples=5)
    assert fuzz.inputs >= 30
    _unchanged(before, _snapshot(store))
