"""Ingest over real HTTP: validators remembered in the store, 304s, and broken feeds isolated and recorded."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from digests.gather import FetchPolicy
from digests.pipeline import Newsroom
from digests.store.schema import Feed
from tests.support.feedbuilder import Entry, rss

if TYPE_CHECKING:
    from tests.support.feed_server import FeedServer

FEED = rss(
    [
        Entry(
            title="Runway launches Gen-4 for film studios",
            link="https://trades.example/gen-4",
            guid="gen-4",
            summary="Runway released Gen-4, its AI video model, to studios and filmmakers.",
            published=datetime(2025, 3, 31, tzinfo=UTC),
        )
    ]
)
LOCAL = FetchPolicy(timeout=5, allow_private_networks=True)  # the feed server listens on loopback


async def test_second_ingest_sends_the_stored_etag_and_accepts_304(engine, knowledge, feed_server: FeedServer):
    url = feed_server.add("/trades.xml", body=FEED, etag='"v1"', last_modified="Mon, 31 Mar 2025 10:00:00 GMT")
    newsroom = Newsroom(engine, knowledge, policy=LOCAL)
    first = await newsroom.ingest([url])
    second = await newsroom.ingest([url])
    assert [outcome.status for outcome in first.feeds + second.feeds] == ["ok", "not modified"]
    assert first.total("new") == 1
    conditional = feed_server.requests[-1][1]
    assert conditional["If-None-Match"] == '"v1"'
    assert conditional["If-Modified-Since"] == "Mon, 31 Mar 2025 10:00:00 GMT"


async def test_broken_http_feeds_are_recorded_and_do_not_stop_the_good_one(engine, knowledge, feed_server):
    good = feed_server.add("/good.xml", body=FEED)
    malformed = feed_server.add("/malformed.xml", body=b"<rss><channel><item><title>unclosed")
    missing = feed_server.url("/missing.xml")
    loop = feed_server.redirect("/loop", "/loop")
    huge = feed_server.add("/huge.xml", body=b"<rss>" + b" " * 5000 + b"</rss>")
    newsroom = Newsroom(engine, knowledge, policy=FetchPolicy(timeout=5, max_bytes=2000, allow_private_networks=True))
    report = await newsroom.ingest([malformed, missing, loop, huge, good])
    outcomes = {outcome.source: outcome for outcome in report.feeds}
    assert outcomes[good].status == "ok" and outcomes[good].counts.new == 1
    assert {outcomes[url].status for url in (missing, loop, huge)} == {"failed"}
    # Ill-formed XML is read leniently, so nothing it holds is lost, and the problem is reported.
    assert outcomes[malformed].status == "ok" and "ill-formed" in outcomes[malformed].warning
    assert "404" in outcomes[missing].error
    assert "redirect" in outcomes[loop].error
    with engine.connect() as connection:
        errors = {source: count for source, count in connection.execute(select(Feed.source, Feed.error_count))}
    assert errors[missing] == 1 and errors[good] == 0


async def test_feeds_are_parsed_and_stored_off_the_event_loop(engine, knowledge, feed_server):
    """A slow feed must not freeze the bot: chat commands and other downloads run on the same loop."""
    url = feed_server.add("/trades.xml", body=FEED)
    newsroom = Newsroom(engine, knowledge, policy=LOCAL)
    threads = _noted_at_each_annotate(newsroom, threading.get_ident)
    report = await newsroom.ingest([url])
    assert report.total("new") == 1
    assert threads and threading.get_ident() not in threads


async def test_the_cycle_collector_rests_while_a_feed_is_stored_and_works_again_after(engine, knowledge, feed_server):
    """A feed makes many objects and no cycles: the collector is paused for it (a fifth of parsing and storing), and
    left on for the rest of the bot, even when a feed fails."""
    good, broken = (
        feed_server.add("/trades.xml", body=FEED),
        feed_server.add("/page.html", body=b"<html><body>No feed here</body></html>"),
    )
    newsroom = Newsroom(engine, knowledge, policy=LOCAL)
    collecting = _noted_at_each_annotate(newsroom, gc.isenabled)
    report = await newsroom.ingest([good, broken])
    assert [outcome.status for outcome in report.feeds] == ["ok", "failed"]
    assert collecting == [False] and gc.isenabled()


def _noted_at_each_annotate(newsroom: Newsroom, note: Callable[[], object]) -> list[object]:
    """What ``note`` says each time the newsroom annotates a feed's items (the thread, the collector's state)."""
    annotate, noted = newsroom.enricher.annotate, []

    def annotate_and_note(items):
        noted.append(note())
        return annotate(items)

    newsroom.enricher.annotate = annotate_and_note
    return noted
