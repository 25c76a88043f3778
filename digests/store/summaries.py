"""The summary cache: one row per story content and model, shared by every channel and process."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, select

from digests.store.schema import CachedSummary
from digests.store.sql import insert_ignoring_duplicates

SUMMARIES = CachedSummary.__table__


class SummaryCache:
    """Reads and writes cached summaries; a lost race just keeps the first writer's summary."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, key: str) -> str | None:
        with self.engine.connect() as connection:
            return connection.execute(select(SUMMARIES.c.summary).where(SUMMARIES.c.key == key)).scalar()

    def put(self, key: str, summary: str, model: str) -> None:
        row = {"key": key, "summary": summary, "model": model, "created_at": datetime.now(UTC)}
        with self.engine.begin() as connection:
            insert_ignoring_duplicates(connection, SUMMARIES, [row])
