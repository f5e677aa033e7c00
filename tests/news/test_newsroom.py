"""The newsroom's review step ("News review", news/workflows.py): editors submit releases, moderators
approve them, the Chinese alias goes live with the English, and Chinese translations still go live only
through the translation queue, untouched by the workflow."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.publish_page_revision import PublishPagePermissionError, PublishPageRevisionAction
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.translation_queue import drafts, work
from cms.translation_queue.models import TaskState
from news.models import NewsIndexPage, NewsPage
from news.workflows import TASK_NAME, WORKFLOW_NAME
from tests.translation_queue.conftest import make_user, task_for, warnings_shown

SLUG = "youth-camp-2027"
TITLE = "Twelve countries at the 2027 youth camp"
SUMMARY = "Young people from twelve countries spent two weeks in Beijing and Guangzhou."


@pytest.fixture(autouse=True)
def english_messages():
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def people(seeded):
    return {
        "editor": make_user("ed", "Editors"),
        "moderator": make_user("mo", "Moderators"),
        "translator": make_user("tian", "zh-hans translators"),
        "reviewer": make_user("rui", "zh-hans reviewers"),
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def news_index(seeded, language="en"):
    return NewsIndexPage.objects.get(locale=seeded[language], slug="news")


def release_form(**overrides):
    """What the admin's "add a news release" form posts: every field of the release."""
    image = get_image_model().objects.order_by("pk").first()
    data = {
        "title": TITLE,
        "slug": SLUG,
        "date": "2027-01-15",
        "updated": "",
        "summary": SUMMARY,
        "lead_image": image.pk,
        "lead_image_alt": "Campers on the Great Wall",
        "lead_image_caption": "At Mutianyu",
        "lead_image_credit": "Li Hua",
        "body": streamfield([("paragraph", rich_text("<p>The camp opened on 3 January.</p>"))]),
        "reporter": "Wang Fang",
        "photographer": "Li Hua",
        "translator": "",
        "editor": "Zhao Lei",
        "source_publication": "China Youth Daily",
        "topics": "Youth exchange",
        "related_pages": inline_formset([]),
        "comments": inline_formset([]),
        "go_live_at": "",
        "expire_at": "",
        "seo_title": "",
        "search_description": "",
    }
    data.update(overrides)
    return nested_form_data(data)


# How a translator renders the release: clean work that passes the quality checks (numbers and names kept).
CHINESE = {
    TITLE: "十二国青年齐聚2027年青年营",
    SUMMARY: "来自十二个国家的青年在北京和广州度过了两周。",
    "Campers on the Great Wall": "长城上的营员",
    "At Mutianyu": "摄于慕田峪",
    "Li Hua": "李华",
    "The camp opened on 3 January.": "青年营于1月3日开营。",
    "Wang Fang": "王芳",
    "Zhao Lei": "赵磊",
    "China Youth Daily": "中国青年报",
}
ZH_TITLE = CHINESE[TITLE]


def translate_release(task, commit):
    translation = drafts.ensure_translation(task)
    po = translation.export_po()
    for entry in po:
        entry.msgstr = CHINESE[entry.msgid]
    with commit():
        translation.import_po(po)


def status(url):
    return Client().get(url).status_code


def text(url):
    return Client().get(url).content.decode()


def submit_release(seeded, editor, commit, action="action-submit", **fields):
    """The editor fills in the admin's form for a new release under the English news index and presses a button."""
    url = reverse("wagtailadmin_pages:add", args=["news", "newspage", news_index(seeded).pk])
    with commit():
        response = client_for(editor).post(url, {**release_form(**fields), action: "yes"})
    assert response.status_code == 302, response.content.decode()[:3000]
    return NewsPage.objects.get(locale=seeded["en"], slug=SLUG)


def approve(page, moderator, commit):
    """The moderator presses Approve (the workflow action view the dashboard and the editor use)."""
    state = WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    with commit():
        response = client_for(moderator).post(url, {"comment": "Good to go."})
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    state.refresh_from_db()
    return state


def chinese_of(page, seeded):
    return Page.objects.get(translation_key=page.translation_key, locale=seeded["zh"])


