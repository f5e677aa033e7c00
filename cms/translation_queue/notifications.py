"""The queue's e-mails, derived from the workflow's moves (workflow.TRANSITIONS[...].notify).

- new and changed work ("queued", "out_of_date") → the language's translators;
- submitted work → its reviewers; sent back, approved, assigned → the translator concerned (the assignee).

Nobody is told of their own move. Each mail links to the task's review screen, shows the English go-live
date and the due date where there are some, and is written in the RECIPIENT's admin language (Wagtail's
preferred language, else settings.LANGUAGE_CODE) and time zone. People choose immediate mails or a daily
digest (NotificationPreference; the digest is sent by `manage.py send_translation_digest`).

Everything happens after commit and never breaks the move: a failing mail server is logged.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from . import workflow
from .models import Delivery, NotificationPreference, PendingNotification, TaskState, TranslationTask
from .roles import reviewers_of, translators_of

logger = logging.getLogger(__name__)

_quiet = ContextVar("translation_queue_quiet", default=False)
_collecting: ContextVar[list | None] = ContextVar("translation_queue_collecting", default=None)

# Work for the translators: not worth a mail once it is done (a publish that queued finished work).
WORK_EVENTS = {"new", "changed"}


@contextmanager
def quietly():
    """No e-mails while this runs (the seed publishes dozens of pages at once)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


@contextmanager
def batched():
    """The moves recorded while this runs reach each person in one mail, sent after commit (one publish
    that queues or changes several tasks). Outside a batch, each move is delivered on its own."""
    if _collecting.get() is not None:
        yield
        return
    events: list[Event] = []
    token = _collecting.set(events)
    try:
        yield
    finally:
        _collecting.reset(token)
    if events:  # not after an exception: the transaction is rolled back and nothing happened
        transaction.on_commit(partial(deliver, events), robust=True)


@dataclass
class Event:
    task_id: int
    name: str  # new, changed, submitted, sent_back, approved, assigned
    audience: str  # Transition.notify
    actor_id: int | None
    assignee_id: int | None
    data: dict = field(default_factory=dict)


def event_name(action: str, data: dict) -> str:
    """Which event a move is, for its readers."""
    if action == "queued":
        return "changed" if data.get("changed_segments") else "new"
    return {
        "out_of_date": "changed",
        "submit": "submitted",
        "send_back": "sent_back",
        "approve": "approved",
        "assign": "assigned",
    }[action]


@receiver(workflow.recorded)
def on_move(sender, transition: workflow.Transition, task, user=None, data=None, **kwargs):
    if not transition.notify or _quiet.get():
        return
    event = Event(
        task.pk,
        event_name(transition.action, data or {}),
        transition.notify,
        getattr(user, "pk", None),
        task.assignee_id,
        dict(data or {}),
    )
    collecting = _collecting.get()
    if collecting is not None:
        collecting.append(event)
    else:
        transaction.on_commit(partial(deliver, [event]), robust=True)


# --- delivery -------------------------------------------------------------------------------------------


def deliver(events: list[Event]) -> None:
    """Immediate mails now, digest entries for later. Never raises: this runs after the move committed."""
    try:
        _deliver(events)
    except Exception:
        logger.exception("Could not deliver the translation queue's notifications")


def _recipients(event: Event, task: TranslationTask) -> list:
    if event.audience == "translators":
        people = list(translators_of(task.target_locale))
    elif event.audience == "reviewers":
        people = list(reviewers_of(task.target_locale))
    else:
        people = list(get_user_model().objects.filter(pk=event.assignee_id, is_active=True))
    return [person for person in people if person.pk != event.actor_id and person.email]


def _deliver(events: list[Event]) -> None:
    tasks = TranslationTask.objects.select_related("target_locale").in_bulk({e.task_id for e in events})
    users, per_user = {}, defaultdict(list)
    for event in events:
        task = tasks.get(event.task_id)
        if task is None or (event.name in WORK_EVENTS and task.state == TaskState.DONE):
            continue
        for person in _recipients(event, task):
            users[person.pk] = person
            per_user[person.pk].append(event)
    if not per_user:
        return
    digest = set(
        NotificationPreference.objects.filter(user_id__in=per_user, delivery=Delivery.DIGEST).values_list(
            "user_id", flat=True
        )
    )
    PendingNotification.objects.bulk_create(
        PendingNotification(user_id=user_id, task_id=e.task_id, event=e.name, actor_id=e.actor_id, data=e.data)
        for user_id in digest
        for e in per_user[user_id]
    )
    actors = get_user_model().objects.in_bulk({e.actor_id for e in events if e.actor_id})
    settings_of = _personal_settings([pk for pk in per_user if pk not in digest])
    for user_id, items in per_user.items():
        if user_id in digest:
            continue
        entries = [Entry(e.name, tasks[e.task_id], actors.get(e.actor_id), e.data) for e in items]
        _send(users[user_id], entries, settings_of.get(user_id, _DEFAULTS))


@dataclass
class Entry:
    """One event as a mail tells it."""

    name: str
    task: TranslationTask
    actor: object | None
    data: dict


_DEFAULTS = (None, None)


def _personal_settings(user_ids) -> dict[int, tuple[str | None, str | None]]:
    """{user id: (admin language, time zone)} from Wagtail's user profiles, in one query."""
    from wagtail.users.models import UserProfile

    return {
        user_id: (language or None, zone or None)
        for user_id, language, zone in UserProfile.objects.filter(user_id__in=list(user_ids)).values_list(
            "user_id", "preferred_language", "current_time_zone"
        )
    }


