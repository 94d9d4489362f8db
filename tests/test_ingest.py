"""Ingest: every input format, URLs from a local server, bad input, duplicates, idempotence, transactions."""

import http.server
import json
import threading
from pathlib import Path

import pytest

from dossier.errors import InputError
from dossier.ingest import decode
from dossier.pipeline import ingest
from dossier.settings import load_config

from .conftest import RESOURCES, SAMPLE

OTHER = [
    "Estonia will train 300 drone operators this year at a new school near Tapa, the Estonian Defence Forces announced.",
    "Germany approved the sale of 40 infantry fighting vehicles to Slovakia after months of talks between the governments.",
    "Italy and Japan agreed to develop a sixth-generation fighter jet together with the United Kingdom by 2035.",
    "Canada pledged another 500 million Canadian dollars for Ukraine's air defence during a visit to Kyiv.",
]
BODY = ("Poland has agreed to buy 96 attack helicopters from the United States in a deal worth about "
        "$12 billion, the defence ministry in Warsaw said on Wednesday. Deliveries are planned to start in 2028.")


def run(store, paths, **kw):
    return ingest(store, [str(p) for p in paths], load_config(**kw), extract=False, progress=False)


def test_sample_corpus_then_reingest_changes_nothing(store):
    r = run(store, [SAMPLE])
    assert len(r.new) == 5 and r.ok
    before = store.query("SELECT id, ingested_at FROM documents ORDER BY id")
    r2 = run(store, [SAMPLE])
    assert len(r2.unchanged) == 5 and not r2.new
    assert store.query("SELECT id, ingested_at FROM documents ORDER BY id") == before


