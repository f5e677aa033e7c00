"""Shared fixtures: the whole suite runs against a database seeded once per session by `manage.py seed`."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Seeding takes seconds; every test then runs inside a transaction that is rolled back.
    with django_db_blocker.unblock():
        call_command("seed", verbosity=0)


@pytest.fixture
def seeded(db):
    """The seeded site (the session database), for tests that read or change it."""
    from wagtail.models import Locale

    return {"en": Locale.objects.get(language_code="en"), "zh": Locale.objects.get(language_code="zh-hans")}


def live_page_urls(language_code):
    from wagtail.models import Page

    pages = Page.objects.live().filter(depth__gt=1, locale__language_code=language_code)
    return [(page, page.get_url()) for page in pages]


@pytest.fixture(autouse=True)
def empty_caches():
    """Every test starts with empty caches: the database rolls back between tests, a cached page would not."""
    from django.core.cache import caches

    from cms.translation_queue import memory_index

    for cache in caches.all():
        cache.clear()
    memory_index.clear()  # string ids come back after a rollback on SQLite, with other texts
    yield


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last. Playwright's sync API marks its event loop as running in this thread
    between calls, and Django then refuses database access from here (SynchronousOnlyOperation): any
    test after them that reads the database outside the `db` fixture (pytest-django puts those among
    its non-database tests, with the browser tests) would fail."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
