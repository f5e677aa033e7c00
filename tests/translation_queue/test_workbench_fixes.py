"""The bugs a reviewer and a translator met, each as they met it: the glossary list, PO files that should
be refused, control characters, and what the review screen shows."""

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from cms.translation_queue import drafts, po, work
from cms.translation_queue.models import GlossaryTerm

from .conftest import task_for, translate_everything

QUEUE = "/admin/translation-queue/"
GLOSSARY = "/admin/snippets/translation_queue/glossaryterm/"


@pytest.fixture
def claimed(seeded, people, new_page):
    task = task_for(new_page, seeded["zh"])
    work.claim(task, people["translator"])
    return task


def exported(task):
    _name, content = po.export(task)
    return polib.pofile(content.decode())


def upload(client, task, content, name="bfu.po"):
    response = client.post(f"{QUEUE}{task.pk}/po/upload/", {"po_file": SimpleUploadedFile(name, content)}, follow=True)
    return response.content.decode()


def test_the_glossary_lists_english_and_chinese_side_by_side_and_its_search_works(client, people, seeded):
    client.force_login(people["reviewer"])
    term = GlossaryTerm.objects.filter(locale=seeded["en"], live=True).first()
    chinese = GlossaryTerm.objects.get(translation_key=term.translation_key, locale=seeded["zh"])
    response = client.get(GLOSSARY, {"q": term.term})
    assert response.status_code == 200
    html = response.content.decode()
    assert term.term in html and f"zh-hans: {chinese.term}" in html
    response = client.get(GLOSSARY, {"q": chinese.term})
    assert response.status_code == 200 and f"en: {term.term}" in response.content.decode()


def test_a_po_with_a_repeated_entry_is_refused_and_nothing_is_imported(client, people, claimed):
    parsed = exported(claimed)
    title = next(e for e in parsed if e.msgctxt == "title")
    title.msgstr = "北京林业大学"
    parsed.append(polib.POEntry(msgctxt=title.msgctxt, msgid=title.msgid, msgstr="另一个译名"))
    client.force_login(people["translator"])
    html = upload(client, claimed, str(parsed).encode())
    assert "repeats entry" in html and "Nothing was imported" in html
    claimed.refresh_from_db()
    assert claimed.segments_translated == 0


def test_a_po_string_with_markup_wagtail_localize_cannot_use_is_refused(client, people, claimed):
    parsed = exported(claimed)
    for entry in parsed:
        entry.msgstr = "北京林业大学" if entry.msgctxt == "title" else '<div class="x">青年</div>'
    client.force_login(people["translator"])
    html = upload(client, claimed, str(parsed).encode())
    assert "Nothing was imported" in html and "tag is not allowed" in html
    claimed.refresh_from_db()
    assert claimed.segments_translated == 0


def test_a_nul_in_a_po_file_is_a_clear_error(client, people, claimed):
    parsed = exported(claimed)
    next(e for e in parsed if e.msgctxt == "title").msgstr = "北京\x00林业大学"
    client.force_login(people["translator"])
    html = upload(client, claimed, str(parsed).encode())
    assert "contains a control character (U+0000)" in html


def test_a_po_upload_is_in_the_rows_history_with_its_counts(client, people, claimed):
    parsed = exported(claimed)
    next(e for e in parsed if e.msgctxt == "title").msgstr = "北京林业大学"
    client.force_login(people["translator"])
    html = upload(client, claimed, str(parsed).encode())
    assert "bfu.po: 1 strings imported, 0 unchanged" in html
    entry = ModelLogEntry.objects.filter(object_id=str(claimed.pk), action="translation_queue.po_imported").get()
    assert entry.data["imported"] == 1 and entry.data["file"] == "bfu.po"
    # The same file again changes nothing, and says so.
    assert "bfu.po: 0 strings imported, 1 unchanged" in upload(client, claimed, str(parsed).encode())


def test_a_nul_in_a_queue_filter_is_named_not_a_server_error(client, people, claimed):
    client.force_login(people["translator"])
    response = client.get(QUEUE, {"kind": "orgs.organizationpage\x00", "q": "Forestry"})
    assert response.status_code == 400
    assert "Query parameter “kind” contains a control character (NUL)" in response.content.decode()
    # Tabs and line breaks in a pasted search are only whitespace.
    html = client.get(QUEUE, {"q": "Beijing\tForestry\n"}).content.decode()
    assert "Beijing Forestry University" in html


def test_the_review_screen_shows_each_segment_with_its_field_english_and_chinese(
    client, people, seeded, claimed, commit
):
    translate_everything(claimed, commit, user=people["translator"])
    work.submit_for_review(claimed, people["translator"])
    client.force_login(people["reviewer"])
    html = client.get(f"{QUEUE}{claimed.pk}/review/").content.decode()
    assert "Youth are the driving force in developing ecological civilization." in html
    assert "青年是建设生态文明的生力军。" in html
    assert "Body › Paragraph" in html and "Summary" in html
    assert 'data-action="approve"' in html
    preview = client.get(f"{QUEUE}{claimed.pk}/preview/")
    assert preview.status_code == 200 and "北京林业大学" in preview.content.decode()
    # The review screen frames it: the public page's strict policy, but framing by the admin allowed.
    policy = preview["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "script-src 'self'" in policy and "'unsafe-inline'" not in policy


def test_translate_with_machine_says_how_many_segments_it_filled(client, people, claimed, commit):
    """wagtail-localize's own message claimed success even when the machine filled nothing."""
    translation = drafts.ensure_translation(claimed)
    total = claimed.segments_total
    client.force_login(people["translator"])
    url = f"/admin/localize/translate/{translation.pk}/machine_translate/?next={QUEUE}"
    with commit():  # the row's figures are refreshed when the saves commit
        html = client.post(url, follow=True).content.decode()
    # The title is a glossary term; nothing else on the page was translated anywhere before.
    assert f"Translation memory and glossary filled 1 of {total} untranslated segments." in html
    html = client.post(url, follow=True).content.decode()
    assert f"Translation memory and glossary filled 0 of {total - 1} untranslated segments." in html
    assert "Successfully translated" not in html
    claimed.refresh_from_db()
    assert (claimed.segments_translated, claimed.segments_machine) == (1, 1)


def test_a_rows_history_is_its_tasks_own(client, people, claimed):
    """A glossary term's log entry with the same primary key (same app, another model) is not the task's."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(GlossaryTerm),
        object_id=str(claimed.pk),
        action="wagtail.unpublish",
        label="A glossary term",
        timestamp=timezone.now(),
        user=people["reviewer"],
    )
    client.force_login(people["translator"])
    html = client.get(QUEUE, {"q": "Forestry"}).content.decode()
    history = html[html.index('<ul class="history">') :]
    history = history[: history.index("</ul>")]
    assert "tian · Claimed" in history and "Unpublished" not in history


def test_the_queue_is_wagtails_generic_listing_with_search_and_filters(client, people, claimed):
    client.force_login(people["translator"])
    html = client.get(QUEUE, {"q": "Forestry"}).content.decode()
    assert 'id="listing-results"' in html and "Beijing Forestry University" in html
    assert "1 task" in html  # the search narrowed the rows
    # The results alone, as Wagtail's listing refreshes them while the reader types or filters.
    results = client.get(f"{QUEUE}results/", {"q": "Forestry", "who": "mine"}).content.decode()
    assert "<html" not in results and 'data-action="release"' in results
    assert "Beijing Forestry University" not in client.get(f"{QUEUE}results/", {"who": "unassigned"}).content.decode()
