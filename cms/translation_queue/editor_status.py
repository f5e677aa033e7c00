"""The English page's (or snippet's) translation status, for its edit view: each other language's state
(not started, in progress, in review, out of date with the number of changed segments, done) and a link
to the task's review screen for those who may open it (that language's translators and reviewers).

Shown in the edit view's Status side panel, under "Locale" (templates/wagtailadmin/shared/side_panels/
includes/status/locale.html extends Wagtail's own), so every page type and translatable snippet has it
without a panel of its own. One query, plus the reader's groups once per request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from .models import TaskState, TranslationTask
from .roles import can_translate

NO_TASK = ""


@dataclass
class LanguageStatus:
    locale: Locale
    state: str  # a TaskState, or NO_TASK (never published in English, so never queued)
    label: str
    changed_segments: int
    url: str  # the review screen, or "" for readers who may not open it

    @property
    def is_out_of_date(self) -> bool:
        return self.state == TaskState.OUT_OF_DATE


def statuses(instance, user) -> list[LanguageStatus]:
    """Every other language's status for a source-language object; [] for translations and unsaved objects."""
    locale_id = getattr(instance, "locale_id", None)
    if not getattr(instance, "pk", None) or locale_id is None:
        return []
    tasks = TranslationTask.objects.filter(
        source__object_id=instance.translation_key, source__locale_id=locale_id, target_locale=OuterRef("pk")
    )
    locales = list(
        Locale.objects.annotate(
            task_id=Subquery(tasks.values("pk")[:1]),
            task_state=Subquery(tasks.values("state")[:1]),
            task_changed=Subquery(tasks.values("changed_segments")[:1]),
        ).order_by("language_code")
    )
    # The default locale by its language code (as Locale.get_default finds it), without another query.
    default_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    if not any(locale.pk == locale_id and locale.language_code == default_code for locale in locales):
        return []  # a translation: its status is the queue's business, not this panel's
    labels = dict(TaskState.choices)
    result = []
    for locale in locales:
        if locale.pk == locale_id:
            continue
        state = locale.task_state or NO_TASK
        result.append(
            LanguageStatus(
                locale=locale,
                state=state,
                label=str(labels.get(state, labels[TaskState.NOT_STARTED])),
                changed_segments=(locale.task_changed or 0) if state == TaskState.OUT_OF_DATE else 0,
                url=reverse("translation_queue:review", args=[locale.task_id])
                if locale.task_id and can_translate(user, locale)
                else "",
            )
        )
    return result
