"""What happens to translation tasks: created on publish, marked out of date, claimed, reviewed, synced.

All state changes go through these functions, which log them as Wagtail log entries on the task.
They run on publish and on translators' actions, never in page views: wagtail-localize's source and
sync paths cost about 18 queries per segment.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale, Page
from wagtail_localize.models import LocaleSynchronization, StringSegment, StringTranslation, TranslationSource
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.strings import StringValue

from . import drafts, notifications, review, workflow
from .models import TaskState, TranslationTask
from .notifications import quietly  # noqa: F401  (the seed's "no e-mails while this runs")
from .roles import can_review, can_translate

_CJK = re.compile(r"[\u3400-\u9fff]")


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


def on_source_published(instance, user=None) -> list[PublishedChange]:
    """A page or snippet in the source language was published: queue it, or mark its translations stale.

    Idempotent under concurrency: two publishes at once find or create one task per language and take
    turns on its row. Each translator hears of it in one mail, after commit (notifications.batched)."""
    with notifications.batched():
        return _on_source_published(instance, user)


@transaction.atomic
def _on_source_published(instance, user=None) -> list[PublishedChange]:
    if instance.locale_id != Locale.get_default().id:
        return []
    locales = target_locales(instance.locale)
    if not locales:
        return []
    source, created = TranslationSource.get_or_create_from_instance(instance)
    new_keys = set() if created else _segment_keys(instance) - _stored_keys(source)
    changed = len(new_keys)
    now = timezone.now()
    changes = []
    for locale in locales:
        task, is_new = TranslationTask.objects.get_or_create(
            source=source, target_locale=locale, defaults={"source_changed_at": now}
        )
        task = TranslationTask.objects.select_for_update().get(pk=task.pk)
        before = None if is_new else _row(task)
        describe(task, instance)
        follow_schedule(task, instance)
        if is_new:
            refresh(task)
            workflow.record(task, "queued", user)
            if task.segments_total and task.segments_translated == task.segments_total:
                task.approved_segments = review.snapshot(task)
                workflow.record(task, "completed", user)  # already translated (e.g. seeded)
        elif changed:
            task.source_changed_at = now
            if task.state == TaskState.NOT_STARTED and not task.assignee_id:
                source.update_from_db()  # nobody has started: just take the new English
                refresh(task)
                workflow.record(task, "queued", user, data={"changed_segments": changed})
            else:
                refresh(task)
                task.changed_segments = changed
                # What is left is the new English, not the old segments that are all translated.
                task.words_remaining = sum(word_count(text) for _path, text in new_keys)
                workflow.record(task, "out_of_date", user, data={"changed_segments": changed})
        else:
            refresh(task)
        if _row(task) != before:  # a re-publish that changes nothing writes nothing
            task.save()
        if is_new or changed:
            changes.append(PublishedChange(task, is_new, changed))
    # The translators hear of new and changed work from the "queued" and "out_of_date" moves (notifications.py).
    return changes


def on_translation_published(instance) -> None:
    """A translation went live (from the queue, wagtail-localize's editor or an import): done if complete.

    Aliases are republished whenever their English source is; they are not translations.
    """
    if getattr(instance, "alias_of_id", None):
        return
    tasks = TranslationTask.objects.filter(
        source__object_id=instance.translation_key, target_locale_id=instance.locale_id
    ).filter(state__in=workflow.TRANSITIONS["completed"].sources)
    for task in tasks:
        before = _row(task)
        refresh(task)
        if task.segments_total and task.segments_translated == task.segments_total:
            task.approved_segments = review.snapshot(task)
            workflow.record(task, "completed")
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
            task.changed_segments = missing
            workflow.record(task, "out_of_date", user, data={"changed_segments": missing})
        else:
            workflow.record(task, "synced_outside", user)
        task.source_changed_at = timezone.now()
        task.save()


def _row(task):
    if task is None:
        return None
    return tuple(getattr(task, f.attname) for f in task._meta.concrete_fields if f.name != "updated_at")


def ensure_tasks_for_site(user=None) -> int:
    """Queue every page and snippet of the source language (after a seed or an import)."""
    from .content import translatable_snippet_models

    default = Locale.get_default()
    count = 0
    for page in Page.objects.live().filter(locale=default, depth__gt=1).specific().order_by("path"):
        count += len(on_source_published(page, user=user))
    for model in translatable_snippet_models():
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


def follow_schedule(task: TranslationTask, instance) -> None:
    """The English was published with a go-live time ahead (scheduled): that date is the task's default
    deadline, unless a reviewer set one. Kept after the go-live, so unfinished work then shows overdue."""
    go_live_at = getattr(instance, "go_live_at", None)
    if go_live_at and go_live_at > timezone.now():
        task.source_go_live_at = go_live_at
    if not task.due_set:
        task.due = task.default_due()


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


# Work someone is doing or reviewing is checked on every save; finished and untouched work is checked
# when it is opened (the seed publishes a hundred finished translations at once).
CHECKED_STATES = {TaskState.IN_PROGRESS, TaskState.READY_FOR_REVIEW, TaskState.OUT_OF_DATE}


def refresh(task: TranslationTask) -> None:
    """Progress, words left, machine-made segments and terminology issues, from wagtail-localize's data.

    Figures only: the state moves by workflow transitions. An out-of-date task's segments are still the
    old English (all translated); its remaining work is the changed segments, counted on publish."""
    from .terminology import missing_term_count

    segments = segments_of(task)
    task.segments_total = len(segments)
    translated = [s for s in segments if s.translation]
    task.segments_translated = len(translated)
    if task.state != TaskState.OUT_OF_DATE:
        task.words_remaining = sum(word_count(s.string.data) for s in segments if not s.translation)
    task.segments_machine = StringTranslation.objects.filter(
        locale=task.target_locale,
        context__object_id=task.source.object_id,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        translation_of_id__in=[s.string_id for s in translated],
    ).count()
    task.terminology_issues = missing_term_count(translated_pairs(task, segments), task.target_locale)
    if task.state in CHECKED_STATES:
        from .review import Summary, segment_rows

        summary = Summary.of(segment_rows(task))
        task.check_errors, task.check_warnings = summary.errors, summary.warnings


def return_tasks_of(user) -> int:
    """Tasks assigned to `user` in languages they no longer translate go back to the pool, logged."""
    returned = 0
    for task in (
        TranslationTask.objects.filter(assignee=user).exclude(state=TaskState.DONE).select_related("target_locale")
    ):
        if can_translate(user, task.target_locale):
            continue
        task.assignee = None
        workflow.record(task, "returned_to_pool", data={"user": user.get_username()})
        task.save(update_fields=["assignee", "updated_at"])
        returned += 1
    return returned


# --- actions -----------------------------------------------------------------------------------------
# Each action locks its task row and checks the workflow table inside the lock, so of two people clicking
# at once one wins and the other gets a clear message (SQLite: IMMEDIATE transactions serialize writers).


def _require(condition: bool, message: str):
    if not condition:
        raise PermissionDenied(message)


def _locked(task: TranslationTask) -> TranslationTask:
    """The task's row, locked for this transaction and read afresh (another request may have changed it)."""
    fresh = TranslationTask.objects.select_for_update().select_related("source", "target_locale").get(pk=task.pk)
    task.__dict__.update({k: v for k, v in fresh.__dict__.items() if k != "_state"})
    return task


def take(task: TranslationTask, action: str, user) -> workflow.Transition:
    """Lock the task and check `user` may take `action` on it now (the workflow table), or refuse."""
    transition = workflow.TRANSITIONS[action]
    _locked(task)
    problem = workflow.refusal(transition, task, user)
    _require(problem is None, problem)
    return transition


@transaction.atomic
def claim(task: TranslationTask, user) -> None:
    take(task, "claim", user)
    drafts.ensure_translation(task)
    drafts.save_draft(task, user)
    task.assignee = user
    describe(task)
    workflow.record(task, "claim", user)
    task.save()


@transaction.atomic
def release(task: TranslationTask, user) -> None:
    take(task, "release", user)
    previous = task.assignee.get_username() if task.assignee else ""
    task.assignee = None
    workflow.record(task, "release", user, data={"assignee": previous})
    task.save()


@transaction.atomic
def assign(task: TranslationTask, user, assignee) -> None:
    take(task, "assign", user)
    _require(
        can_translate(assignee, task.target_locale),
        _("%(user)s does not translate into this language.") % {"user": assignee},
    )
    drafts.ensure_translation(task)
    drafts.save_draft(task, user)
    task.assignee = assignee
    workflow.record(task, "assign", user, data={"assignee": assignee.get_username()})
    task.save()


@transaction.atomic
def set_due(task: TranslationTask, user, due: datetime.date | None) -> None:
    """A reviewer sets the deadline; None goes back to the default (the English go-live date)."""
    take(task, "set_due", user)
    task.due_set = due is not None
    task.due = due if due is not None else task.default_due()
    workflow.record(task, "set_due", user, data={"due": task.due.isoformat() if task.due else ""})
    task.save()


@transaction.atomic
def submit_for_review(task: TranslationTask, user) -> None:
    refresh(task)  # the table's "at least one segment translated" reads current progress
    take(task, "submit", user)
    refresh(task)
    _require(task.segments_translated > 0, str(workflow.TRANSITIONS["submit"].not_ready))
    drafts.save_draft(task, user)
    task.review_comment = ""
    task.submitted_fingerprint = drafts.fingerprint(task)
    workflow.record(task, "submit", user)
    task.save()


def approval_problems(task: TranslationTask, user, reviewed: str = "", acknowledged: str | None = None, rows=None):
    """Why `user` may not approve `task` now (empty: they may). `acknowledged`: the number of warnings the
    reviewer confirmed reading (None: not approving yet, so only errors count)."""
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
    rows = review.segment_rows(task) if rows is None else rows
    checks = review.acknowledgement_problem(rows, acknowledged)
    if checks and (acknowledged is not None or review.Summary.of(rows).errors):
        problems.append(checks)
    current = drafts.fingerprint(task)
    if current != task.submitted_fingerprint or (reviewed and reviewed != current):
        problems.append(_("The translation changed after it was submitted: review it again, or send it back."))
    return problems


@transaction.atomic
def approve_and_publish(task: TranslationTask, user, reviewed: str = "", acknowledged: str = "") -> bool:
    """Publish exactly the submitted work; held until the source is live if it is not (scheduled English).
    Returns True if it went live now."""
    _require(can_review(user, task.target_locale), _("Only reviewers of this language approve translations."))
    take(task, "approve", user)
    problems = approval_problems(task, user, reviewed, acknowledged)
    _require(not problems, " ".join(str(p) for p in problems))
    revision = drafts.save_draft(task, user)
    live_now = drafts.source_is_live(task)
    if live_now:
        drafts.publish(revision, task.source, user)
        task.held_revision = None
    else:
        task.held_revision = revision
    refresh(task)
    describe(task)
    task.approved_segments = review.snapshot(task)
    workflow.record(task, "approve", user, data={"live": live_now, "revision": revision.pk})
    task.save()
    return live_now


@transaction.atomic
def send_back(task: TranslationTask, user, comment: str) -> None:
    take(task, "send_back", user)
    _require(bool(comment.strip()), _("Say what needs changing."))
    task.review_comment = comment.strip()
    workflow.record(task, "send_back", user, data={"comment": task.review_comment})
    task.save()


@transaction.atomic
def sync_with_source(task: TranslationTask, user) -> None:
    """Take the new English into the draft: new segments appear untranslated, unchanged ones stay."""
    take(task, "sync", user)
    task.source.update_from_db()
    drafts.ensure_translation(task)
    drafts.save_draft(task, user)
    refresh(task)
    complete = task.segments_translated == task.segments_total
    if complete:
        task.submitted_fingerprint = drafts.fingerprint(task)
    task.changed_segments = 0
    task.synced_at = timezone.now()
    workflow.record(task, "sync", user, state=TaskState.READY_FOR_REVIEW if complete else TaskState.IN_PROGRESS)
    task.save()


@dataclass
class Prefilled:
    filled: int
    missing_before: int
    notes: list[str] = field(default_factory=list)  # which engine failed, what the checks kept out


@transaction.atomic
def prefill(task: TranslationTask, user) -> Prefilled:
    """Machine prefill (machine.py: translation memory, then glossary, then the site's engines if configured)."""
    from wagtail_localize.machine_translators import get_machine_translator
    from wagtail_localize.views.edit_translation import apply_machine_translation

    take(task, "prefill", user)
    translation = drafts.ensure_translation(task)
    drafts.save_draft(task, user)  # the target row exists before localize looks for it
    refresh(task)
    before = task.segments_translated
    missing = task.segments_total - before
    translator = get_machine_translator()
    if hasattr(translator, "for_translation"):  # the site's engines (machine.py)
        translator.for_translation(translation)
    apply_machine_translation(translation.id, user, translator)
    report = getattr(translator, "report", None)
    if report is not None:
        from .machine import label_tools

        label_tools(translation, report, translator)
    drafts.save_draft(task, user)
    refresh(task)
    filled = task.segments_translated - before
    workflow.record(task, "prefill", user, data={"segments": filled, "missing": missing})
    task.save()
    return Prefilled(filled, missing, report.notes() if report is not None else [])
