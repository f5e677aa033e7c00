"""Nothing reaches the live Chinese site except through review.

Every path that could write a translated page or snippet is tried here, with what a visitor then sees:
the queue's own actions (claim, editor saves, PO upload, sync, approve), wagtail-localize's views
(editor publish, "Sync translated pages", convert to alias, "Translate this page", overrides) and
Wagtail's (publish, unpublish, delete, move, snippet edit), and the model underneath them.
"""

from urllib.parse import urlencode

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from wagtail.models import ModelLogEntry, Page
from wagtail_localize.models import SegmentOverride, StringSegment, StringTranslation, Translation

from cms.translation_queue import drafts, work
from cms.translation_queue.gate import ClosedDoor
from cms.translation_queue.models import GlossaryTerm, TaskState
from news.models import Topic
from tests.translation_queue.conftest import make_user, task_for, translate_everything, warnings_shown

QUEUE = "/admin/translation-queue/"
ALIAS_NOTICE = 'class="alias-notice"'


def visitor(url):
    """What an anonymous visitor gets: (status, html)."""
    response = Client().get(url)
    return response.status_code, response.content.decode() if response.status_code == 200 else ""


def zh_page(page, seeded):
    return Page.objects.get(translation_key=page.translation_key, locale=seeded["zh"]).specific


def put_string(client, task, path, value):
    """Save one segment the way wagtail-localize's editor does (its REST endpoint)."""
    translation = drafts.ensure_translation(task)
    segment = StringSegment.objects.get(source=task.source, context__path=path)
    return client.put(
        f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/",
        urlencode({"value": value}),
        content_type="application/x-www-form-urlencoded",
    )


def submitted(task, people, commit):
    work.claim(task, people["translator"])
    translate_everything(task, commit)
    work.submit_for_review(task, people["translator"])
    return task


# --- drafts: the live page stays as it is until approval ----------------------------------------------


def test_claim_editor_save_po_and_sync_leave_the_live_alias_alone(seeded, people, new_page, client, commit):
    url = "/zh-hans/organizations/bfu/"
    task = task_for(new_page, seeded["zh"])
    client.force_login(people["translator"])
    client.post(f"{QUEUE}{task.pk}/claim/")
    status, html = visitor(url)
    assert status == 200 and ALIAS_NOTICE in html and 'lang="en"' in html

    with commit():
        assert put_string(client, task, "title", "北京林业大学").status_code == 201
    target = zh_page(new_page, seeded)
    assert target.alias_of_id == new_page.pk and target.title == new_page.title  # the live row
    assert target.latest_revision.as_object().title == "北京林业大学"  # the draft
    assert ALIAS_NOTICE in visitor(url)[1] and "北京林业大学" not in visitor(url)[1]

    translation = drafts.ensure_translation(task)
    po = translation.export_po()
    for entry in po:
        entry.msgstr = "夏令营" if entry.msgctxt == "summary" else entry.msgstr
    upload = SimpleUploadedFile("bfu.po", str(po).encode(), content_type="text/x-gettext-translation")
    with commit():
        client.post(f"{QUEUE}{task.pk}/po/upload/", {"po_file": upload})
    assert "夏令营" not in visitor(url)[1] and ALIAS_NOTICE in visitor(url)[1]

    english = Page.objects.get(pk=new_page.pk).specific
    english.summary = "A university in Beijing, founded in 1952."
    with commit():
        english.save_revision().publish()
    client.post(f"{QUEUE}{task.pk}/sync/")
    assert ALIAS_NOTICE in visitor(url)[1]
    assert zh_page(new_page, seeded).alias_of_id == new_page.pk


def test_approval_publishes_exactly_what_was_submitted(seeded, people, new_page, client, commit):
    url = "/zh-hans/organizations/bfu/"
    task = submitted(task_for(new_page, seeded["zh"]), people, commit)
    # The translator changes a segment after submitting: what the reviewer saw is no longer what would go live.
    translator = Client()
    translator.force_login(people["translator"])
    with commit():
        put_string(translator, task, "summary", "改过的摘要")
    client.force_login(people["reviewer"])
    response = client.post(f"{QUEUE}{task.pk}/approve/", follow=True)
    assert "changed after it was submitted" in response.content.decode()
    assert ALIAS_NOTICE in visitor(url)[1]

    client.post(f"{QUEUE}{task.pk}/send_back/", {"comment": "Submit the new summary for review."})
    translator.post(f"{QUEUE}{task.pk}/submit/")
    task.refresh_from_db()
    approval = {"reviewed": task.submitted_fingerprint, "acknowledged": warnings_shown(task)}
    response = client.post(f"{QUEUE}{task.pk}/approve/", approval, follow=True)
    assert "Approved and published." in response.content.decode()
    status, html = visitor(url)
    assert status == 200 and "北京林业大学" in html and "改过的摘要" in html
    assert ALIAS_NOTICE not in html and '<html lang="zh-hans"' in html


