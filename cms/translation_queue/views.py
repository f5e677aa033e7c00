"""The queue at /admin/translation-queue/ (contract): one row per (source, target locale) needing work."""

from __future__ import annotations

from dataclasses import asdict

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from . import drafts, po, work, workflow
from . import review as review_rows
from .models import TaskState, TranslationTask
from .roles import can_review, can_translate, can_work_on, queue_locales


def get_task(task_id, *related):
    return get_object_or_404(TranslationTask.objects.select_related("source", "target_locale", *related), pk=task_id)


def visible_tasks(user):
    return TranslationTask.objects.filter(target_locale__in=queue_locales(user))


def open_count(user) -> int:
    """For the menu badge: tasks waiting for this user (theirs, or nobody's) that are not done."""
    waiting = Q(assignee__isnull=True) | Q(assignee=user)
    return visible_tasks(user).exclude(state=TaskState.DONE).filter(waiting).count()


def editor_url(task) -> str:
    """wagtail-localize's editor opens from the translated object's edit view."""
    if not task.target_object_id:
        return ""
    app_label, model_name = task.content_kind.split(".")
    if issubclass(apps.get_model(task.content_kind), Page):
        return reverse("wagtailadmin_pages:edit", args=[task.target_object_id])
    try:
        return reverse(f"wagtailsnippets_{app_label}_{model_name}:edit", args=[task.target_object_id])
    except NoReverseMatch:
        return ""


def _run(name, task, request):
    """Carry out the workflow action `name`; returns the message to show (figures where there are some)."""
    transition = workflow.TRANSITIONS[name]
    if name == "approve":
        live = work.approve_and_publish(
            task, request.user, request.POST.get("reviewed", ""), request.POST.get("acknowledged", "")
        )
        return transition.done if live else _("Approved. It goes live when its English page does.")
    if name == "send_back":
        work.send_back(task, request.user, request.POST.get("comment", ""))
    elif name == "assign":
        assignee = get_user_model().objects.filter(pk=_int(request.POST.get("assignee"))).first()
        if assignee is None:
            raise PermissionDenied(_("Choose a translator to assign."))
        work.assign(task, request.user, assignee)
    elif name == "set_due":
        raw = request.POST.get("due", "").strip()
        try:
            due = parse_date(raw) if raw else None
        except ValueError:
            due = None
        if raw and due is None:
            raise PermissionDenied(_("Enter the due date as YYYY-MM-DD."))
        work.set_due(task, request.user, due)
    elif name == "prefill":
        result = work.prefill(task, request.user)
        if not result.missing_before:
            return _("Nothing to prefill: every segment is translated.")
        message = _("Prefilled %(filled)s of %(missing)s untranslated segments from translation memory and glossary.")
        return " ".join([message % {"filled": result.filled, "missing": result.missing_before}, *result.notes])
    else:
        {
            "claim": work.claim,
            "release": work.release,
            "submit": work.submit_for_review,
            "sync": work.sync_with_source,
        }[name](task, request.user)
    return transition.done


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _back(request):
    return HttpResponseRedirect(get_valid_next_url_from_request(request) or reverse("translation_queue:index"))


@require_POST
def action(request, task_id, name):
    task = get_task(task_id)
    transition = workflow.TRANSITIONS.get(name)
    if transition is None or transition.system or name == "upload_po":
        raise Http404
    if not can_translate(request.user, task.target_locale):
        raise PermissionDenied
    try:
        done = _run(name, task, request)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You can't do that."))
    else:
        messages.success(request, str(done))  # now, in the reader's admin language
    return _back(request)


