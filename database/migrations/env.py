"""Alembic environment: run from code by psm_desktop.storage.migrations with a live connection."""

from __future__ import annotations

from alembic import context

from psm_desktop.model import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "Le migrazioni si eseguono dall'applicazione, con una connessione aperta."
        )
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("Offline migrations are not supported.")
run_migrations_online()
