"""The Chinese side follows the English one's life: embargo and go-live, synchronized fields, unpublish,
move, delete; mail outages and people leaving the translators never break or strand anything."""

import datetime
import logging
import socket

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, Revision
from wagtail_localize.synctree import create_aliases_for_new_page

from cms.translation_queue import work
from cms.translation_queue.models import TaskState
from news.models import NewsPage
from orgs.models import OrganizationPage, ProgramPage
from tests.translation_queue.conftest import task_for, translate_everything, warnings_shown


def status(url):
    return Client().get(url).status_code


def html(url):
    return Client().get(url).content.decode()


def schedule_release(seeded, people, commit, go_live_at):
    """An editor writes a release and schedules it (approved, with a go-live time), as in the admin."""
    index = Page.objects.get(locale=seeded["en"], slug="news")
    page = NewsPage(
        title="Embargoed youth camp release",
        slug="embargoed-camp",
        date=datetime.date(2026, 11, 26),
        summary="A summer camp for young people from twelve countries.",
        go_live_at=go_live_at,
        live=False,
    )
    index.add_child(instance=page)
    create_aliases_for_new_page(page)
    with commit():
        page.save_revision(user=people["editor"]).publish(user=people["editor"])
    return page


def go_live(page, commit):
    """The clock reaches the go-live time (moved back instead of waited for), and Wagtail's scheduler runs."""
    past = timezone.now() - datetime.timedelta(seconds=1)
    for revision in Revision.objects.filter(object_id=str(page.pk), approved_go_live_at__isnull=False):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
    Page.objects.filter(pk=page.pk).update(go_live_at=past)
    with commit():
        call_command("publish_scheduled", verbosity=0)


TOMORROW = datetime.timedelta(days=1)


def test_a_scheduled_release_is_nowhere_in_either_language_until_go_live(seeded, people, commit):
    release = schedule_release(seeded, people, commit, timezone.now() + TOMORROW)
    for url in ("/en/news/embargoed-camp/", "/zh-hans/news/embargoed-camp/"):
        assert status(url) == 404
    for url in ("/zh-hans/", "/zh-hans/news/", "/zh-hans/news/feed/", "/sitemap.xml"):
        assert "embargoed-camp" not in html(url) and "Embargoed youth camp" not in html(url)

    go_live(release, commit)
    assert status("/en/news/embargoed-camp/") == 200
    assert status("/zh-hans/news/embargoed-camp/") == 200  # the alias went live with it, not before
    assert "Embargoed youth camp" in html("/zh-hans/news/")
    assert Page.objects.get(translation_key=release.translation_key, locale=seeded["zh"]).live


def test_an_approved_translation_of_a_scheduled_release_goes_live_with_it(seeded, people, commit):
    release = schedule_release(seeded, people, commit, timezone.now() + TOMORROW)
    task = task_for(release, seeded["zh"])
    work.claim(task, people["translator"])
    translate_everything(task, commit)
    work.submit_for_review(task, people["translator"])
    with commit():
        # Held for the English go-live.
        assert work.approve_and_publish(task, people["reviewer"], acknowledged=warnings_shown(task)) is False
    task.refresh_from_db()
    assert task.state == TaskState.DONE and task.held_revision_id
    assert status("/zh-hans/news/embargoed-camp/") == 404

    go_live(release, commit)
    page = html("/zh-hans/news/embargoed-camp/")
    assert "这是一段译文。" in page and 'class="alias-notice"' not in page  # the approved Chinese
    task.refresh_from_db()
    assert task.held_revision_id is None
    assert ModelLogEntry.objects.filter(object_id=str(task.pk), action="translation_queue.published_with_source")


def test_synchronized_fields_follow_the_english_without_translator_work(seeded, people, commit):
    english = OrganizationPage.objects.get(locale=seeded["en"], slug="iecc")
    chinese = english.get_translation(seeded["zh"]).specific
    task = task_for(english, seeded["zh"])
    assert task.state == TaskState.DONE
    chinese_body = str(chinese.body)  # the reviewed Chinese, which must stay
    assert "中心" in chinese_body
    english.phones = "010-88886666"
    english.postal_code = "100036"
    with commit():
        english.save_revision(user=people["editor"]).publish(user=people["editor"])
    page = html(chinese.url)
    assert "010-88886666" in page and "100036" in page
    assert chinese.title in page  # still the Chinese translation
    assert str(Page.objects.get(pk=chinese.pk).specific.body) == chinese_body
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    assert ModelLogEntry.objects.filter(object_id=str(task.pk), action="translation_queue.synchronized")


def test_unpublishing_english_unpublishes_the_translation_and_republishing_brings_it_back(seeded, people, commit):
    english = Page.objects.get(locale=seeded["en"], slug="ciyec-kicec-memorandum").specific
    chinese = english.get_translation(seeded["zh"])
    with commit():
        english.unpublish(user=people["editor"])
    assert status(chinese.url) == 404
    assert "ciyec-kicec-memorandum" not in html("/sitemap.xml")
    with commit():
        english.save_revision(user=people["editor"]).publish(user=people["editor"])
    assert status(chinese.url) == 200 and chinese.title in html(chinese.url)


def test_moving_english_moves_the_translation(seeded, people, commit):
    program = ProgramPage.objects.get(locale=seeded["en"], slug="little-ambassadors")
    other_org = OrganizationPage.objects.get(locale=seeded["en"], slug="kicec")
    with commit():
        program.move(other_org, pos="last-child", user=people["editor"])
    chinese = Page.objects.get(translation_key=program.translation_key, locale=seeded["zh"])
    assert chinese.get_parent().translation_key == other_org.translation_key
    assert status(chinese.url) == 200 and "/kicec/" in chinese.url