def download_po(request, task_id):
    task = get_task(task_id)
    if not can_work_on(request.user, task):
        raise PermissionDenied
    filename, content = po.export(task, request.user)
    response = HttpResponse(content, content_type="text/x-gettext-translation; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def upload_po(request, task_id):
    task = get_task(task_id)
    if not can_work_on(request.user, task):
        raise PermissionDenied
    upload = request.FILES.get("po_file")
    if upload is None:
        messages.error(request, _("Choose a PO file to upload."))
    elif upload.size > po.MAX_PO_BYTES:
        messages.error(request, _("The file is larger than 1 MB; a page's PO file is a few kilobytes."))
    else:
        try:
            result = po.import_upload(task, upload.read(), request.user, filename=upload.name)
        except (po.POUploadError, PermissionDenied) as exc:
            messages.error(request, f"{upload.name}: {exc}")
        else:
            messages.success(
                request,
                _(
                    "%(name)s: %(imported)s strings imported, %(unchanged)s unchanged, "
                    "%(skipped)s left untranslated in the file."
                )
                % {"name": upload.name, **asdict(result)},
            )
    return _back(request)


def review(request, task_id):
    """Before approval: every segment side by side with its checks, what changed, overrides, a preview."""
    task = get_task(task_id, "assignee")
    if not can_translate(request.user, task.target_locale):
        raise PermissionDenied
    task.editor_url = editor_url(task)
    reviewer = can_review(request.user, task.target_locale)
    ready = task.state == TaskState.READY_FOR_REVIEW
    rows = review_rows.segment_rows(task, suggestions=True)
    summary = review_rows.Summary.of(rows)
    return TemplateResponse(
        request,
        "translation_queue/review.html",
        {
            "task": task,
            "rows": rows,
            "summary": summary,
            "changed": sum(1 for row in rows if row.changed_since_approval),
            "missing": sum(1 for row in rows if not row.target),
            "machine": sum(1 for row in rows if row.machine),
            "can_review": reviewer,
            "problems": work.approval_problems(task, request.user, rows=rows) if reviewer and ready else [],
            "overrides": [(o, drafts.safe_override(o.data, drafts.source_value(o))) for o in drafts.overrides(task)],
            "fingerprint": drafts.fingerprint(task),
            "preview_url": reverse("translation_queue:preview", args=[task.pk]) if drafts.previewable(task) else "",
            "actions": [
                t for t in workflow.available_actions(task, request.user) if t.action in ("approve", "send_back")
            ],
        },
    )


@xframe_options_sameorigin
def preview(request, task_id):
    """The translated page exactly as approval would publish it (the draft drafts.build makes)."""
    task = get_task(task_id)
    if not can_translate(request.user, task.target_locale) or not drafts.previewable(task):
        raise PermissionDenied
    instance = drafts.build(task)
    return instance.make_preview_request(request, instance.default_preview_mode)


# --- batches (batch.py): the queue's checkboxes and batch bar ------------------------------------------


def _refused(request, exc) -> None:
    messages.error(request, _("Nothing was changed: %(problems)s") % {"problems": "; ".join(exc.problems)})


@require_POST
def batch_action(request):
    """The batch bar: claim, assign, or export the ticked rows (or every row of the page)."""
    from . import batch

    if not queue_locales(request.user):
        raise PermissionDenied
    name = request.POST.get("batch_action", "")
    ids = request.POST.getlist("page_tasks" if request.POST.get("all_on_page") else "tasks")
    try:
        tasks = batch.selected(request.user, ids)
        if name == "claim":
            done = batch.claim(tasks, request.user)
            claimed = ngettext("Claimed %(changed)s task.", "Claimed %(changed)s tasks.", done.changed) % asdict(done)
            if done.unchanged:
                claimed += " " + ngettext(
                    "%(unchanged)s was already yours.", "%(unchanged)s were already yours.", done.unchanged
                ) % asdict(done)
            messages.success(request, claimed)
        elif name == "assign":
            assignee = get_user_model().objects.filter(pk=_int(request.POST.get("batch_assignee"))).first()
            if assignee is None:
                raise batch.BatchRefused([_("Choose a translator to assign.")])
            done = batch.assign(tasks, request.user, assignee)
            messages.success(
                request,
                ngettext("Assigned %(count)s task to %(user)s.", "Assigned %(count)s tasks to %(user)s.", done.changed)
                % {"count": done.changed, "user": assignee},
            )
        elif name in ("export_po", "export_xliff"):
            export = batch.export_po if name == "export_po" else batch.export_xliff
            filename, content = export(tasks, request.user)
            kind = "text/x-gettext-translation" if name == "export_po" else "application/x-xliff+xml"
            response = HttpResponse(content, content_type=f"{kind}; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        else:
            raise batch.BatchRefused([_("Choose what to do with the selected tasks.")])
    except batch.BatchRefused as exc:
        _refused(request, exc)
    return _back(request)


@require_POST
def batch_import(request):
    """One PO or XLIFF batch file back: checked whole, then imported whole, or nothing."""
    from . import batch

    if not queue_locales(request.user):
        raise PermissionDenied
    upload = request.FILES.get("batch_file")
    if upload is None:
        messages.error(request, _("Choose a batch file (PO or XLIFF) to import."))
        return _back(request)
    try:
        if upload.size > po.MAX_PO_BYTES:
            raise batch.BatchRefused([_("The file is larger than 1 MB; export fewer tasks at once.")])
        result = batch.import_file(upload.read(), request.user, filename=upload.name)
    except batch.BatchRefused as exc:
        messages.error(
            request,
            f"{upload.name}: " + _("Nothing was imported: %(problems)s") % {"problems": "; ".join(exc.problems)},
        )
    else:
        messages.success(
            request,
            _(
                "%(name)s: %(tasks)s tasks updated, %(imported)s strings imported, %(unchanged)s unchanged, "
                "%(skipped)s left untranslated in the file."
            )
            % {"name": upload.name, **asdict(result)},
        )
        if result.untouched:
            messages.info(
                request,
                _("%(count)s tasks in the file had no translations and were left as they were.")
                % {"count": result.untouched},
            )
    return _back(request)
