"""Open the store: create the engine for a database URL and bring its schema to the latest migration."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Writers wait this long for a SQLite lock instead of failing at once when two processes ingest.
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Pages of 8 KiB instead of SQLite's 4 KiB: an item's row (text of up to a few KiB) and its index entries take fewer
# pages, so a feed's save writes fewer of them (about a tenth of the store stage at 10,000 items). Set before the first
# table; a database created with another page size keeps its own.
SQLITE_PAGE_BYTES = 8192
# SQLite copies the write-ahead log into the database file after this many pages, 40 MB (its default is 1,000).
SQLITE_WAL_CHECKPOINT_PAGES = 40_960_000 // SQLITE_PAGE_BYTES
# Each connection's page cache, in KiB (SQLite's default is 2 MiB).
SQLITE_CACHE_KIB = 32_768


def sqlite_url(data_dir: Path) -> str:
    """The default embedded database: one SQLite file under the data directory, created on first use."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'reelbrief.db'}"


def create_store_engine(url: str) -> Engine:
    """An engine tuned per backend (WAL and foreign keys on SQLite); psycopg 3 for plain postgresql:// URLs."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        # One in-memory database for every thread (feeds are stored from a worker thread), not one per thread.
        engine = create_engine(parsed, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(parsed, pool_pre_ping=parsed.get_backend_name() != "sqlite")
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _tune_sqlite)
    return engine


def _tune_sqlite(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    if dbapi_connection.execute("PRAGMA database_list").fetchone()[2]:  # a file, not :memory:
        cursor.execute(f"PRAGMA page_size={SQLITE_PAGE_BYTES}")  # before WAL, which fixes the page size
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # A big feed rewrites many index pages: checkpointing every 40 MB of WAL instead of every 4 MB copies each
        # page into the database once for many commits, not once per commit (an eighth of store time at 100k items).
        cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_WAL_CHECKPOINT_PAGES}")
        # The item indexes of a few months of news outgrow 2 MiB; re-reading their pages made each feed's save
        # slower as the store grew (a tenth of store time at 100k items).
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Upgrade the schema to head with Alembic; cheap when it is already there."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_store(url: str) -> Engine:
    engine = create_store_engine(url)
    migrate(engine)
    return engine
