"""Per-locale roles: '<code> translators' (contract) translate into that locale only; '<code> reviewers'
also approve, which is the only way anything in that locale is published (see gate.py). Page permissions
sit on the locale's own home page, so neither group can touch English pages or another language's; the
snippet permissions they get are narrowed to their locale by permissions.may_change_snippet."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.models import GroupPagePermission, Locale, Page

TRANSLATORS = "{code} translators"
REVIEWERS = "{code} reviewers"


def snippet_permissions() -> list[tuple[str, str]]:
    """Change rights on every translatable snippet. Wagtail's are model-wide; the queue checks the locale."""
    from .content import translatable_snippet_models

    return [(model._meta.app_label, f"change_{model._meta.model_name}") for model in translatable_snippet_models()]


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
            *[Q(content_type__app_label=app, codename=codename) for app, codename in snippet_permissions()],
            _connector=Q.OR,
        )
    )
    for group in (translators, reviewers):
        group.permissions.add(*admin_access, *snippet_perms)
    home = Page.objects.filter(depth=2, locale=locale).first()
    if home is not None:
        change = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
        for group in (translators, reviewers):
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=change)
        # Reviewers publish by approving in the queue, never through Wagtail's publish views.
        GroupPagePermission.objects.filter(group=reviewers, permission__codename="publish_page").delete()
    return translators, reviewers


def role_group_names() -> list[str]:
    codes = Locale.objects.exclude(id=Locale.get_default().id).values_list("language_code", flat=True)
    return [name.format(code=code) for code in codes for name in (TRANSLATORS, REVIEWERS)]


def has_any_locale_role(user) -> bool:
    return bool(set(role_group_names()) & _group_names(user))


def has_model_permission_outside_roles(user, instance) -> bool:
    """Does a group other than the locale roles (or the user directly) let this user change `instance`'s model?"""
    opts = instance._meta
    codename = f"change_{opts.model_name}"
    direct = user.user_permissions.filter(content_type__app_label=opts.app_label, codename=codename)
    via_groups = Permission.objects.filter(
        content_type__app_label=opts.app_label, codename=codename, group__user=user
    ).exclude(group__name__in=role_group_names())
    return direct.exists() or via_groups.exists()


def _group_names(user) -> set[str]:
    """The user's group names, read once per user object (a request's user lives one request)."""
    if not user or not user.is_authenticated:
        return set()
    cache = getattr(user, "_queue_groups", None)
    if cache is None:
        cache = user._queue_groups = set(user.groups.values_list("name", flat=True))
    return cache


def _in_group(user, name: str) -> bool:
    return name in _group_names(user)


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


def reviewers_of(locale: Locale):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=reviewers_group_name(locale), is_active=True).distinct()
