"""SSRF: every spelling of a loopback, private, link-local or metadata address is refused before any
request is sent; redirects and changing DNS answers cannot lead a fetch there.

The fetches go to a real HTTP server on 127.0.0.1: a refused spelling that slipped through would show
up in its hit count. Names are resolved by a resolver passed in (no DNS traffic).
"""

from __future__ import annotations

import pytest
from support_watch import Reply

from tcwatch.config import Options, load_options
from tcwatch.errors import ConfigError, FetchError, UnsafeAddress
from tcwatch.watch.clock import SystemClock
from tcwatch.watch.fetch import check_url, fetch, make_client, resolve

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
STRICT = Options(timeout=3.0)  # the shipped default: no private address allowed
#: the loopback test server is allowed by address; everything else private stays refused
ALLOW_SERVER = Options(timeout=3.0, allow_networks="127.0.0.1/32")

#: spellings of 127.0.0.1 that getaddrinfo, browsers or curl all read as loopback
LOOPBACK_SPELLINGS = [
    "127.0.0.1", "2130706433", "0177.0.0.1", "0x7f000001", "0x7f.0.0.1", "0x7F.0x0.0x0.0x1", "127.1", "127.0.1",
    "017700000001", "0177.1", "127.000.000.001", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::127.0.0.1]",
    "[64:ff9b::7f00:1]", "[2002:7f00:1::]", "[::ffff:0:7f00:1]", "localhost", "LocalHost", "１２７.０.０.１",
    "127。0。0。1", "0.0.0.0", "0", "127.0.0.1.",
]


def _never(host, port):
    raise AssertionError(f"the resolver was asked for the literal {host}")


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_loopback_spellings_never_reach_the_server(server, client, host):
    """A feed URL naming the loopback server in any spelling is refused and the server is never asked."""
    server.static("/feed", RSS)
    url = f"http://{host}:{server.port}/feed"
    with pytest.raises(UnsafeAddress, match="private or loopback"):
        fetch(client, url, STRICT, clock=SystemClock(), attempts=1)
    assert server.hits == {}


PRIVATE = [
    # loopback, unspecified
    "127.0.0.2", "127.255.255.254", "[::1]", "[0:0:0:0:0:0:0:1]", "[::]", "0.0.0.0",
    # RFC 1918, shared address space, benchmarking, IETF protocol assignments
    "10.0.0.1", "012.0.0.1", "167772161", "172.16.0.1", "172.31.255.255", "192.168.1.1", "0xc0a80101",
    "100.64.0.1", "198.18.0.1", "192.0.0.1", "192.0.2.1",
    # link-local and cloud metadata endpoints
    "169.254.169.254", "2852039166", "0xa9fea9fe", "0251.0376.0251.0376", "169.254.43518", "[fe80::1]",
    "[fe80::1%25eth0]", "[::ffff:169.254.169.254]", "[64:ff9b::a9fe:a9fe]", "[2002:a9fe:a9fe::]",
    "[fd00:ec2::254]", "100.100.100.200",
    # unique local, site-local (deprecated), local-use NAT64, multicast, broadcast
    "[fd00::1]", "[fc00::1]", "[fec0::1]", "[64:ff9b:1::a00:1]", "[ff02::1]", "224.0.0.1", "255.255.255.255",
    # IPv6 forms that embed a private IPv4 address
    "[::ffff:10.0.0.1]", "[::ffff:192.168.0.1]", "[::10.0.0.1]", "[64:ff9b::a00:1]", "[2002:c0a8:101::1]",
]


@pytest.mark.parametrize("host", PRIVATE)
def test_private_link_local_and_metadata_literals_refused(host):
    """An address literal in any spelling is read as the address it means, and refused."""
    with pytest.raises(UnsafeAddress):
        check_url(f"http://{host}/latest/meta-data/", STRICT, resolver=_never)


#: what a resolver answers (canonical forms), for names pointing at private, link-local and metadata addresses
RESOLVED = ["127.0.0.1", "127.8.9.10", "::1", "::", "0.0.0.0", "10.0.0.1", "172.16.0.1", "192.168.1.1", "100.64.0.1",
            "169.254.169.254", "fe80::1", "fe80::1%eth0", "fd00::1", "fd00:ec2::254", "fec0::1", "::ffff:127.0.0.1",
            "::ffff:169.254.169.254", "::7f00:1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "64:ff9b:1::a00:1",
            "ff02::1", "224.0.0.1"]


@pytest.mark.parametrize("address", RESOLVED)
def test_names_resolving_to_private_addresses_refused(address):
    """A name whose resolver answer is private (in any form the resolver may give) is refused."""
    with pytest.raises(UnsafeAddress, match=r"feeds\.example\.org resolves to"):
        check_url("https://feeds.example.org/rss", STRICT, resolver=lambda h, p: [address])


