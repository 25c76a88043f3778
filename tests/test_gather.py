"""Gather fetches feed bytes from URLs, files and directories, politely and within limits."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from digests.errors import FetchError
from digests.gather import (
    DEFAULT_USER_AGENT,
    FetchPolicy,
    expand_sources,
    fetch,
    fetch_each,
    make_client,
)
from digests.types import CacheHeaders, FetchResult

if TYPE_CHECKING:
    from tests.support.feed_server import FeedServer

pytest_plugins = ("tests.support.feed_server",)  # the feed_server fixture

FEED = b"<?xml version='1.0'?><rss version='2.0'><channel><title>AI in Hollywood</title></channel></rss>"
LAST_MODIFIED = "Tue, 04 Jun 2024 10:00:00 GMT"
# The feed server listens on loopback, so these take the operator's switch; tests/test_ssrf.py tests the guard.
POLICY = FetchPolicy(timeout=5.0, allow_private_networks=True)  # generous: only the timeout tests rely on one firing
SMALL = FetchPolicy(timeout=5.0, max_bytes=1000, allow_private_networks=True)
IMPATIENT = FetchPolicy(timeout=0.5, allow_private_networks=True)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(POLICY) as http_client:
        yield http_client


async def fetch_error(source: str, client: httpx.AsyncClient, policy: FetchPolicy = POLICY) -> FetchError:
    with pytest.raises(FetchError) as caught:
        await fetch(source, client=client, policy=policy)
    assert caught.value.source == source
    assert "\n" not in caught.value.reason
    return caught.value


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- HTTP: bodies and conditional GET ---


async def test_ok_response_returns_body_validators_and_content_type(feed_server: FeedServer, client):
    url = feed_server.add("/feed.xml", FEED, etag='"v1"', last_modified=LAST_MODIFIED)

    result = await fetch(url, client=client, policy=POLICY)

    assert result == FetchResult(
        source=url,
        content=FEED,
        cache=CacheHeaders(etag='"v1"', last_modified=LAST_MODIFIED),
        final_url=url,
        content_type="application/rss+xml; charset=utf-8",
    )
    assert not result.not_modified


async def test_etag_is_sent_back_and_unchanged_feed_is_not_modified(feed_server: FeedServer, client):
    url = feed_server.add("/feed.xml", FEED, etag='"v1"')
    first = await fetch(url, client=client, policy=POLICY)

    second = await fetch(url, client=client, policy=POLICY, cache=first.cache)

    assert feed_server.requests[1][1]["If-None-Match"] == '"v1"'
    assert second.not_modified
    assert second.cache == first.cache


async def test_last_modified_is_sent_back_and_unchanged_feed_is_not_modified(feed_server: FeedServer, client):
    url = feed_server.add("/feed.xml", FEED, last_modified=LAST_MODIFIED)
    first = await fetch(url, client=client, policy=POLICY)

    second = await fetch(url, client=client, policy=POLICY, cache=first.cache)

    assert feed_server.requests[1][1]["If-Modified-Since"] == LAST_MODIFIED
    assert feed_server.requests[1][1]["If-None-Match"] is None
    assert second.not_modified
    assert second.cache == CacheHeaders(last_modified=LAST_MODIFIED)


async def test_changed_feed_returns_new_body_and_new_validators(feed_server: FeedServer, client):
    url = feed_server.add("/feed.xml", b"<rss>new</rss>", etag='"v2"')

    result = await fetch(url, client=client, policy=POLICY, cache=CacheHeaders(etag='"v1"'))

    assert result.content == b"<rss>new</rss>"
    assert result.cache == CacheHeaders(etag='"v2"')


async def test_a_304_we_did_not_ask_for_is_an_error(feed_server: FeedServer, client):
    url = feed_server.add("/feed.xml", status=304)

    assert (await fetch_error(url, client)).reason == "HTTP 304 Not Modified"


async def test_user_agent_and_feed_accept_header_are_sent(feed_server: FeedServer, client):
    url = feed_server.add("/feed.xml", FEED)

    await fetch(url, client=client, policy=POLICY)

    headers = feed_server.requests[0][1]
    assert headers["User-Agent"] == DEFAULT_USER_AGENT
    assert "application/rss+xml" in headers["Accept"]


# --- HTTP: failures ---


@pytest.mark.parametrize(("status", "reason"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")])
async def test_error_status_is_a_clear_fetch_error(feed_server: FeedServer, client, status, reason):
    url = feed_server.add("/feed.xml", b"oops", status=status)

    error = await fetch_error(url, client)

    assert error.reason == reason
    assert str(error) == f"{url}: {reason}"


async def test_unknown_status_still_names_its_code(feed_server: FeedServer, client):
    url = feed_server.add("/feed.xml", status=599)

    assert (await fetch_error(url, client)).reason == "HTTP 599"


async def test_server_trickling_bytes_hits_the_whole_request_timeout(feed_server: FeedServer):
    # A byte every 50 ms never trips a per-read timeout; only a deadline for the whole request stops it.
    url = feed_server.add("/slow.xml", FEED, chunk_size=1, delay_per_chunk=0.05)

    async with make_client(IMPATIENT) as impatient:
        error = await fetch_error(url, impatient, IMPATIENT)

    assert error.reason == "timed out after 0.5s"


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_oversized_body_is_refused(feed_server: FeedServer, client, chunked):
    url = feed_server.add("/big.xml", b"x" * 5000, chunked=chunked, chunk_size=100)

    assert (await fetch_error(url, client, SMALL)).reason == "response larger than 1000 bytes"


async def test_oversized_content_length_is_refused_before_reading_the_body(feed_server: FeedServer):
    # Reading this body would take seconds and time out; an early refusal never reads it.
    url = feed_server.add("/big.xml", b"x" * 5000, chunk_size=500, delay_per_chunk=1.0)
    policy = FetchPolicy(timeout=0.5, max_bytes=1000, allow_private_networks=True)

    async with make_client(policy) as impatient:
        error = await fetch_error(url, impatient, policy)

    assert error.reason == "response larger than 1000 bytes"


async def test_body_exactly_at_the_cap_is_accepted(feed_server: FeedServer, client):
    url = feed_server.add("/edge.xml", b"x" * 1000, chunked=True, chunk_size=100)

    assert (await fetch(url, client=client, policy=SMALL)).content == b"x" * 1000


async def test_redirect_chain_within_the_limit_is_followed(feed_server: FeedServer, client):
    final = feed_server.add("/feed.xml", FEED)
    feed_server.redirect("/c", "/feed.xml", status=308)
    feed_server.redirect("/b", "/c", status=302)
    start = feed_server.redirect("/a", "/b", status=301)

    result = await fetch(start, client=client, policy=POLICY)

    assert result.content == FEED
    assert result.final_url == final
    assert result.source == start


async def test_redirect_loop_is_refused(feed_server: FeedServer, client):
    start = feed_server.redirect("/ping", "/pong")
    feed_server.redirect("/pong", "/ping")

    error = await fetch_error(start, client)

    assert error.reason == "too many redirects (more than 5)"
    assert len(feed_server.requests) == 6  # the first request and five redirects


async def test_redirect_to_another_scheme_is_refused(feed_server: FeedServer, client):
    url = feed_server.redirect("/feed.xml", "ftp://example.org/feed.xml")

    error = await fetch_error(url, client)

    assert error.reason == "redirect to ftp://example.org/feed.xml refused: unsupported URL scheme 'ftp'"


async def test_connection_refused(client):
    url = f"http://127.0.0.1:{closed_port()}/feed.xml"

    assert (await fetch_error(url, client)).reason == "connection refused"


async def test_unknown_host(client):
    # .invalid is reserved (RFC 6761): it never resolves.
    assert (await fetch_error("http://reelbrief.invalid/feed.xml", client)).reason == "could not resolve host name"


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("ftp://example.org/feed.xml", "unsupported URL scheme 'ftp'"),
        ("HTTP:///feed.xml", "URL has no host name"),
        ("http://[::1/feed.xml", "invalid URL: Invalid port: ':1'"),
        ("file://elsewhere/feed.xml", "file URLs must name this machine, like file:///path/to/feed.xml"),
    ],
)
async def test_unusable_urls_are_refused_without_a_request(client, source, reason):
    assert (await fetch_error(source, client)).reason == reason


# --- local files ---


async def test_local_file_is_read(tmp_path: Path, client):
    path = tmp_path / "feed.xml"
    path.write_bytes(FEED)

    result = await fetch(str(path), client=client, policy=POLICY)

    assert result == FetchResult(source=str(path), content=FEED, final_url=None)


async def test_file_url_is_read(tmp_path: Path, client):
    path = tmp_path / "my feed.xml"
    path.write_bytes(FEED)

    result = await fetch(path.as_uri(), client=client, policy=POLICY)

    assert result.content == FEED
    assert result.source == path.as_uri()


async def test_missing_file_is_a_fetch_error(tmp_path: Path, client):
    error = await fetch_error(str(tmp_path / "gone.xml"), client)

    assert error.reason == "no such file or directory"


async def test_oversized_local_file_is_refused(tmp_path: Path, client):
    path = tmp_path / "big.xml"
    path.write_bytes(b"x" * 1001)

    assert (await fetch_error(str(path), client, SMALL)).reason == "file larger than 1000 bytes"


async def test_directory_is_not_a_feed(tmp_path: Path, client):
    assert (await fetch_error(str(tmp_path), client)).reason == "is a directory"


# --- expanding sources ---


def test_directory_expands_to_its_feed_files_sorted_and_not_recursively(tmp_path: Path):
    for name in ["b.rss", "a.xml", "c.ATOM", "d.rdf", "notes.txt", ".hidden.xml"]:
        (tmp_path / name).write_bytes(FEED)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.xml").write_bytes(FEED)
    (tmp_path / "folder.xml").mkdir()

    expanded = expand_sources([str(tmp_path)])

    assert expanded == [str(tmp_path / name) for name in ["a.xml", "b.rss", "c.ATOM", "d.rdf"]]


def test_sources_keep_urls_make_paths_absolute_and_drop_duplicates(tmp_path: Path, monkeypatch):
    (tmp_path / "one.xml").write_bytes(FEED)
    (tmp_path / "two.xml").write_bytes(FEED)
    monkeypatch.chdir(tmp_path)
    url = "https://example.org/feed?format=rss"

    expanded = expand_sources([url, "one.xml", (tmp_path / "two.xml").as_uri(), str(tmp_path), url])

    assert expanded == [url, str(tmp_path / "one.xml"), str(tmp_path / "two.xml")]


@pytest.mark.parametrize(
    ("source", "reason"),
    [("missing.xml", "no such file or directory"), ("ftp://example.org/f.xml", "unsupported URL scheme 'ftp'")],
)
def test_unusable_sources_are_refused_when_expanding(tmp_path: Path, monkeypatch, source, reason):
    monkeypatch.chdir(tmp_path)

    with pytest.raises(FetchError) as caught:
        expand_sources(["https://example.org/ok.xml", source])

    assert (caught.value.source, caught.value.reason) == (source, reason)


# --- many sources ---


async def _fetch_all(sources: list[str], **options) -> list[FetchResult | FetchError]:
    """Every result fetch_each yields, in the order they came."""
    return [result async for result in fetch_each(sources, policy=options.pop("policy", POLICY), **options)]


async def test_fetch_each_yields_every_source_once_and_isolates_failures(feed_server: FeedServer, tmp_path: Path):
    local = tmp_path / "local.xml"
    local.write_bytes(FEED)
    fresh = feed_server.add("/fresh.xml", FEED, etag='"v1"')
    cached = feed_server.add("/cached.xml", FEED, etag='"v1"')
    missing = feed_server.add("/missing.xml", status=404)
    sources = [missing, fresh, "ftp://example.org/x.xml", cached, str(local), str(tmp_path / "gone.xml")]

    results = await _fetch_all(
        sources, cache_for=lambda s: CacheHeaders(etag='"v1"') if s == cached else None, concurrency=3
    )

    assert sorted(r.source for r in results) == sorted(sources)
    by_source = {r.source: r for r in results}
    assert [type(by_source[s]) for s in sources] == [
        FetchError,
        FetchResult,
        FetchError,
        FetchResult,
        FetchResult,
        FetchError,
    ]
    assert [by_source[s].reason for s in sources if isinstance(by_source[s], FetchError)] == [
        "HTTP 404 Not Found",
        "unsupported URL scheme 'ftp'",
        "no such file or directory",
    ]
    assert by_source[fresh].content == FEED
    assert by_source[cached].not_modified
    assert by_source[str(local)].content == FEED


async def test_fetch_each_bounds_concurrency(feed_server: FeedServer):
    # Each answer takes a while, so unbounded fetching would keep all six in flight at once.
    urls = [feed_server.add(f"/feed{n}.xml", FEED, chunk_size=len(FEED), delay_per_chunk=0.2) for n in range(6)]

    results = await _fetch_all(urls, concurrency=2)

    assert len(results) == 6 and all(isinstance(r, FetchResult) for r in results)
    assert feed_server.peak_concurrency <= 2


async def test_fetch_each_yields_a_fast_feed_before_a_slow_one_ends(feed_server: FeedServer):
    slow = feed_server.add("/slow.xml", FEED, chunk_size=len(FEED), delay_per_chunk=0.5)
    fast = feed_server.add("/fast.xml", FEED)

    results = await _fetch_all([slow, fast])

    assert [r.source for r in results] == [fast, slow]  # stored while the slow one still downloads


async def test_a_caller_stopping_early_leaves_no_fetch_running(feed_server: FeedServer):
    urls = [feed_server.add(f"/feed{n}.xml", FEED, chunk_size=len(FEED), delay_per_chunk=0.3) for n in range(4)]
    fetches = fetch_each([feed_server.add("/quick.xml", FEED), *urls], policy=POLICY, concurrency=3)

    first = await anext(fetches)
    await fetches.aclose()

    assert isinstance(first, FetchResult)
    assert all(task.done() for task in asyncio.all_tasks() if task is not asyncio.current_task())


async def test_fetch_each_of_nothing_is_nothing():
    assert await _fetch_all([]) == []


async def test_fetch_each_needs_a_positive_concurrency():
    with pytest.raises(ValueError, match="at least 1"):
        await _fetch_all(["x.xml"], concurrency=0)


# --- the test server itself ---


async def test_feed_server_serves_a_directory(feed_server: FeedServer, tmp_path: Path, client):
    (tmp_path / "b.xml").write_bytes(b"<b/>")
    (tmp_path / "a.xml").write_bytes(b"<a/>")

    urls = feed_server.add_directory(tmp_path, prefix="/feeds/")

    assert urls == [feed_server.url("/feeds/a.xml"), feed_server.url("/feeds/b.xml")]
    assert (await fetch(urls[1], client=client, policy=POLICY)).content == b"<b/>"
    assert feed_server.hits("/feeds/b.xml") == 1
