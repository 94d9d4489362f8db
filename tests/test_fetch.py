"""Fetching URLs: internal addresses refused (by name, number, resolution and redirect), the checked address is
the one connected to, the deadline covers the whole download. Real HTTP servers on loopback throughout; as
those are internal, the positive cases allow 127.0.0.1 the way a user allows an intranet."""

import http.server
import ipaddress
import re
import threading
import time

import pytest

from dossier.cli import main
from dossier.errors import ConfigError, FetchError
from dossier.fetch import AllowList, check_url, fetch, internal_kind, normalise_url
from dossier.settings import load_config

ARTICLE = (b"<html><head><title>Estonia buys radars</title></head><body><article><p>Estonia has signed a contract "
           b"for long-range air surveillance radars, the defence ministry in Tallinn said on Monday.</p><p>The first "
           b"of the radars will arrive next year and the rest by 2028, the ministry added.</p></article></body></html>")
TRICKLE_FOR = 20.0  # seconds a trickling server keeps going: far past any deadline the tests set


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        self.server.hits.append(self.path)
        route = self.path.split("?")[0]
        if route == "/article":
            self._send(200, "text/html; charset=utf-8", ARTICLE)
        elif route == "/redirect":
            self.send_response(302)
            self.send_header("Location", self.path.split("?to=", 1)[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif route == "/loop":
            self.send_response(301)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif route == "/trickle-body":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self._trickle(b"<p>" + b"a" * 1000)
        elif route == "/trickle-headers":
            self._trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"a" * 1000)
        else:
            self._send(404, "text/plain", b"nope")

    def _send(self, status, ctype, body):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _trickle(self, data):
        """A byte every 0.2 s: each read is quick, only a deadline for the whole download stops it."""
        end = time.monotonic() + TRICKLE_FOR
        try:
            for byte in data:
                if time.monotonic() > end:
                    break
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass  # the client gave up, as it should

    def log_message(self, *a):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host):
        super().__init__((host, 0), _Handler)
        self.hits = []
        self.url = f"http://{host}:{self.server_address[1]}"

    def handle_error(self, request, client_address):
        pass


@pytest.fixture
def servers():
    """Two servers: 127.0.0.1 (the one tests allow) and 127.0.0.2 (another internal address)."""
    started = [_Server("127.0.0.1"), _Server("127.0.0.2")]
    for srv in started:
        threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield started
    for srv in started:
        srv.shutdown()
        srv.server_close()


@pytest.fixture
def server(servers):
    return servers[0]


def get(url, allow=(), timeout=5.0, **kw):
    return fetch(url, timeout=timeout, max_bytes=100_000, allow=allow, **kw)


def test_allowed_server_is_fetched(server):
    body, kind, charset, final = get(f"{server.url}/article", allow=["127.0.0.1"])
    assert body == ARTICLE and kind == "html" and charset == "utf-8" and final == f"{server.url}/article"
    assert server.hits == ["/article"]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST.", "127.1", "2130706433", "0x7f000001",
                                  "017700000001", "[::ffff:127.0.0.1]", "0.0.0.0", "0", "0177.0.0.1"])
def test_loopback_in_any_spelling_is_refused_without_contact(server, host):
    port = server.server_address[1]
    with pytest.raises(FetchError) as e:
        get(f"http://{host}:{port}/article")
    if host == "0177.0.0.1":  # httpx itself rejects a dotted octal address
        assert "not a valid URL" in e.value.reason
    else:
        assert "refused" in e.value.reason and "internal address" in e.value.reason
        assert "DOSSIER_FETCH_ALLOW" in e.value.reason and "\n" not in str(e.value)
    assert server.hits == []


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/",
    "http://100.64.0.1/", "http://[::1]/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[fe80::1]/",
    "http://224.0.0.1/", "http://[ff02::1]/", "http://240.0.0.1/", "http://[::]/", "http://[64:ff9b::a00:1]/",
    "http://[2002:7f00:1::1]/", "https://127.0.0.1/",
])
def test_internal_ranges_are_refused(url):
    with pytest.raises(FetchError, match="refused"):
        get(url, timeout=2)
    with pytest.raises(FetchError, match="refused"):
        check_url(url)


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("fd00::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("0.0.0.0", "unspecified"),
    ("224.0.0.251", "multicast"), ("100.64.0.1", "not globally routable"), ("::ffff:192.168.0.1", "private"),
    ("8.8.8.8", None), ("2a00:1450:4001:80b::200e", None), ("2002:808:808::1", None),
])
def test_internal_kind(address, kind):
    got = internal_kind(ipaddress.ip_address(address))
    assert (got is None) == (kind is None) and (kind is None or got.startswith(kind))


def test_redirect_to_internal_address_is_refused(servers):
    allowed, other = servers
    with pytest.raises(FetchError) as e:
        get(f"{allowed.url}/redirect?to={other.url}/article", allow=["127.0.0.1"])
    assert f"redirect to {other.url}/article: refused: 127.0.0.2 is an internal address" in e.value.reason
    assert other.hits == []  # checked before connecting
    with pytest.raises(FetchError, match="redirect to http://169.254.169.254/latest: refused"):
        get(f"{allowed.url}/redirect?to=http://169.254.169.254/latest", allow=["127.0.0.1"])
    # allowed ranges work through redirects too, relative Locations included
    body, _, _, final = get(f"{allowed.url}/redirect?to={other.url}/article", allow=["127.0.0.0/8"])
    assert body == ARTICLE and final == f"{other.url}/article" and other.hits == ["/article"]
    assert get(f"{allowed.url}/redirect?to=/article", allow=["127.0.0.1"])[3] == f"{allowed.url}/article"