def test_approval_refuses_incomplete_work_with_the_count(seeded, people, new_page):
    task = task_for(new_page, seeded["zh"])
    work.claim(task, people["translator"])
    task.state = TaskState.READY_FOR_REVIEW
    task.save()
    missing, _errors, total = drafts.missing_and_errors(task)
    with pytest.raises(PermissionDenied, match=f"{missing} of {total} segments are not translated"):
        work.approve_and_publish(task, people["reviewer"])
    assert zh_page(new_page, seeded).alias_of_id == new_page.pk


def test_a_reviewer_does_not_approve_their_own_translation(seeded, people, new_page, commit):
    reviewer = people["reviewer"]
    task = task_for(new_page, seeded["zh"])
    work.claim(task, reviewer)
    translate_everything(task, commit, user=reviewer)
    work.submit_for_review(task, reviewer)
    with pytest.raises(PermissionDenied, match="another reviewer approves it"):
        work.approve_and_publish(task, reviewer)
    with override_settings(TRANSLATION_QUEUE_SELF_APPROVAL=True):  # a one-person team may allow it
        assert work.approve_and_publish(task, reviewer) is True
    assert zh_page(new_page, seeded).title == "北京林业大学"


def test_approval_refuses_an_unsafe_override_and_the_editor_refuses_to_store_one(seeded, people, client):
    iecc = Page.objects.get(locale=seeded["en"], slug="iecc")
    task = task_for(iecc, seeded["zh"])
    translation = drafts.ensure_translation(task)
    from wagtail_localize.models import OverridableSegment

    segment = OverridableSegment.objects.get(source=task.source, context__path="phones")
    client.force_login(people["translator"])
    url = f"/admin/localize/translate/{translation.pk}/overrides/{segment.pk}/edit/"
    put = lambda value: client.put(url, urlencode({"value": value}), content_type="application/x-www-form-urlencoded")  # noqa: E731
    response = put("javascript:alert(document.domain)//")
    assert response.status_code == 400
    assert not SegmentOverride.objects.filter(context=segment.context, locale=seeded["zh"]).exists()
    assert put("010-66514910").status_code in (200, 201)
    # Stored by some other path anyway (an import, a migration): approval still refuses it.
    SegmentOverride.objects.filter(context=segment.context).update(data_json='"java\\tscript:alert(1)"')
    task.state, task.submitted_fingerprint = TaskState.READY_FOR_REVIEW, drafts.fingerprint(task)
    task.save()
    with pytest.raises(PermissionDenied, match="Unsafe links in overrides"):
        work.approve_and_publish(task, people["reviewer"])


# --- side doors: localize's and Wagtail's views, and the model under them --------------------------------


@pytest.fixture
def live_translation(seeded):
    """The CIYEC release, translated and live in Chinese (the full seed)."""
    english = Page.objects.get(locale=seeded["en"], slug="ciyec-kicec-memorandum").specific
    chinese = english.get_translation(seeded["zh"]).specific
    assert chinese.alias_of_id is None and chinese.live
    return english, chinese


def unchanged(chinese):
    fresh = Page.objects.get(pk=chinese.pk).specific
    return fresh.live and fresh.alias_of_id is None and fresh.title == chinese.title


