"""Keep every item once: insert new ones, update edited ones, remember every feed that carried them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, bindparam, delete, func, select, update

from digests.store.schema import Feed, ItemFeed, ItemModel, StoredItem
from digests.store.sql import chunks, insert_ignoring_duplicates
from digests.types import Annotations, Item, NewsItem, StoryTerms

Annotate = Callable[[list[Item]], list[Annotations]]

ITEMS = StoredItem.__table__
ITEM_FEEDS = ItemFeed.__table__
ITEM_MODELS = ItemModel.__table__
FEEDS = Feed.__table__


@dataclass(frozen=True, slots=True)
class SaveCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def item_key(identity: str) -> str:
    """Fixed-width key of an identity (GUIDs and URLs can be very long)."""
    return _digest(identity)


def url_key(url: str | None) -> str | None:
    """Key of an article URL, or None for URLs that name a site rather than an article (bare home pages)."""
    if not url or urlsplit(url).path in ("", "/"):
        return None
    return _digest(url)


def _existing(connection: Connection, column: Any, keys: list[str]) -> dict[str, tuple[int, str, str]]:
    """Map each known key to (item id, item key, content hash)."""
    found: dict[str, tuple[int, str, str]] = {}
    for chunk in chunks(keys):
        query = select(column, ITEMS.c.id, ITEMS.c.key, ITEMS.c.content_hash).where(column.in_(chunk))
        for value, item_id, key, content_hash in connection.execute(query):
            found.setdefault(value, (item_id, key, content_hash))
    return found


def _row(item: Item, notes: Annotations, item_url_key: str | None) -> dict[str, Any]:
    return {
        "identity": item.identity,
        "url": item.url,
        "url_key": item_url_key,
        "title": item.title,
        "text": item.text,
        "author": item.author,
        "published": item.published,
        "updated": item.updated,
        "content_hash": item.content_hash,
    } | _annotation_values(notes)


def _annotation_values(notes: Annotations) -> dict[str, Any]:
    return {
        "language": notes.language,
        "models": list(notes.models),
        "entities": list(notes.entities),
        "topics": list(notes.topics),
        "relevant": notes.relevant,
        "reason": notes.reason,
        "story_words": notes.terms.words if notes.terms else None,
        "story_anchors": notes.terms.anchors if notes.terms else None,
    }


def save_items(
    connection: Connection, feed_id: int, items: Iterable[Item], annotate: Annotate, now: datetime
) -> SaveCounts:
    """Store a feed's items once each; only new and edited items are annotated and written."""
    batch = {item_key(item.identity): item for item in items}
    if not batch:
        return SaveCounts()
    known = _existing(connection, ITEMS.c.key, list(batch))
    url_keys = {key: url_key(item.url) for key, item in batch.items()}
    by_url = {url_keys[key]: key for key in batch if key not in known and url_keys[key]}
    for found_url_key, found in _existing(connection, ITEMS.c.url_key, list(by_url)).items():
        known[by_url[found_url_key]] = found
    new = sorted(key for key in batch if key not in known)  # in key order, inserts touch fewer index pages
    changed = [key for key in batch if key in known and known[key][2] != batch[key].content_hash]
    notes = dict(zip(new + changed, annotate([batch[key] for key in new + changed]), strict=True))

    insert_ignoring_duplicates(
        connection,
        ITEMS,
        [
            _row(batch[key], notes[key], url_keys[key])
            | {
                "key": key,
                "feed_id": feed_id,
                "first_seen_at": now,
                "last_changed_at": now,
                "dated_at": batch[key].published or now,
            }
            for key in new
        ],
    )
    if changed:
        connection.execute(
            update(ITEMS).where(ITEMS.c.id == bindparam("item_id")),
            [
                _row(batch[key], notes[key], url_keys[key])
                | {"item_id": known[key][0], "last_changed_at": now, "dated_at": batch[key].published or now}
                for key in changed
            ],
        )
        _drop_model_links(connection, [known[key][0] for key in changed])
    ids = {key: found[0] for key, found in known.items()}
    ids.update({key: found[0] for key, found in _existing(connection, ITEMS.c.key, new).items()})
    insert_ignoring_duplicates(
        connection,
        ITEM_FEEDS,
        [{"item_id": ids[key], "feed_id": feed_id, "first_seen_at": now} for key in batch if key in ids],
    )
    insert_ignoring_duplicates(
        connection,
        ITEM_MODELS,
        [{"item_id": ids[key], "model": model} for key in new + changed if key in ids for model in notes[key].models],
    )
    return SaveCounts(new=len(new), updated=len(changed), unchanged=len(batch) - len(new) - len(changed))


