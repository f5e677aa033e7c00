"""Batches on the queue page: claim and assign several rows at once, export them as one PO or XLIFF file and
import it back — all or nothing, with the single PO upload's refusals."""

import re
import uuid
from html import unescape

import polib
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree
from translate.storage import xliff as toolkit
from wagtail.models import Locale, ModelLogEntry, Page
from wagtail_localize.models import StringTranslation, TranslatableObject, TranslationSource
from wagtail_localize.synctree import create_aliases_for_new_page

from cms.translation_queue import work
from cms.translation_queue.batch import HEADER
from cms.translation_queue.models import TaskState, TranslationTask
from orgs.models import OrganizationPage

from .conftest import CHINESE, task_for

QUEUE = "/admin/translation-queue/"
XLIFF_NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}

SECOND = {
    "Tsinghua Green Campus": "清华绿色校园",
    "A student society in Beijing.": "北京的一个学生社团。",
    "Students plant trees along the river every spring.": "学生们每年春天在河边植树。",
}


@pytest.fixture
def second_page(seeded, people, commit):
    index = Page.objects.get(locale=seeded["en"], slug="organizations")
    page = OrganizationPage(
        title="Tsinghua Green Campus",
        slug="tgc",
        summary="A student society in Beijing.",
        body=[("paragraph", "<p>Students plant trees along the river every spring.</p>")],
    )
    index.add_child(instance=page)
    create_aliases_for_new_page(page)
    with commit():
        page.save_revision(user=people["editor"]).publish(user=people["editor"])
    return page


@pytest.fixture
def two(seeded, new_page, second_page):
    return [task_for(new_page, seeded["zh"]), task_for(second_page, seeded["zh"])]


@pytest.fixture
def claimed_two(two, people):
    for task in two:
        work.claim(task, people["translator"])
    return two


def post_batch(client, action, tasks, **extra):
    return client.post(
        f"{QUEUE}batch/",
        {"batch_action": action, "tasks": [t.pk for t in tasks], **extra},
        follow=action[:6] != "export",
    )


def import_batch(client, content, name="batch.po"):
    response = client.post(f"{QUEUE}batch/import/", {"batch_file": SimpleUploadedFile(name, content)}, follow=True)
    return response.content.decode()


def strings(task):
    return dict(
        StringTranslation.objects.filter(
            context__object_id=task.source.object_id, locale=task.target_locale
        ).values_list("translation_of__data", "data")
    )


def fill(text: str) -> str:
    return {**CHINESE, **SECOND}.get(text, "这是一段译文。")


def filled_po(content: bytes, **header) -> bytes:
    parsed = polib.pofile(content.decode())
    for entry in parsed:
        entry.msgstr = fill(entry.msgid)
    parsed.metadata.update(header)
    return str(parsed).encode()


def filled_xliff(content: bytes, edit=None) -> bytes:
    store = toolkit.xlifffile.parsestring(content)
    for unit in store.units:
        unit.settarget(fill(unit.source))
    if edit:
        edit(store.document.getroot())
    return bytes(store)


def draft_title(page, seeded):
    target = Page.objects.get(translation_key=page.translation_key, locale=seeded["zh"])
    return target.latest_revision.as_object().title


