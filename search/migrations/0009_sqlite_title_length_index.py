"""SQLite: an index on each entry's title length and title_norm, for modelsearch's title_norm refresh.

After every batch it indexes, modelsearch averages LENGTH(title) over all the entries and then looks
for entries whose title_norm is still 1.0. Both read every entry's row, text and all (the title is the
last column, after the body): 4 to 10 ms a batch at 5,000 documents, growing with the index. This
index holds the two values those queries read, so both become a scan of a small index (about 0.3 ms
at 5,000 documents; `benchmarks/search_bench.py`).
"""

from django.db import migrations

INDEX_NAME = "search_indexentry_title_length"


def _entry_table():
    from modelsearch.conf import get_app_config

    return get_app_config().get_model("IndexEntry")._meta.db_table


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON "{_entry_table()}" (LENGTH(title), title_norm)'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("search", "0008_postgres_rum_index")]

    operations = [migrations.RunPython(forwards, backwards)]
