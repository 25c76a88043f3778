"""The store keeps every item once: re-ingest, two feeds, edits; on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text

from digests.pipeline import Newsroom
from digests.store.database import (
    SQLITE_BUSY_TIMEOUT_MS,
    SQLITE_CACHE_KIB,
    SQLITE_PAGE_BYTES,
    SQLITE_WAL_CHECKPOINT_PAGES,
    create_store_engine,
    open_store,
)
from digests.store.schema import Feed, ItemFeed, ItemModel, StoredItem
from tests.support.feedbuilder import Entry, atom, rss

DEAL_DAY = datetime(2024, 9, 18, 14, 0, tzinfo=UTC)
DEAL = Entry(
    title="Runway and Lionsgate sign a deal to train a custom AI video model",
    link="https://trades.example/runway-lionsgate?utm_source=rss&utm_medium=feed",
    guid="trades-1",
    summary="Runway will train a custom generative model on the Lionsgate film library for the studio's filmmakers.",
    published=DEAL_DAY,
)
OTHER = Entry(
    title="Meta shows Movie Gen clips made with Blumhouse filmmakers",
    link="https://trades.example/movie-gen-blumhouse",
    guid="trades-2",
    summary="Meta let Blumhouse directors test Movie Gen, its AI video generator, on short films.",
    published=DEAL_DAY + timedelta(days=29),
)


def _count(engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def _write(path: Path, content: bytes) -> str:
    path.write_bytes(content)
    return str(path)


@pytest.fixture
def newsroom(engine, knowledge) -> Newsroom:
    return Newsroom(engine, knowledge)


async def test_reingesting_the_same_feed_keeps_one_copy(newsroom, engine, tmp_path):
    source = _write(tmp_path / "trades.xml", rss([DEAL, OTHER]))
    first = await newsroom.ingest([source])
    second = await newsroom.ingest([source])
    assert (first.total("new"), first.total("unchanged")) == (2, 0)
    assert (second.total("new"), second.total("updated"), second.total("unchanged")) == (0, 0, 2)
    assert _count(engine, StoredItem) == 2


async def test_an_in_memory_store_is_one_database_for_the_thread_that_stores_feeds(knowledge, tmp_path):
    store = open_store("sqlite://")
    report = await Newsroom(store, knowledge).ingest([_write(tmp_path / "trades.xml", rss([DEAL, OTHER]))])
    assert [outcome.status for outcome in report.feeds] == ["ok"]
    assert _count(store, StoredItem) == 2
    store.dispose()


async def test_the_same_article_in_two_feeds_is_one_item_with_two_sources(newsroom, engine, tmp_path):
    trades = _write(tmp_path / "trades.xml", rss([DEAL], title="Trades"))
    # The aggregator gives no GUID and a link with other tracking parameters and host case.
    copy = Entry(title=DEAL.title, link="https://TRADES.example/runway-lionsgate?fbclid=abc", published=DEAL_DAY)
    aggregator = _write(tmp_path / "aggregator.xml", rss([copy], title="Aggregator"))
    await newsroom.ingest([trades, aggregator])
    assert _count(engine, StoredItem) == 1
    assert _count(engine, ItemFeed) == 2
    with engine.connect() as connection:
        assert connection.execute(select(StoredItem.url)).scalar_one() == "https://trades.example/runway-lionsgate"


async def test_an_edited_item_updates_its_record(newsroom, engine, tmp_path):
    path = tmp_path / "trades.xml"
    await newsroom.ingest([_write(path, rss([DEAL]))])
    edited = Entry(**{**DEAL.__dict__, "title": "Runway and Lionsgate sign AI deal (updated)"})
    report = await newsroom.ingest([_write(path, rss([edited]))])
    assert (report.total("new"), report.total("updated")) == (0, 1)
    with engine.connect() as connection:
        titles = connection.execute(select(StoredItem.title)).scalars().all()
    assert titles == ["Runway and Lionsgate sign AI deal (updated)"]


async def test_items_are_annotated_and_linked_to_their_models(newsroom, engine, tmp_path):
    await newsroom.ingest([_write(tmp_path / "trades.xml", rss([DEAL, OTHER]))])
    with engine.connect() as connection:
        models = sorted(connection.execute(select(ItemModel.model)).scalars())
    assert "movie-gen" in models
    news = newsroom.news_about("movie-gen", 5)
    assert [item.title for item in news] == [OTHER.title]
    assert news[0].models == ("Movie Gen",)


async def test_undated_items_take_their_first_seen_time(newsroom, tmp_path):
    undated = Entry(title="Runway launches Gen-4 for filmmakers", link="https://trades.example/gen-4", guid="g4")
    before = datetime.now(UTC)
    await newsroom.ingest([_write(tmp_path / "trades.xml", rss([undated]))])
    items = newsroom.items(before - timedelta(seconds=1), datetime.now(UTC) + timedelta(seconds=1))
    assert [item.title for item in items] == [undated.title]


async def test_a_broken_feed_does_not_stop_the_others(newsroom, engine, tmp_path):
    broken = _write(tmp_path / "broken.xml", b"<html><body>Not a feed</body></html>")
    good = _write(tmp_path / "presse.xml", atom([DEAL], title="Presse"))
    missing = str(tmp_path / "missing.xml")
    report = await newsroom.ingest([broken, missing, good])
    statuses = {Path(outcome.source).name: outcome.status for outcome in report.feeds}
    assert statuses == {"broken.xml": "failed", "missing.xml": "failed", "presse.xml": "ok"}
    assert all(outcome.error for outcome in report.failed)
    assert _count(engine, StoredItem) == 1


async def test_reannotating_applies_a_changed_knowledge_base(engine, knowledge, tmp_path):
    await Newsroom(engine, knowledge).ingest([_write(tmp_path / "trades.xml", rss([DEAL, OTHER]))])
    without_movie_gen = replace(knowledge, models={k: v for k, v in knowledge.models.items() if k != "movie-gen"})
    newsroom = Newsroom(engine, without_movie_gen)
    assert newsroom.reannotate() == 2
    assert newsroom.news_about("movie-gen", 5) == []
    with engine.connect() as connection:
        assert "movie-gen" not in connection.execute(select(ItemModel.model)).scalars().all()


async def test_relevant_items_keep_their_story_terms_and_reannotating_fills_missing_ones(newsroom, engine, tmp_path):
    recipe = Entry(
        title="A weeknight ratatouille", link="https://food.example/ratatouille", guid="food-1", published=DEAL_DAY
    )
    await newsroom.ingest([_write(tmp_path / "mixed.xml", rss([DEAL, recipe]))])
    with engine.begin() as connection:
        stored = dict(connection.execute(select(StoredItem.title, StoredItem.story_words)).all())
        assert stored[recipe.title] is None  # never clustered, so never worked out
        connection.execute(StoredItem.__table__.update().values(story_words=None, story_anchors=None))  # as before 0004
    period = (DEAL_DAY - timedelta(days=1), DEAL_DAY + timedelta(days=1))
    assert [item.terms for item in newsroom.items(*period)] == [None]
    newsroom.reannotate()
    (deal,) = newsroom.items(*period)
    assert deal.terms is not None
    assert {"en:lionsgate", "en:library"} <= set(deal.terms.words.split())


def test_a_sqlite_file_store_is_tuned_for_concurrent_writers_and_large_indexes(tmp_path: Path):
    engine = create_store_engine(f"sqlite:///{tmp_path / 'tuned.db'}")
    with engine.connect() as connection:
        pragma = {
            name: connection.execute(text(f"PRAGMA {name}")).scalar()
            for name in (
                "page_size",
                "journal_mode",
                "busy_timeout",
                "wal_autocheckpoint",
                "cache_size",
                "foreign_keys",
            )
        }
    engine.dispose()
    assert pragma == {
        "page_size": SQLITE_PAGE_BYTES,
        "journal_mode": "wal",
        "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
        "wal_autocheckpoint": SQLITE_WAL_CHECKPOINT_PAGES,
        "cache_size": -SQLITE_CACHE_KIB,
        "foreign_keys": 1,
    }


def test_a_sqlite_file_made_with_another_page_size_keeps_it_and_its_items(tmp_path: Path):
    path = tmp_path / "older.db"
    older = sqlite3.connect(path)  # as SQLite makes a file by default, before the store chose its page size
    with older:
        older.execute("PRAGMA page_size=4096")
        older.execute("CREATE TABLE kept (value TEXT)")
        older.execute("INSERT INTO kept VALUES ('still here')")
    older.close()
    engine = create_store_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA page_size")).scalar() == 4096
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("SELECT value FROM kept")).scalar() == "still here"
    engine.dispose()


def test_dates_come_back_aware_in_utc_and_sqlite_keeps_sqlalchemy_s_own_text(engine):
    """SQLite stores the text SQLAlchemy's SQLite type always wrote, so databases made before read and sort the same."""
    moment = datetime(2024, 9, 18, 16, 0, 0, 250, tzinfo=timezone(timedelta(hours=2)))
    with engine.begin() as connection:
        connection.execute(insert(Feed).values(source="/feeds/trades.xml", created_at=moment))
        stored = connection.execute(select(Feed.created_at)).scalar_one()
        assert stored == moment and stored.tzinfo is UTC
        later = connection.execute(select(func.count()).where(Feed.created_at > moment - timedelta(microseconds=1)))
        assert later.scalar_one() == 1
        if engine.dialect.name == "sqlite":
            raw = connection.execute(text("SELECT created_at FROM feeds")).scalar_one()
            assert raw == "2024-09-18 14:00:00.000250"
