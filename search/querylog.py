"""The search query log: one upsert per search, after the response has gone out.

What is kept: the query as normalized for search promotions (lower case, spaces collapsed, at most 200
characters), the language, and per day how many searches and how many found nothing, with the time
of the last one. No address, session or user. Only the first page of results counts as a search.

The write never slows or breaks a search: it runs when the response is closed (after the WSGI server
has sent it) and after any transaction commits, is a single INSERT … ON CONFLICT DO UPDATE (SQLite ≥ 3.24
and PostgreSQL alike), and a database error (a locked SQLite file under load) is logged and dropped.
Search pages are never stored in the page cache (cms/page_cache), so no cached page view writes anything.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connections, router, transaction
from django.utils import timezone
from modelsearch.utils import normalise_query_string

logger = logging.getLogger(__name__)


def normalize(query: str) -> str:
    return normalise_query_string(query)[:200]


def record(query: str, language: str, results: int) -> None:
    """Count one search of `query` in `language` that found `results` results."""
    from search.models import SearchQueryDay

    query = normalize(query)
    if not query:
        return
    now = timezone.now()
    table = SearchQueryDay._meta.db_table
    connection = connections[router.db_for_write(SearchQueryDay)]
    ops = connection.ops
    sql = (
        f"INSERT INTO {table} (query, language, date, searches, no_results, last_seen) "
        "VALUES (%s, %s, %s, 1, %s, %s) "
        "ON CONFLICT (query, language, date) DO UPDATE SET "
        f"searches = {table}.searches + 1, no_results = {table}.no_results + excluded.no_results, "
        "last_seen = excluded.last_seen"
    )
    params = [
        query,
        language,
        ops.adapt_datefield_value(timezone.localdate(now)),
        0 if results else 1,
        ops.adapt_datetimefield_value(now),
    ]
    try:
        # One statement, in autocommit mode a transaction of its own. Inside a transaction on PostgreSQL, a
        # savepoint, so that a failed write does not abort it (SQLite undoes only the failed statement).
        if connection.in_atomic_block and connection.vendor == "postgresql":
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                cursor.execute(sql, params)
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
    except DatabaseError:
        logger.warning("search query log: could not record a search", exc_info=True)


def record_after_response(response, query: str, language: str, results: int) -> None:
    """Record the search when the response is closed, i.e. after it has been sent, and outside any
    transaction (on commit: at once in autocommit mode, which is how requests run here)."""
    from search.models import SearchQueryDay

    using = router.db_for_write(SearchQueryDay)
    response._resource_closers.append(
        lambda: transaction.on_commit(lambda: record(query, language, results), using=using, robust=True)
    )
