"""SQLite: an index that answers "which object is FTS5 hit N?" without reading the index entry's row.

A search joins each FTS5 hit (a rowid) to its index entry for the content type and object id. The entry
rows hold the indexed text too (kilobytes each, one or two to a page), so reading them for the 20,000
hits of a common word took 60-80 ms at 50,000 documents; this covering index holds only the three
columns the join reads and makes the same join about 12 ms (benchmarks/search_bench.py).
"""

from django.db import migrations

INDEX_NAME = "search_indexentry_hit_lookup"


def _entry_table():
    from modelsearch.conf import get_app_config

    return get_app_config().get_model("IndexEntry")._meta.db_table


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON "{_entry_table()}" (id, content_type_id, object_id)'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_fts_update_trigger_on_text_columns")]

    operations = [migrations.RunPython(forwards, backwards)]
