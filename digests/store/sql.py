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


def _insert_or_skip(connection: Connection, table: Any) -> Any:
    dialect = connection.dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    return insert(table)


def insert_ignoring_duplicates(connection: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows, skipping those another writer (or an earlier fetch) already stored."""
    if rows:
        connection.execute(_insert_or_skip(connection, table), rows)


def insert_if_new(connection: Connection, table: Any, row: dict[str, Any]) -> bool:
    """Insert one row unless its key is taken (even by a concurrent writer); True when this call inserted it."""
    statement = _insert_or_skip(connection, table).values(row)
    # SQLAlchemy keeps an INSERT's row count only when asked to (psycopg reports -1 otherwise).
    return connection.execute(statement.execution_options(preserve_rowcount=True)).rowcount == 1