def test_both_news_indexes_use_news_review_with_one_moderator_task(seeded):
    for language in ("en", "zh"):
        index = news_index(seeded, language)
        workflow = WorkflowPage.objects.get(page=index).workflow
        assert workflow.name == WORKFLOW_NAME and workflow.active
        assert [task.name for task in workflow.tasks] == [TASK_NAME]
        assert list(workflow.tasks.first().specific.groups.values_list("name", flat=True)) == ["Moderators"]
        # Every release under it, in either language, gets this workflow (not the site-wide default).
        release = NewsPage.objects.child_of(index).first()
        assert release.get_workflow().name == WORKFLOW_NAME
    # Other sections keep Wagtail's default workflow.
    assert Page.objects.get(locale=seeded["en"], slug="organizations").get_workflow().name != WORKFLOW_NAME


def test_editors_submit_but_cannot_publish_news(seeded, people):
    editor, moderator = people["editor"], people["moderator"]
    release = NewsPage.objects.child_of(news_index(seeded)).live().first()
    assert release.permissions_for_user(editor).can_submit_for_moderation()
    assert not release.permissions_for_user(editor).can_publish()
    assert release.permissions_for_user(moderator).can_publish()
    # The edit screen offers the editor the review step and no publish button.
    page = client_for(editor).get(reverse("wagtailadmin_pages:edit", args=[release.pk])).content.decode()
    assert f"Submit to {WORKFLOW_NAME}" in page
    assert 'name="action-publish"' not in page
    # Publishing a revision as the editor, whatever the route, is refused.
    revision = release.save_revision(user=editor)
    with pytest.raises(PublishPagePermissionError):
        PublishPageRevisionAction(revision, user=editor).execute()


def test_an_editor_pressing_publish_only_saves_a_draft(seeded, people, commit):
    release = submit_release(seeded, people["editor"], commit, action="action-publish")
    assert not release.live and release.latest_revision_id
    assert not WorkflowState.objects.filter(object_id=str(release.pk)).exists()
    assert status(f"/en/news/{SLUG}/") == 404 and status(f"/zh-hans/news/{SLUG}/") == 404


def test_a_submitted_release_waits_for_a_moderator_then_goes_live_in_both_languages(seeded, people, commit):
    release = submit_release(seeded, people["editor"], commit)
    state = WorkflowState.objects.get(object_id=str(release.pk))
    assert state.workflow.name == WORKFLOW_NAME and state.status == state.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == TASK_NAME
    assert not release.live
    for url in (f"/en/news/{SLUG}/", f"/zh-hans/news/{SLUG}/"):
        assert status(url) == 404
    assert TITLE not in text("/en/news/feed/") and TITLE not in text("/zh-hans/news/feed/")
    # Only a moderator may approve: the editor's approval view is refused.
    task_state = state.current_task_state
    assert "approve" not in [name for name, *_ in task_state.task.specific.get_actions(release, people["editor"])]
    assert "approve" in [name for name, *_ in task_state.task.specific.get_actions(release, people["moderator"])]

    state = approve(release, people["moderator"], commit)
    assert state.status == state.STATUS_APPROVED
    release.refresh_from_db()
    assert release.live
    assert release.live_revision.user == people["editor"]  # the editor's text, as submitted
    chinese = chinese_of(release, seeded)
    assert chinese.live and chinese.alias_of_id == release.pk  # the alias went live with it
    assert status(f"/en/news/{SLUG}/") == 200
    zh = text(f"/zh-hans/news/{SLUG}/")
    assert TITLE in zh and 'class="alias-notice"' in zh  # marked as not yet translated
    assert TITLE in text("/en/news/feed/") and TITLE in text("/zh-hans/news/feed/")
    # And the translators have a task for it.
    assert task_for(release, seeded["zh"]).state == TaskState.NOT_STARTED


