"""Issue 15 items 3 and 4: mails for every workflow move (who, in which language, with which link and
dates; now or in a daily digest; never breaking the move), and deadlines (from the English go-live date
or a reviewer), with overdue and due-soon work first in the queue."""

import datetime
import logging
import re

import pytest
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from cms.translation_queue import work
from cms.translation_queue.models import Delivery, NotificationPreference, PendingNotification, TaskState
from cms.translation_queue.models import TranslationTask as Task

from .conftest import task_for, translate_everything, warnings_shown
from .test_follow_source import schedule_release
from .test_po_and_queue_page import make_tasks, queue_queries

QUEUE = "/admin/translation-queue/"
BASE = "http://cms.example.test"


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def speaks(user, language):
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": language})


def mails_to(outbox, user):
    return [m for m in outbox if m.to == [user.email]]


def in_chinese(message, **values):
    with translation.override("zh-hans"):
        return translation.gettext(message) % values


@pytest.fixture
def submitted(seeded, people, new_page, commit):
    task = task_for(new_page, seeded["zh"])
    work.claim(task, people["translator"])
    translate_everything(task, commit, user=people["translator"])
    work.submit_for_review(task, people["translator"])
    task.refresh_from_db()
    return task


# --- who hears of what, in which language ------------------------------------------------------------------


def test_new_work_reaches_each_translator_in_their_own_language_with_a_link(seeded, people, new_page, mailoutbox):
    task = task_for(new_page, seeded["zh"])
    assert sorted(to for m in mailoutbox for to in m.to) == ["tao@example.org", "tian@example.org"]
    for message in mailoutbox:
        assert message.subject == "New translation work: Beijing Forestry University"
        link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + f"/admin/translation-queue/{task.pk}/review/"
        assert link.startswith("http") and f"Open the task: {link}" in message.body
        assert "New: Beijing Forestry University" in message.body
        assert "goes live" not in message.body and "Due:" not in message.body  # published now, no deadline


def test_the_mail_is_written_in_the_recipients_admin_language(seeded, people, new_page, mailoutbox, commit):
    speaks(people["translator"], "zh-hans")
    task = task_for(new_page, seeded["zh"])
    with override_settings(WAGTAILADMIN_BASE_URL=BASE + "/"), commit():
        work.assign(task, people["reviewer"], people["translator"])
    (mail,) = mailoutbox[-1:]
    assert f"{BASE}/admin/translation-queue/{task.pk}/review/" in mail.body  # the site's public address
    assert mail.to == ["tian@example.org"]
    subject = in_chinese("Assigned to you: %(title)s", title="Beijing Forestry University")
    assert subject != "Assigned to you: Beijing Forestry University" and mail.subject == subject
    assert in_chinese("Open the task: %(url)s", url="") in mail.body
    assert translation.get_language() == "en"  # the sender's language is left as it was


def test_changed_english_reaches_the_translators(seeded, people, new_page, mailoutbox, commit):
    task = task_for(new_page, seeded["zh"])
    work.claim(task, people["translator"])
    translate_everything(task, commit, user=people["translator"])
    mailoutbox.clear()
    page = new_page.specific_class.objects.get(pk=new_page.pk)
    page.summary = "A university in Beijing, founded in 1952."
    with commit():
        page.save_revision(user=people["editor"]).publish(user=people["editor"])
    assert sorted(to for m in mailoutbox for to in m.to) == ["tao@example.org", "tian@example.org"]
    assert all(m.subject == "The English changed: Beijing Forestry University" for m in mailoutbox)
    assert all("1 segments changed" in m.body and f"/{task.pk}/review/" in m.body for m in mailoutbox)


def test_submitted_work_reaches_the_reviewers_only(seeded, people, new_page, mailoutbox, commit):
    task = task_for(new_page, seeded["zh"])
    work.claim(task, people["translator"])
    translate_everything(task, commit, user=people["translator"])
    mailoutbox.clear()
    with commit():
        work.submit_for_review(task, people["translator"])
    assert [m.to for m in mailoutbox] == [["rui@example.org"]]
    assert mailoutbox[0].subject == "Ready for your review: Beijing Forestry University"
    assert "Submitted for review by tian" in mailoutbox[0].body


def test_sent_back_and_approved_reach_the_translator_concerned(seeded, people, submitted, mailoutbox, commit):
    mailoutbox.clear()
    with commit():
        work.send_back(submitted, people["reviewer"], "Use the agreed name for the university.")
    assert [m.to for m in mailoutbox] == [["tian@example.org"]]
    assert mailoutbox[0].subject == "Sent back to you: Beijing Forestry University"
    assert "Use the agreed name for the university." in mailoutbox[0].body

    work.submit_for_review(submitted, people["translator"])
    submitted.refresh_from_db()
    mailoutbox.clear()
    with commit():
        work.approve_and_publish(submitted, people["reviewer"], acknowledged=warnings_shown(submitted))
    assert [m.to for m in mailoutbox] == [["tian@example.org"]]
    assert mailoutbox[0].subject == "Approved: Beijing Forestry University"
    assert "Approved by rui" in mailoutbox[0].body


