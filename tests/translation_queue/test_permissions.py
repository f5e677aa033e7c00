"""Who may do what: anonymous, an editor, a zh-hans translator and a zh-hans reviewer."""

import pytest
from wagtail.models import Page

from cms.translation_queue.models import TaskState, TranslationTask
from cms.translation_queue.roles import can_review, can_translate

QUEUE = "/admin/translation-queue/"


def test_groups_exist_with_the_contract_names(seeded):
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name="zh-hans translators").exists()
    assert Group.objects.filter(name="zh-hans reviewers").exists()
    assert not Group.objects.filter(name="en translators").exists()


@pytest.mark.parametrize(
    ("who", "status", "redirect"),
    [
        ("anonymous", 302, "/admin/login/"),
        ("editor", 302, "/admin/"),  # Wagtail's "permission denied": back to the dashboard
        ("translator", 200, None),
        ("reviewer", 200, None),
    ],
)
def test_queue_access(client, people, who, status, redirect):
    if who != "anonymous":
        client.force_login(people[who])
    response = client.get(QUEUE)
    assert response.status_code == status
    if redirect:
        assert response["Location"].split("?")[0] == redirect


def page_perms(user, locale_code, slug="ciyec-kicec-memorandum"):
    page = Page.objects.get(locale__language_code=locale_code, slug=slug)
    return page.permissions_for_user(user)


@pytest.mark.parametrize(
    ("who", "edit_zh", "publish_zh", "edit_en"),
    [
        # Moderators keep English; nobody publishes Chinese through Wagtail (approval does, see test_review_door).
        ("editor", False, False, True),
        ("translator", True, False, False),
        ("reviewer", True, False, False),
    ],
)
def test_page_permissions(people, who, edit_zh, publish_zh, edit_en):
    user = people[who]
    assert page_perms(user, "zh-hans").can_edit() is edit_zh
    assert page_perms(user, "zh-hans").can_publish() is publish_zh
    assert page_perms(user, "en").can_edit() is edit_en


@pytest.mark.parametrize(("who", "status"), [("translator", 200), ("reviewer", 200)])
def test_translators_open_the_translation_editor_of_chinese_pages_only(client, people, seeded, who, status):
    client.force_login(people[who])
    zh = Page.objects.get(locale=seeded["zh"], slug="ciyec-kicec-memorandum")
    en = Page.objects.get(locale=seeded["en"], slug="ciyec-kicec-memorandum")
    assert client.get(f"/admin/pages/{zh.pk}/edit/").status_code == status
    assert client.get(f"/admin/pages/{en.pk}/edit/").status_code == 302  # permission denied -> dashboard


def test_role_helpers(people, seeded):
    zh, en = seeded["zh"], seeded["en"]
    assert can_translate(people["translator"], zh) and not can_review(people["translator"], zh)
    assert can_translate(people["reviewer"], zh) and can_review(people["reviewer"], zh)
    assert not can_translate(people["editor"], zh)
    assert not can_translate(people["translator"], en)


def test_actions_through_the_queue_respect_roles(client, people, new_page, seeded):
    task = TranslationTask.objects.get(source__object_id=new_page.translation_key, target_locale=seeded["zh"])
    client.force_login(people["editor"])
    assert client.post(f"{QUEUE}{task.pk}/claim/")["Location"] == "/admin/"
    task.refresh_from_db()
    assert task.assignee is None
    client.force_login(people["translator"])
    response = client.post(f"{QUEUE}{task.pk}/claim/", follow=True)
    assert "Claimed." in response.content.decode()
    task.refresh_from_db()
    assert task.assignee == people["translator"]
    # A translator may not approve, even through a forged POST.
    task.state = TaskState.READY_FOR_REVIEW
    task.save()
    response = client.post(f"{QUEUE}{task.pk}/approve/", follow=True)
    assert "Only reviewers of this language approve translations." in response.content.decode()
    task.refresh_from_db()
    assert task.state == TaskState.READY_FOR_REVIEW
    # Nor may a reviewer approve work that was never submitted or is not translated.
    client.force_login(people["reviewer"])
    response = client.post(f"{QUEUE}{task.pk}/approve/", follow=True)
    assert "segments are not translated" in response.content.decode()
    task.refresh_from_db()
    assert task.state == TaskState.READY_FOR_REVIEW
