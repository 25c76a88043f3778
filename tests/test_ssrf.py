"""The fetch guard against server-side request forgery: feed URLs come from chat, so no fetch may reach inward.

Refusals are tested against real loopback servers that would answer, so a refusal is the guard's doing, not a
failed connection. Addresses outside loopback are only ever refused before a socket is opened (``check_url``
is asserted first), so no test can send traffic to them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.config import Settings
from digests.errors import FetchError
from digests.gather import FetchPolicy, address_refusal, check_feed_url, fetch, fetch_each, make_client
from tests.support.feed_server import FeedServer

if TYPE_CHECKING:
    from digests.gather import IPAddress

FEED = b"<?xml version='1.0'?><rss version='2.0'><channel><title>AI in Hollywood</title></channel></rss>"
HINT = "(set REELBRIEF_ALLOW_PRIVATE_NETWORKS=true to fetch from it)"
DEFAULT = FetchPolicy(timeout=5.0)  # the guard as shipped; only the timeout is shorter
LOCAL = FetchPolicy(timeout=5.0, allow_private_networks=True)  # the operator's switch on
SECOND_LOOPBACK = "127.0.0.2"  # Linux answers on all of 127/8, so a second "host" is one bind away
ONLY_SECOND = FetchPolicy(timeout=5.0, allowed_networks=(ipaddress.ip_network(f"{SECOND_LOOPBACK}/32"),))


@pytest.fixture
async def guarded() -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(DEFAULT) as client:
        yield client


@pytest.fixture
def second_server() -> Iterator[FeedServer]:
    """A feed server on 127.0.0.2, the one loopback address ``ONLY_SECOND`` allows."""
    with FeedServer(SECOND_LOOPBACK) as server:
        yield server


@pytest.fixture
def ipv6_server() -> Iterator[FeedServer]:
    try:
        server = FeedServer("::1")
    except OSError as exc:
        pytest.skip(f"IPv6 loopback cannot be bound here: {exc}")
    with server:
        yield server


async def refusal(url: str, policy: FetchPolicy = DEFAULT) -> str:
    """The reason ``url`` is refused, through a client of ``policy``; fails the test if it is fetched."""
    async with make_client(policy) as client:
        with pytest.raises(FetchError) as caught:
            await fetch(url, client=client, policy=policy)
    assert caught.value.source == url
    return caught.value.reason


def on_port(server: FeedServer, host: str, path: str = "/feed.xml") -> str:
    """``server``'s route at ``path``, addressed through ``host`` (another spelling of its address)."""
    server.add(path, FEED)
    return f"http://{host}:{server.port}{path}"


# --- loopback, however it is spelled, with a server listening ---


async def test_loopback_server_is_refused_without_a_request(feed_server: FeedServer):
    url = feed_server.add("/feed.xml", FEED)

    assert await refusal(url) == f"127.0.0.1 is a loopback address {HINT}"
    assert feed_server.requests == []


@pytest.mark.parametrize(
    ("host", "resolved"),
    [
        ("2130706433", "127.0.0.1"),  # one 32-bit number
        ("0x7f.1", "127.0.0.1"),  # hexadecimal, short form
        ("127.1", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),  # octal
    ],
)
async def test_numeric_spellings_of_loopback_are_refused(feed_server: FeedServer, host: str, resolved: str):
    url = on_port(feed_server, host)

    assert await refusal(url) == f"{host} resolves to {resolved}, a loopback address {HINT}"
    assert feed_server.requests == []


async def test_ipv4_mapped_ipv6_loopback_is_refused(feed_server: FeedServer):
    url = on_port(feed_server, "[::ffff:127.0.0.1]")

    assert await refusal(url) == f"::ffff:127.0.0.1 is a loopback address {HINT}"
    assert feed_server.requests == []


async def test_host_name_resolving_to_loopback_is_refused_when_connecting(feed_server: FeedServer):
    url = on_port(feed_server, "localhost")

    reason = await refusal(url)

    assert reason.startswith("localhost resolves to ") and reason.endswith(f", a loopback address {HINT}")
    assert feed_server.requests == []


async def test_ipv6_loopback_is_refused(ipv6_server: FeedServer):
    url = ipv6_server.add("/feed.xml", FEED)

    assert await refusal(url) == f"::1 is a loopback address {HINT}"
    assert ipv6_server.requests == []


