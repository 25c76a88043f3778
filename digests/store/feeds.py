"""Remember each feed: its title, its conditional-GET validators and how its last fetch went."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select, update

from digests.store.schema import Feed
from digests.store.sql import insert_ignoring_duplicates
from digests.types import CacheHeaders, ParsedFeed

FEEDS = Feed.__table__
# Feed titles are shown to readers; a hostile feed cannot make them arbitrarily long.
MAX_TITLE_LENGTH = 200


def feed_ids(connection: Connection, sources: Sequence[str], now: datetime) -> dict[str, int]:
    """The id of each source's feed row, creating rows for sources never seen before."""
    insert_ignoring_duplicates(
        connection, FEEDS, [{"source": source, "title": "", "created_at": now} for source in sources]
    )
    rows = connection.execute(select(FEEDS.c.source, FEEDS.c.id).where(FEEDS.c.source.in_(list(sources))))
    return {source: feed_id for source, feed_id in rows}


def cache_headers(connection: Connection, sources: Sequence[str]) -> dict[str, CacheHeaders]:
    query = select(FEEDS.c.source, FEEDS.c.etag, FEEDS.c.last_modified).where(FEEDS.c.source.in_(list(sources)))
    return {
        source: CacheHeaders(etag=etag, last_modified=last_modified)
        for source, etag, last_modified in connection.execute(query)
    }


def record_success(
    connection: Connection, feed_id: int, parsed: ParsedFeed | None, cache: CacheHeaders, now: datetime
) -> None:
    """A fetch worked (``parsed`` is None for a 304): keep the validators, clear the error streak."""
    values: dict[str, object] = {
        "etag": cache.etag,
        "last_modified": cache.last_modified,
        "last_fetched_at": now,
        "last_ok_at": now,
        "last_error": None,
        "error_count": 0,
    }
    if parsed is not None:
        values |= {
            "title": parsed.title[:MAX_TITLE_LENGTH],
            "site_url": parsed.link,
            "language": parsed.language,
        }
    connection.execute(update(FEEDS).where(FEEDS.c.id == feed_id).values(values))


def record_failure(connection: Connection, feed_id: int, error: str, now: datetime) -> None:
    connection.execute(
        update(FEEDS)
        .where(FEEDS.c.id == feed_id)
        .values(last_fetched_at=now, last_error=error, error_count=FEEDS.c.error_count + 1)
    )


def has_feeds(connection: Connection) -> bool:
    return connection.execute(select(FEEDS.c.id).limit(1)).first() is not None


@dataclass(frozen=True, slots=True)
class FeedRow:
    id: int
    source: str
    title: str
    last_error: str | None


def feed_rows(connection: Connection, feed_ids: Sequence[int]) -> list[FeedRow]:
    """The feeds with these ids, in id order, as a feed list shows them."""
    query = (
        select(FEEDS.c.id, FEEDS.c.source, FEEDS.c.title, FEEDS.c.last_error)
        .where(FEEDS.c.id.in_(list(feed_ids)))
        .order_by(FEEDS.c.id)
    )
    return [FeedRow(*row) for row in connection.execute(query)]
