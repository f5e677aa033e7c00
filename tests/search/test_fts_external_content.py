"""SQLite's FTS5 table reads its text from the index entries (migration search/0010): every way an entry
is written, changed or deleted leaves the index matching the entries, and search finds what they hold."""

import pytest
from django.db import connection
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config

from search.models import JudgedDocument

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table"),
]

IndexEntry = get_app_config().get_model("IndexEntry")
FTS = f"{IndexEntry._meta.db_table}_fts"


def index_is_sound():
    """FTS5's own check of its index against the entries' text (raises when they differ)."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FTS}({FTS}, rank) VALUES ('integrity-check', 1)")
    return True


def found(query):
    backend = get_search_backend()
    return sorted(doc.key for doc in backend.search(query, JudgedDocument.objects.all()))


@pytest.fixture
def documents():
    backend = get_search_backend()
    backend.get_index_for_model(JudgedDocument).reset()
    docs = JudgedDocument.objects.bulk_create(
        [
            JudgedDocument(key="gz", language="zh-hans", title="创新区在广州成立", body="姊妹学校368对。"),
            JudgedDocument(key="hp", language="zh-hans", title="黄埔区", body="国际教育资源集聚。"),
            JudgedDocument(key="en", language="en", title="Vocational education", body="Sister schools."),
        ]
    )
    backend.add_bulk(JudgedDocument, docs)
    return {doc.key: doc for doc in docs}


def test_the_fts_table_keeps_no_copy_of_the_text(documents):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = %s", [f"{FTS}_content"])
        assert cursor.fetchone() is None
    assert found("姊妹学校") == ["gz"] and found("sister schools") == ["en"]
    assert index_is_sound()


def test_a_changed_text_is_found_and_the_old_one_is_not(documents):
    doc = documents["gz"]
    doc.body = "香港科技大学获批设立。"
    get_search_backend().add(doc)
    assert found("香港科技大学") == ["gz"]
    assert found("姊妹学校") == []
    assert index_is_sound()


def test_entries_deleted_by_modelsearch_leave_the_index(documents):
    get_search_backend().delete(documents["hp"])  # modelsearch: a raw DELETE of the object's entries
    assert found("国际教育") == []
    assert index_is_sound()


def test_entries_deleted_through_the_orm_leave_the_index_once(documents):
    """The ORM deletes the FTS row first (modelsearch's SQLiteFTSIndexEntry cascades), then the entry,
    whose trigger must not delete the same text from the index a second time."""
    IndexEntry.objects.filter(object_id=str(documents["gz"].pk)).delete()
    assert found("姊妹学校") == []
    assert found("国际教育") == ["hp"]
    assert index_is_sound()


def test_stale_entries_are_cleaned_up(documents):
    """modelsearch's clean-up of entries whose object is gone (update_index) deletes through the ORM."""
    JudgedDocument.objects.filter(key="en").delete()
    get_search_backend().get_index_for_model(JudgedDocument).delete_stale_model_entries(JudgedDocument)
    assert not IndexEntry.objects.filter(object_id=str(documents["en"].pk)).exists()
    assert index_is_sound()
    assert found("广州") == ["gz"]