def _drop_model_links(connection: Connection, item_ids: list[int]) -> None:
    for chunk in chunks(item_ids):
        connection.execute(delete(ITEM_MODELS).where(ITEM_MODELS.c.item_id.in_(chunk)))


def reannotate(
    connection: Connection, annotate: Annotate, *, after_id: int = 0, batch_size: int = 1000
) -> tuple[int, int]:
    """Annotate the next batch of stored items again (after the knowledge base changed): (last id, count), (0, 0)
    at the end. Items keep the language they were given."""
    query = (
        select(ITEMS.c.id, ITEMS.c.identity, ITEMS.c.url, ITEMS.c.title, ITEMS.c.text, ITEMS.c.language)
        .where(ITEMS.c.id > after_id)
        .order_by(ITEMS.c.id)
        .limit(batch_size)
    )
    rows = connection.execute(query).all()
    if not rows:
        return 0, 0
    items = [Item(row.identity, row.url, row.title, row.text, None, None, None, row.language, "") for row in rows]
    notes = annotate(items)
    connection.execute(
        update(ITEMS).where(ITEMS.c.id == bindparam("item_id")),
        [_annotation_values(note) | {"item_id": row.id} for row, note in zip(rows, notes, strict=True)],
    )
    _drop_model_links(connection, [row.id for row in rows])
    insert_ignoring_duplicates(
        connection,
        ITEM_MODELS,
        [{"item_id": row.id, "model": model} for row, note in zip(rows, notes, strict=True) for model in note.models],
    )
    return rows[-1].id, len(rows)


def _news_item(row: Any) -> NewsItem:
    return NewsItem(
        id=row.id,
        identity=row.identity,
        url=row.url,
        title=row.title,
        text=row.text,
        source=row.source,
        published=row.dated_at,
        language=row.language,
        models=tuple(row.models),
        entities=tuple(row.entities),
        topics=tuple(row.topics),
        relevant=row.relevant,
        reason=row.reason,
        terms=None if row.story_words is None else StoryTerms(row.story_words, row.story_anchors or ""),
    )


def _news_query() -> Any:
    return select(
        ITEMS.c.id,
        ITEMS.c.identity,
        ITEMS.c.url,
        ITEMS.c.title,
        ITEMS.c.text,
        FEEDS.c.title.label("source"),
        ITEMS.c.dated_at,
        ITEMS.c.language,
        ITEMS.c.models,
        ITEMS.c.entities,
        ITEMS.c.topics,
        ITEMS.c.relevant,
        ITEMS.c.reason,
        ITEMS.c.story_words,
        ITEMS.c.story_anchors,
    ).join(FEEDS, FEEDS.c.id == ITEMS.c.feed_id)


def items_in_period(
    connection: Connection,
    start: datetime,
    end: datetime,
    *,
    feed_ids: Sequence[int] | None = None,
    relevant_only: bool = True,
) -> list[NewsItem]:
    """Items dated within [start, end], optionally only those carried by the given feeds, oldest first."""
    query = _news_query().where(ITEMS.c.dated_at >= start, ITEMS.c.dated_at <= end)
    if relevant_only:
        query = query.where(ITEMS.c.relevant.is_(True))
    if feed_ids is not None:
        carried = select(ITEM_FEEDS.c.item_id).where(ITEM_FEEDS.c.feed_id.in_(feed_ids))
        query = query.where(ITEMS.c.id.in_(carried))
    return [_news_item(row) for row in connection.execute(query.order_by(ITEMS.c.dated_at, ITEMS.c.id))]


def latest_items_about(connection: Connection, model_id: str, limit: int) -> list[NewsItem]:
    """The newest relevant items that concern a model."""
    query = (
        _news_query()
        .join(ITEM_MODELS, ITEM_MODELS.c.item_id == ITEMS.c.id)
        .where(ITEM_MODELS.c.model == model_id, ITEMS.c.relevant.is_(True))
        .order_by(ITEMS.c.dated_at.desc(), ITEMS.c.id.desc())
        .limit(limit)
    )
    return [_news_item(row) for row in connection.execute(query)]


def dated_span(connection: Connection, feed_ids: Sequence[int]) -> tuple[datetime, datetime] | None:
    """The first and last dates of the relevant items the given feeds carried."""
    carried = select(ITEM_FEEDS.c.item_id).where(ITEM_FEEDS.c.feed_id.in_(feed_ids))
    query = select(func.min(ITEMS.c.dated_at), func.max(ITEMS.c.dated_at)).where(
        ITEMS.c.id.in_(carried), ITEMS.c.relevant.is_(True)
    )
    first, last = connection.execute(query).one()
    return None if first is None else (first, last)
