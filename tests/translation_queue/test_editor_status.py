"""The English page's edit view says where each translation stands (its Status side panel, under Locale):
not started, in progress, ready for review, out of date with the number of changed segments, done; each
linked to the task's review screen for those who may open it."""

import re

import pytest
from django.test import Client
from wagtail.models import Locale, Page

from cms.translation_queue import editor_status, work
from tests.translation_queue.conftest import make_user, task_for, translate_everything, warnings_shown


def language_status(client, page, code="zh-hans"):
    """(state, label text, link) of one language in the edit view's status panel."""
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    item = re.search(
        rf'<li[^>]*data-translation-locale="{code}" data-translation-state="([^"]*)"[^>]*>(.*?)</li>', html, re.S
    )
    assert item, f"no status for {code} in the edit view"
    state, body = item.groups()
    link = re.search(r'href="([^"]+)"', body)
    text = re.sub(r"<[^>]+>|\s+", " ", body).strip()
    return state, re.sub(r"\s+", " ", text), link.group(1) if link else ""


@pytest.fixture
def admin(seeded):
    return make_user("ada", superuser=True)


def test_each_state_shows_in_the_english_edit_view_with_its_link(seeded, people, new_page, admin, commit):
    client = Client()
    client.force_login(admin)
    task = task_for(new_page, seeded["zh"])
    review = f"/admin/translation-queue/{task.pk}/review/"
    assert language_status(client, new_page) == ("not_started", "简体中文 Not started", review)

    work.claim(task, people["translator"])
    assert language_status(client, new_page) == ("in_progress", "简体中文 In progress", review)

    translate_everything(task, commit)
    work.submit_for_review(task, people["translator"])
    assert language_status(client, new_page) == ("ready_for_review", "简体中文 Ready for review", review)

    work.approve_and_publish(task, people["reviewer"], acknowledged=warnings_shown(task))
    assert language_status(client, new_page) == ("done", "简体中文 Done", review)

    page = Page.objects.get(pk=new_page.pk).specific
    page.title = "Beijing Forestry University (BFU)"
    page.summary = "A forestry university in Beijing."
    with commit():
        page.save_revision(user=people["editor"]).publish(user=people["editor"])
    assert language_status(client, new_page) == ("out_of_date", "简体中文 Out of date (2 changed segments)", review)


def test_a_language_nobody_has_queued_yet_is_not_started_without_a_link(seeded, new_page, admin):
    Locale.objects.create(language_code="fr")  # no synchronization from English: no task
    client = Client()
    client.force_login(admin)
    state, text, link = language_status(client, new_page, "fr")
    assert (state, link) == ("none", "")
    assert text.endswith("Not started")


def test_editors_see_the_states_and_only_the_queue_opens_the_task(seeded, people, new_page):
    """An English editor is not in the Chinese queue: the state, without a link that would refuse them."""
    client = Client()
    client.force_login(people["editor"])
    assert language_status(client, new_page) == ("not_started", "简体中文 Not started", "")


def test_translations_have_no_such_panel(seeded, people, new_page, admin):
    zh_page = Page.objects.get(translation_key=new_page.translation_key, locale=seeded["zh"])
    assert editor_status.statuses(zh_page, admin) == []
    assert editor_status.statuses(new_page, admin)[0].locale == seeded["zh"]


def test_the_status_costs_two_queries_at_most(seeded, people, new_page, django_assert_max_num_queries):
    page = Page.objects.get(pk=new_page.pk)
    user = type(people["reviewer"]).objects.get(pk=people["reviewer"].pk)  # its groups not yet read
    with django_assert_max_num_queries(2):
        [status] = editor_status.statuses(page, user)
    assert status.url  # a reviewer of the language opens the task


def test_an_english_snippet_shows_its_status_too(seeded, admin):
    """Snippets' edit views have the same Status panel: a seeded topic, translated and done."""
    from django.urls import reverse

    from cms.translation_queue.models import TranslationTask
    from news.models import Topic

    topic = Topic.objects.filter(locale=seeded["en"]).first()
    task = TranslationTask.objects.get(source__object_id=topic.translation_key, target_locale=seeded["zh"])
    client = Client()
    client.force_login(admin)
    html = client.get(reverse("wagtailsnippets_news_topic:edit", args=[topic.pk])).content.decode()
    assert 'data-translation-locale="zh-hans" data-translation-state="done"' in html
    assert f'href="/admin/translation-queue/{task.pk}/review/"' in html
