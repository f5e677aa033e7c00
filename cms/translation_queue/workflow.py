"""The queue's workflow in one table: which action moves a task from which state to which, and who may take it.

Views, the row's buttons, success messages (lazy, so each user reads them in their admin language) and
Wagtail's log actions all derive from TRANSITIONS; work.py carries the actions out and calls `record`,
the only place that changes a task's state. Actions marked `system` are taken by the site itself (the
English changed, a translation went live with its source) and are never offered as buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.dispatch import Signal
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .models import TaskState
from .roles import can_review, can_translate, can_work_on

S = TaskState
# Sent by `record` for every move: (sender=TranslationTask, transition, task, user, data).
# notifications.py listens.
recorded = Signal()
WORKING = frozenset({S.NOT_STARTED, S.IN_PROGRESS, S.OUT_OF_DATE})
ANY = frozenset(S)


def translator(user, task) -> bool:
    return can_translate(user, task.target_locale)


def reviewer(user, task) -> bool:
    return can_review(user, task.target_locale)


def assignee(user, task) -> bool:
    return task.assignee_id == user.pk


def assignee_or_reviewer(user, task) -> bool:
    return can_work_on(user, task)


def nobody(user, task) -> bool:
    return False


@dataclass(frozen=True)
class Transition:
    action: str  # the URL's name: /admin/translation-queue/<id>/<action>/
    logged: str  # the log action's name: translation_queue.<logged>
    label: Promise  # the button, and the log action's label
    done: Promise  # the message after it succeeded (work.py may give one with figures instead)
    history: Promise  # the line in the task's history
    sources: frozenset  # states it may be taken from
    # The state after it: one state, or {from: to} for some states only; None: unchanged (sync decides).
    target: TaskState | dict | None
    who: Callable = nobody  # may this user take it on this task?
    claimed: bool | None = None  # True: the task needs an assignee; False: it must have none (or this user)
    ready: Callable | None = None  # does the task's data allow it (checked again inside the lock)?
    not_ready: Promise | None = None  # … what to say when it doesn't
    system: bool = False  # taken by the site (a publish, a sync outside the queue), never a button
    # Who hears of it by e-mail (notifications.py): "translators" or "reviewers" of the task's language,
    # or "assignee" (the translator concerned); "" nobody.
    notify: str = ""

    @property
    def log_action(self) -> str:
        return f"translation_queue.{self.logged}"


def _has_translated_segments(task) -> bool:
    return task.segments_translated > 0


def _has_assignee(task) -> bool:
    return task.assignee_id is not None


T = Transition
STARTS = {S.NOT_STARTED: S.IN_PROGRESS}
NEEDS_ASSIGNEE = _("Nobody has claimed this task.")

# fmt: off
TRANSITIONS: dict[str, Transition] = {t.action: t for t in [
    # The site's own moves.
    T("queued", "queued", _("Queue"), _("Queued."), _("Queued for translation"), ANY, S.NOT_STARTED, system=True,
      notify="translators"),
    T("started", "started", _("Start"), _("Started."), _("Translation started"),
      frozenset({S.NOT_STARTED}), S.IN_PROGRESS, system=True),
    T("out_of_date", "out_of_date", _("Out of date"), _("Marked out of date."), _("Source changed"),
      ANY, S.OUT_OF_DATE, system=True, notify="translators"),
    T("completed", "completed", _("Complete"), _("Completed."), _("Published complete"),
      frozenset({S.NOT_STARTED, S.IN_PROGRESS}), S.DONE, system=True),
    T("synced_outside", "synced_outside", _("Sync"), _("Synced."), _("The source was re-read outside the queue"),
      ANY, None, system=True),
    T("converted_to_alias", "converted_to_alias", _("Convert to alias"), _("Converted to an alias."),
      _("Replaced by its source (alias)"), ANY, S.NOT_STARTED, system=True),
    T("source_deleted", "source_deleted", _("Close"), _("Closed."), _("Closed: the source was deleted"),
      ANY, S.DONE, system=True),
    T("returned_to_pool", "returned_to_pool", _("Return"), _("Returned."),
      _("Returned to the pool: the assignee left the translators"), ANY, None, system=True),
    # People's moves, in the order the row offers them.
    T("claim", "claimed", _("Claim"), _("Claimed."), _("Claimed"), WORKING, STARTS, who=translator, claimed=False),
    T("assign", "assigned", _("Assign"), _("Assigned."), _("Assigned"), WORKING, STARTS, who=reviewer,
      notify="assignee"),
    T("set_due", "due_set", _("Set due date"), _("Due date set."), _("Due date set"), ANY - {S.DONE}, None,
      who=reviewer),
    T("sync", "synced", _("Sync with new source"), _("Synced with the new source."), _("Synced with source"),
      frozenset({S.OUT_OF_DATE}), None, who=assignee_or_reviewer),
    T("prefill", "prefilled", _("Prefill"), _("Prefilled."), _("Prefilled"),
      WORKING, None, who=assignee_or_reviewer, claimed=True),
    T("upload_po", "po_imported", _("Upload PO"), _("PO file imported."), _("PO file imported"),
      WORKING, None, who=assignee_or_reviewer, claimed=True),
    T("submit", "submitted", _("Submit for review"), _("Submitted for review."), _("Submitted for review"),
      frozenset({S.IN_PROGRESS}), S.READY_FOR_REVIEW, who=assignee,
      ready=_has_translated_segments, not_ready=_("Translate at least one segment before submitting."),
      notify="reviewers"),
    T("approve", "approved", _("Approve and publish"), _("Approved and published."), _("Approved and published"),
      frozenset({S.READY_FOR_REVIEW}), S.DONE, who=reviewer, notify="assignee"),
    T("send_back", "sent_back", _("Send back"), _("Sent back to the translator."), _("Sent back"),
      frozenset({S.READY_FOR_REVIEW}), S.IN_PROGRESS, who=reviewer, notify="assignee"),
    T("release", "released", _("Release"), _("Released."), _("Released"),
      ANY - {S.DONE}, None, who=assignee_or_reviewer, ready=_has_assignee, not_ready=NEEDS_ASSIGNEE),
]}
# fmt: on

# History that is not a move of the task: the translation following its English (follow.py).
EVENTS = {
    "published_with_source": (_("Go live"), _("Published with its source")),
    "synchronized": (_("Synchronize"), _("Synchronized fields updated from the source")),
    "unpublished_with_source": (_("Unpublish"), _("Unpublished with its source")),
}


def refusal(transition: Transition, task, user) -> str | None:
    """Why `user` may not take `transition` on `task` now (None: they may). Checks state, role and data."""
    if transition.system:
        return str(_("The site takes this step itself."))
    if task.state not in transition.sources:
        return str(
            _("“%(action)s” is not possible while the task is %(state)s.")
            % {"action": transition.label, "state": str(S(task.state).label).lower()}
        )
    if transition.claimed is False and task.assignee_id not in (None, user.pk):
        return str(_("Someone else has claimed this already."))
    if transition.claimed is True and not task.assignee_id and not can_review(user, task.target_locale):
        return str(_("Claim the task first."))
    if not transition.who(user, task):
        return str(_("You can't do that on this task: it is not yours, or not in your language."))
    if transition.ready is not None and not transition.ready(task):
        return str(transition.not_ready)
    return None


def available_actions(task, user) -> list[Transition]:
    """The actions `user` can take on `task` now, in the table's order (what the row offers)."""
    offered = []
    for transition in TRANSITIONS.values():
        if transition.system:
            continue
        if transition.action == "claim" and task.assignee_id == user.pk:
            continue  # already theirs
        if refusal(transition, task, user) is None:
            offered.append(transition)
    return offered


def record(task, action: str, user=None, *, state: TaskState | None = None, data: dict | None = None) -> None:
    """Move `task` along `action` (to `state` when the table leaves it to the action) and log it.

    The caller has checked the transition is allowed and saves the task."""
    transition = TRANSITIONS[action]
    if task.state not in transition.sources:
        raise ValueError(f"{action} is not a move from {task.state} (see TRANSITIONS)")
    target = transition.target
    if isinstance(target, dict):
        target = target.get(task.state)
    target = state or target
    if target is not None:
        task.state = target
    log(task, transition.log_action, user=user, data=data or {})
    recorded.send(sender=type(task), transition=transition, task=task, user=user, data=data or {})


def event(task, name: str, user=None, data: dict | None = None) -> None:
    log(task, f"translation_queue.{name}", user=user, data=data or {})


def register_log_actions(actions) -> None:
    for transition in TRANSITIONS.values():
        actions.register_action(transition.log_action, transition.label, transition.history)
    for name, (label, past) in EVENTS.items():
        actions.register_action(f"translation_queue.{name}", label, past)