def actions_logged(task):
    return list(
        ModelLogEntry.objects.filter(object_id=str(task.pk), content_type__model="translationtask")
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


# --- the page ----------------------------------------------------------------------------------------


def test_queue_rows_have_checkboxes_in_the_batch_form_and_keep_their_own_forms(client, people, two):
    client.force_login(people["reviewer"])
    html = client.get(QUEUE).content.decode()
    for task in two:
        assert f'name="tasks" value="{task.pk}" form="queue-batch"' in html
        assert f'action="{QUEUE}{task.pk}/assign/"' in html  # the single-row form is still there
    assert html.count('<form id="queue-batch"') == 1
    assert 'value="claim">Claim selected' in html and 'value="assign">Assign selected' in html
    assert 'value="export_xliff">Export selected as XLIFF' in html
    # No form inside another (a browser would drop the inner one).
    assert not re.search(r"<form(?:(?!</form>).)*<form", html, re.DOTALL)


def test_translators_get_no_batch_assign(client, people, two):
    client.force_login(people["translator"])
    html = client.get(QUEUE).content.decode()
    assert "Claim selected" in html and "Assign selected" not in html


# --- claim and assign --------------------------------------------------------------------------------


def test_translator_claims_two_rows_at_once(client, people, two):
    client.force_login(people["translator"])
    html = post_batch(client, "claim", two).content.decode()
    assert "Claimed 2 tasks." in html
    for task in two:
        task.refresh_from_db()
        assert (task.assignee, task.state) == (people["translator"], TaskState.IN_PROGRESS)
        assert actions_logged(task)[-1] == "translation_queue.claimed"


def test_all_on_this_page_claims_every_row_without_javascript(client, people, two):
    client.force_login(people["translator"])
    response = client.post(
        f"{QUEUE}batch/",
        {"batch_action": "claim", "all_on_page": "1", "page_tasks": [t.pk for t in two]},
        follow=True,
    )
    assert "Claimed 2 tasks." in response.content.decode()
    assert TranslationTask.objects.filter(pk__in=[t.pk for t in two], assignee=people["translator"]).count() == 2


def test_one_refused_row_refuses_the_whole_claim(client, people, two):
    work.claim(two[1], people["other_translator"])
    client.force_login(people["translator"])
    html = post_batch(client, "claim", two).content.decode()
    assert "Nothing was changed:" in html
    assert f"#{two[1].pk} “Tsinghua Green Campus” (zh-hans): Someone else has claimed this already." in html
    first = TranslationTask.objects.get(pk=two[0].pk)
    assert (first.assignee_id, first.state) == (None, TaskState.NOT_STARTED)
    assert actions_logged(first) == ["translation_queue.queued"]


def test_reviewer_assigns_two_rows(client, people, two, mailoutbox, commit):
    client.force_login(people["reviewer"])
    mailoutbox.clear()  # the publishes' "new work" mails
    with commit():
        html = post_batch(client, "assign", two, batch_assignee=people["translator"].pk).content.decode()
    assert "Assigned 2 tasks to tian." in html
    for task in two:
        task.refresh_from_db()
        assert task.assignee == people["translator"]
    # The translator hears of both in one mail, as after a publish that queues several tasks.
    assert len([m for m in mailoutbox if "tian@example.org" in m.to]) == 1


def test_translator_may_not_batch_assign_and_nothing_changes(client, people, two):
    client.force_login(people["translator"])
    html = post_batch(client, "assign", two, batch_assignee=people["other_translator"].pk).content.decode()
    assert "Nothing was changed:" in html
    assert html.count("not yours, or not in your language") == 2
    assert not TranslationTask.objects.filter(pk__in=[t.pk for t in two], assignee__isnull=False).exists()


def test_assigning_to_someone_outside_the_language_is_refused(client, people, two):
    client.force_login(people["reviewer"])
    html = post_batch(client, "assign", two, batch_assignee=people["editor"].pk).content.decode()
    assert "edith does not translate into this language." in html
    assert not TranslationTask.objects.filter(pk__in=[t.pk for t in two], assignee__isnull=False).exists()


def test_a_task_outside_the_users_languages_cannot_be_selected(client, people, two, french_task):
    client.force_login(people["translator"])
    html = post_batch(client, "claim", [two[0], french_task]).content.decode()
    assert f"Task #{french_task.pk} does not exist or is not in your languages." in html
    assert TranslationTask.objects.get(pk=two[0].pk).assignee_id is None


# --- export and import: round trips ------------------------------------------------------------------


def test_po_round_trip_of_two_tasks(client, people, claimed_two, seeded, new_page, second_page):
    client.force_login(people["translator"])
    response = post_batch(client, "export_po", claimed_two)
    assert response["Content-Disposition"] == 'attachment; filename="translation-queue-2-tasks-zh-hans.po"'
    exported = polib.pofile(response.content.decode())
    assert exported.metadata["Language"] == "zh-hans"
    assert {e.msgctxt.split(":")[0] for e in exported} == {str(t.pk) for t in claimed_two}
    assert f'msgctxt "{claimed_two[0].pk}:title"' in response.content.decode()
    # The single export's suggestions travel too: the glossary term in the second paragraph.
    assert "Glossary: China International Youth Exchange Center = 中国国际青年交流中心" in response.content.decode()

    # Poedit writes the language its own way (zh_Hans): the same language.
    html = import_batch(client, filled_po(response.content, Language="zh_Hans"))
    assert "batch.po: 2 tasks updated," in html and "strings imported, 0 unchanged" in html
    assert strings(claimed_two[0])["Beijing Forestry University"] == "北京林业大学"
    assert strings(claimed_two[1])["Students plant trees along the river every spring."] == "学生们每年春天在河边植树。"
    assert draft_title(new_page, seeded) == "北京林业大学"
    assert draft_title(second_page, seeded) == "清华绿色校园"
    for task in claimed_two:
        task.refresh_from_db()
        assert task.segments_translated == task.segments_total > 0
        assert actions_logged(task)[-1] == "translation_queue.po_imported"  # as a single upload logs it


def test_xliff_round_trip_of_two_tasks(client, people, claimed_two, seeded, new_page, second_page):
    client.force_login(people["translator"])
    response = post_batch(client, "export_xliff", claimed_two)
    assert response["Content-Disposition"] == 'attachment; filename="translation-queue-2-tasks-zh-hans.xlf"'
    root = etree.fromstring(response.content)
    assert root.get("version") == "1.2"
    files = root.findall("x:file", XLIFF_NS)
    assert [(f.get("original").split("/")[0], f.get("source-language"), f.get("target-language")) for f in files] == [
        (f"task-{t.pk}", "en", "zh-hans") for t in claimed_two
    ]
    assert files[0].find("x:body/x:trans-unit[@resname='title']/x:source", XLIFF_NS).text == (
        "Beijing Forestry University"
    )

    html = import_batch(client, filled_xliff(response.content), name="batch.xlf")
    assert "batch.xlf: 2 tasks updated," in shown(html)
    assert draft_title(new_page, seeded) == "北京林业大学"
    assert draft_title(second_page, seeded) == "清华绿色校园"
    assert strings(claimed_two[0])["A university in Beijing."] == "北京的一所大学。"
    review = client.get(f"{QUEUE}{claimed_two[1].pk}/review/").content.decode()
    assert "学生们每年春天在河边植树。" in review  # the segments screen shows the imported work


def test_a_task_left_untranslated_in_the_file_is_left_alone(client, people, claimed_two):
    client.force_login(people["translator"])
    exported = polib.pofile(post_batch(client, "export_po", claimed_two).content.decode())
    for entry in exported:
        if entry.msgctxt.startswith(f"{claimed_two[0].pk}:"):
            entry.msgstr = fill(entry.msgid)
    html = import_batch(client, str(exported).encode())
    assert "batch.po: 1 tasks updated" in html and "1 tasks in the file had no translations" in html
    assert strings(claimed_two[1]) == {}


# --- refusals: nothing half-imported ----------------------------------------------------------------


def shown(html: str) -> str:
    """The admin's messages, as text."""
    match = re.search(r'data-w-messages-target="container">(.*?)</ul>', html, re.DOTALL)
    return unescape(re.sub(r"<[^>]+>", " ", match[1])) if match else ""


def refused(html: str) -> str:
    text = shown(html)
    assert "Nothing was imported: " in text, f"no refusal shown: {text}"
    return text.split("Nothing was imported: ", 1)[1]


def test_wrong_locale_is_refused_po(client, people, claimed_two):
    client.force_login(people["translator"])
    content = filled_po(post_batch(client, "export_po", claimed_two).content, Language="fr")
    message = refused(import_batch(client, content))
    assert "the file is in “fr” but" in message and "translates into “zh-hans”" in message
    assert all(strings(t) == {} for t in claimed_two)


def test_wrong_locale_is_refused_xliff(client, people, claimed_two):
    client.force_login(people["translator"])

    def second_in_french(root):
        root.findall("x:file", XLIFF_NS)[1].set("target-language", "fr")

    content = filled_xliff(post_batch(client, "export_xliff", claimed_two).content, second_in_french)
    message = refused(import_batch(client, content, "batch.xlf"))
    assert f"task-{claimed_two[1].pk}" in message and "the file is in “fr”" in message
    assert f"task-{claimed_two[0].pk}" not in message
    assert all(strings(t) == {} for t in claimed_two)  # the first file was fine, and was not imported


def test_unknown_string_in_the_second_task_is_refused_with_its_line(client, people, claimed_two):
    client.force_login(people["translator"])
    parsed = polib.pofile(filled_po(post_batch(client, "export_po", claimed_two).content).decode())
    parsed.append(
        polib.POEntry(msgctxt=f"{claimed_two[1].pk}:body.nowhere", msgid="A sentence never written.", msgstr="无")
    )
    content = str(parsed).encode()
    line = content.decode().splitlines().index(f'msgctxt "{claimed_two[1].pk}:body.nowhere"') + 1
    message = refused(import_batch(client, content))
    assert (
        f"line {line}: “body.nowhere” with this English is not a segment of #{claimed_two[1].pk} "
        "“Tsinghua Green Campus” (zh-hans) (A sentence never written.)"
    ) in message
    assert all(strings(t) == {} for t in claimed_two)


def test_a_problem_found_while_importing_the_second_task_leaves_the_first_unchanged(
    client, people, claimed_two, seeded, new_page
):
    """Atomicity: the second task fails inside po.import_upload (its translation id is another's), after
    the first task's strings, draft, progress and history were written; all of it is undone."""
    client.force_login(people["translator"])
    content = filled_po(post_batch(client, "export_po", claimed_two).content).decode()
    first_id, second_id = (part.split()[1] for part in polib.pofile(content).metadata[HEADER].split(", "))
    content = content.replace(f"{claimed_two[1].pk} {second_id}", f"{claimed_two[1].pk} {uuid.uuid4()}")
    message = refused(import_batch(client, content.encode()))
    assert f"#{claimed_two[1].pk} “Tsinghua Green Campus” (zh-hans): This PO file belongs to an unknown" in message
    first = TranslationTask.objects.get(pk=claimed_two[0].pk)
    assert strings(first) == {} and first.segments_translated == 0
    assert draft_title(new_page, seeded) != "北京林业大学"
    assert "translation_queue.po_imported" not in actions_logged(first)


def test_broken_markup_in_one_entry_refuses_the_batch(client, people, claimed_two):
    client.force_login(people["translator"])
    parsed = polib.pofile(filled_po(post_batch(client, "export_po", claimed_two).content).decode())
    body = next(e for e in parsed if e.msgctxt.startswith(f"{claimed_two[1].pk}:body"))
    body.msgstr = '<a href="https://evil.example/">学生</a>'
    message = refused(import_batch(client, str(parsed).encode()))
    assert f"#{claimed_two[1].pk}" in message and "entry" in message
    assert all(strings(t) == {} for t in claimed_two)


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"<xliff version='1.2'><file", "b.xlf", "The file is not well-formed XML (line 1)"),
        (b"<html><body>hi</body></html>", "b.xlf", "The file is XML but not XLIFF"),
        (b"this is not gettext\n", "b.po", "The file is not a valid PO file: Syntax error in po file (line 1)"),
        (b'msgid ""\nmsgstr ""\n"Language: zh-hans\\n"\n', "b.po", "it is not a batch file from the queue"),
        (b"\xff\xfe not utf-8", "b.po", "The file is not UTF-8 text"),
        (b"#" * (1024 * 1024 + 1), "b.po", "The file is larger than 1 MB"),
    ],
    ids=["broken-xml", "not-xliff", "broken-po", "single-po", "binary", "too-large"],
)
def test_malformed_files_are_refused(client, people, claimed_two, content, name, expected):
    client.force_login(people["translator"])
    assert expected in refused(import_batch(client, content, name))
    assert all(strings(t) == {} for t in claimed_two)


