"""A unit of translators' work and the glossary they translate with.

wagtail-localize keeps the strings, segments and translations; a TranslationTask adds what it lacks:
who works on it, where it stands in review, and whether the English changed since it was last synced.
"""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import DraftStateMixin, Locale, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.models import TranslationSource

from .gate import GuardedTranslatable


def kind_label(model_label: str) -> str:
    """'news.newspage' -> 'news release', in the active language."""
    try:
        return str(apps.get_model(model_label)._meta.verbose_name)
    except (LookupError, ValueError):
        return model_label


class TaskState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    READY_FOR_REVIEW = "ready_for_review", _("Ready for review")
    OUT_OF_DATE = "out_of_date", _("Out of date")
    DONE = "done", _("Done")


class TranslationTask(models.Model):
    """One source page or snippet to be translated into one locale."""

    source = models.ForeignKey(TranslationSource, on_delete=models.CASCADE, related_name="queue_tasks")
    target_locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=20, choices=TaskState.choices, default=TaskState.NOT_STARTED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the row shows, kept current by signals so that the queue reads one table.
    source_title = models.CharField(max_length=255)
    target_title = models.CharField(max_length=255, blank=True)
    content_kind = models.CharField(max_length=100)  # model label, e.g. "orgs.organizationpage"
    target_object_id = models.CharField(max_length=255, blank=True)  # the translation (or alias), for links
    segments_total = models.PositiveIntegerField(default=0)
    segments_translated = models.PositiveIntegerField(default=0)
    segments_machine = models.PositiveIntegerField(default=0)
    words_remaining = models.PositiveIntegerField(default=0)
    changed_segments = models.PositiveIntegerField(default=0)
    terminology_issues = models.PositiveIntegerField(default=0)
    # Quality checks (checks/) on the work in progress: errors block approval, warnings need a click.
    check_errors = models.PositiveIntegerField(default=0)
    check_warnings = models.PositiveIntegerField(default=0)
    # {segment path: [English, translation]} at the last approval: review shows what changed since.
    approved_segments = models.JSONField(default=dict, blank=True)
    source_changed_at = models.DateTimeField()
    synced_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    # What was submitted for review (drafts.fingerprint): approval publishes only that.
    submitted_fingerprint = models.CharField(max_length=64, blank=True)
    # An approved revision waiting for its source to go live (a scheduled or unpublished English page).
    held_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "target_locale"], name="one_task_per_source_locale")]
        indexes = [models.Index(fields=["target_locale", "state", "-source_changed_at"])]

    def __str__(self):
        return f"{self.source_title} → {self.target_locale.language_code}"

    @property
    def kind_label(self) -> str:
        return kind_label(self.content_kind)

    @property
    def segments_done(self) -> int:
        """Translated segments that are current: an out-of-date task's changed segments are work again."""
        if self.state == TaskState.OUT_OF_DATE:
            return max(self.segments_translated - self.changed_segments, 0)
        return self.segments_translated

    @property
    def progress_percent(self):
        return round(100 * self.segments_done / self.segments_total) if self.segments_total else 0


class GlossaryTerm(GuardedTranslatable, DraftStateMixin, RevisionMixin, TranslatableMixin, index.Indexed, models.Model):
    """An agreed name: the English term, and in each translation of this snippet the term in that language.

    A translated term is a draft until reviewed: only live terms are used by prefill and the checks.
    """

    term = models.CharField(_("term"), max_length=255)
    note = models.TextField(_("note"), blank=True)

    search_fields = [index.SearchField("term"), index.FilterField("locale")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["term"]

    def __str__(self):
        return self.term
