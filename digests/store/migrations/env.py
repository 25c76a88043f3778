"""Alembic environment: runs on the connection the application hands over, or on sqlalchemy.url."""

from alembic import context
from sqlalchemy import create_engine

from digests.store.schema import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    with create_engine(config.get_main_option("sqlalchemy.url")).connect() as own_connection:
        run_migrations(own_connection)
        own_connection.commit()