def test_po_entry_without_its_task_is_refused_with_its_line(client, people, claimed_two):
    client.force_login(people["translator"])
    parsed = polib.pofile(filled_po(post_batch(client, "export_po", claimed_two).content).decode())
    parsed.append(polib.POEntry(msgctxt="title", msgid="Stray", msgstr="迷途"))
    content = str(parsed).encode()
    line = content.decode().splitlines().index('msgctxt "title"') + 1
    message = refused(import_batch(client, content))
    assert f"line {line}: msgctxt “title” does not start with a task of this file" in message


@pytest.fixture
def french_task(seeded):
    """A task in a language nobody in `people` works in."""
    french = Locale.objects.create(language_code="fr")
    content_type = ContentType.objects.get_for_model(OrganizationPage)
    obj = TranslatableObject.objects.create(translation_key=uuid.uuid4(), content_type=content_type)
    source = TranslationSource.objects.create(
        object_id=obj.translation_key,
        specific_content_type=content_type,
        locale=seeded["en"],
        object_repr="Une page",
        content_json="{}",
        created_at=timezone.now(),
        last_updated_at=timezone.now(),
    )
    return TranslationTask.objects.create(
        source=source,
        target_locale=french,
        source_title="A French task",
        content_kind="orgs.organizationpage",
        source_changed_at=timezone.now(),
    )


