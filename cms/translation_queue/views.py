"""The queue at /admin/translation-queue/ (contract): one row per (source, target locale) needing work."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import ModelLogEntry, Page

from . import drafts, po, work, workflow
from . import review as review_rows
from .content import page_kinds
from .models import TaskState, TranslationTask, kind_label
from .roles import can_review, can_translate, can_work_on, queue_locales, translators_of

ROWS_PER_PAGE = 50


def get_task(task_id, *related):
    return get_object_or_404(TranslationTask.objects.select_related("source", "target_locale", *related), pk=task_id)


def visible_tasks(user):
    return TranslationTask.objects.filter(target_locale__in=queue_locales(user))


def open_count(user) -> int:
    """For the menu badge: tasks waiting for this user (theirs, or nobody's) that are not done."""
    waiting = Q(assignee__isnull=True) | Q(assignee=user)
    return visible_tasks(user).exclude(state=TaskState.DONE).filter(waiting).count()


def index(request):
    user = request.user
    locales = queue_locales(user)
    if not locales:
        raise PermissionDenied
    in_my_locales = TranslationTask.objects.filter(target_locale__in=locales)
    tasks = in_my_locales.select_related("target_locale", "assignee", "source")
    filters = _filters(request)
    if filters["locale"]:
        tasks = tasks.filter(target_locale__language_code=filters["locale"])
    if filters["state"] in TaskState.values:
        tasks = tasks.filter(state=filters["state"])
    elif not filters["state"]:
        tasks = tasks.exclude(state=TaskState.DONE)
    if filters["kind"]:
        tasks = tasks.filter(content_kind=filters["kind"])
    if filters["who"] == "mine":
        tasks = tasks.filter(assignee=user)
    elif filters["who"] == "unassigned":
        tasks = tasks.filter(assignee__isnull=True)
    if filters["q"]:
        tasks = tasks.filter(Q(source_title__icontains=filters["q"]) | Q(target_title__icontains=filters["q"]))
    # Pages (what visitors read) before snippets, then by when the source last changed.
    tasks = tasks.annotate(
        is_snippet=Case(
            When(content_kind__in=page_kinds(), then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("is_snippet", "-source_changed_at", "pk")
    page = Paginator(tasks, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    history = defaultdict(list)
    for entry in (
        # The task model's own entries: a glossary term's publish shares the app and may share a pk.
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(TranslationTask), object_id__in=[str(t.pk) for t in rows]
        )
        .select_related("user")
        .order_by("-timestamp")
    ):
        if len(history[entry.object_id]) < 4:
            history[entry.object_id].append(entry)
    translators = {locale.pk: list(translators_of(locale)) for locale in locales}
    for task in rows:
        task.history = history[str(task.pk)]
        task.editor_url = editor_url(task)
        task.is_mine = task.assignee_id == user.pk
        task.user_reviews = can_review(user, task.target_locale)
        task.user_translates = can_translate(user, task.target_locale)
        task.translators = translators[task.target_locale_id]
        task.actions = workflow.available_actions(task, user)
    kinds = in_my_locales.values_list("content_kind", flat=True).distinct()
    return TemplateResponse(
        request,
        "translation_queue/index.html",
        {
            "page_obj": page,
            "rows": rows,
            "filters": filters,
            "locales": locales,
            "states": TaskState.choices,
            "kinds": sorted((kind, kind_label(kind)) for kind in kinds),
        },
    )


FILTERS = ("locale", "state", "kind", "who", "q")


def _filters(request) -> dict[str, str]:
    """The queue's filters from the query string, whitespace collapsed. NUL and other control characters
    never get here: cms.security's edge middleware answers them with a 400 naming the parameter."""
    return {key: " ".join(request.GET.get(key, "").split())[:200] for key in FILTERS}


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
    elif name == "prefill":
        result = work.prefill(task, request.user)
        if not result.missing_before:
            return _("Nothing to prefill: every segment is translated.")
        return _("Prefilled %(filled)s of %(missing)s untranslated segments from translation memory and glossary.") % {
            "filled": result.filled,
            "missing": result.missing_before,
        }
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
