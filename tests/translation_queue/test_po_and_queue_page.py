"""PO round trip with clear refusals, the queue page itself, and its query count at 10 and 1,000 rows."""

import uuid

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail_localize.models import StringTranslation, TranslatableObject, TranslationSource

from cms.translation_queue import drafts, po, work
from cms.translation_queue.models import TaskState, TranslationTask

QUEUE = "/admin/translation-queue/"


@pytest.fixture
def claimed(seeded, people, new_page):
    task = TranslationTask.objects.get(source__object_id=new_page.translation_key, target_locale=seeded["zh"])
    work.claim(task, people["translator"])
    return task


def translated_po(task, **changes):
    _name, content = po.export(task)
    parsed = polib.pofile(content.decode())
    for entry in parsed:
        if entry.msgctxt == "title":
            entry.msgstr = "北京林业大学"
    for key, value in changes.items():
        parsed.metadata[key] = value
    return str(parsed).encode()


def strings(task):
    return sorted(
        StringTranslation.objects.filter(context__object_id=task.source.object_id).values_list("data", flat=True)
    )


def upload(client, task, content, name="bfu.po"):
    response = client.post(f"{QUEUE}{task.pk}/po/upload/", {"po_file": SimpleUploadedFile(name, content)}, follow=True)
    return response.content.decode()


def test_download_then_upload_round_trip(client, people, claimed):
    client.force_login(people["translator"])
    response = client.get(f"{QUEUE}{claimed.pk}/po/")
    assert response["Content-Disposition"] == 'attachment; filename="bfu-zh-hans.po"'
    assert b'msgctxt "title"' in response.content
    html = upload(client, claimed, translated_po(claimed))
    assert "bfu.po: 1 strings imported, 0 unchanged" in html
    assert strings(claimed) == ["北京林业大学"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not utf-8", "bfu.po: The file is not UTF-8 text"),
        (b"this is not gettext\n", "bfu.po: The file is not a valid PO file: Syntax error in po file (line 1)"),
        (b'msgid "a"\nmsgstr "b"\n', "has no X-WagtailLocalize-TranslationID header"),
    ],
    ids=["binary", "malformed", "no-header"],
)
def test_bad_po_files_are_refused_and_change_nothing(client, people, claimed, content, message):
    client.force_login(people["translator"])
    assert message in upload(client, claimed, content)
    assert strings(claimed) == []


def test_po_of_another_page_is_refused_by_name(client, people, claimed, seeded):
    other = TranslationTask.objects.get(source__object_id=claimed.source.object_id, target_locale=seeded["zh"])
    ciyec = TranslationTask.objects.filter(content_kind="news.newspage", target_locale=seeded["zh"]).first()
    foreign = translated_po(other, **{"X-WagtailLocalize-TranslationID": str(drafts.ensure_translation(ciyec).uuid)})
    client.force_login(people["translator"])
    html = upload(client, claimed, foreign)
    assert "This PO file belongs to" in html and "not to this row" in html
    assert strings(claimed) == []


def test_po_with_unknown_strings_is_refused_whole(client, people, claimed):
    content = translated_po(claimed)
    parsed = polib.pofile(content.decode())
    parsed.append(polib.POEntry(msgctxt="body.nowhere", msgid="A sentence this page never had.", msgstr="无"))
    client.force_login(people["translator"])
    html = upload(client, claimed, str(parsed).encode())
    assert "Nothing was imported: 1 entries don&#x27;t match this page" in html
    assert strings(claimed) == []  # the valid title line was not kept either


def test_queue_row_shows_what_a_translator_needs(client, people, claimed):
    client.force_login(people["translator"])
    html = client.get(QUEUE).content.decode()
    assert "Beijing Forestry University" in html
    assert "Organization profile" in html and "In progress" in html
    assert f"0 / {claimed.segments_total}" in html
    assert "tian" in html  # assignee
    assert "Open in editor" in html and "Download PO" in html
    # Nothing translated yet: the row does not offer what the server would refuse (the workflow table).
    assert 'data-action="submit"' not in html and 'data-action="prefill"' in html


def test_filters(client, people, claimed, seeded):
    client.force_login(people["reviewer"])
    assert "Beijing Forestry University" not in client.get(QUEUE, {"who": "unassigned"}).content.decode()
    assert (
        "Beijing Forestry University"
        in client.get(QUEUE, {"locale": "zh-hans", "state": "in_progress"}).content.decode()
    )
    mine = client.get(QUEUE, {"who": "mine"}).content.decode()
    assert "Beijing Forestry University" not in mine
    done = client.get(QUEUE, {"state": "done", "kind": "news.newspage"}).content.decode()
    assert "CIYEC Signs Memorandum" in done and "Beijing Forestry University" not in done


def test_menu_badge_and_dashboard_panel(client, people, claimed):
    client.force_login(people["translator"])
    html = client.get("/admin/").content.decode()
    assert "Translations (1)" in html
    assert "1 task is yours." in html


def test_review_page_lists_terminology_issues(client, people, claimed, commit):
    translation = drafts.ensure_translation(claimed)
    parsed = translation.export_po()
    for entry in parsed:
        if "China International Youth Exchange Center" in entry.msgid:
            entry.msgstr = "该大学与一个青年机构合作。"
    with commit():
        translation.import_po(parsed)
    claimed.refresh_from_db()
    assert claimed.terminology_issues == 1
    client.force_login(people["reviewer"])
    html = client.get(f"{QUEUE}{claimed.pk}/review/").content.decode()
    assert (
        'data-code="glossary">Warning: An agreed glossary term is not used. '
        "<code>China International Youth Exchange Center → 中国国际青年交流中心</code>"
    ) in html


def make_tasks(locale, count):
    from django.contrib.contenttypes.models import ContentType

    from orgs.models import OrganizationPage

    content_type = ContentType.objects.get_for_model(OrganizationPage)
    objects = TranslatableObject.objects.bulk_create(
        TranslatableObject(translation_key=uuid.uuid4(), content_type=content_type) for _ in range(count)
    )
    sources = TranslationSource.objects.bulk_create(
        TranslationSource(
            object_id=objects[i].translation_key,
            specific_content_type=content_type,
            locale_id=1,
            object_repr=f"Synthetic {i}",
            content_json="{}",
            created_at=timezone.now(),
            last_updated_at=timezone.now(),
        )
        for i in range(count)
    )
    TranslationTask.objects.bulk_create(
        TranslationTask(
            source=source,
            target_locale=locale,
            source_title=source.object_repr,
            content_kind="orgs.organizationpage",
            segments_total=10,
            words_remaining=100,
            source_changed_at=timezone.now(),
            state=TaskState.NOT_STARTED,
        )
        for source in sources
    )


def queue_queries(client):
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(QUEUE).status_code == 200
    return len(queries)


def test_queue_query_count_does_not_grow_with_its_length(client, people, seeded):
    client.force_login(people["reviewer"])
    make_tasks(seeded["zh"], 10)
    at_10 = queue_queries(client)
    make_tasks(seeded["zh"], 990)
    at_1000 = queue_queries(client)
    assert at_10 == at_1000
    assert "1000 tasks" in client.get(QUEUE).content.decode()
