"""Small SQL helpers shared by the store modules: chunked IN lists and portable insert-or-skip."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, insert
from sqlalchemy.dialects import postgresql, sqlite

# Bound parameters per IN (...) query: well under SQLite's and PostgreSQL's limits.
QUERY_CHUNK = 500

T = TypeVar("T")


def chunks(values: Sequence[T], size: int = QUERY_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def insert_ignoring_duplicates(connection: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows, skipping those another writer (or an earlier fetch) already stored."""
    if not rows:
        return
    dialect = connection.dialect.name
    if dialect == "postgresql":
        statement = postgresql.insert(table).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite.insert(table).on_conflict_do_nothing()
    else:
        statement = insert(table)
    connection.execute(statement, rows)
