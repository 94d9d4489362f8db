"""Source URLs: the page's canonical link, else og:url, else the address the input came with."""

import http.server
import json
import threading

import pytest

from dossier.clean import prepare
from dossier.clean.html import page_url
from dossier.export import export
from dossier.model import RawArticle
from dossier.pipeline import ingest
from dossier.settings import load_config

from .conftest import RESOURCES

CANONICAL = "https://baltic-wire.example/news/2025/estonia-counter-drone"


def html(name: str) -> str:
    return (RESOURCES / name).read_text(encoding="utf-8")


def doc_from(name: str, url=None):
    return prepare(RawArticle(source=str(RESOURCES / name), html=html(name), url=url, format="html"))


def test_canonical_wins_over_og_url_and_the_input_url():
    assert page_url(html("source_canonical.html")) == CANONICAL
    assert doc_from("source_canonical.html", url="https://mirror.example/copy?id=7").url == CANONICAL


def test_og_url_when_no_canonical():
    assert doc_from("source_og_url.html").url == CANONICAL + "-og"


def test_relative_canonical_is_resolved_against_the_fetched_url_and_ignored_without_one():
    assert page_url(html("source_relative.html")) is None
    d = doc_from("source_relative.html", url="https://baltic-wire.example/a/b?x=1")
    assert d.url == CANONICAL + "-relative"


def test_site_root_and_non_http_canonicals_are_skipped():
    assert page_url(html("source_root.html")) == CANONICAL + "-root"


def test_page_without_an_address_keeps_the_input_url_or_none():
    assert doc_from("source_none.html").url is None
    assert doc_from("source_none.html", url="https://baltic-wire.example/p/1").url == "https://baltic-wire.example/p/1"
    assert page_url("plain text, no markup") is None


@pytest.mark.parametrize("href", ["ftp://baltic-wire.example/a", "https://user:pw@baltic-wire.example/a",
                                  "https://baltic-wire.example:99999/a", "https://bad host.example/a", "mailto:x@y.z"])
def test_unusable_declared_addresses_are_refused(href):
    page = html("source_none.html").replace("</title>", f'</title><link rel="canonical" href="{href}">')
    assert page_url(page) is None


def test_plain_text_and_json_inputs_keep_their_url(store, tmp_path):
    body = "Latvia will buy twelve more howitzers for its artillery battalion, the defence ministry said today."
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": body, "url": "https://lv.example/howitzers"}) + "\n"
                                      + json.dumps({"html": html("source_og_url.html"), "url": "https://x.example/y"})
                                      + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Lithuania opens a new ammunition depot near the town of Jonava, its army said.",
                                    encoding="utf-8")
    report = ingest(store, [str(tmp_path)], load_config(), extract=False, progress=False)
    assert not report.failed, report.failed
    urls = {d.source.rsplit("/", 1)[-1]: d.url for d in store.documents()}
    assert urls == {"a.jsonl#1": "https://lv.example/howitzers", "a.jsonl#2": CANONICAL + "-og", "b.txt": None}
    export(store, tmp_path / "out", "jsonl")
    exported = [json.loads(x) for x in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()]
    assert sorted(d["url"] or "" for d in exported) == sorted(u or "" for u in urls.values())


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/story/relative")
            self.end_headers()
            return
        name = "source_relative.html" if self.path == "/story/relative" else "source_none.html"
        data = html(name).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetched_pages_take_their_canonical_resolved_against_the_final_url(store, site, tmp_path):
    cfg = load_config(fetch_allow="127.0.0.1")
    ingest(store, [f"{site}/moved"], cfg, extract=False, progress=False)
    assert [d.url for d in store.documents()] == [f"{site}/news/2025/estonia-counter-drone-relative"]


def test_fetched_page_without_canonical_keeps_the_final_url(tmp_path, site):
    from dossier.store import Store

    with Store(tmp_path / "n.db") as s:
        ingest(s, [f"{site}/plain?id=3"], load_config(fetch_allow="127.0.0.1"), extract=False, progress=False)
        assert [d.url for d in s.documents()] == [f"{site}/plain?id=3"]
