"""Translations as drafts on wagtail-localize's models, published only by approval.

wagtail-localize keeps a translator's work as StringTranslations and SegmentOverrides; its
`save_target()` turns them into the target page, but writes the live row even with publish=False
(upstream #634). Here the translated object is built in memory from the same data
(`get_ephemeral_translated_instance`, as localize's own preview does) and saved as a draft revision:
Wagtail's `save_revision` only moves the page's draft bookkeeping, so the live page (the alias with its
"not yet translated" notice, or the last approved translation) stays as it is until `publish` below.
"""

from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import urlsplit

from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from wagtail.models import DraftStateMixin, Page, PageLogEntry, Revision, TranslatableMixin
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
)

from .gate import open_door

SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}
# Never acceptable, even in a field that is not a link: templates turn phones into tel: links and so on.
SCRIPT_SCHEMES = {"javascript", "vbscript", "data", "file"}
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these inside a URL ("java\tscript:")


def _scheme(value: str) -> str | None:
    try:
        return urlsplit(_IGNORED_IN_URLS.sub("", value)).scheme.lower()
    except ValueError:
        return None


def looks_like_link(value) -> bool:
    return isinstance(value, str) and (bool(_scheme(value)) or value.strip().startswith(("/", "#", "?")))


def safe_override(value, source_value=None) -> bool:
    """An override of a link or URL (the source value is one) must be http(s), mailto, tel or relative;
    no override of any field may carry a script scheme (javascript:, data:, vbscript:, file:)."""
    if not isinstance(value, str):
        return True  # image and document overrides are ids
    scheme = _scheme(value)
    if scheme is None or scheme in SCRIPT_SCHEMES:
        return False
    return scheme in SAFE_SCHEMES if looks_like_link(source_value) else True


def ensure_translation(task) -> Translation:
    """The wagtail-localize Translation behind a task (what its editor and PO files work on), enabled."""
    translation, _ = Translation.objects.get_or_create(
        source=task.source, target_locale=task.target_locale, defaults={"enabled": True}
    )
    if not translation.enabled:
        translation.enabled = True
        translation.save(update_fields=["enabled"])
    return translation


def target_row(task):
    """The target-language object that drafts hang on: the alias or translation of a page (an alias is
    created if the tree sync has not made one), or a snippet row that nobody sees until it is approved."""
    try:
        return task.source.get_translated_instance(task.target_locale)
    except ObjectDoesNotExist:
        original = task.source.get_source_instance()
        if isinstance(original, Page):
            with open_door():
                return original.copy_for_translation(task.target_locale, copy_parents=True, alias=True)
        copy = original.copy_for_translation(task.target_locale)
        if isinstance(copy, DraftStateMixin):
            copy.live = False
            copy.has_unpublished_changes = True
        copy.save()
        return copy


def overridden_paths(task) -> set[str]:
    return set(
        SegmentOverride.objects.filter(locale=task.target_locale, context__object_id=task.source.object_id).values_list(
            "context__path", flat=True
        )
    )


def follow_synchronized_fields(english, target, keep: set[str] = frozenset()) -> list[str]:
    """Copy the English object's synchronized plain fields (dates, phones, e-mail, URLs, images) onto
    `target`, except those overridden in its language; returns the names that changed.

    Relations to translatable objects are left alone: wagtail-localize maps those to their translations.
    """
    changed = []
    for translatable_field in get_translatable_fields(type(english)):
        # wagtail-localize counts StreamFields (and cleared text fields) as "synchronized" too, meaning
        # their structure is copied before translation; their text is translated, never copied.
        if not translatable_field.is_synchronized(english) or translatable_field.is_translated(english):
            continue
        if translatable_field.field_name in keep:
            continue
        field = translatable_field.get_field(type(target))
        if not getattr(field, "concrete", False) or field.primary_key or field.name in {"slug", "locale"}:
            continue
        if field.is_relation and issubclass(field.related_model, TranslatableMixin | Page):
            continue
        if isinstance(field, models.ForeignKey) or not field.is_relation:
            value = field.value_from_object(english)
            if field.value_from_object(target) != value:
                setattr(target, field.attname, value)
                changed.append(field.name)
    return changed


def build(task):
    """The translated object as approval would publish it, in memory: the source as last synced, its
    translated strings and overrides, and the English side's current synchronized fields."""
    target_row(task)
    instance = task.source.get_ephemeral_translated_instance(task.target_locale, fallback=True)
    follow_synchronized_fields(task.source.get_source_instance(), instance, keep=overridden_paths(task))
    if isinstance(instance, Page):
        instance.alias_of_id = None  # in memory: the draft is a translation, the live row stays an alias
    if isinstance(instance, DraftStateMixin):
        # A translation's go-live and expiry are its source's (follow.py), never a schedule of its own: an
        # alias copied from a scheduled release would otherwise carry the old go-live time.
        instance.go_live_at = instance.expire_at = None
    return instance


