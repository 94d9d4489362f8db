"""Downloading one URL safely: public addresses only, one deadline for the whole download, redirects checked
hop by hop, a size cap and a content-type check.

Server-side request forgery: a URL may name, resolve to or redirect to an address inside the network Dossier
runs in (loopback, private, link-local, cloud metadata at 169.254.169.254). Every connection goes through
`_GuardedBackend`, which resolves the host once, refuses it when any of its addresses is internal (unless the
`fetch_allow` setting names the host or a range holding the address), and then connects to an address it
checked: a DNS answer that changes between the check and the connection (rebinding) cannot get round it.
Redirects are followed here, one hop at a time, so each new URL is normalised and its host checked again.

The deadline (`timeout`) bounds the whole download, not each read: every socket operation gets at most the
time left, so a server trickling a byte at a time is cut off when the deadline passes.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

import httpcore
import httpx

from .errors import FetchError

ACCEPTED_TYPES = {
    "text/html": "html", "application/xhtml+xml": "html",
    "text/plain": "text", "text/markdown": "text",
    "application/rss+xml": "feed", "application/atom+xml": "feed",
    "application/xml": "xml", "text/xml": "xml",
    "application/json": "json", "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
}
USER_AGENT = "Dossier/0.1 (+news knowledge base)"
SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Characters a URL parser drops around a URL (C0 controls and space); inside a URL they are refused.
_C0_AND_SPACE = "".join(map(chr, range(0x21))) + "\x7f"
ALLOW_HINT = "allow it with DOSSIER_FETCH_ALLOW or --fetch-allow"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]


class _Unfetchable(Exception):
    """Raised inside the connection layer (where the URL is unknown); fetch() names the URL."""

    def __init__(self, reason: str, redirect: Optional[str] = None):
        super().__init__(reason)
        self.reason, self.redirect = reason, redirect


# -- URLs -------------------------------------------------------------------------------------------------
def normalise_url(raw: str) -> str:
    """`raw` as a canonical http(s) URL: surrounding spaces and control characters dropped, scheme and host
    lower-cased, fragment dropped. FetchError (naming the input) for other schemes, credentials, a missing
    host, or spaces and control characters inside the URL."""
    text = raw.strip().strip(_C0_AND_SPACE).strip()
    name = text[:200] if text and text.isprintable() else repr(text[:200])  # the error stays one line
    if any(c in _C0_AND_SPACE or c.isspace() for c in text):
        raise FetchError(name, "URL contains spaces or control characters")
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as e:
        raise FetchError(name, f"not a valid URL ({e})") from None
    if url.scheme not in SCHEMES:
        raise FetchError(name, "not an http(s) URL")
    if not url.host:
        raise FetchError(name, "URL has no host")
    if url.userinfo:
        raise FetchError(name, "credentials in URLs are not accepted")
    return str(url.copy_with(fragment=None))


def check_url(raw: str, allow: Iterable[str] = (), resolver: Optional[Resolver] = None) -> str:
    """The normalised URL if Dossier may fetch it (see normalise_url; its host resolves, to public addresses
    or to ones `allow` names); FetchError naming the input otherwise. fetch() checks again when it connects,
    and on every redirect; this is for refusing a request up front."""
    url = normalise_url(raw)
    parsed = httpx.URL(url)
    try:
        checked_addresses(parsed.host, parsed.port or _default_port(parsed.scheme), AllowList.parse(allow),
                          resolver or resolve)
    except _Unfetchable as e:
        raise FetchError(url, e.reason) from None
    return url


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


# -- addresses --------------------------------------------------------------------------------------------
def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (numeric forms such as 2130706433 or 127.1 included), in order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _ip(address: str) -> IPAddress:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> Optional[ipaddress.IPv4Address]:
    """The IPv4 address an IPv4-mapped, 6to4, Teredo or NAT64 address leads to: where it really goes."""
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None



def internal_kind(ip: IPAddress) -> Optional[str]:
    """What makes `ip` internal ("loopback", "private", "link-local", ...), or None for a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None and internal_kind(inner):
            return f"{internal_kind(inner)} (embedded in {ip})"
        if ip.is_site_local:
            return "site-local"
    for kind in ("loopback", "unspecified", "link_local", "multicast", "private", "reserved"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if ip.is_global else "not globally routable"


@dataclass(frozen=True)
class AllowList:
    """Hosts and ranges that may be fetched although internal: the `fetch_allow` setting, parsed."""

    names: frozenset[str] = frozenset()
    suffixes: tuple[str, ...] = ()
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> "AllowList":
        names, suffixes, networks = set(), [], []
        for entry in entries:
            entry = entry.strip().lower().rstrip(".")
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                if entry.startswith("*."):
                    suffixes.append(entry[1:])
                elif entry:
                    names.add(entry)
        return cls(frozenset(names), tuple(suffixes), tuple(networks))

    def allows_name(self, host: str) -> bool:
        return host in self.names or host.endswith(self.suffixes)

    def allows_address(self, ip: IPAddress) -> bool:
        return any(ip in net for net in self.networks if net.version == ip.version)


def checked_addresses(host: str, port: int, allow: AllowList, resolver: Resolver) -> list[str]:
    """The addresses of `host`, resolved once, every one of them fit to contact; _Unfetchable otherwise."""
    name = host.lower().rstrip(".")
    try:
        addresses = resolver(name, port)
    except (OSError, UnicodeError):
        raise _Unfetchable(f"cannot resolve host {host}") from None
    if not addresses:
        raise _Unfetchable(f"cannot resolve host {host}")
    if allow.allows_name(name):
        return addresses
    for address in addresses:
        ip = _ip(address)
        kind = internal_kind(ip)
        if kind and not allow.allows_address(ip):
            said = f"{host} is" if _ip_or_none(name) == ip else f"{host} resolves to {address},"
            raise _Unfetchable(f"refused: {said} an internal address ({kind}); {ALLOW_HINT}")
    return addresses


def _ip_or_none(text: str) -> Optional[IPAddress]:
    try:
        return _ip(text)
    except ValueError:
        return None


# -- the connection layer: checked, pinned, under one deadline ----------------------------------------------
class _Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def cap(self, timeout: Optional[float], error: type[Exception]) -> float:
        """The time an operation may take: its own timeout, but never past the deadline."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise error(f"the {self.seconds:g}s deadline passed")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read, write and TLS handshake ends by the deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline):
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: Optional[float] = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.cap(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: Optional[float] = None) -> None:
        self._stream.write(buffer, self._deadline.cap(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname: Optional[str] = None,
                  timeout: Optional[float] = None) -> httpcore.NetworkStream:
        # The certificate is checked against the URL's host name (server_hostname), not the pinned address.
        tls = self._stream.start_tls(ssl_context, server_hostname,
                                     self._deadline.cap(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(tls, self._deadline)

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Opens TCP connections only to checked addresses, the very ones the check saw (no second lookup)."""

    def __init__(self, allow: AllowList, resolver: Resolver, deadline: _Deadline):
        self._allow, self._resolver, self._deadline = allow, resolver, deadline
        self._tcp = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: Optional[float] = None, local_address=None,
                    socket_options=None) -> httpcore.NetworkStream:
        addresses = checked_addresses(host, port, self._allow, self._resolver)
        failure: Exception = httpcore.ConnectError(f"cannot connect to {host}")
        for address in addresses:
            try:
                stream = self._tcp.connect_tcp(address, port, self._deadline.cap(timeout, httpcore.ConnectTimeout),
                                               local_address, socket_options)
            except httpcore.ConnectError as e:
                failure = e
                continue
            return _DeadlineStream(stream, self._deadline)
        raise failure

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport over the guarded backend. httpx (pinned in pyproject.toml) has no argument for a
    network backend, so the connection pool it would build is built here instead; no proxy is ever used
    (a proxy would resolve names itself, out of the guard's sight)."""

    def __init__(self, backend: httpcore.NetworkBackend):  # not super().__init__(): it would build a pool too
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                             network_backend=backend)