def test_assigned_reaches_the_assignee_and_nobody_hears_of_their_own_move(seeded, people, new_page, mailoutbox, commit):
    task = task_for(new_page, seeded["zh"])
    mailoutbox.clear()
    with commit():
        work.assign(task, people["reviewer"], people["other_translator"])
    assert [m.to for m in mailoutbox] == [["tao@example.org"]]
    assert "Assigned to you by rui" in mailoutbox[0].body
    mailoutbox.clear()
    with commit():
        work.claim(task, people["other_translator"])  # claiming tells nobody
        work.release(task, people["other_translator"])
        work.assign(task, people["reviewer"], people["reviewer"])  # a reviewer taking it on themselves
    assert mailoutbox == []


def test_a_scheduled_release_mail_shows_its_go_live_and_due_date(seeded, people, commit, mailoutbox):
    go_live_at = timezone.now() + datetime.timedelta(days=5)
    release = schedule_release(seeded, people, commit, go_live_at)
    task = task_for(release, seeded["zh"])
    local = timezone.localtime(go_live_at)
    assert task.due == local.date() and not task.due_set  # the deadline defaults to the go-live date
    mails = [m for m in mailoutbox if "Embargoed youth camp release" in m.subject]
    assert len(mails) == 2
    for mail in mails:
        assert f"The English goes live: {local:%Y-%m-%d %H:%M}" in mail.body
        assert f"Due: {local.date().isoformat()}" in mail.body


# --- immediate or digest ---------------------------------------------------------------------------------


def test_digest_people_get_one_mail_a_day_and_a_second_run_sends_nothing(seeded, people, new_page, mailoutbox, commit):
    translator = people["translator"]
    NotificationPreference.objects.create(user=translator, delivery=Delivery.DIGEST)
    speaks(translator, "zh-hans")
    task = task_for(new_page, seeded["zh"])
    mailoutbox.clear()
    with commit():
        work.assign(task, people["reviewer"], translator)
    with commit():
        work.set_due(task, people["reviewer"], datetime.date(2030, 1, 15))
        work.release(task, people["reviewer"])
        work.assign(task, people["reviewer"], translator)
    assert mails_to(mailoutbox, translator) == []  # nothing immediate
    assert PendingNotification.objects.filter(user=translator).count() == 2

    call_command("send_translation_digest", verbosity=0)
    (digest,) = mails_to(mailoutbox, translator)
    with translation.override("zh-hans"):
        expected = translation.ngettext(
            "Translation queue digest: %(count)s update", "Translation queue digest: %(count)s updates", 2
        ) % {"count": 2}
    assert digest.subject == expected and "Translation queue" not in digest.subject
    assert digest.body.count(f"/{task.pk}/review/") == 2 and "2030-01-15" in digest.body
    assert NotificationPreference.objects.get(user=translator).last_digest_at is not None

    call_command("send_translation_digest", verbosity=0)
    assert len(mails_to(mailoutbox, translator)) == 1  # idempotent


def test_the_delivery_setting_is_in_the_users_account_settings(seeded, people, client):
    client.force_login(people["translator"])
    html = client.get("/admin/account/").content.decode()
    assert "Translation queue e-mails" in html and 'name="translation_queue-delivery"' in html
    client.force_login(people["editor"])  # no language to translate: no setting
    assert "translation_queue-delivery" not in client.get("/admin/account/").content.decode()


# --- never breaking the move -----------------------------------------------------------------------------


@override_settings(EMAIL_BACKEND="tests.translation_queue.test_notify_deadlines.BrokenBackend")
def test_a_broken_mail_server_never_breaks_the_move_and_is_logged(seeded, people, submitted, commit, caplog):
    NotificationPreference.objects.create(user=people["translator"], delivery=Delivery.DIGEST)
    with caplog.at_level(logging.ERROR), commit():
        work.send_back(submitted, people["reviewer"], "Check the title.")
    submitted.refresh_from_db()
    assert submitted.state == TaskState.IN_PROGRESS
    with caplog.at_level(logging.ERROR), commit():
        work.submit_for_review(submitted, people["translator"])  # the reviewer's immediate mail fails
    submitted.refresh_from_db()
    assert submitted.state == TaskState.READY_FOR_REVIEW
    assert "Could not mail the translation queue's news to rui@example.org" in caplog.text

    call_command("send_translation_digest", verbosity=0)  # fails too: the entry waits for the next run
    assert PendingNotification.objects.filter(user=people["translator"]).count() == 1
    assert "tian@example.org" in caplog.text


