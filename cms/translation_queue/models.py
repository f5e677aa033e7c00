"""A unit of translators' work and the glossary they translate with.

wagtail-localize keeps the strings, segments and translations; a TranslationTask adds what it lacks:
who works on it, where it stands in review, and whether the English changed since it was last synced.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
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


DUE_SOON_DAYS = 2  # a task due within this many days is "due soon"


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
    # When the English goes live (a scheduled page's go_live_at), kept current on publish: mails show it.
    source_go_live_at = models.DateTimeField(null=True, blank=True)
    # The deadline: the English go-live date unless a reviewer set one (due_set), which then stays.
    due = models.DateField(null=True, blank=True)
    due_set = models.BooleanField(default=False)
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
    def urgency(self) -> str:
        """'overdue', 'due_soon' (within DUE_SOON_DAYS) or '' — what the queue highlights and sorts first."""
        if self.due is None or self.state == TaskState.DONE:
            return ""
        today = timezone.localdate()
        if self.due < today:
            return "overdue"
        if self.due <= today + datetime.timedelta(days=DUE_SOON_DAYS):
            return "due_soon"
        return ""

    def default_due(self) -> datetime.date | None:
        """The English go-live date, in the site's time zone."""
        return timezone.localdate(self.source_go_live_at) if self.source_go_live_at else None

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


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately, one e-mail per change")
    DIGEST = "digest", _("Once a day, in a digest")


class NotificationPreference(models.Model):
    """How one person receives the queue's e-mails (their account settings: "Translation queue e-mails")."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translation_queue_preference"
    )
    delivery = models.CharField(
        _("translation queue e-mails"), max_length=20, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.user}: {self.delivery}"


class PendingNotification(models.Model):
    """An event waiting for its recipient's next digest (send_translation_digest sends and deletes it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(TranslationTask, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=30)  # notifications.EVENTS
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self):
        return f"{self.user}: {self.event} ({self.task_id})"


class ReuseBand(models.TextChoices):
    """How much of a segment the translation memory gave (ledger.py classifies)."""

    EXACT = "exact", _("Exact match")
    FUZZY = "fuzzy", _("Fuzzy match")
    NEW = "new", _("New")


class TranslatedSegment(models.Model):
    """One segment's translation as a reviewer approved it: what the reports count (figures.py).

    Written at approval (ledger.py) because its reuse band depends on the memory as it stood then,
    and a later approval overwrites the task's own record of what was approved."""

    task = models.ForeignKey(TranslationTask, null=True, on_delete=models.SET_NULL, related_name="+")
    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField()
    path = models.CharField(max_length=255)
    source_words = models.PositiveIntegerField()
    target_characters = models.PositiveIntegerField()
    band = models.CharField(max_length=5, choices=ReuseBand.choices)
    score = models.PositiveSmallIntegerField()  # the best earlier match, 0–100

    class Meta:
        indexes = [models.Index(fields=["locale", "approved_at"])]

    def __str__(self):
        return f"{self.path} ({self.band}, {self.source_words} words)"