# -- the download -----------------------------------------------------------------------------------------
def fetch(url: str, *, timeout: float, max_bytes: int, allow: Iterable[str] = (),
          resolver: Optional[Resolver] = None) -> tuple[bytes, str, Optional[str], str]:
    """Returns (body, kind, charset, final_url); kind is one of ACCEPTED_TYPES' values. `timeout` bounds the
    whole download, redirects included; `allow` names internal hosts and ranges that may be fetched."""
    current = start = normalise_url(url)
    deadline = _Deadline(timeout)
    backend = _GuardedBackend(AllowList.parse(allow), resolver or resolve, deadline)
    try:
        with httpx.Client(transport=_GuardedTransport(backend), timeout=timeout, follow_redirects=False,
                          trust_env=False, headers={"User-Agent": USER_AGENT}) as client:
            for _ in range(MAX_REDIRECTS + 1):
                with client.stream("GET", current) as resp:
                    location = _redirect(resp)
                    if location is None:
                        return (*_body(resp, url, max_bytes), current)
                current = _next_hop(current, location)
            raise FetchError(url, f"too many redirects (more than {MAX_REDIRECTS})")
    except _Unfetchable as e:
        hop = e.redirect or (current if current != start else None)
        raise FetchError(url, f"redirect to {hop}: {e.reason}" if hop else e.reason) from None
    except httpx.TimeoutException:
        raise FetchError(url, f"timed out after {timeout:g}s") from None
    except httpx.HTTPError as e:
        raise FetchError(url, f"cannot fetch: {e.__class__.__name__}: {e}") from None


def _redirect(resp: httpx.Response) -> Optional[str]:
    if resp.status_code in REDIRECT_STATUSES and resp.headers.get("location"):
        return resp.headers["location"]
    return None


def _next_hop(url: str, location: str) -> str:
    """The URL a redirect leads to, normalised; _Unfetchable (refused) for what fetch() would refuse."""
    try:
        return normalise_url(str(httpx.URL(url).join(location)))
    except httpx.InvalidURL:
        raise _Unfetchable("refused: not a valid URL", redirect=location[:200]) from None
    except FetchError as e:
        raise _Unfetchable(f"refused: {e.reason}", redirect=location[:200]) from None


def _body(resp: httpx.Response, url: str, max_bytes: int) -> tuple[bytes, str, Optional[str]]:
    if resp.status_code >= 400:
        raise FetchError(url, f"HTTP {resp.status_code}")
    ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
    kind = ACCEPTED_TYPES.get(ctype)
    if kind is None:
        raise FetchError(url, f"unsupported content type {ctype or 'none'!r}")
    declared = resp.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(url, f"too large ({declared} bytes; limit {max_bytes})")
    chunks, size = [], 0
    for chunk in resp.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, f"too large (over {max_bytes} bytes)")
        chunks.append(chunk)
    return b"".join(chunks), kind, resp.charset_encoding