# --- deadlines -------------------------------------------------------------------------------------------


def test_a_reviewer_sets_the_due_date_and_a_translator_may_not(seeded, people, new_page, client):
    task = task_for(new_page, seeded["zh"])
    client.force_login(people["translator"])
    html = client.post(f"{QUEUE}{task.pk}/set_due/", {"due": "2030-03-01"}, follow=True).content.decode()
    assert "You can&#x27;t do that on this task" in html
    assert Task.objects.get(pk=task.pk).due is None
    assert 'data-action="set_due"' not in client.get(QUEUE).content.decode()

    client.force_login(people["reviewer"])
    assert 'data-action="set_due"' in client.get(QUEUE).content.decode()
    html = client.post(f"{QUEUE}{task.pk}/set_due/", {"due": "2030-03-01"}, follow=True).content.decode()
    assert "Due date set." in html
    task.refresh_from_db()
    assert task.due == datetime.date(2030, 3, 1) and task.due_set
    entry = ModelLogEntry.objects.filter(object_id=str(task.pk), action="translation_queue.due_set").get()
    assert entry.user == people["reviewer"] and entry.data == {"due": "2030-03-01"}
    html = client.post(f"{QUEUE}{task.pk}/set_due/", {"due": "soon"}, follow=True).content.decode()
    assert "Enter the due date as YYYY-MM-DD." in html
    client.post(f"{QUEUE}{task.pk}/set_due/", {"due": ""})  # cleared: back to the go-live date (none here)
    task.refresh_from_db()
    assert task.due is None and not task.due_set


def test_a_reviewers_date_stays_when_the_english_is_rescheduled(seeded, people, commit):
    release = schedule_release(seeded, people, commit, timezone.now() + datetime.timedelta(days=5))
    task = task_for(release, seeded["zh"])
    work.set_due(task, people["reviewer"], datetime.date(2030, 5, 1))
    release.refresh_from_db()
    release.go_live_at = timezone.now() + datetime.timedelta(days=9)
    release.summary = "A summer camp for young people from fifteen countries."
    with commit():
        release.save_revision(user=people["editor"]).publish(user=people["editor"])
    task.refresh_from_db()
    assert task.due == datetime.date(2030, 5, 1)
    assert task.default_due() == timezone.localdate(release.go_live_at)


def test_overdue_and_due_soon_rows_come_first_and_are_highlighted(seeded, people, client):
    make_tasks(seeded["zh"], 6)
    today = timezone.localdate()
    tasks = list(Task.objects.filter(source_title__startswith="Synthetic").order_by("pk"))
    dues = {
        0: None,
        1: today + datetime.timedelta(days=30),
        2: today + datetime.timedelta(days=2),
        3: today - datetime.timedelta(days=1),
        4: today,
        5: today - datetime.timedelta(days=10),
    }
    for index, due in dues.items():
        Task.objects.filter(pk=tasks[index].pk).update(due=due)
    Task.objects.filter(pk=tasks[5].pk).update(state=TaskState.DONE)  # done work is never urgent

    client.force_login(people["reviewer"])
    html = client.get(QUEUE, {"q": "Synthetic"}).content.decode()
    rows = re.findall(r'<tr class="queue-row ([^"]*)" data-task="(\d+)"', html)
    index_of = {str(task.pk): i for i, task in enumerate(tasks)}
    order = [index_of[pk] for _classes, pk in rows]
    assert order[:3] == [3, 4, 2] and sorted(order[3:]) == [0, 1]  # overdue, then due soon by date; done: not shown
    classes = {index_of[pk]: cls for cls, pk in rows}
    assert "due-overdue" in classes[3] and "due-due_soon" in classes[4] and "due-due_soon" in classes[2]
    assert "due-" not in classes[1] and "due-" not in classes[0]
    assert "Overdue" in html and "Due soon" in html


def test_queue_query_count_stays_flat_with_deadlines(client, people, seeded):
    client.force_login(people["reviewer"])
    today = timezone.localdate()
    make_tasks(seeded["zh"], 10)
    Task.objects.filter(pk__in=Task.objects.order_by("-pk").values("pk")[:5]).update(due=today)
    at_10 = queue_queries(client)
    make_tasks(seeded["zh"], 990)
    Task.objects.filter(pk__in=Task.objects.order_by("-pk").values("pk")[:300]).update(
        due=today - datetime.timedelta(days=3)
    )
    at_1000 = queue_queries(client)
    assert at_10 == at_1000