def test_localize_sync_with_publish_immediately_is_refused(seeded, people, live_translation, client):
    english, chinese = live_translation
    english.title = "CIYEC and KICEC sign a memorandum"
    english.save_revision().publish()
    source = Translation.objects.get(source__object_id=english.translation_key).source
    client.force_login(people["editor"])
    response = client.post(f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"})
    assert response.status_code == 200 and "published by their reviewers" in response.content.decode()
    assert unchanged(chinese)
    response = client.post(f"/admin/localize/update/{source.pk}/", {})
    assert response.status_code == 302 and unchanged(chinese)
    assert task_for(english, seeded["zh"]).state == TaskState.OUT_OF_DATE


@pytest.mark.parametrize("who", ["reviewer", "superuser"])
def test_the_localize_editor_publish_button_does_not_publish(seeded, people, live_translation, client, who):
    english, chinese = live_translation
    user = people["reviewer"] if who == "reviewer" else make_user("root", superuser=True)
    StringTranslation.objects.filter(locale=seeded["zh"], context__object_id=english.translation_key).filter(
        context__path="title"
    ).update(data="未经审校的标题")
    client.force_login(user)
    client.post(f"/admin/pages/{chinese.pk}/edit/", {"action": "publish"})
    assert unchanged(chinese)


@pytest.mark.parametrize("who", ["translator", "editor"])
def test_convert_to_alias_is_closed_to_all_but_reviewers(seeded, people, live_translation, client, who):
    _english, chinese = live_translation
    client.force_login(people[who])
    client.post(f"/admin/localize/page/{chinese.pk}/convert_to_alias/")
    assert unchanged(chinese)


def test_a_reviewer_converting_to_alias_resets_the_task(seeded, people, live_translation, client):
    english, chinese = live_translation
    client.force_login(people["reviewer"])
    client.post(f"/admin/localize/page/{chinese.pk}/convert_to_alias/")
    assert Page.objects.get(pk=chinese.pk).alias_of_id == english.pk
    task = task_for(english, seeded["zh"])
    assert task.state == TaskState.NOT_STARTED
    assert ModelLogEntry.objects.filter(object_id=str(task.pk), action="translation_queue.converted_to_alias")


def test_translate_this_page_goes_to_the_queue(seeded, people, new_page, client):
    client.force_login(people["editor"])
    response = client.post(f"/admin/localize/submit/page/{new_page.pk}/", {"locales": [seeded["zh"].pk]})
    assert response["Location"] == QUEUE
    assert zh_page(new_page, seeded).alias_of_id == new_page.pk


@pytest.mark.parametrize("action", ["unpublish", "delete", "move"])
@pytest.mark.parametrize("who", ["editor", "superuser", "reviewer"])
def test_wagtail_views_do_not_unpublish_delete_or_move_chinese_pages(
    seeded, people, live_translation, client, who, action
):
    _english, chinese = live_translation
    user = make_user("root", superuser=True) if who == "superuser" else people[who]
    client.force_login(user)
    if action == "move":
        target = Page.objects.get(locale=seeded["zh"], depth=2)
        client.post(f"/admin/pages/{chinese.pk}/move/{target.pk}/confirm/")
    else:
        client.post(f"/admin/pages/{chinese.pk}/{action}/")
    assert unchanged(chinese) and Page.objects.get(pk=chinese.pk).get_parent().slug == "news"


def test_permission_tester_closes_publishing_chinese_to_everyone(seeded, people, live_translation):
    _english, chinese = live_translation
    root = make_user("root", superuser=True)
    for user in (root, people["reviewer"], people["editor"], people["translator"]):
        perms = chinese.permissions_for_user(user)
        assert not (perms.can_publish() or perms.can_unpublish() or perms.can_delete() or perms.can_move())
        assert not perms.can_submit_for_moderation()
    assert chinese.permissions_for_user(people["translator"]).can_edit()
    assert not chinese.permissions_for_user(people["editor"]).can_edit()


def test_the_model_refuses_localize_writing_the_live_row(seeded, live_translation):
    """upstream wagtail-localize #634: save_target(publish=False) saves the live page; here it can't."""
    english, chinese = live_translation
    StringTranslation.objects.filter(
        locale=seeded["zh"], context__object_id=english.translation_key, context__path="title"
    ).update(data="未经审校的标题")
    translation = Translation.objects.get(source__object_id=english.translation_key, target_locale=seeded["zh"])
    with pytest.raises(ClosedDoor):
        translation.save_target(publish=False)
    assert unchanged(chinese)
    revision = chinese.save_revision()  # drafts are fine
    with pytest.raises(ClosedDoor):
        revision.publish(skip_permission_checks=True)
    assert unchanged(chinese)


# --- snippets: per locale, and published only by approval -------------------------------------------------


def snippet_edit(client, instance, data):
    opts = instance._meta
    return client.post(f"/admin/snippets/{opts.app_label}/{opts.model_name}/edit/{instance.pk}/", data)


@pytest.mark.parametrize("who", ["translator", "reviewer"])
def test_translators_and_reviewers_do_not_change_english_snippets(seeded, people, client, who):
    topic = Topic.objects.filter(locale=seeded["en"]).first()
    term = GlossaryTerm.objects.filter(locale=seeded["en"]).first()
    client.force_login(people[who])
    snippet_edit(client, topic, {"name": "Renamed", "slug": topic.slug, "action-publish": "publish"})
    snippet_edit(client, term, {"term": "Renamed", "note": "", "action-publish": "publish"})
    assert Topic.objects.get(pk=topic.pk).name == topic.name
    assert GlossaryTerm.objects.get(pk=term.pk).term == term.term


def test_a_translator_cannot_publish_a_chinese_topic_name(seeded, people, client):
    topic = Topic.objects.filter(locale=seeded["zh"], live=True).first()
    client.force_login(people["translator"])
    snippet_edit(client, topic, {"action": "publish"})  # wagtail-localize's editor
    snippet_edit(client, topic, {"name": "新名字", "slug": topic.slug, "action-publish": "publish"})
    assert Topic.objects.get(pk=topic.pk).name == topic.name
    with pytest.raises(ClosedDoor):
        topic.name = "新名字"
        topic.save()


def test_topic_translation_is_a_draft_until_approved(seeded, people, commit):
    english = Topic.objects.create(name="Forestry", slug="forestry", locale=seeded["en"])
    task = task_for(english, seeded["zh"])
    work.claim(task, people["translator"])
    chinese = Topic.objects.get(translation_key=english.translation_key, locale=seeded["zh"])
    assert not chinese.live  # nobody sees it
    from news.topics import TopicNames

    assert TopicNames(seeded["zh"].pk).by_slug("forestry").name == "Forestry"
    translate_everything(task, commit)
    work.submit_for_review(task, people["translator"])
    work.approve_and_publish(task, people["reviewer"])
    assert TopicNames(seeded["zh"].pk).by_slug("forestry").name == "林业"
