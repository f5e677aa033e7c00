"""Database-side pieces of the Chinese-aware search backends.

SQLite: rebuild modelsearch's FTS5 table with the porter tokenizer, SQLite's own English stemmer
(it leaves the Chinese bigram tokens alone). PostgreSQL: a GIN index on title || body, the vector the
query matches with @@ (modelsearch indexes the two columns separately, which that expression can't use).
"""

from django.db import migrations



def _tables():
    from modelsearch.conf import get_app_config

    entry = get_app_config().get_model("IndexEntry")._meta.db_table  # wagtailsearch_indexentry under Wagtail
    return entry, f"{entry}_fts"


def forwards(apps, schema_editor):
    ENTRY, FTS = _tables()
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = %s", [FTS])
            if cursor.fetchone() is None:
                return  # no FTS5 in this SQLite: modelsearch falls back to its plain backend
        schema_editor.execute(f"DROP TABLE {FTS}")
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS} USING fts5(autocomplete, body, title, tokenize = 'porter unicode61')"
        )
        schema_editor.execute(
            f"INSERT INTO {FTS}(rowid, autocomplete, body, title) SELECT id, autocomplete, body, title FROM {ENTRY}"
        )
    elif connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS search_indexentry_title_body_gin ON {ENTRY} USING GIN ((title || body))"
        )


def backwards(apps, schema_editor):
    ENTRY, FTS = _tables()
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")
        schema_editor.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(autocomplete, body, title)")
        schema_editor.execute(
            f"INSERT INTO {FTS}(rowid, autocomplete, body, title) SELECT id, autocomplete, body, title FROM {ENTRY}"
        )
    elif connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_indexentry_title_body_gin")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(forwards, backwards)]