def test_one_private_answer_among_public_ones_refused():
    """A name with a public and a private answer is refused: the connection could use either."""
    with pytest.raises(UnsafeAddress, match="169.254.169.254"):
        check_url("https://x.example/", STRICT, resolver=lambda h, p: ["93.184.216.34", "169.254.169.254"])


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1::1", "64:ff9b::5db8:d822", "2002:5db8:d822::1",
                                     "::ffff:93.184.216.34"])
def test_public_addresses_pass(address):
    """Public addresses, also inside NAT64, 6to4 or mapped forms, pass the check (and are what gets used)."""
    assert check_url("https://feeds.example.org/rss", STRICT, resolver=lambda h, p: [address]) == [address]


def test_real_resolver_reads_localhost_as_loopback():
    """The shipped resolver: ``localhost`` (from /etc/hosts, no DNS) is refused."""
    with pytest.raises(UnsafeAddress, match="localhost resolves to"):
        check_url("http://localhost/", STRICT, resolver=resolve)


def test_allowed_server_is_fetched(server, client):
    """An operator-allowed network (``allow_networks``) is reachable while other private ranges stay refused."""
    url = server.static("/feed", RSS)
    assert fetch(client, url, ALLOW_SERVER, clock=SystemClock()).body == RSS
    with pytest.raises(UnsafeAddress):
        check_url(f"http://127.0.0.2:{server.port}/feed", ALLOW_SERVER)
    with pytest.raises(UnsafeAddress):
        check_url("http://169.254.169.254/", ALLOW_SERVER)


@pytest.mark.parametrize("target", ["http://2130706433:{port}/feed", "http://[::ffff:127.0.0.1]:{port}/feed",
                                    "http://localhost:{port}/feed", "http://169.254.169.254/latest/meta-data/",
                                    "http://0.0.0.0:{port}/feed", "http://127.0.0.2:{port}/feed",
                                    "file:///etc/passwd", "gopher://127.0.0.1:{port}/"])
def test_redirects_to_private_addresses_refused(server, client, target):
    """An allowed server redirecting to a private address (in any spelling) gets no second request."""
    server.static("/feed", RSS)
    location = target.format(port=server.port)
    url = server.route("/moved", lambda h: Reply(302, b"", {"Location": location}))
    with pytest.raises(FetchError):
        fetch(client, url, ALLOW_SERVER, clock=SystemClock(), attempts=1)
    assert server.hits == {"/moved": 1}


def test_same_name_redirect_rechecked(server, client):
    """A redirect on the same name is resolved and checked again: a private second answer stops it."""
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])
    server.static("/next", RSS)
    server.route("/moved", lambda h: Reply(302, b"", {"Location": "/next"}))
    with pytest.raises(UnsafeAddress, match="10.0.0.1"):
        fetch(client, f"http://feed.test:{server.port}/moved", ALLOW_SERVER, clock=SystemClock(),
              resolver=lambda h, p: next(answers))
    assert server.hits == {"/moved": 1}


def test_connection_pinned_to_the_checked_address(server, client):
    """DNS rebinding: the name is resolved once per hop, and the connection goes to that checked address
    (with the name in the Host header), never to a later answer."""
    calls = []

    def rebinding(host, port):
        calls.append(host)
        return ["127.0.0.1"] if len(calls) == 1 else ["10.0.0.1"]

    server.static("/feed", RSS)
    result = fetch(client, f"http://rebind.test:{server.port}/feed", ALLOW_SERVER, clock=SystemClock(),
                   resolver=rebinding)
    assert result.body == RSS and calls == ["rebind.test"]
    method, path, headers, _ = server.requests[0]
    assert path == "/feed" and headers["Host"] == f"rebind.test:{server.port}"


def test_proxy_environment_ignored(server, monkeypatch):
    """The client the watcher uses ignores HTTP_PROXY (a proxy would resolve the name again, unchecked)."""
    from support_watch import LoopbackServer

    with LoopbackServer() as proxy:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
        monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{proxy.port}")
        monkeypatch.setenv("ALL_PROXY", f"http://127.0.0.1:{proxy.port}")
        url = server.static("/feed", RSS)
        with make_client(ALLOW_SERVER) as client:
            assert fetch(client, url, ALLOW_SERVER, clock=SystemClock()).body == RSS
        assert proxy.requests == [] and server.hits == {"/feed": 1}


def test_webhook_to_a_loopback_spelling_refused(server, client):
    """Webhooks go through the same check: a subscription URL spelled as a decimal loopback is never POSTed."""
    from tcwatch.watch.webhooks import _Permanent, _post

    server.route("/hook", lambda h: Reply(204))
    with pytest.raises(_Permanent, match="private or loopback"):
        _post(client, f"http://2130706433:{server.port}/hook", b"{}", {}, STRICT, SystemClock(), resolve)
    assert server.hits == {}


@pytest.mark.parametrize("spec", ["10.0.0.0/33", "localhost", "10.0.0.0/8,nope"])
def test_bad_allow_networks_is_a_config_error(spec):
    """A malformed ``allow_networks`` is a clear configuration error naming the bad part."""
    with pytest.raises(ConfigError, match="allow_networks"):
        load_options(env={"TCWATCH_ALLOW_NETWORKS": spec})
