"""The one door to a translated language's live site.

Content in a language that is translated from another (the Chinese pages, topics and glossary terms) goes
live only through the translation queue: a reviewer's approval, or the Chinese side following its English
source (go-live, unpublish, move, delete, synchronized fields). Those paths open the door with
`open_door()`; every other write of live translated content is refused here, at the model, whichever
view or API it comes from: wagtail-localize's editor and "Sync translated pages", Wagtail's publish,
unpublish, revert and workflow views, `save_target(publish=False)` writing the live row (upstream #634).

Drafts are never refused: a new revision only moves the bookkeeping fields listed in DRAFT_FIELDS.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

_open = ContextVar("translated_live_door_open", default=False)

# Fields that a draft revision, a lock or a tree operation writes on the live row without changing what
# visitors see.
DRAFT_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "wagtail_admin_comments",
        "locked",
        "locked_at",
        "locked_by",
        "numchild",
        "index_entries",
    }
)


class ClosedDoor(PermissionDenied):
    """Raised when translated content would go live (or change live) outside review."""

    def __init__(self, instance, what):
        super().__init__(
            _("%(object)s: %(what)s Translations go live only when a reviewer approves them in the translation queue.")
            % {"object": instance, "what": what}
        )


@contextmanager
def open_door():
    """Let the queue's approval and the follow-the-source paths write live translated content."""
    token = _open.set(True)
    try:
        yield
    finally:
        _open.reset(token)


def is_open() -> bool:
    return _open.get()


def default_locale_id() -> int:
    from wagtail.models import Locale

    return Locale.get_default().pk


def is_translated(instance) -> bool:
    """True for content in a language other than the source (default) language."""
    return instance.locale_id is not None and instance.locale_id != default_locale_id()


def _visible_fields(instance):
    return [
        field
        for field in instance._meta.concrete_fields
        if field.name not in DRAFT_FIELDS and not field.primary_key and field.name != "page_ptr"
    ]


def check_save(instance, update_fields=None) -> None:
    """Refuse a save that would change what visitors see of live translated content."""
    if instance.pk is None or is_open() or not is_translated(instance):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    current = type(instance)._default_manager.filter(pk=instance.pk).first()
    if current is None or not (current.live or instance.live):
        return  # a row nobody sees, before and after (new snippet translations start so)
    fields = _visible_fields(instance)
    if update_fields is not None:
        fields = [f for f in fields if f.name in update_fields or f.attname in update_fields]
    changed = [f.name for f in fields if f.value_from_object(instance) != f.value_from_object(current)]
    if changed:
        raise ClosedDoor(instance, _("its live content would change (%(fields)s).") % {"fields": ", ".join(changed)})


def check_publish(instance) -> None:
    if not is_open() and is_translated(instance):
        raise ClosedDoor(instance, _("it can't be published here."))


def check_unpublish(instance) -> None:
    if not is_open() and is_translated(instance):
        raise ClosedDoor(instance, _("it is unpublished only with its source."))


class GuardedTranslatable:
    """Mixin for translatable pages and draftable snippets: the door above, enforced on the model."""

    def save(self, *args, **kwargs):
        check_save(self, kwargs.get("update_fields"))
        return super().save(*args, **kwargs)

    def publish(self, revision, *args, **kwargs):
        check_publish(self)
        return super().publish(revision, *args, **kwargs)

    def unpublish(self, *args, **kwargs):
        check_unpublish(self)
        if is_translated(self):
            return super().unpublish(*args, **kwargs)
        # An English unpublish takes its aliases with it (Wagtail does that inside unpublish).
        with open_door():
            return super().unpublish(*args, **kwargs)
