"""SQLite: re-index a row in FTS5 only when its text changes.

Wagtail's trigger copies every UPDATE of an index entry into the FTS5 table. After each batch, modelsearch
updates the new rows' title_norm (a number FTS5 does not hold), so every document was tokenized and
written into FTS5 twice: a third of SQLite's indexing time. `AFTER UPDATE OF title, body, autocomplete`
still fires on every change of the indexed text (modelsearch sets all three when it re-indexes an object).
"""

from django.db import migrations

TEXT_COLUMNS = "title, body, autocomplete"


def _update_triggers(connection, entry):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND sql LIKE %s",
            [entry, "%AFTER UPDATE%"],
        )
        return cursor.fetchall()


def _entry_table():
    from modelsearch.conf import get_app_config

    return get_app_config().get_model("IndexEntry")._meta.db_table


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    entry = _entry_table()
    for name, sql in _update_triggers(schema_editor.connection, entry):
        old = f"AFTER UPDATE ON {entry}"
        if old not in sql:
            continue  # already limited to some columns
        schema_editor.execute(f"DROP TRIGGER {name}")
        schema_editor.execute(sql.replace(old, f"AFTER UPDATE OF {TEXT_COLUMNS} ON {entry}"))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    entry = _entry_table()
    for name, sql in _update_triggers(schema_editor.connection, entry):
        schema_editor.execute(f"DROP TRIGGER {name}")
        schema_editor.execute(sql.replace(f"AFTER UPDATE OF {TEXT_COLUMNS} ON {entry}", f"AFTER UPDATE ON {entry}"))


class Migration(migrations.Migration):
    dependencies = [("search", "0004_search_permissions"), ("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(forwards, backwards)]
