"""HTTP polling of untrusted URLs: address checks, conditional GETs, size and time caps, retries.

Every fetch goes through :func:`fetch` with an ``httpx.Client`` passed in.
Before each request (and each redirect hop) the host is resolved (an address
literal in any spelling, ``2130706433``, ``0x7f.1``, ``0177.0.0.1``,
``[::ffff:127.0.0.1]``, is read as the address it means) and refused when any
of its addresses is private, loopback, link-local, reserved or an IPv6 form
that embeds such an IPv4 address (mapped, compatible, NAT64, 6to4), unless
``Options.allow_private`` or the address is in ``Options.allow_networks``. The
connection then goes to the checked address (pinned), so a DNS answer that
changes between the check and the connection cannot move it. Redirects are followed by hand and only to the same
host: a feed that moves to another host must be re-added under its new URL.
The body is streamed and abandoned past ``Options.max_bytes`` or once the
whole exchange takes longer than twice ``Options.timeout``. Connection errors
and 5xx answers are retried with exponential backoff on the clock passed in.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import httpx

from ..config import Options
from ..errors import FetchError, UnsafeAddress
from .clock import Clock, SystemClock

#: How many redirect hops a fetch follows.
MAX_REDIRECTS = 5
#: Attempts per fetch (the first one included) on connection errors and 5xx answers.
ATTEMPTS = 3
#: Seconds before the first retry; doubled for each further one.
BACKOFF = 1.0

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from None
    return sorted({info[4][0] for info in infos})


#: IPv4 written the ways ``inet_aton`` (and so ``getaddrinfo``) reads it: 1 to 4 parts, decimal, octal or hex
_IPV4_LEGACY = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}\.?", re.IGNORECASE)
#: IPv6 ranges that carry an IPv4 address in their last 32 bits: judged by that IPv4 address
_EMBEDS_IPV4 = [ipaddress.ip_network(n) for n in ("::/96", "::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b::/96")]
#: IPv6 ranges Python may call global that must never be fetched (local-use NAT64, deprecated site-local)
_NEVER = [ipaddress.ip_network(n) for n in ("64:ff9b:1::/48", "fec0::/10")]


def literal_address(host: str) -> str | None:
    """The address an IP literal host means (``2130706433`` -> ``127.0.0.1``), or None for a name."""
    host = unicodedata.normalize("NFKC", host).translate({0x3002: ".", 0xFF0E: ".", 0xFF61: "."}).strip("[]")
    try:
        return str(ipaddress.ip_address(host.split("%", 1)[0]))
    except ValueError:
        pass
    if _IPV4_LEGACY.fullmatch(host):
        try:
            return socket.inet_ntoa(socket.inet_aton(host.rstrip(".")))
        except OSError:
            return None
    return None


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if any(ip in net for net in _NEVER):
            return False
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif any(ip in net for net in _EMBEDS_IPV4):
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.is_global and not ip.is_multicast


def _allowed_networks(options: Options) -> list:
    spec = getattr(options, "allow_networks", "") or ""
    return [ipaddress.ip_network(part.strip(), strict=False) for part in spec.split(",") if part.strip()]


def _is_allowed(address: str, networks: list) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return any(ip.version == net.version and ip in net for net in networks)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL with a host, fit to put in an ``href``; None for anything else
    (``javascript:``, ``data:``, ``vbscript:``, relative or protocol-relative URLs, control characters).

    Browsers drop tabs and newlines inside a URL and spaces and control characters around it, so
    ``java\tscript:`` is refused as ``javascript:`` is."""
    if not url or not isinstance(url, str):
        return None
    return _web_url(url)


@lru_cache(maxsize=1 << 13)
def _web_url(url: str) -> str | None:  # a page asks it of the same source links again and again
    cleaned = url.strip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16"
                        "\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f")
    if _CONTROL.search(cleaned):
        return None
    parts = urlsplit(cleaned)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or not parts.hostname:
        return None
    if not cleaned.lower().startswith(("http://", "https://")):
        return None
    return cleaned


