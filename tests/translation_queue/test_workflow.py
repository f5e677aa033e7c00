"""A task's life: queued on publish (one e-mail), claimed, translated, reviewed, published, out of date, synced."""

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import Page
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation

from cms.translation_queue import work
from cms.translation_queue.models import TaskState
from tests.translation_queue.conftest import task_for, translate_everything, translate_first_segment


def test_publishing_a_new_page_queues_it_and_mails_translators_once(seeded, people, new_page, mailoutbox):
    task = task_for(new_page, seeded["zh"])
    assert task.state == TaskState.NOT_STARTED
    assert task.segments_total >= 4 and task.segments_translated == 0 and task.words_remaining > 10
    assert task.content_kind == "orgs.organizationpage"
    queued = [m for m in mailoutbox if "Beijing Forestry University" in m.subject]
    # One mail to each translator (each in their own admin language; see test_notifications.py).
    assert sorted(to for m in queued for to in m.to) == ["tao@example.org", "tian@example.org"]
    assert all(len(m.to) == 1 for m in queued)
    assert "Beijing Forestry University" in queued[0].body and "/admin/translation-queue/" in queued[0].body


def test_full_review_cycle(seeded, people, new_page, mailoutbox, commit):
    zh = seeded["zh"]
    task = task_for(new_page, zh)
    translator, reviewer = people["translator"], people["reviewer"]

    work.claim(task, translator)
    task.refresh_from_db()
    assert (task.state, task.assignee) == (TaskState.IN_PROGRESS, translator)
    target = Page.objects.get(translation_key=new_page.translation_key, locale=zh)
    # The live Chinese page is still the alias; the work is a draft revision of it.
    assert target.alias_of_id == new_page.pk and target.latest_revision_id
    with pytest.raises(PermissionDenied):
        work.claim(task, people["other_translator"])

    translate_first_segment(task, commit)
    task.refresh_from_db()
    assert task.segments_translated == 1

    work.submit_for_review(task, translator)
    assert task.state == TaskState.READY_FOR_REVIEW
    with pytest.raises(PermissionDenied):
        work.approve_and_publish(task, translator)
    with pytest.raises(PermissionDenied, match=r"of \d+ segments are not translated"):
        work.approve_and_publish(task, reviewer)
    work.send_back(task, reviewer, "Please translate the summary too.")
    assert (task.state, task.review_comment) == (TaskState.IN_PROGRESS, "Please translate the summary too.")
    translate_everything(task, commit)
    work.submit_for_review(task, translator)
    assert Page.objects.get(pk=target.pk).alias_of_id == new_page.pk  # still nothing live before approval
    work.approve_and_publish(task, reviewer)
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    published = Page.objects.get(pk=target.pk).specific
    assert (published.title, published.alias_of_id, published.live) == ("北京林业大学", None, True)
    # The body (a StreamField, which wagtail-localize also calls "synchronized") is the translation too.
    assert "青年是建设生态文明的生力军。" in str(published.body) and "Youth are" not in str(published.body)
    from wagtail.models import ModelLogEntry

    logged = list(
        ModelLogEntry.objects.filter(object_id=str(task.pk), content_type__model="translationtask")
        .order_by("timestamp")
        .values_list("action", flat=True)
    )
    assert logged == [
        "translation_queue.queued",
        "translation_queue.claimed",
        "translation_queue.submitted",
        "translation_queue.sent_back",
        "translation_queue.submitted",
        "translation_queue.approved",
    ]


def test_changed_source_marks_translation_out_of_date_and_sync_brings_new_segments(
    seeded, people, new_page, mailoutbox, commit
):
    zh = seeded["zh"]
    task = task_for(new_page, zh)
    work.claim(task, people["translator"])
    translate_first_segment(task, commit)
    for person in ("translator", "other_translator"):  # both read the admin in Chinese
        UserProfile.objects.update_or_create(user=people[person], defaults={"preferred_language": "zh-hans"})
    mailoutbox.clear()

    page = Page.objects.get(pk=new_page.pk).specific
    page.body = [*page.body.raw_data, {"type": "paragraph", "value": "<p>A new paragraph about forests.</p>"}]
    page.summary = "A university in Beijing with a forestry tradition."
    with commit():
        page.save_revision(user=people["editor"]).publish(user=people["editor"])

    task.refresh_from_db()
    assert task.state == TaskState.OUT_OF_DATE
    assert task.changed_segments == 2
    # One mail to each translator, written in their admin language.
    assert len(mailoutbox) == 2 and all("2 个片段有变动" in m.body for m in mailoutbox)

    total_before = task.segments_total
    work.sync_with_source(task, people["translator"])
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS
    assert task.segments_total == total_before + 1
    assert task.segments_translated == 1  # the title stays translated
    assert task.changed_segments == 0 and task.synced_at


def test_republishing_unchanged_english_changes_nothing(seeded, people, new_page, mailoutbox, commit):
    task = task_for(new_page, seeded["zh"])
    mailoutbox.clear()
    with commit():
        Page.objects.get(pk=new_page.pk).specific.save_revision().publish()
    task_after = task_for(new_page, seeded["zh"])
    assert (task_after.state, task_after.updated_at) == (task.state, task.updated_at)
    assert mailoutbox == []


def test_prefill_uses_translation_memory_and_glossary(seeded, people, new_page):
    zh = seeded["zh"]
    task = task_for(new_page, zh)
    work.claim(task, people["translator"])
    result = work.prefill(task, people["translator"])
    task.refresh_from_db()
    # The title is a glossary term; nothing else on the page was ever translated elsewhere.
    assert (result.filled, result.missing_before) == (1, task.segments_total)
    assert task.segments_machine == 1
    title = StringTranslation.objects.get(locale=zh, context__object_id=new_page.translation_key, context__path="title")
    assert (title.data, title.translation_type) == ("北京林业大学", "machine")


def test_prefill_reuses_a_translation_from_another_page(seeded, people):
    """Translation memory: the same sentence translated on the IECC profile fills the new page's copy."""
    from wagtail_localize.synctree import create_aliases_for_new_page

    from orgs.models import OrganizationPage

    iecc = OrganizationPage.objects.get(locale=seeded["en"], slug="iecc")
    sentence = iecc.summary
    index = iecc.get_parent()
    page = OrganizationPage(title="Children's Centre Annex", slug="annex", summary=sentence)
    index.add_child(instance=page)
    create_aliases_for_new_page(page)
    page.save_revision().publish()
    task = task_for(page, seeded["zh"])
    work.claim(task, people["translator"])
    work.prefill(task, people["translator"])
    summary = StringTranslation.objects.get(
        locale=seeded["zh"], context__object_id=page.translation_key, context__path="summary"
    )
    assert summary.data == iecc.get_translation(seeded["zh"]).summary
    assert summary.translation_type == "machine"