def test_a_task_of_another_language_in_the_file_refuses_it(client, people, claimed_two, french_task):
    client.force_login(people["translator"])

    def add_french(root):
        extra = etree.SubElement(root, f"{{{XLIFF_NS['x']}}}file")
        extra.set("original", f"task-{french_task.pk}/00000000-0000-0000-0000-000000000000")
        extra.set("source-language", "en")
        extra.set("target-language", "fr")
        unit = etree.SubElement(etree.SubElement(extra, f"{{{XLIFF_NS['x']}}}body"), f"{{{XLIFF_NS['x']}}}trans-unit")
        unit.set("id", "title")
        etree.SubElement(unit, f"{{{XLIFF_NS['x']}}}source").text = "Une page"
        etree.SubElement(unit, f"{{{XLIFF_NS['x']}}}target").text = "Une page"

    content = filled_xliff(post_batch(client, "export_xliff", claimed_two).content, add_french)
    message = refused(import_batch(client, content, "batch.xlf"))
    assert f"task #{french_task.pk} does not exist or is not in your languages" in message
    assert all(strings(t) == {} for t in claimed_two)


def test_someone_elses_task_in_the_file_is_refused(client, people, two):
    work.claim(two[0], people["translator"])
    work.claim(two[1], people["other_translator"])
    client.force_login(people["reviewer"])  # reviewers may export anyone's work …
    content = filled_po(post_batch(client, "export_po", two).content)
    client.force_login(people["translator"])  # … but the translator may upload only to their own
    message = refused(import_batch(client, content))
    assert f"#{two[1].pk} “Tsinghua Green Campus” (zh-hans) is not yours" in message
    assert all(strings(t) == {} for t in two)