def check_url(url: str, options: Options, resolver: Resolver = resolve) -> list[str]:
    """Refuse a URL that is not http(s), or whose host resolves to a non-public address (unless allowed).

    Returns the checked addresses (empty when private addresses are allowed), so
    the caller can connect to one of them rather than resolve the name again.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    if not parts.hostname:
        raise FetchError(f"{url}: no host in the URL")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(f"{url}: bad port") from None
    if options.allow_private:
        return []
    literal = literal_address(parts.hostname)
    addresses = [literal] if literal else resolver(parts.hostname, port)
    if not addresses:
        raise FetchError(f"cannot resolve {parts.hostname}: no address")
    networks = _allowed_networks(options)
    for address in addresses:
        if not _is_public(address) and not _is_allowed(address, networks):
            raise UnsafeAddress(
                f"{parts.hostname} resolves to {address}, a private or loopback address "
                "(set TCWATCH_ALLOW_PRIVATE=1 to allow it)"
            )
    return addresses


def pinned(url: str, addresses: list[str]) -> tuple[str, dict, dict]:
    """The request for ``url`` sent to an address already checked: (URL with the IP, headers, extensions).

    Connecting to the checked address (with the original ``Host`` header and TLS
    server name) means a DNS answer that changes between the check and the
    connection (DNS rebinding) cannot lead the request to a private address.
    """
    if not addresses:
        return url, {}, {}
    parts = urlsplit(url)
    address = addresses[0]
    host = f"[{address}]" if ":" in address else address
    netloc = host + (f":{parts.port}" if parts.port else "")
    target = parts._replace(netloc=netloc).geturl()
    host_header = parts.hostname + (f":{parts.port}" if parts.port else "")
    extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
    return target, {"Host": host_header}, extensions


@dataclass(frozen=True)
class FetchResult:
    """One completed GET: a body (200) or ``not_modified`` (304), with the validators to send next time."""

    url: str  # after redirects
    status: int
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    attempts: int = 1
    headers: dict = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Retry(Exception):
    """A failure worth another attempt (connection error, timeout, 5xx)."""


def _host(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    default = 443 if parts.scheme == "https" else 80
    return (parts.hostname or "").lower(), parts.port or default


def _same_host(a: str, b: str) -> bool:
    (ha, pa), (hb, pb) = _host(a), _host(b)
    if ha != hb:
        return False
    # http -> https upgrade on the same host is fine
    return pa == pb or urlsplit(b).scheme == "https"


def fetch(
    client: httpx.Client,
    url: str,
    options: Options,
    *,
    clock: Clock | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str = FEED_ACCEPT,
    resolver: Resolver = resolve,
    attempts: int = ATTEMPTS,
    backoff: float = BACKOFF,
) -> FetchResult:
    """GET ``url`` safely; :class:`FetchError` (or :class:`UnsafeAddress`) says why it failed."""
    clock = clock or SystemClock()
    start_url = url
    for hop in range(MAX_REDIRECTS + 1):
        addresses = check_url(url, options, resolver)
        result = _get_with_retries(client, url, addresses, options, clock, etag, last_modified, accept, attempts, backoff)
        if isinstance(result, FetchResult):
            return result
        location = result
        target = urljoin(url, location)
        if not _same_host(start_url, target):
            raise FetchError(
                f"redirected from {_host(start_url)[0]} to another host ({_host(target)[0]}); "
                f"refused (add {target} as the source instead)"
            )
        url = target
    raise FetchError(f"{start_url}: more than {MAX_REDIRECTS} redirects")


def _get_with_retries(client, url, addresses, options, clock, etag, last_modified, accept, attempts, backoff):
    last: Exception | None = None
    for attempt in range(1, max(1, attempts) + 1):
        try:
            result = _get_once(client, url, addresses, options, clock, etag, last_modified, accept)
        except _Retry as exc:
            last = exc
            if attempt < attempts:
                clock.sleep(backoff * (2 ** (attempt - 1)))
            continue
        if isinstance(result, FetchResult):
            return replace(result, attempts=attempt)
        return result
    raise FetchError(f"{url}: {last} (after {attempts} attempts)")


def _get_once(client, url, addresses, options, clock, etag, last_modified, accept):
    headers = {"Accept": accept, "User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    target, extra, extensions = pinned(url, addresses)
    headers.update(extra)
    deadline = clock.monotonic() + 2 * options.timeout
    try:
        with client.stream("GET", target, headers=headers, timeout=options.timeout, follow_redirects=False,
                           extensions=extensions) as response:
            status = response.status_code
            if status in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    raise FetchError(f"{url}: HTTP {status} redirect without a Location")
                return location
            if status == 304:
                return FetchResult(
                    url=url,
                    status=304,
                    etag=response.headers.get("etag") or etag,
                    last_modified=response.headers.get("last-modified") or last_modified,
                )
            if status >= 500:
                raise _Retry(f"HTTP {status}")
            if status != 200:
                raise FetchError(f"{url}: HTTP {status}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > options.max_bytes:
                raise FetchError(f"{url}: response of {declared} bytes is larger than the {options.max_bytes}-byte limit")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > options.max_bytes:
                    raise FetchError(f"{url}: response larger than the {options.max_bytes}-byte limit; stopped reading")
                if clock.monotonic() > deadline:
                    raise FetchError(f"{url}: response took longer than {2 * options.timeout:g} s; stopped reading")
                chunks.append(chunk)
            return FetchResult(
                url=url,
                status=200,
                body=b"".join(chunks),
                content_type=response.headers.get("content-type"),
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                headers={"content-type": response.headers.get("content-type", "")},
            )
    except httpx.TimeoutException as exc:
        raise _Retry(f"timed out ({type(exc).__name__})") from None
    except httpx.DecodingError as exc:
        raise FetchError(f"{url}: undecodable content encoding ({exc})") from None
    except httpx.TransportError as exc:
        raise _Retry(f"connection failed ({type(exc).__name__}: {exc})") from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"{url}: invalid URL ({exc})") from None


def make_client(options: Options, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """The client the CLI passes in: the user agent, the timeout, and the given transport (if any)."""
    return httpx.Client(
        transport=transport,
        timeout=options.timeout,
        headers={"User-Agent": options.user_agent},
        follow_redirects=False,
        trust_env=False,  # no HTTP(S)_PROXY: a proxy would resolve the name again and undo the pinning
    )