def test_redirect_to_other_schemes_and_loops_are_refused(server):
    for target in ("file:///etc/passwd", "ftp://example.org/x", "http://user:pw@example.org/"):
        with pytest.raises(FetchError, match="refused") as e:
            get(f"{server.url}/redirect?to={target}", allow=["127.0.0.1"])
        assert f"redirect to {target}" in e.value.reason
    with pytest.raises(FetchError, match="too many redirects"):
        get(f"{server.url}/loop", allow=["127.0.0.1"])


def test_allowed_by_name(server):
    port = server.server_address[1]
    assert get(f"http://localhost:{port}/article", allow=["localhost"])[0] == ARTICLE
    allow = AllowList.parse(["wiki.corp.example", "*.intranet.example", "10.0.0.0/8", "fd00::/8"])
    assert allow.allows_name("wiki.corp.example") and allow.allows_name("a.b.intranet.example")
    assert not allow.allows_name("intranet.example.evil.org") and not allow.allows_name("corp.example")
    assert allow.allows_address(ipaddress.ip_address("10.9.8.7"))
    assert not allow.allows_address(ipaddress.ip_address("11.0.0.1"))
    assert allow.allows_address(ipaddress.ip_address("fd00::5"))


def test_connects_to_the_address_it_checked(server):
    """DNS rebinding: a name that answers with an allowed address, then with another. The connection must go
    to the address checked, which needs one lookup per connection, not a second one by the HTTP library."""
    answers = []

    def rebinding(host, port):
        answers.append(host)
        return ["127.0.0.1"] if len(answers) == 1 else ["169.254.169.254"]

    port = server.server_address[1]
    body, _, _, final = get(f"http://rebind.example:{port}/article", allow=["127.0.0.1"], resolver=rebinding)
    assert body == ARTICLE and answers == ["rebind.example"] and server.hits == ["/article"]
    assert final == f"http://rebind.example:{port}/article"


def test_any_internal_address_among_several_refuses(server):
    port = server.server_address[1]
    with pytest.raises(FetchError, match="resolves to 10.1.1.1"):
        get(f"http://mixed.example:{port}/article", resolver=lambda h, p: ["93.184.216.34", "10.1.1.1"])
    assert server.hits == []


@pytest.mark.parametrize("route", ["/trickle-body", "/trickle-headers"])
def test_deadline_covers_the_whole_download(server, route):
    """A byte every 0.2 s never trips a per-read timeout; the 1 s deadline for the whole download must."""
    with pytest.raises(FetchError, match="timed out after 1s"):
        get(f"{server.url}{route}", allow=["127.0.0.1"], timeout=1.0)


def test_normalise_url():
    assert normalise_url("  http://Example.ORG/a?b=1#frag \n") == "http://example.org/a?b=1"
    assert normalise_url("\x00\x1fHTTPS://example.org") == "https://example.org"
    for bad, why in [("file:///etc/passwd", "not an http(s) URL"), (" javascript:alert(1)", "not an http(s) URL"),
                     ("http://user:secret@example.org/", "credentials"), ("http://exa mple.org/", "spaces"),
                     ("http://example.org/a\x00b", "control"), ("http://", "no host"), ("", "not an http(s) URL"),
                     ("/etc/passwd", "not an http(s) URL")]:
        with pytest.raises(FetchError, match=re.escape(why)) as e:
            normalise_url(bad)
        assert "\n" not in str(e.value)


def test_check_url_allows_what_the_setting_names(server):
    port = server.server_address[1]
    assert check_url(f" http://127.0.0.1:{port}/a", allow=["127.0.0.1"]) == f"http://127.0.0.1:{port}/a"
    with pytest.raises(FetchError, match="cannot resolve host"):
        check_url("http://no-such-host.invalid/")
    assert server.hits == []


def test_fetch_allow_setting(monkeypatch):
    cfg = load_config(fetch_allow="Wiki.Corp.Example, 10.0.0.0/8 *.intranet.example,::1")
    assert cfg.fetch_allow == ("wiki.corp.example", "10.0.0.0/8", "*.intranet.example", "::1")
    assert load_config().fetch_allow == ()
    monkeypatch.setenv("DOSSIER_FETCH_ALLOW", "127.0.0.1")
    assert load_config().fetch_allow == ("127.0.0.1",)
    with pytest.raises(ConfigError, match="DOSSIER_FETCH_ALLOW"):
        load_config(fetch_allow="http://wiki.corp.example/")


def test_cli_ingest_refuses_internal_urls_unless_allowed(server, tmp_path, capsys):
    db = str(tmp_path / "u.db")
    url = f"{server.url}/article"
    assert main(["ingest", "--db", db, "--no-extract", url, " " + url]) == 1
    err = capsys.readouterr().err
    assert err.count("refused: 127.0.0.1 is an internal address") == 2 and "Traceback" not in err
    assert server.hits == []
    assert main(["docs", "--db", db]) == 0 and capsys.readouterr().out == ""  # nothing stored
    assert main(["ingest", "--db", db, "--no-extract", "--fetch-allow", "127.0.0.1", url]) == 0
    assert "1 new" in capsys.readouterr().out
    assert main(["docs", "--db", db]) == 0 and "Estonia buys radars" in capsys.readouterr().out
