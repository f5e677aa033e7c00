"""Entries written with their title_norm (search.backends: ChinesePostgresIndex, ChineseSQLiteIndex) are
the entries modelsearch's own add_items writes and then updates, column for column, batch after batch."""

import types

import pytest
from django.db import connection
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config

from search.backends.indexing import segmenting_indexer
from search.models import JudgedDocument

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics and settings")


def with_indexer(function, module, indexer):
    """`function` (an upstream Index.add_items) re-bound so that its `ObjectIndexer` is `indexer`: modelsearch
    builds indexers inside add_items from a module-level name, and rebinding that one global runs the
    upstream method unchanged, as the backends did before they wrote title_norm themselves."""
    namespace = {**vars(module), "ObjectIndexer": indexer}
    rebound = types.FunctionType(function.__code__, namespace, function.__name__, function.__defaults__)
    rebound.__kwdefaults__ = function.__kwdefaults__
    return rebound


# How the backend wrote entries before: modelsearch's add_items (insert, then update title_norm).
if connection.vendor == "postgresql":
    from modelsearch.backends.database.postgres import postgres as upstream

    upstream_index = upstream.PostgresIndex
else:  # each module needs its database's models
    from modelsearch.backends.database.sqlite import sqlite as upstream

    upstream_index = upstream.SQLiteIndex
upstream_add_items = with_indexer(upstream_index.add_items, upstream, segmenting_indexer(upstream.ObjectIndexer))


def documents():
    docs = [
        ("zh-hans", "广州市黄埔区教育局", "全国首个中外人文交流教育创新区在广州成立。" * 3),
        ("zh-hans", "交流", "青少年交流活动。"),
        ("en", "Vocational education", "A youth exchange between schools. " * 4),
        ("en", "", "A page without a title."),  # empty title: title_norm stays 1.0
        ("en", "Two words", "Its title is as long as the average one."),
    ]
    if connection.vendor == "sqlite":  # PostgreSQL's text holds no NUL
        docs.append(("en", "A title with a \x00 in it", "SQLite's LENGTH stops at the NUL."))
    docs += [("en", f"Report number {i}", "Finance and governance. " * (i % 5)) for i in range(20)]
    docs += [("zh-hans", f"报道{i}年度", "其他内容。" * (1 + i % 4)) for i in range(20)]
    return [JudgedDocument(key=str(i), language=lang, title=t, body=b) for i, (lang, t, b) in enumerate(docs)]


def entries():
    columns = ["content_type_id", "object_id", "title", "autocomplete", "body", "title_norm"]
    if connection.vendor == "postgresql":
        columns += ["title_text", "body_text"]
    entry_table = get_app_config().get_model("IndexEntry")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {entry_table} ORDER BY content_type_id, object_id")
        return cursor.fetchall()


def write(index, add_items, objects):
    """Three batches, then the first batch again with changed titles (the upsert's update path)."""
    for batch in (objects[:7], objects[7:30], objects[30:]):
        add_items(index, JudgedDocument, batch)
    for obj in objects[:7]:
        obj.title += " 修订版 revised"
    add_items(index, JudgedDocument, objects[:7])
    for obj in objects[:7]:
        obj.title = obj.title.removesuffix(" 修订版 revised")


def written_by_modelsearch():
    """(the emptied index, the documents, the entries modelsearch's own add_items wrote for them)."""
    objects = JudgedDocument.objects.bulk_create(documents())
    index = get_search_backend().get_index_for_model(JudgedDocument)
    index.reset()
    write(index, upstream_add_items, objects)
    expected = entries()
    index.reset()
    return index, objects, expected


def test_entries_are_written_as_modelsearch_writes_and_updates_them():
    index, objects, expected = written_by_modelsearch()
    write(index, type(index).add_items, objects)
    assert entries() == expected
    assert len(expected) == len(objects)
    assert len({row[5] for row in expected}) > 5  # title_norm varies


def updated_entries():
    """Entry rows updated so far in this transaction (the statistics of the transaction, not yet reported)."""
    entry_table = get_app_config().get_model("IndexEntry")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = %s", [entry_table])
        return cursor.fetchone()[0]


@postgres_only
def test_new_entries_are_written_once():
    objects = JudgedDocument.objects.bulk_create(documents())
    index = get_search_backend().get_index_for_model(JudgedDocument)
    before = updated_entries()
    index.add_items(JudgedDocument, objects)
    assert updated_entries() == before  # written once, not written and then updated


@postgres_only
def test_without_shortest_float_output_modelsearch_sets_the_norms_as_before():
    """extra_float_digits < 1 prints float8 rounded: the INSERT then leaves 1.0 and modelsearch's refresh
    updates the new entries, as it always did."""
    index, objects, expected = written_by_modelsearch()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL extra_float_digits = 0")
    before = updated_entries()
    write(index, type(index).add_items, objects)
    assert updated_entries() > before
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL extra_float_digits = 1")  # read the stored floats whole
    assert entries() == expected


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index writes its entries in chunks")
def test_entries_written_a_few_to_a_statement_are_the_same(monkeypatch):
    """ChineseSQLiteIndex looks entries up and writes them many to a statement, segmenting each chunk of
    new entries while the chunk before it is written: chunked small, nothing is lost, doubled or written
    differently."""
    from search.backends import sqlite as sqlite_backend

    index, objects, expected = written_by_modelsearch()
    monkeypatch.setattr(sqlite_backend, "ROWS_PER_STATEMENT", 3)
    monkeypatch.setattr(sqlite_backend, "FIRST_ROWS", 1)
    monkeypatch.setattr(sqlite_backend, "ROWS_AHEAD", 2)
    write(index, type(index).add_items, objects)
    assert entries() == expected
