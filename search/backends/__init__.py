"""Chinese-aware search backends for SQLite and PostgreSQL (configure `search.backends` in settings).

Like modelsearch's own `database` backend, this picks the implementation for the default database.
"""

from django.db import connection


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks up in a backend module
    if connection.vendor == "postgresql":
        from .postgres import ChinesePostgresSearchBackend

        return ChinesePostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from .sqlite import ChineseSQLiteSearchBackend

        return ChineseSQLiteSearchBackend(params)
    raise NotImplementedError(f"No Chinese-aware search backend for {connection.vendor}; use SQLite or PostgreSQL.")