async def test_refusal_is_one_failed_source_among_others(feed_server: FeedServer, tmp_path):
    local = tmp_path / "feed.xml"
    local.write_bytes(FEED)
    url = feed_server.add("/feed.xml", FEED)

    results = {result.source: result async for result in fetch_each([url, str(local)], policy=DEFAULT)}

    assert isinstance(results[url], FetchError) and "loopback address" in results[url].reason
    assert not isinstance(results[str(local)], FetchError) and results[str(local)].content == FEED


# --- other inward addresses: refused before any socket is opened ---


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.0.0.1/feed.xml", f"10.0.0.1 is a private address {HINT}"),
        ("http://172.16.5.4/", f"172.16.5.4 is a private address {HINT}"),
        ("http://192.168.1.1/", f"192.168.1.1 is a private address {HINT}"),
        ("http://169.254.169.254/latest/meta-data/", f"169.254.169.254 is a link-local address {HINT}"),
        ("http://0.0.0.0/", f"0.0.0.0 is an unspecified address {HINT}"),
        ("http://100.64.0.1/", f"100.64.0.1 is a shared (carrier-grade NAT) address {HINT}"),
        ("http://224.0.0.1/", f"224.0.0.1 is a multicast address {HINT}"),
        ("http://240.0.0.1/", f"240.0.0.1 is a reserved address {HINT}"),
        ("http://192.0.2.7/", f"192.0.2.7 is a private address {HINT}"),  # documentation range
        ("http://[::]/", f":: is an unspecified address {HINT}"),
        ("http://[fe80::1]/", f"fe80::1 is a link-local address {HINT}"),
        ("http://[fd00::1]/", f"fd00::1 is a private address {HINT}"),
        ("http://[ff02::1]/", f"ff02::1 is a multicast address {HINT}"),
        ("http://[::ffff:10.0.0.1]/", f"::ffff:10.0.0.1 is a private address {HINT}"),
        ("http://[2002:a00:1::]/", f"2002:a00:1:: is a private address {HINT}"),  # 6to4 of 10.0.0.1
        ("http://167772161:8080/", f"167772161 resolves to 10.0.0.1, a private address {HINT}"),
    ],
)
async def test_inward_addresses_are_refused(url: str, reason: str):
    with pytest.raises(FetchError) as checked:
        check_feed_url(url, DEFAULT)  # refused before any socket: if this failed, the fetch below must not run
    assert checked.value.reason == reason

    assert await refusal(url) == reason


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("file:///etc/passwd", "unsupported URL scheme 'file'"),
        ("ftp://example.org/feed.xml", "unsupported URL scheme 'ftp'"),
        ("gopher://example.org:70/1", "unsupported URL scheme 'gopher'"),
        ("/etc/passwd", "not a URL: give an http:// or https:// address"),
        ("feeds/trades.xml", "not a URL: give an http:// or https:// address"),
        ("http:///feed.xml", "URL has no host name"),
    ],
)
def test_chat_feed_urls_must_be_http(source: str, reason: str):
    with pytest.raises(FetchError) as caught:
        check_feed_url(source, DEFAULT)

    assert caught.value.reason == reason


def test_public_feed_url_passes_the_chat_check():
    check_feed_url("https://variety.com/feed/", DEFAULT)
    check_feed_url("http://93.184.215.14/feed.xml", DEFAULT)


# --- redirects: every hop is checked ---


async def test_redirect_from_an_allowed_server_to_loopback_is_refused(
    second_server: FeedServer, feed_server: FeedServer
):
    target = feed_server.add("/feed.xml", FEED)
    start = second_server.redirect("/feed.xml", target)

    assert await refusal(start, ONLY_SECOND) == f"redirect to {target} refused: 127.0.0.1 is a loopback address {HINT}"
    assert second_server.hits("/feed.xml") == 1
    assert feed_server.requests == []


async def test_redirect_to_a_name_resolving_to_loopback_is_refused_when_connecting(
    second_server: FeedServer, feed_server: FeedServer
):
    target = on_port(feed_server, "localhost")
    start = second_server.redirect("/feed.xml", target)

    reason = await refusal(start, ONLY_SECOND)

    assert reason.startswith(f"redirect to {target} refused: localhost resolves to ")
    assert reason.endswith(f", a loopback address {HINT}")
    assert feed_server.requests == []


