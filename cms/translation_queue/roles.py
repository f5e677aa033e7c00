"""Per-locale roles: '<code> translators' (contract) translate into that locale only; '<code> reviewers'
also approve and publish. Page permissions sit on the locale's own home page, so neither group can
touch English pages or another language's."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.models import GroupPagePermission, Locale, Page

TRANSLATORS = "{code} translators"
REVIEWERS = "{code} reviewers"
# Snippets carry model-wide permissions in Wagtail; the queue checks the locale for them.
SNIPPET_PERMISSIONS = [("news", "change_topic"), ("translation_queue", "change_glossaryterm")]


def translators_group_name(locale: Locale) -> str:
    return TRANSLATORS.format(code=locale.language_code)


def reviewers_group_name(locale: Locale) -> str:
    return REVIEWERS.format(code=locale.language_code)


def ensure_locale_roles(locale: Locale) -> tuple[Group, Group] | None:
    """Create (or complete) the two groups of a non-default locale. Idempotent."""
    if locale.id == Locale.get_default().id:
        return None
    translators, _ = Group.objects.get_or_create(name=translators_group_name(locale))
    reviewers, _ = Group.objects.get_or_create(name=reviewers_group_name(locale))
    admin_access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    snippet_perms = Permission.objects.filter(
        Q(
            *[Q(content_type__app_label=app, codename=codename) for app, codename in SNIPPET_PERMISSIONS],
            _connector=Q.OR,
        )
    )
    for group in (translators, reviewers):
        group.permissions.add(*admin_access, *snippet_perms)
    home = Page.objects.filter(depth=2, locale=locale).first()
    if home is not None:
        for group, codenames in ((translators, ["change_page"]), (reviewers, ["change_page", "publish_page"])):
            for codename in codenames:
                permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
    return translators, reviewers


def _in_group(user, name: str) -> bool:
    if not user or not user.is_authenticated:
        return False
    cache = getattr(user, "_queue_groups", None)
    if cache is None:
        cache = user._queue_groups = set(user.groups.values_list("name", flat=True))
    return name in cache


def can_translate(user, locale: Locale) -> bool:
    """Translators of the locale, and its reviewers (who include superusers)."""
    return _in_group(user, translators_group_name(locale)) or can_review(user, locale)


def can_review(user, locale: Locale) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser) or _in_group(
        user, reviewers_group_name(locale)
    )


def can_work_on(user, task) -> bool:
    """The task's assignee, or a reviewer of its locale: who may sync, prefill, exchange PO files, release."""
    return task.assignee_id == user.pk or can_review(user, task.target_locale)


def queue_locales(user) -> list[Locale]:
    """The locales whose queue this user works in."""
    return [locale for locale in Locale.objects.exclude(id=Locale.get_default().id) if can_translate(user, locale)]


def translators_of(locale: Locale):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=translators_group_name(locale), is_active=True).distinct()