def save_draft(task, user=None) -> Revision:
    """Write the current translation to a draft revision of the target object; the live row is untouched.

    A user's consecutive saves overwrite their own draft instead of piling up revisions.
    """
    instance = build(task)
    latest = instance.latest_revision
    reuse = (
        latest
        if latest is not None
        and latest.pk != instance.live_revision_id
        and latest.pk != task.held_revision_id
        and latest.user_id == getattr(user, "pk", None)
        else None
    )
    return instance.save_revision(user=user, clean=False, changed=True, overwrite_revision=reuse)


def publish(revision: Revision, source, user=None) -> None:
    """Make a reviewed revision live: the one call that publishes translated content (gate.open_door).
    A page also takes its source's privacy (view restrictions), as wagtail-localize's own publish does."""
    with open_door(), transaction.atomic():
        obj = revision.content_object
        if isinstance(obj, Page) and obj.alias_of_id:
            Page.objects.filter(pk=obj.pk).update(alias_of=None)
            PageLogEntry.objects.log_action(
                instance=obj,
                revision=revision,
                action="wagtail.convert_alias",
                user=user,
                data={"page": {"id": obj.pk, "title": obj.get_admin_display_title()}},
            )
            revision = Revision.objects.get(pk=revision.pk)  # its object now reads as a translation
        revision.publish(user=user, skip_permission_checks=True)
        if isinstance(obj, Page):
            source.sync_view_restrictions(source.get_source_instance(), Page.objects.get(pk=obj.pk))


def source_is_live(task) -> bool:
    source = task.source.get_source_instance()
    return not isinstance(source, DraftStateMixin) or source.live


# --- what a reviewer checks ----------------------------------------------------------------------------


def string_segments(task):
    return StringSegment.objects.filter(source_id=task.source_id)


def missing_and_errors(task) -> tuple[int, int, int]:
    """(segments without a usable translation, of which with an error, total segments)."""
    segments = string_segments(task).annotate_translation(task.target_locale)
    total = segments.count()
    missing = segments.filter(translation__isnull=True).count()
    errors = StringTranslation.objects.filter(
        locale=task.target_locale,
        context__object_id=task.source.object_id,
        translation_of_id__in=string_segments(task).values("string_id"),
        has_error=True,
    ).count()
    return missing, errors, total


def overrides(task) -> list[SegmentOverride]:
    """Everything a translator set in place of the source's links, URLs, images and documents."""
    return list(
        SegmentOverride.objects.filter(locale=task.target_locale, context__object_id=task.source.object_id)
        .select_related("context", "last_translated_by")
        .order_by("context__path")
    )


def source_value(override: SegmentOverride):
    segment = OverridableSegment.objects.filter(context_id=override.context_id).order_by("-source_id").first()
    return segment.data if segment else None


def unsafe_overrides(task) -> list[SegmentOverride]:
    return [override for override in overrides(task) if not safe_override(override.data, source_value(override))]


def translators_of_work(task) -> set[int]:
    """Users who wrote any of this task's translation (strings or overrides), and its assignee."""
    strings = StringTranslation.objects.filter(
        locale=task.target_locale, context__object_id=task.source.object_id, last_translated_by__isnull=False
    ).values_list("last_translated_by_id", flat=True)
    overridden = SegmentOverride.objects.filter(
        locale=task.target_locale, context__object_id=task.source.object_id, last_translated_by__isnull=False
    ).values_list("last_translated_by_id", flat=True)
    people = set(strings) | set(overridden)
    if task.assignee_id:
        people.add(task.assignee_id)
    return people


def fingerprint(task) -> str:
    """A digest of the work as it stands: the source version, every translated string and override.
    Submitting records it; approval publishes only if it is unchanged (what was reviewed is what goes live)."""
    strings = sorted(
        StringTranslation.objects.filter(
            locale=task.target_locale,
            context__object_id=task.source.object_id,
            translation_of_id__in=string_segments(task).values("string_id"),
        ).values_list("context_id", "translation_of_id", "data", "has_error")
    )
    overridden = sorted((o.context_id, o.data_json) for o in overrides(task))
    payload = json.dumps([str(task.source.last_updated_at), strings, overridden], default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def previewable(task) -> bool:
    """Pages preview (in the page's own templates); snippets have no page to show."""
    from django.apps import apps

    return bool(task.target_object_id) and issubclass(apps.get_model(task.content_kind), Page)
