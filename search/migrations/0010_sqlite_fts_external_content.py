"""SQLite: the FTS5 table reads its text from the index entries instead of keeping a copy of its own.

modelsearch's FTS5 table keeps its own copy of every entry's text besides the entry row and the index:
with Chinese bigram streams and words that copy is about a third of the search index on disk, and
writing it a tenth of the indexing time. An external-content FTS5 table (`content=` the entry table)
keeps only the index; FTS5 reads the entry row when it needs a text.

Such a table has to be told exactly what it indexed when a row changes or goes, so the triggers pass
the old text (`'delete'`). A row can also leave the FTS table first and its entry afterwards: Django's
ORM deletes the FTS row that points at an entry (modelsearch's `SQLiteFTSIndexEntry`, on_delete
CASCADE) before deleting the entry, as modelsearch's stale-entry clean-up and a deleted page do. FTS5
reads the entry's text for that delete, and the entry's trigger then finds no indexed row (its
`_docsize` row is gone) and deletes nothing twice.
"""

from django.db import migrations


def _tables():
    from modelsearch.conf import get_app_config

    entry = get_app_config().get_model("IndexEntry")._meta.db_table
    return entry, f"{entry}_fts"


def _fts_exists(schema_editor, fts):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [fts])
        return cursor.fetchone() is not None


def _drop(schema_editor, entry, fts):
    for action in ("insert", "update", "delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {action}_{entry}_fts")
    schema_editor.execute(f"DROP TABLE {fts}")


def forwards(apps, schema_editor):
    entry, fts = _tables()
    if schema_editor.connection.vendor != "sqlite" or not _fts_exists(schema_editor, fts):
        return
    _drop(schema_editor, entry, fts)
    columns = "autocomplete, body, title"
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {fts} USING fts5({columns}, tokenize = 'porter unicode61', "
        f"content = '{entry}', content_rowid = 'id')"
    )
    indexed = f"EXISTS (SELECT 1 FROM {fts}_docsize WHERE id = OLD.id)"
    delete_old = (
        f"INSERT INTO {fts}({fts}, rowid, {columns}) "
        f"SELECT 'delete', OLD.id, OLD.autocomplete, OLD.body, OLD.title WHERE {indexed};"
    )
    insert_new = f"INSERT INTO {fts}(rowid, {columns}) VALUES (NEW.id, NEW.autocomplete, NEW.body, NEW.title);"
    schema_editor.execute(f"CREATE TRIGGER insert_{entry}_fts AFTER INSERT ON {entry} BEGIN {insert_new} END")
    schema_editor.execute(
        f"CREATE TRIGGER update_{entry}_fts AFTER UPDATE OF title, body, autocomplete ON {entry} "
        f"BEGIN {delete_old} {insert_new} END"
    )
    schema_editor.execute(f"CREATE TRIGGER delete_{entry}_fts AFTER DELETE ON {entry} BEGIN {delete_old} END")
    schema_editor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def backwards(apps, schema_editor):
    """The FTS5 table with its own copy of the text and the triggers as migration 0005 left them."""
    entry, fts = _tables()
    if schema_editor.connection.vendor != "sqlite" or not _fts_exists(schema_editor, fts):
        return
    _drop(schema_editor, entry, fts)
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {fts} USING fts5(autocomplete, body, title, tokenize = 'porter unicode61')"
    )
    schema_editor.execute(
        f"CREATE TRIGGER insert_{entry}_fts AFTER INSERT ON {entry} BEGIN INSERT INTO {fts}(title, body, "
        f"autocomplete, rowid) VALUES (NEW.title, NEW.body, NEW.autocomplete, NEW.id); END"
    )
    schema_editor.execute(
        f"CREATE TRIGGER update_{entry}_fts AFTER UPDATE OF title, body, autocomplete ON {entry} BEGIN UPDATE "
        f"{fts} SET title=NEW.title, body=NEW.body, autocomplete=NEW.autocomplete WHERE rowid=NEW.id; END"
    )
    schema_editor.execute(
        f"CREATE TRIGGER delete_{entry}_fts AFTER DELETE ON {entry} BEGIN DELETE FROM {fts} WHERE rowid=OLD.id; END"
    )
    schema_editor.execute(
        f"INSERT INTO {fts}(rowid, autocomplete, body, title) SELECT id, autocomplete, body, title FROM {entry}"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0009_sqlite_title_length_index")]

    operations = [migrations.RunPython(forwards, backwards)]
