"""The footer's contact list: organizations that publish a telephone, e-mail or website, per language.

Every page shows it, so it is kept in the cache per language (a page view costs no query for it) and
dropped whenever a page is published, unpublished, moved or deleted, now and again after the commit.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from cms.prepared_queries import PreparedQuery

KEY = "site-footer-contacts:{}"
# What _contacts reads of an organization: its names, URL (url_path) and contact fields.
CONTACT_FIELDS = ("title", "short_name", "url_path", "phones", "email", "website")


def footer_contacts(language_code: str, request=None) -> list[dict]:
    contacts = cache.get(KEY.format(language_code))
    if contacts is None:
        contacts = _load(language_code, request)
        cache.set(KEY.format(language_code), contacts, timeout=None)
    return contacts


def prime(language_code: str, organizations, request=None) -> None:
    """Fill the cache from the organizations a page has loaded anyway (the home page lists every live one
    of its language, in tree order): the footer then costs no query of its own on a cold cache."""
    key = KEY.format(language_code)
    if cache.get(key) is None:
        cache.set(key, _contacts(language_code, organizations, request), timeout=None)


def _organizations(language_code):
    from orgs.models import OrganizationPage

    # Only the columns the footer shows (an organization page is wide): the query loads faster.
    return (
        OrganizationPage.objects.live()
        .filter(locale__language_code=language_code)
        .order_by("path")
        .only(*CONTACT_FIELDS)
    )


ORGANIZATIONS = PreparedQuery(_organizations)


def _load(language_code: str, request=None) -> list[dict]:
    return _contacts(language_code, ORGANIZATIONS(language_code=language_code), request)


def _contacts(language_code: str, organizations, request=None) -> list[dict]:
    from cms.templatetags.site_tags import display_url, org_name

    with translation.override(language_code):
        return [
            {
                "name": org_name(org),
                # With the request, the site root paths routing already read (no query on a cold cache).
                "url": org.get_url(request),
                "phones": [(phone.display, phone.uri) for phone in org.phone_numbers],
                "email": org.email,
                "website": org.website,
                "website_label": display_url(org.website),
            }
            for org in organizations
            if org.phones or org.email or org.website
        ]


def forget(**kwargs) -> None:
    keys = [KEY.format(code) for code, _label in settings.LANGUAGES]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def connect() -> None:
    from django.db.models.signals import post_delete
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    from orgs.models import OrganizationPage

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(forget, dispatch_uid=f"footer-contacts-{signal!r}")
    post_delete.connect(forget, sender=OrganizationPage, dispatch_uid="footer-contacts-delete")