async def test_redirect_to_a_file_url_is_refused(second_server: FeedServer):
    start = second_server.redirect("/feed.xml", "file:///etc/passwd")

    reason = await refusal(start, ONLY_SECOND)

    # httpx fills the empty host of the Location in from the redirecting server
    assert reason == f"redirect to file://{SECOND_LOOPBACK}/etc/passwd refused: unsupported URL scheme 'file'"


# --- what the operator allows ---


async def test_allowed_network_is_fetched(second_server: FeedServer):
    url = second_server.add("/feed.xml", FEED)

    async with make_client(ONLY_SECOND) as client:
        result = await fetch(url, client=client, policy=ONLY_SECOND)

    assert result.content == FEED


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "2130706433", "[::ffff:127.0.0.1]"])
async def test_switch_on_fetches_loopback(feed_server: FeedServer, host: str):
    url = on_port(feed_server, host)

    async with make_client(LOCAL) as client:
        result = await fetch(url, client=client, policy=LOCAL)

    assert result.content == FEED
    assert feed_server.hits("/feed.xml") == 1


async def test_switch_on_fetches_ipv6_loopback(ipv6_server: FeedServer):
    url = ipv6_server.add("/feed.xml", FEED)

    async with make_client(LOCAL) as client:
        assert (await fetch(url, client=client, policy=LOCAL)).content == FEED


async def test_allowed_host_name_is_dialled_at_its_checked_address_and_keeps_its_name(feed_server: FeedServer):
    loopback = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))
    policy = FetchPolicy(timeout=5.0, allowed_networks=loopback)
    url = on_port(feed_server, "localhost")

    async with make_client(policy) as client:
        result = await fetch(url, client=client, policy=policy)

    assert result.content == FEED
    assert feed_server.requests[0][1]["Host"] == f"localhost:{feed_server.port}"


async def test_proxy_from_the_environment_is_not_used(
    monkeypatch: pytest.MonkeyPatch, second_server: FeedServer, feed_server: FeedServer
):
    """A proxy would receive the request and connect onward itself, past the guard; so none is taken from the env."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, feed_server.url("/"))
    url = second_server.add("/feed.xml", FEED)

    async with make_client(ONLY_SECOND) as client:
        assert (await fetch(url, client=client, policy=ONLY_SECOND)).content == FEED

    assert feed_server.requests == []


def test_settings_switch_reaches_the_fetch_policy(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("REELBRIEF_ALLOW_PRIVATE_NETWORKS", raising=False)
    assert Settings(_env_file=None).fetch_policy.allow_private_networks is False  # type: ignore[call-arg]

    monkeypatch.setenv("REELBRIEF_ALLOW_PRIVATE_NETWORKS", "true")
    assert Settings(_env_file=None).fetch_policy.allow_private_networks is True  # type: ignore[call-arg]


# --- properties ---

INWARD_NETWORKS = [
    ipaddress.ip_network(network)
    for network in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/128",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
        "ff00::/8",
    )
]


@st.composite
def inward_addresses(draw: st.DrawFn) -> IPAddress:
    """Any address of the networks the brief lists, sometimes wrapped as IPv4-mapped IPv6."""
    network = draw(st.sampled_from(INWARD_NETWORKS))
    address = network[draw(st.integers(0, network.num_addresses - 1))]
    if address.version == 4 and draw(st.booleans()):
        return ipaddress.IPv6Address(f"::ffff:{address}")
    return address


@given(inward_addresses())
def test_every_inward_address_is_refused_unless_switched_on(address: IPAddress):
    assert address_refusal("feeds.example", address, DEFAULT) is not None
    assert address_refusal("feeds.example", address, LOCAL) is None


@pytest.mark.parametrize("address", ["93.184.215.14", "151.101.1.69", "2606:4700::6810:84e5", "::ffff:93.184.215.14"])
def test_public_addresses_pass(address: str):
    assert address_refusal("feeds.example", ipaddress.ip_address(address), DEFAULT) is None


URLISH = st.builds(
    "{}://{}/{}".format,
    st.sampled_from(["http", "https", "HTTP", "ftp", "file", "gopher", ""]),
    st.text(max_size=40),
    st.text(max_size=10),
)


@given(st.one_of(st.text(max_size=60), URLISH))
def test_chat_check_only_ever_refuses_with_a_fetch_error(source: str):
    try:
        check_feed_url(source, DEFAULT)
    except FetchError as error:
        assert error.source == source and error.reason