def test_an_approved_release_with_a_go_live_time_waits_for_it_then_expires(seeded, people, commit):
    go_live = timezone.localtime() + datetime.timedelta(hours=1)
    expire = go_live + datetime.timedelta(days=7)
    fmt = "%Y-%m-%d %H:%M"
    release = submit_release(
        seeded, people["editor"], commit, go_live_at=go_live.strftime(fmt), expire_at=expire.strftime(fmt)
    )
    approve(release, people["moderator"], commit)
    release.refresh_from_db()
    assert not release.live and release.go_live_at
    assert Revision.objects.filter(object_id=str(release.pk), approved_go_live_at__isnull=False).exists()
    assert status(f"/en/news/{SLUG}/") == 404 and status(f"/zh-hans/news/{SLUG}/") == 404

    # The clock reaches the go-live time (moved back instead of waited for).
    past = timezone.now() - datetime.timedelta(seconds=1)
    for revision in Revision.objects.filter(object_id=str(release.pk), approved_go_live_at__isnull=False):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
    with commit():
        call_command("publish_scheduled", verbosity=0)
    assert status(f"/en/news/{SLUG}/") == 200 and status(f"/zh-hans/news/{SLUG}/") == 200
    assert TITLE in text("/zh-hans/news/feed/")

    # ... and the expiry time.
    Page.objects.filter(translation_key=release.translation_key, expire_at__isnull=False).update(expire_at=past)
    with commit():
        call_command("publish_scheduled", verbosity=0)
    assert status(f"/en/news/{SLUG}/") == 404 and status(f"/zh-hans/news/{SLUG}/") == 404
    assert TITLE not in text("/en/news/feed/") and TITLE not in text("/zh-hans/news/feed/")


def test_editors_add_releases_to_the_english_news_only(seeded, people):
    """The Chinese news index has the same workflow, but nobody adds or submits there through Wagtail:
    Chinese releases are translations of English ones, published by the translation queue."""
    editor = people["editor"]
    zh_index = news_index(seeded, "zh")
    assert news_index(seeded).permissions_for_user(editor).can_add_subpage()
    assert not zh_index.permissions_for_user(editor).can_add_subpage()
    url = reverse("wagtailadmin_pages:add", args=["news", "newspage", zh_index.pk])
    assert client_for(editor).get(url).status_code in (302, 403)
    chinese = NewsPage.objects.child_of(zh_index).first()
    assert not chinese.permissions_for_user(editor).can_submit_for_moderation()
    assert not chinese.permissions_for_user(people["moderator"]).can_publish()


def test_an_approved_chinese_translation_publishes_through_the_queue_not_the_workflow(seeded, people, commit):
    release = submit_release(seeded, people["editor"], commit)
    approve(release, people["moderator"], commit)
    chinese = chinese_of(release, seeded)
    assert chinese.specific.get_workflow().name == WORKFLOW_NAME  # the workflow is there ...

    task = task_for(release, seeded["zh"])
    work.claim(task, people["translator"])
    translate_release(task, commit)
    # ... but the translator's page offers no submission to it: the queue is the way.
    assert not Page.objects.get(pk=chinese.pk).permissions_for_user(people["translator"]).can_submit_for_moderation()
    work.submit_for_review(task, people["translator"])
    with commit():
        assert work.approve_and_publish(task, people["reviewer"], acknowledged=warnings_shown(task)) is True

    chinese = Page.objects.get(pk=chinese.pk)
    assert chinese.live and chinese.alias_of_id is None
    zh = text(f"/zh-hans/news/{SLUG}/")
    assert ZH_TITLE in zh and 'class="alias-notice"' not in zh
    assert ZH_TITLE in text("/zh-hans/news/feed/")
    # No workflow was started, cancelled or left waiting on the Chinese page.
    assert not WorkflowState.objects.filter(object_id=str(chinese.pk)).exists()
    task.refresh_from_db()
    assert task.state == TaskState.DONE


def test_a_translated_release_resubmitted_in_english_keeps_its_chinese_until_approval(seeded, people, commit):
    """A moderator's approval of new English text leaves the reviewed Chinese live and the task out of date."""
    release = submit_release(seeded, people["editor"], commit)
    approve(release, people["moderator"], commit)
    task = task_for(release, seeded["zh"])
    work.claim(task, people["translator"])
    translate_release(task, commit)
    work.submit_for_review(task, people["translator"])
    with commit():
        work.approve_and_publish(task, people["reviewer"], acknowledged=warnings_shown(task))

    edit = reverse("wagtailadmin_pages:edit", args=[release.pk])
    changed = release_form(summary="Young people from thirteen countries spent two weeks in China.")
    with commit():
        response = client_for(people["editor"]).post(edit, {**changed, "action-submit": "yes"})
    assert response.status_code == 302
    assert "thirteen" not in text(f"/en/news/{SLUG}/")  # still the approved English
    approve(release, people["moderator"], commit)
    assert "thirteen" in text(f"/en/news/{SLUG}/")
    zh = text(f"/zh-hans/news/{SLUG}/")
    assert ZH_TITLE in zh and 'class="alias-notice"' not in zh
    task.refresh_from_db()
    assert task.state == TaskState.OUT_OF_DATE
