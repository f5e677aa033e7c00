"""What happens to translation tasks: created on publish, marked out of date, claimed, reviewed, synced.

All state changes go through these functions, which log them as Wagtail log entries on the task.
They run on publish and on translators' actions, never in page views: wagtail-localize's source and
sync paths cost about 18 queries per segment.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log
from wagtail.models import Locale, Page
from wagtail_localize.models import LocaleSynchronization, StringSegment, StringTranslation, TranslationSource
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.strings import StringValue

from . import drafts
from .models import TaskState, TranslationTask
from .roles import can_review, can_translate, can_work_on

_quiet = ContextVar("translation_queue_quiet", default=False)
_CJK = re.compile(r"[\u3400-\u9fff]")


@contextmanager
def quietly():
    """No e-mails while this runs (the seed publishes dozens of pages at once)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def word_count(text: str) -> int:
    """Words a translator reads: Latin words plus each Chinese character (how Chinese is counted)."""
    plain = strip_tags(text)
    return len(_CJK.findall(plain)) + len(re.findall(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*", plain))


def target_locales(source_locale: Locale) -> list[Locale]:
    """Locales that synchronize from `source_locale` (zh-hans from en)."""
    ids = LocaleSynchronization.objects.filter(sync_from=source_locale).values_list("locale_id", flat=True)
    return list(Locale.objects.filter(id__in=ids))


def _segment_keys(instance) -> set[tuple[str, str]]:
    keys = set()
    for segment in extract_segments(instance):
        string = getattr(segment, "string", None)
        if isinstance(string, StringValue):
            keys.add((segment.path, string.data))
    return keys


def _stored_keys(source: TranslationSource) -> set[tuple[str, str]]:
    return set(StringSegment.objects.filter(source=source).values_list("context__path", "string__data"))


@dataclass
class PublishedChange:
    task: TranslationTask
    is_new: bool
    changed_segments: int


@transaction.atomic
def on_source_published(instance, user=None) -> list[PublishedChange]:
    """A page or snippet in the source language was published: queue it, or mark its translations stale.

    Idempotent under concurrency: two publishes at once find or create one task per language and take
    turns on its row."""
    if instance.locale_id != Locale.get_default().id:
        return []
    locales = target_locales(instance.locale)
    if not locales:
        return []
    source, created = TranslationSource.get_or_create_from_instance(instance)
    changed = 0 if created else len(_segment_keys(instance) - _stored_keys(source))
    now = timezone.now()
    changes = []
    for locale in locales:
        task, is_new = TranslationTask.objects.get_or_create(
            source=source, target_locale=locale, defaults={"source_changed_at": now}
        )
        task = TranslationTask.objects.select_for_update().get(pk=task.pk)
        before = None if is_new else _row(task)
        if not is_new and changed:
            task.source_changed_at = now
            if task.state == TaskState.NOT_STARTED and not task.assignee_id:
                source.update_from_db()  # nobody has started: just take the new English
            else:
                task.state = TaskState.OUT_OF_DATE
                task.changed_segments = changed
        describe(task, instance)
        refresh(task)
        if is_new and task.segments_total and task.segments_translated == task.segments_total:
            task.state = TaskState.DONE  # already translated (e.g. seeded)
        if _row(task) != before:  # a re-publish that changes nothing writes nothing
            task.save()
        if is_new:
            log(task, "translation_queue.queued", user=user)
        elif changed:
            log(task, "translation_queue.out_of_date", user=user, data={"changed_segments": changed})
        if is_new or changed:
            changes.append(PublishedChange(task, is_new, changed))
    if changes and not _quiet.get():
        from .notifications import notify_translators

        # After commit, and never breaking the publish: a mail failure is logged (robust=True).
        transaction.on_commit(lambda: notify_translators(changes), robust=True)
    return changes


def on_translation_published(instance) -> None:
    """A translation went live (from the queue, wagtail-localize's editor or an import): done if complete.

    Aliases are republished whenever their English source is; they are not translations.
    """
    if getattr(instance, "alias_of_id", None):
        return
    tasks = TranslationTask.objects.filter(
        source__object_id=instance.translation_key, target_locale_id=instance.locale_id
    ).exclude(state__in=[TaskState.OUT_OF_DATE, TaskState.DONE])
    for task in tasks:
        before = _row(task)
        refresh(task)
        if task.segments_total and task.segments_translated == task.segments_total:
            task.state = TaskState.DONE
        describe(task)
        if _row(task) != before:
            task.save()


def after_source_synced(source: TranslationSource, user=None) -> None:
    """The source was re-read outside the queue (localize's "Sync translated pages"): new segments are
    now untranslated, so finished work that lacks them is out of date."""
    for task in TranslationTask.objects.select_for_update().filter(source=source):
        refresh(task)
        missing = task.segments_total - task.segments_translated
        if missing and task.state in (TaskState.DONE, TaskState.READY_FOR_REVIEW):
            task.state = TaskState.OUT_OF_DATE
            task.changed_segments = missing
        task.source_changed_at = timezone.now()
        task.save()
        log(task, "translation_queue.synced", user=user)


def _row(task):
    if task is None:
        return None
    return tuple(getattr(task, f.attname) for f in task._meta.concrete_fields if f.name != "updated_at")


def ensure_tasks_for_site(user=None) -> int:
    """Queue every page and snippet of the source language (after a seed or an import)."""
    from news.models import Topic

    from .models import GlossaryTerm

    default = Locale.get_default()
    count = 0
    for page in Page.objects.live().filter(locale=default, depth__gt=1).specific().order_by("path"):
        count += len(on_source_published(page, user=user))
    for model in (Topic, GlossaryTerm):
        for instance in model.objects.filter(locale=default):
            count += len(on_source_published(instance, user=user))
    return count


def describe(task: TranslationTask, source_instance=None) -> None:
    """Titles and kind shown on the row."""
    instance = source_instance or task.source.get_source_instance()
    task.source_title = str(getattr(instance, "title", None) or instance)[:255]
    task.content_kind = instance._meta.label_lower
    target = instance.get_translation_or_none(task.target_locale)
    task.target_title = str(getattr(target, "title", None) or target)[:255] if target else ""
    task.target_object_id = str(target.pk) if target else ""


def segments_of(task: TranslationTask) -> list[StringSegment]:
    """The source's segments, each annotated with its translation into the task's locale (or None)."""
    return list(
        StringSegment.objects.filter(source_id=task.source_id)
        .select_related("string")
        .annotate_translation(task.target_locale)
    )


def translated_pairs(task: TranslationTask, segments=None) -> list[tuple[str, str]]:
    """[(English, translation)] of the segments translated so far."""
    return [(s.string.data, s.translation) for s in (segments or segments_of(task)) if s.translation]


def refresh(task: TranslationTask) -> None:
    """Progress, words left, machine-made segments and terminology issues, from wagtail-localize's data."""
    from .terminology import check_segments

    segments = segments_of(task)
    task.segments_total = len(segments)
    translated = [s for s in segments if s.translation]
    task.segments_translated = len(translated)
    task.words_remaining = sum(word_count(s.string.data) for s in segments if not s.translation)
    task.segments_machine = StringTranslation.objects.filter(
        locale=task.target_locale,
        context__object_id=task.source.object_id,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        translation_of_id__in=[s.string_id for s in translated],
    ).count()
    task.terminology_issues = len(check_segments(translated_pairs(task, segments), task.target_locale))
    if task.state == TaskState.NOT_STARTED and task.segments_translated:
        task.state = TaskState.IN_PROGRESS


def return_tasks_of(user) -> int:
    """Tasks assigned to `user` in languages they no longer translate go back to the pool, logged."""
    returned = 0
    for task in (
        TranslationTask.objects.filter(assignee=user).exclude(state=TaskState.DONE).select_related("target_locale")
    ):
        if can_translate(user, task.target_locale):
            continue
        task.assignee = None
        task.save(update_fields=["assignee", "updated_at"])
        log(task, "translation_queue.returned_to_pool", data={"user": user.get_username()})
        returned += 1
    return returned


# --- actions -----------------------------------------------------------------------------------------
# Each action locks its task row and re-checks the state inside the lock, so of two people clicking at
# once one wins and the other gets a clear message (SQLite: IMMEDIATE transactions serialize writers).


def _require(condition: bool, message: str):
    if not condition:
        raise PermissionDenied(message)


def _locked(task: TranslationTask) -> TranslationTask:
    """The task's row, locked for this transaction and read afresh (another request may have changed it)."""
    fresh = TranslationTask.objects.select_for_update().select_related("source", "target_locale").get(pk=task.pk)
    task.__dict__.update({k: v for k, v in fresh.__dict__.items() if k != "_state"})
    return task


@transaction.atomic
def claim(task: TranslationTask, user) -> None:
    _require(can_translate(user, task.target_locale), _("Only translators of this language can claim it."))
    _locked(task)
    _require(task.assignee_id in (None, user.pk), _("Someone else has claimed this already."))
    _require(task.state != TaskState.DONE, _("This translation is done; nothing to claim."))
    drafts.ensure_translation(task)
    drafts.save_draft(task, user)
    task.assignee = user
    if task.state == TaskState.NOT_STARTED:
        task.state = TaskState.IN_PROGRESS
    describe(task)
    task.save()
    log(task, "translation_queue.claimed", user=user)


@transaction.atomic
def release(task: TranslationTask, user) -> None:
    _locked(task)
    _require(can_work_on(user, task), _("Only the assignee can release it."))
    task.assignee = None
    task.save()
    log(task, "translation_queue.released", user=user)


@transaction.atomic
def assign(task: TranslationTask, user, assignee) -> None:
    _require(can_review(user, task.target_locale), _("Only reviewers of this language assign work."))
    _require(
        can_translate(assignee, task.target_locale),
        _("%(user)s does not translate into this language.") % {"user": assignee},
    )
    _locked(task)
    drafts.ensure_translation(task)
    drafts.save_draft(task, user)
    task.assignee = assignee
    if task.state == TaskState.NOT_STARTED:
        task.state = TaskState.IN_PROGRESS
    task.save()
    log(task, "translation_queue.assigned", user=user, data={"assignee": assignee.get_username()})


@transaction.atomic
def submit_for_review(task: TranslationTask, user) -> None:
    _locked(task)
    _require(task.assignee_id == user.pk, _("Only the assignee submits for review."))
    _require(task.state == TaskState.IN_PROGRESS, _("Only work in progress can be submitted."))
    refresh(task)
    _require(task.segments_translated > 0, _("Translate at least one segment before submitting."))
    drafts.save_draft(task, user)
    task.state = TaskState.READY_FOR_REVIEW
    task.review_comment = ""
    task.submitted_fingerprint = drafts.fingerprint(task)
    task.save()
    log(task, "translation_queue.submitted", user=user)


def approval_problems(task: TranslationTask, user, reviewed: str = "") -> list[str]:
    """Why `user` may not approve `task` now (empty: they may)."""
    problems = []
    if task.state != TaskState.READY_FOR_REVIEW:
        return [_("Only work ready for review can be approved.")]
    if user.pk in drafts.translators_of_work(task) and not settings.TRANSLATION_QUEUE_SELF_APPROVAL:
        problems.append(_("You translated this: another reviewer approves it."))
    missing, errors, total = drafts.missing_and_errors(task)
    if missing:
        problems.append(
            ngettext(
                "%(missing)s of %(total)s segments is not translated (%(errors)s with an error).",
                "%(missing)s of %(total)s segments are not translated (%(errors)s with an error).",
                missing,
            )
            % {"missing": missing, "total": total, "errors": errors}
        )
    unsafe = drafts.unsafe_overrides(task)
    if unsafe:
        problems.append(
            _("Unsafe links in overrides (only http, https, mailto, tel and relative links): %(paths)s.")
            % {"paths": ", ".join(o.context.path for o in unsafe)}
        )
    current = drafts.fingerprint(task)
    if current != task.submitted_fingerprint or (reviewed and reviewed != current):
        problems.append(_("The translation changed after it was submitted: review it again, or send it back."))
    return problems


@transaction.atomic
def approve_and_publish(task: TranslationTask, user, reviewed: str = "") -> bool:
    """Publish exactly the submitted work; held until the source is live if it is not (scheduled English).
    Returns True if it went live now."""
    _require(can_review(user, task.target_locale), _("Only reviewers of this language approve translations."))
    _locked(task)
    problems = approval_problems(task, user, reviewed)
    _require(not problems, " ".join(str(p) for p in problems))
    revision = drafts.save_draft(task, user)
    live_now = drafts.source_is_live(task)
    if live_now:
        drafts.publish(revision, task.source, user)
        task.held_revision = None
    else:
        task.held_revision = revision
    refresh(task)
    task.state = TaskState.DONE
    describe(task)
    task.save()
    log(task, "translation_queue.approved", user=user, data={"live": live_now, "revision": revision.pk})
    return live_now


@transaction.atomic
def send_back(task: TranslationTask, user, comment: str) -> None:
    _require(can_review(user, task.target_locale), _("Only reviewers of this language send work back."))
    _locked(task)
    _require(task.state == TaskState.READY_FOR_REVIEW, _("Only work ready for review can be sent back."))
    _require(bool(comment.strip()), _("Say what needs changing."))
    task.state = TaskState.IN_PROGRESS
    task.review_comment = comment.strip()
    task.save()
    log(task, "translation_queue.sent_back", user=user, data={"comment": task.review_comment})


@transaction.atomic
def sync_with_source(task: TranslationTask, user) -> None:
    """Take the new English into the draft: new segments appear untranslated, unchanged ones stay."""
    _locked(task)
    _require(can_work_on(user, task), _("Only the assignee or a reviewer syncs."))
    task.source.update_from_db()
    drafts.ensure_translation(task)
    drafts.save_draft(task, user)
    refresh(task)
    task.state = TaskState.IN_PROGRESS if task.segments_translated < task.segments_total else TaskState.READY_FOR_REVIEW
    if task.state == TaskState.READY_FOR_REVIEW:
        task.submitted_fingerprint = drafts.fingerprint(task)
    task.changed_segments = 0
    task.synced_at = timezone.now()
    task.save()
    log(task, "translation_queue.synced", user=user)


@transaction.atomic
def prefill(task: TranslationTask, user) -> int:
    """Machine prefill (translation memory, then glossary, then an external engine if configured)."""
    from wagtail_localize.machine_translators import get_machine_translator
    from wagtail_localize.views.edit_translation import apply_machine_translation

    _locked(task)
    _require(can_work_on(user, task), _("Claim the task before prefilling it."))
    translation = drafts.ensure_translation(task)
    drafts.save_draft(task, user)  # the target row exists before localize looks for it
    before = task.segments_translated
    apply_machine_translation(translation.id, user, get_machine_translator())
    drafts.save_draft(task, user)
    refresh(task)
    task.save()
    filled = task.segments_translated - before
    log(task, "translation_queue.prefilled", user=user, data={"segments": filled})
    return filled