def test_deleting_english_keeps_chinese_work_unpublished_and_closes_the_task(seeded, people, new_page, commit):
    task = task_for(new_page, seeded["zh"])
    work.claim(task, people["translator"])
    translate_everything(task, commit)
    chinese = Page.objects.get(translation_key=new_page.translation_key, locale=seeded["zh"])
    assert chinese.live  # the alias, while the work is a draft
    with commit():
        Page.objects.get(pk=new_page.pk).delete()
    kept = Page.objects.get(pk=chinese.pk)
    assert not kept.live  # never a live orphan
    assert kept.specific.latest_revision.as_object().title == "北京林业大学"  # the work, recoverable
    assert status("/zh-hans/organizations/bfu/") == 404
    task.refresh_from_db()
    assert task.state == TaskState.DONE and "source was deleted" in task.review_comment
    assert ModelLogEntry.objects.filter(object_id=str(task.pk), action="translation_queue.source_deleted")


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def test_a_mail_outage_does_not_break_a_publish(seeded, people, commit, caplog):
    index = Page.objects.get(locale=seeded["en"], slug="organizations")
    page = OrganizationPage(title="Tsinghua University", slug="tsinghua", summary="A university.")
    index.add_child(instance=page)
    create_aliases_for_new_page(page)
    smtp = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1"}
    with (
        override_settings(**smtp, EMAIL_PORT=closed_port(), EMAIL_TIMEOUT=2),
        caplog.at_level(logging.ERROR),
        commit(),
    ):
        page.save_revision(user=people["editor"]).publish(user=people["editor"])
    assert status("/en/organizations/tsinghua/") == 200
    assert task_for(page, seeded["zh"]).state == TaskState.NOT_STARTED
    assert "Could not mail the" in caplog.text


@pytest.mark.parametrize("how", ["user side", "group side"])
def test_leaving_the_translators_returns_their_tasks_to_the_pool(seeded, people, new_page, how):
    translator = people["translator"]
    task = task_for(new_page, seeded["zh"])
    work.claim(task, translator)
    group = Group.objects.get(name="zh-hans translators")
    if how == "user side":
        translator.groups.remove(group)
    else:
        group.user_set.clear()
    task.refresh_from_db()
    assert task.assignee is None
    assert ModelLogEntry.objects.filter(object_id=str(task.pk), action="translation_queue.returned_to_pool")


def expire(page, commit):
    """The clock passes the release's expiry time (moved back instead of waited for); the scheduler runs."""
    past = timezone.now() - datetime.timedelta(seconds=1)
    Page.objects.filter(translation_key=page.translation_key, expire_at__isnull=False).update(expire_at=past)
    with commit():
        call_command("publish_scheduled", verbosity=0)


def test_an_expiring_release_leaves_both_languages_and_its_alias_follows(seeded, people, commit):
    release = schedule_release(seeded, people, commit, timezone.now() + TOMORROW)
    release = NewsPage.objects.get(pk=release.pk)
    release.expire_at = timezone.now() + 2 * TOMORROW
    with commit():
        release.save_revision(user=people["editor"]).publish(user=people["editor"])
    go_live(release, commit)
    assert status("/en/news/embargoed-camp/") == 200 and status("/zh-hans/news/embargoed-camp/") == 200

    expire(release, commit)
    for url in ("/en/news/embargoed-camp/", "/zh-hans/news/embargoed-camp/"):
        assert status(url) == 404
    for url in ("/en/news/", "/en/news/feed/", "/zh-hans/news/", "/zh-hans/news/feed/", "/sitemap.xml"):
        assert "embargoed-camp" not in html(url)
    english = Page.objects.get(pk=release.pk)
    chinese = Page.objects.get(translation_key=release.translation_key, locale=seeded["zh"])
    assert english.expired and not english.live and not chinese.live


def test_an_expiring_release_takes_its_approved_translation_with_it(seeded, people, commit):
    release = schedule_release(seeded, people, commit, timezone.now() - datetime.timedelta(minutes=1))
    release = NewsPage.objects.get(pk=release.pk)
    assert release.live
    task = task_for(release, seeded["zh"])
    work.claim(task, people["translator"])
    translate_everything(task, commit)
    work.submit_for_review(task, people["translator"])
    with commit():
        assert work.approve_and_publish(task, people["reviewer"], acknowledged=warnings_shown(task)) is True
    assert "这是一段译文。" in html("/zh-hans/news/embargoed-camp/")

    release.expire_at = timezone.now() + TOMORROW
    with commit():
        release.save_revision(user=people["editor"]).publish(user=people["editor"])
    assert "这是一段译文。" in html("/zh-hans/news/embargoed-camp/")  # the translation stays live until then
    expire(release, commit)
    assert status("/en/news/embargoed-camp/") == 404
    assert status("/zh-hans/news/embargoed-camp/") == 404
    assert "embargoed-camp" not in html("/zh-hans/news/feed/")
    task.refresh_from_db()
    assert task.held_revision_id  # kept, to come back with the English

    # Republished without an expiry: the approved Chinese comes back with it, not the alias.
    release = NewsPage.objects.get(pk=release.pk)
    release.expire_at = None
    with commit():
        release.save_revision(user=people["editor"]).publish(user=people["editor"])
    page = html("/zh-hans/news/embargoed-camp/")
    assert "这是一段译文。" in page and 'class="alias-notice"' not in page
