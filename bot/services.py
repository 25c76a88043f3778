"""Build the parts every entry point shares (CLI, console, chat adapters) from the settings, in one place."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine

from bot.config import Settings
from digests.knowledge import KnowledgeBase
from digests.llm_summary import LLMSummariser
from digests.pipeline import Newsroom
from digests.store.database import open_store
from digests.store.summaries import SummaryCache
from digests.summarise import ExtractiveSummariser


def build_newsroom(settings: Settings, knowledge: KnowledgeBase) -> Newsroom:
    """The pipeline over the configured store, with the LLM summariser when one is configured."""
    engine = open_store(settings.store_url)
    llm = settings.llm
    summariser = None
    if llm is not None:
        summariser = LLMSummariser(llm, fallback=ExtractiveSummariser(), cache=SummaryCache(engine))
    return Newsroom(engine, knowledge, policy=settings.fetch_policy, summariser=summariser)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class Services:
    """What command handlers work with; tests build one over a temporary store."""

    newsroom: Newsroom
    settings: Settings
    clock: Callable[[], datetime] = field(default=_now)

    @property
    def engine(self) -> Engine:
        return self.newsroom.engine

    @property
    def knowledge(self) -> KnowledgeBase:
        return self.newsroom.knowledge

    @classmethod
    def from_settings(cls, settings: Settings, knowledge: KnowledgeBase) -> Services:
        return cls(build_newsroom(settings, knowledge), settings)


def prepare(services: Services, warn: Callable[[str], None]) -> None:
    """A fresh store has no news yet: read the default feeds once so /digest and /aimodel show some."""
    if services.newsroom.is_empty():
        warn("reading the default feeds once (the store is empty)...")
        report = asyncio.run(services.newsroom.ingest(services.settings.default_sources))
        for outcome in report.failed:
            warn(f"warning: {outcome.source}: {outcome.error}")
