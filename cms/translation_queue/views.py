"""The queue at /admin/translation-queue/ (contract): one row per (source, target locale) needing work."""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import ModelLogEntry, Page

from . import drafts, po, work
from .models import TaskState, TranslationTask, kind_label
from .roles import can_review, can_translate, can_work_on, queue_locales, translators_of
from .terminology import check_task

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
    filters = {key: request.GET.get(key, "") for key in ("locale", "state", "kind", "who")}
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
    # Fresh news first, then everything else by when its source last changed.
    tasks = tasks.annotate(
        news_first=Case(
            When(content_kind="news.newspage", then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("news_first", "-source_changed_at", "pk")
    page = Paginator(tasks, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    history = defaultdict(list)
    for entry in (
        ModelLogEntry.objects.filter(
            content_type__app_label="translation_queue", object_id__in=[str(t.pk) for t in rows]
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


ACTIONS = {
    "claim": lambda task, request: work.claim(task, request.user),
    "release": lambda task, request: work.release(task, request.user),
    "submit": lambda task, request: work.submit_for_review(task, request.user),
    "approve": lambda task, request: work.approve_and_publish(task, request.user, request.POST.get("reviewed", "")),
    "send_back": lambda task, request: work.send_back(task, request.user, request.POST.get("comment", "")),
    "sync": lambda task, request: work.sync_with_source(task, request.user),
    "prefill": lambda task, request: work.prefill(task, request.user),
    "assign": lambda task, request: work.assign(
        task, request.user, get_object_or_404(get_user_model(), pk=request.POST.get("assignee") or 0)
    ),
}
DONE_MESSAGES = {
    "claim": _("Claimed."),
    "release": _("Released."),
    "submit": _("Submitted for review."),
    "approve": _("Approved and published."),
    "send_back": _("Sent back to the translator."),
    "sync": _("Synced with the new source."),
    "prefill": _("Prefilled from translation memory and glossary."),
    "assign": _("Assigned."),
}


def _back(request):
    return HttpResponseRedirect(get_valid_next_url_from_request(request) or reverse("translation_queue:index"))


@require_POST
def action(request, task_id, name):
    task = get_task(task_id)
    if name not in ACTIONS:
        raise PermissionDenied
    if not can_translate(request.user, task.target_locale):
        raise PermissionDenied
    try:
        result = ACTIONS[name](task, request)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You can't do that."))
    else:
        if name == "approve" and result is False:
            messages.success(request, _("Approved. It goes live when its English page does."))
        else:
            messages.success(request, DONE_MESSAGES[name])
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
            count = po.import_upload(task, upload.read(), request.user)
        except po.POUploadError as exc:
            messages.error(request, f"{upload.name}: {exc}")
        else:
            messages.success(
                request, _("%(count)s strings imported from %(name)s.") % {"count": count, "name": upload.name}
            )
    return _back(request)


def review(request, task_id):
    """Before approval: the terminology check and what is machine-made."""
    task = get_task(task_id, "assignee")
    if not can_translate(request.user, task.target_locale):
        raise PermissionDenied
    task.editor_url = editor_url(task)
    reviewer = can_review(request.user, task.target_locale)
    ready = task.state == TaskState.READY_FOR_REVIEW
    return TemplateResponse(
        request,
        "translation_queue/review.html",
        {
            "task": task,
            "issues": check_task(task),
            "can_review": reviewer,
            "problems": work.approval_problems(task, request.user) if reviewer and ready else [],
            "overrides": [(o, drafts.safe_override(o.data, drafts.source_value(o))) for o in drafts.overrides(task)],
            "fingerprint": drafts.fingerprint(task),
        },
    )
