"""PostgreSQL: a RUM index on title || body when the server has the `rum` extension (optional).

GIN knows which entries hold a word but not where, so ranking read every match's vectors from the table
(ts_rank, about 9 µs each) and a phrase (a <-> b) rechecked every candidate there: 300 ms and more for a
common word at 50,000 documents. RUM keeps the word positions in the index: it matches phrases and orders
by relevance (`vector <=> query`) inside the index (search/backends/postgres.py uses it when it exists).

Without the extension (Debian: postgresql-<major>-rum), or without the right to create it (it needs a
superuser), this does nothing and search keeps GIN and ts_rank. With RUM the GIN index is dropped: RUM
serves the same @@ matches, and both would be updated on every write.
"""

from django.db import migrations

RUM_INDEX = "search_indexentry_title_body_rum"
GIN_INDEX = "search_indexentry_title_body_gin"


def _entry_table():
    from modelsearch.conf import get_app_config

    return get_app_config().get_model("IndexEntry")._meta.db_table


def _rum_installed(schema_editor):
    """Whether `rum` is installed in this database, installing it first if the server has it and we may."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT installed_version IS NOT NULL FROM pg_available_extensions WHERE name = 'rum'")
        row = cursor.fetchone()
        if row is None:
            return False  # the server has no rum package
        if row[0]:
            return True
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return False  # a DBA can CREATE EXTENSION rum, then run this migration again (backwards, forwards)
        cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        return True


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql" or not _rum_installed(schema_editor):
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {RUM_INDEX} ON {_entry_table()} USING rum ((title || body) rum_tsvector_ops)"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON {_entry_table()} USING GIN ((title || body))")
    schema_editor.execute(f"DROP INDEX IF EXISTS {RUM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0007_judged_document_language_index")]

    operations = [migrations.RunPython(forwards, backwards)]