def test_formats_txt_md_html_json_jsonl(store, tmp_path):
    (tmp_path / "a.txt").write_text("Polish helicopter deal\n\n" + BODY, encoding="utf-8")
    (tmp_path / "b.md").write_text("Estonia trains drone operators\n\n" + OTHER[0])
    (tmp_path / "c.html").write_text((RESOURCES / "article.html").read_text())
    (tmp_path / "d.json").write_text(json.dumps({"text": OTHER[1], "title": "Deal", "url": "https://x.test/d",
                                                  "published": "2024-05-01", "author": "A. Writer"}))
    (tmp_path / "e.jsonl").write_text("\n".join(json.dumps({"text": OTHER[n], "title": f"T{n}"})
                                                for n in (2, 3)) + "\n")
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    r = run(store, [tmp_path])
    assert r.ok, r.failed
    assert len(r.new) == 6
    docs = {d.source: d for d in store.documents()}
    assert docs[str(tmp_path / "d.json")].published == "2024-05-01"
    assert docs[str(tmp_path / "d.json")].author == "A. Writer"
    assert docs[str(tmp_path / "c.html")].title == "Norway orders new air defence systems"
    assert {docs[str(tmp_path / "e.jsonl") + "#1"].title, docs[str(tmp_path / "e.jsonl") + "#2"].title} == {"T2", "T3"}


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Baltic Wire</title>
<item><title>Latvia buys radars</title><link>https://wire.test/latvia-radars</link>
<pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate>
<description><![CDATA[<p>Latvia has signed a contract for ground-based air surveillance radars, the ministry in Riga said on Monday. The first radars arrive next year.</p>]]></description></item>
<item><title>Lithuania opens depot</title><link>https://wire.test/lt-depot</link>
<description><![CDATA[<p>Lithuania opened a new ammunition depot near Kaunas on Tuesday, officials said, as part of a programme to expand storage.</p>]]></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Nordic Notes</title>
<entry><title>Sweden funds shipyard</title><link href="https://notes.test/shipyard"/><updated>2024-09-10T12:00:00Z</updated>
<content type="html">&lt;p&gt;Sweden will put SEK 500 million into a naval shipyard in Karlskrona to speed up submarine construction, the government said.&lt;/p&gt;</content></entry>
</feed>"""


def test_feeds_rss_and_atom(store, tmp_path):
    (tmp_path / "f.rss").write_text(RSS)
    (tmp_path / "g.atom").write_text(ATOM)
    r = run(store, [tmp_path])
    assert r.ok, r.failed
    docs = {d.source: d for d in store.documents()}
    assert docs["https://wire.test/latvia-radars"].published == "2025-01-06"
    assert docs["https://wire.test/latvia-radars"].title == "Latvia buys radars"
    assert docs["https://wire.test/latvia-radars"].outlet == "Baltic Wire"
    assert docs["https://notes.test/shipyard"].published == "2024-09-10"


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):  # noqa: N802
        status, ctype, body = self.routes.get(self.path, (404, "text/plain", b"nope"))
        if callable(body):
            body = body()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the client hanging up on an oversized body is expected here


@pytest.fixture
def server():
    srv = _QuietServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_urls_from_local_server(store, server):
    html = (RESOURCES / "article.html").read_bytes()
    _Handler.routes = {
        "/article": (200, "text/html; charset=utf-8", html),
        "/feed": (200, "application/rss+xml", RSS.encode()),
        "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        "/big": (200, "text/html", b"<p>" + b"a" * 5000 + b"</p>"),
        "/missing": (404, "text/plain", b"gone"),
    }
    urls = [f"{server}/article", f"{server}/feed", f"{server}/image", f"{server}/big", f"{server}/missing"]
    r = ingest(store, urls, load_config(max_bytes=4000, fetch_allow="127.0.0.1"), extract=False, progress=False)
    assert len(r.new) == 3  # the article and two feed entries
    reasons = dict(r.failed)
    assert "unsupported content type 'image/png'" in reasons[f"{server}/image"]
    assert "too large" in reasons[f"{server}/big"]
    assert "HTTP 404" in reasons[f"{server}/missing"]
    doc = [d for d in store.documents() if d.source == f"{server}/article"][0]
    assert doc.title == "Norway orders new air defence systems"


def test_url_timeout(store, server):
    import time

    def slow():
        time.sleep(2)
        return b"<p>late</p>"
    _Handler.routes = {"/slow": (200, "text/html", slow)}
    cfg = load_config(fetch_timeout=0.5, fetch_allow="127.0.0.1")  # the local server is loopback
    r = ingest(store, [f"{server}/slow"], cfg, extract=False, progress=False)
    assert "timed out" in r.failed[0][1]


def test_bad_inputs_each_named_and_others_still_ingested(store, tmp_path):
    run(store, [SAMPLE])
    before = store.query("SELECT * FROM documents ORDER BY id")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (bad / "empty.txt").write_text("   \n\n")
    (bad / "undecodable.txt").write_bytes(b"\xff\xfe\xfa" + bytes([0x81, 0x8d, 0x8f, 0x90, 0x9d]) * 3 + b"\x00\x00")
    (bad / "noarticle.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (bad / "broken.html").write_text("<html><body><div><p>" + OTHER[1] + "<p>More text about the deal follows here"
                                     " and the contract value.</div></span></table>")
    (bad / "lines.jsonl").write_text('{"text": "%s"}\nnot json at all\n{"title": "no text"}\n[1, 2]\n' % BODY)
    (bad / "huge.txt").write_text("word " * 300_000)
    (bad / "good.txt").write_text("Danish ammunition order\n\n" + OTHER[3])
    (bad / "latin1.txt").write_bytes(("Czech deal signed\n\nČeská vláda schválila nákup dělostřeleckých systémů. "
                                      "Ministryně obrany řekla, že smlouva bude podepsána příští měsíc v Plzni. "
                                      "Officials in Plzeň and Brno welcomed it, said Tomáš Novák.").encode("cp1250"))
    r = run(store, [bad, tmp_path / "does-not-exist.txt"], max_bytes=1_000_000)
    reasons = {Path(s).name if "#" not in s else s.split("/")[-1]: why for s, why in r.failed}
    assert "binary" in reasons["binary.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["undecodable.txt"] or "undecodable" in reasons["undecodable.txt"]
    assert "no article text" in reasons["noarticle.html"] or "too short" in reasons["noarticle.html"]
    assert "not JSON" in reasons["lines.jsonl#2"]
    assert "no non-empty 'text'" in reasons["lines.jsonl#3"]
    assert "not an object" in reasons["lines.jsonl#4"]
    assert "too large" in reasons["huge.txt"]
    assert "no such file" in reasons["does-not-exist.txt"]
    new = {Path(s).name for s in r.new}
    assert {"good.txt", "broken.html", "latin1.txt", "lines.jsonl#1"} <= new
    latin = [d for d in store.documents() if d.source.endswith("latin1.txt")][0]
    assert "Plzeň" in latin.text and "Tomáš Novák" in latin.text
    after = {d["id"]: d for d in store.query("SELECT * FROM documents")}
    for d in before:
        assert after[d["id"]] == d  # nothing already stored changed


def test_decode_utf16_and_bom():
    assert decode("Grüße".encode("utf-16"), "x") == "Grüße"
    assert decode("\ufeffplain".encode("utf-8"), "x") == "plain"
    with pytest.raises(InputError):
        decode(b"", "x")


def test_exact_and_near_duplicates_are_linked_not_stored(store, tmp_path):
    src = (SAMPLE / "002_8187cf3bc3779304.txt").read_text()
    (tmp_path / "copy.txt").write_text(src)
    (tmp_path / "edited.txt").write_text(src.replace("In July 2024", "In mid-July 2024"))
    (tmp_path / "other.txt").write_text("A different story\n\n" + BODY)
    r = run(store, [SAMPLE / "002_8187cf3bc3779304.txt", tmp_path / "copy.txt", tmp_path / "edited.txt",
                    tmp_path / "other.txt"])
    assert len(r.new) == 2
    assert r.duplicate and r.duplicate[0][0].endswith("copy.txt")
    assert r.near_duplicate and r.near_duplicate[0][0].endswith("edited.txt")
    original = r.near_duplicate[0][1]
    assert store.document(original).source.endswith("002_8187cf3bc3779304.txt")
    assert store.counts()["documents"] == 2
    links = {s["source"].split("/")[-1]: s for s in store.sources()}
    assert links["edited.txt"]["status"] == "near_duplicate" and links["edited.txt"]["doc_id"] == original
    # re-ingesting the near-duplicate changes nothing
    r2 = run(store, [tmp_path / "edited.txt"])
    assert r2.unchanged and not r2.near_duplicate


class _Boom:
    def process(self, docs):
        if any("Denmark" in d.text for d in docs):
            raise RuntimeError("extractor crashed")
        from dossier.extract import Extraction
        return [Extraction([], [], []) for _ in docs]


def test_crash_in_one_document_leaves_no_half_document(store, tmp_path):
    (tmp_path / "a.txt").write_text("Danish ammunition order\n\n" + OTHER[3].replace("Canada", "Denmark"))
    (tmp_path / "b.txt").write_text("Polish helicopter deal\n\n" + BODY)
    r = ingest(store, [str(tmp_path)], load_config(), extractor=_Boom(), progress=False)
    assert [Path(s).name for s, _ in r.failed] == ["a.txt"]
    assert "extractor crashed" in r.failed[0][1]
    assert [Path(s).name for s in r.new] == ["b.txt"]
    assert store.counts()["documents"] == 1
    assert store.query("SELECT count(*) AS n FROM document_sources")[0]["n"] == 1
    assert store.query("SELECT count(*) AS n FROM minhashes")[0]["n"] == 1