def _send(user, entries: list[Entry], personal, digest: bool = False) -> bool:
    """Render in the recipient's language and time zone, and send; a failure is logged, never raised."""
    language, zone = personal
    subject = ""
    try:
        with override(language or settings.LANGUAGE_CODE), timezone.override(zone or settings.TIME_ZONE):
            subject, body = render(entries, digest=digest)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:  # a mail outage must not undo or break the move that triggered it
        logger.exception("Could not mail the translation queue's news to %s (%s)", user.email, subject)
        return False
    return True


# --- what a mail says -------------------------------------------------------------------------------------


def task_url(task) -> str:
    """The task's review screen (segments, checks, approval), as an absolute link."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("translation_queue:review", args=[task.pk])


def _actor(entry: Entry) -> str:
    return entry.actor.get_username() if entry.actor else _("the site")


def headline(entry: Entry) -> str:
    task, data = entry.task, entry.data
    title = task.source_title
    if entry.name == "new":
        return _("New: %(title)s (%(kind)s, %(words)s words)") % {
            "title": title,
            "kind": task.kind_label,
            "words": task.words_remaining,
        }
    if entry.name == "changed":
        count = data.get("changed_segments") or task.changed_segments
        return _("Changed: %(title)s (%(count)s segments changed)") % {"title": title, "count": count}
    if entry.name == "submitted":
        return _("Submitted for review by %(user)s: %(title)s") % {"user": _actor(entry), "title": title}
    if entry.name == "sent_back":
        return _("Sent back to you by %(user)s: %(title)s") % {"user": _actor(entry), "title": title}
    if entry.name == "approved":
        return _("Approved by %(user)s: %(title)s") % {"user": _actor(entry), "title": title}
    return _("Assigned to you by %(user)s: %(title)s") % {"user": _actor(entry), "title": title}


def subject_of(entry: Entry) -> str:
    title = entry.task.source_title
    return {
        "new": _("New translation work: %(title)s"),
        "changed": _("The English changed: %(title)s"),
        "submitted": _("Ready for your review: %(title)s"),
        "sent_back": _("Sent back to you: %(title)s"),
        "approved": _("Approved: %(title)s"),
        "assigned": _("Assigned to you: %(title)s"),
    }[entry.name] % {"title": title}


def details(entry: Entry) -> list[str]:
    task = entry.task
    lines = ["  " + _("Open the task: %(url)s") % {"url": task_url(task)}]
    if task.source_go_live_at:
        when = timezone.localtime(task.source_go_live_at).strftime("%Y-%m-%d %H:%M")
        lines.append("  " + _("The English goes live: %(when)s") % {"when": when})
    if task.due:
        lines.append("  " + _("Due: %(date)s") % {"date": task.due.isoformat()})
    if entry.name == "sent_back" and entry.data.get("comment"):
        lines.append("  " + _("Reviewer: %(comment)s") % {"comment": entry.data["comment"]})
    if entry.name == "approved" and entry.data.get("live") is False:
        lines.append("  " + _("It goes live when its English page does."))
    return lines


def render(entries: list[Entry], digest: bool = False) -> tuple[str, str]:
    """(subject, body) in the active language."""
    if digest:
        subject = ngettext(
            "Translation queue digest: %(count)s update",
            "Translation queue digest: %(count)s updates",
            len(entries),
        ) % {"count": len(entries)}
    elif len(entries) == 1:
        subject = subject_of(entries[0])
    else:
        subject = ngettext(
            "Translation queue: %(count)s update", "Translation queue: %(count)s updates", len(entries)
        ) % {"count": len(entries)}
    lines = []
    for entry in entries:
        lines += [headline(entry), *details(entry), ""]
    queue = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("translation_queue:index")
    lines.append(_("Open the queue: %(url)s") % {"url": queue})
    return subject, "\n".join(lines)


# --- the daily digest ---------------------------------------------------------------------------------------


def send_digests() -> int:
    """One mail per person with everything waiting since their last digest; sent entries are removed, so a
    second run sends nothing new. A failed mail keeps its entries for the next run. Returns mails sent."""
    sent = 0
    user_ids = PendingNotification.objects.order_by().values_list("user_id", flat=True).distinct()
    users = get_user_model().objects.in_bulk(list(user_ids))
    personal = _personal_settings(users)
    for user_id, user in users.items():
        with transaction.atomic():
            pending = list(
                PendingNotification.objects.select_for_update(of=("self",))  # not the outer-joined actor
                .filter(user_id=user_id)
                .select_related("task__target_locale", "actor")
                .order_by("created_at", "pk")
            )
            if not pending:
                continue
            entries = [Entry(p.event, p.task, p.actor, p.data) for p in pending]
            if not user.is_active or not user.email:
                PendingNotification.objects.filter(pk__in=[p.pk for p in pending]).delete()
                continue
            if not _send(user, entries, personal.get(user_id, _DEFAULTS), digest=True):
                continue
            PendingNotification.objects.filter(pk__in=[p.pk for p in pending]).delete()
            NotificationPreference.objects.update_or_create(user=user, defaults={"last_digest_at": timezone.now()})
            sent += 1
    return sent