def test_exporting_someone_elses_task_is_refused(client, people, two):
    work.claim(two[1], people["other_translator"])
    client.force_login(people["translator"])
    html = post_batch(client, "export_po", two, next=QUEUE)
    assert html.status_code == 302
    html = client.get(QUEUE).content.decode()
    assert "only its assignee or a reviewer exchanges its files" in html


# --- cost --------------------------------------------------------------------------------------------


def export_queries(client, tasks, action):
    with CaptureQueriesContext(connection) as queries:
        response = post_batch(client, action, tasks)
    assert response.status_code == 200, response.content[:500]
    return len(queries)


@pytest.mark.parametrize("action", ["export_po", "export_xliff"])
def test_export_query_count_is_flat_in_task_count(client, people, seeded, action):
    """Seeded, finished tasks (a reviewer exports any): the queries of 2 and of 8 tasks."""
    client.force_login(people["reviewer"])
    tasks = list(TranslationTask.objects.filter(target_locale=seeded["zh"]).order_by("pk")[:8])
    assert len(tasks) == 8
    export_queries(client, tasks[:2], action)  # warm caches (content types, locales)
    at_2 = export_queries(client, tasks[:2], action)
    at_8 = export_queries(client, tasks, action)
    print(f"{action}: {at_2} queries for 2 tasks, {at_8} for 8")
    assert at_8 == at_2
