"""The orchestrator: sources -> gather -> parse -> normalise -> enrich -> store, and store -> compose -> Digest."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine

from digests.compose import DEFAULT_LANGUAGE, Selection, compose
from digests.cycles import cycle_collection_paused
from digests.enrich import Enricher
from digests.errors import FeedError
from digests.gather import FetchPolicy, expand_sources, fetch_each
from digests.knowledge import KnowledgeBase
from digests.normalise import normalise_entry
from digests.parse import parse_feed
from digests.store import feeds as feed_store
from digests.store import items as item_store
from digests.store.items import SaveCounts
from digests.summarise import ExtractiveSummariser, Summariser
from digests.types import Digest, FetchResult, Item, NewsItem, ParsedFeed


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """How one source's ingest went."""

    source: str
    status: str  # "ok", "not modified" or "failed"
    title: str = ""
    counts: SaveCounts = field(default_factory=SaveCounts)
    error: str | None = None
    warning: str | None = None


@dataclass(slots=True)
class IngestReport:
    feeds: list[FeedOutcome] = field(default_factory=list)

    def total(self, attribute: str) -> int:
        return sum(getattr(outcome.counts, attribute) for outcome in self.feeds)

    @property
    def failed(self) -> list[FeedOutcome]:
        return [outcome for outcome in self.feeds if outcome.status == "failed"]


def resolve_sources(sources: Sequence[str]) -> tuple[list[str], list[FeedOutcome]]:
    """Expand directories and file URLs; a missing path is reported, not fatal."""
    resolved: list[str] = []
    failures: list[FeedOutcome] = []
    for source in sources:
        try:
            resolved.extend(found for found in expand_sources([source]) if found not in resolved)
        except FeedError as error:
            failures.append(FeedOutcome(source, "failed", error=error.reason))
    return resolved, failures


class Newsroom:
    """The pipeline over one store and one knowledge base."""

    def __init__(
        self,
        engine: Engine,
        knowledge: KnowledgeBase,
        *,
        policy: FetchPolicy | None = None,
        summariser: Summariser | None = None,
    ) -> None:
        self.engine = engine
        self.knowledge = knowledge
        self.policy = policy or FetchPolicy()
        self.summariser = summariser or ExtractiveSummariser()
        self.enricher = Enricher(knowledge)

    async def ingest(
        self, sources: Sequence[str], *, on_feed: Callable[[FeedOutcome], None] | None = None
    ) -> IngestReport:
        """Fetch every source, keeping each item once; one broken feed never stops the others. Each feed is parsed,
        annotated and stored in a worker thread, so the event loop (downloads, chat commands) never waits on it."""
        resolved, failures = resolve_sources(sources)
        report = IngestReport(feeds=list(failures))
        with self.engine.connect() as connection:
            known = feed_store.cache_headers(connection, resolved)
        # Each feed is stored as it arrives, so memory holds a few feeds at a time, never all of them.
        async for result in fetch_each(resolved, policy=self.policy, cache_for=known.get):
            outcome = await asyncio.to_thread(self._store, result.source, result)
            report.feeds.append(outcome)
            if on_feed is not None:
                on_feed(outcome)
        order = {source: number for number, source in enumerate(resolved)}
        report.feeds.sort(key=lambda outcome: order.get(outcome.source, -1))  # failures to resolve come first
        return report

    def _store(self, source: str, result: FetchResult | FeedError) -> FeedOutcome:
        # A feed's entries, items and rows are many objects and no reference cycles: the cycle collector would only
        # rescan them, with the knowledge base, a fifth of parsing and storing a feed (see cycle_collection_paused).
        now = datetime.now(UTC)
        with cycle_collection_paused(), self.engine.begin() as connection:
            feed_id = feed_store.feed_ids(connection, [source], now)[source]
            if isinstance(result, FeedError):
                feed_store.record_failure(connection, feed_id, result.reason, now)
                return FeedOutcome(source, "failed", error=result.reason)
            if result.not_modified:
                feed_store.record_success(connection, feed_id, None, result.cache, now)
                return FeedOutcome(source, "not modified")
            try:
                parsed = parse_feed(result.content or b"", source, content_type=result.content_type)
            except FeedError as error:
                feed_store.record_failure(connection, feed_id, error.reason, now)
                return FeedOutcome(source, "failed", error=error.reason)
            items = normalise_feed(parsed, now, base_url=result.final_url or _http_source(source))
            counts = item_store.save_items(connection, feed_id, items, self.enricher.annotate, now)
            feed_store.record_success(connection, feed_id, parsed, result.cache, now)
            return FeedOutcome(source, "ok", title=parsed.title, counts=counts, warning=parsed.problem)

    def reannotate(self) -> int:
        """Annotate every stored item again with the current knowledge base; returns how many were done."""
        done, last = 0, 0
        while True:
            with self.engine.begin() as connection:
                last, count = item_store.reannotate(connection, self.enricher.annotate, after_id=last)
            if not count:
                return done
            done += count

    def is_empty(self) -> bool:
        """True until the first feed has been ingested into this store."""
        with self.engine.connect() as connection:
            return not feed_store.has_feeds(connection)

    def feed_ids(self, sources: Sequence[str]) -> list[int]:
        resolved, _ = resolve_sources(sources)
        with self.engine.begin() as connection:
            return list(feed_store.feed_ids(connection, resolved, datetime.now(UTC)).values())

    def span(self, sources: Sequence[str]) -> tuple[datetime, datetime] | None:
        """First and last dates of the relevant items these sources carried."""
        with self.engine.connect() as connection:
            return item_store.dated_span(connection, self.feed_ids(sources))

    def items(
        self,
        start: datetime,
        end: datetime,
        *,
        sources: Sequence[str] | None = None,
        relevant_only: bool = True,
    ) -> list[NewsItem]:
        """Items of the period (relevant ones unless asked), with model ids turned into the names readers know."""
        feed_ids = None if sources is None else self.feed_ids(sources)
        with self.engine.connect() as connection, cycle_collection_paused():
            found = item_store.items_in_period(connection, start, end, feed_ids=feed_ids, relevant_only=relevant_only)
            return [self.enricher.for_readers(item) for item in found]

    def digest(
        self,
        start: datetime,
        end: datetime,
        *,
        sources: Sequence[str] | None = None,
        selection: Selection | None = None,
        limit: int | None = None,
        language: str = DEFAULT_LANGUAGE,
    ) -> Digest:
        return compose(
            self.items(start, end, sources=sources),
            knowledge=self.knowledge,
            summariser=self.summariser,
            start=start,
            end=end,
            selection=selection,
            limit=limit,
            language=language,
        )

    def news_about(self, model_id: str, limit: int) -> list[NewsItem]:
        with self.engine.connect() as connection:
            return [
                self.enricher.for_readers(item) for item in item_store.latest_items_about(connection, model_id, limit)
            ]


def normalise_feed(parsed: ParsedFeed, fetched_at: datetime, *, base_url: str | None = None) -> list[Item]:
    items = (normalise_entry(entry, parsed, fetched_at=fetched_at, base_url=base_url) for entry in parsed.entries)
    return [item for item in items if item is not None]


def _http_source(source: str) -> str | None:
    return source if source.startswith(("http://", "https://")) else None
