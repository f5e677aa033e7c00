"""Strict parent/child rules: editors can only build the tree the site is designed for."""

import pytest
from wagtail.models import Page

from home.models import HomePage
from news.models import NewsIndexPage, NewsPage
from orgs.models import OrganizationIndexPage, OrganizationPage, ProgramPage


def allowed(model):
    return {m.__name__ for m in model.allowed_subpage_models()}


def test_subpage_rules():
    assert allowed(HomePage) == {"OrganizationIndexPage", "NewsIndexPage"}
    assert allowed(OrganizationIndexPage) == {"OrganizationPage"}
    assert allowed(OrganizationPage) == {"ProgramPage"}
    assert allowed(ProgramPage) == set()
    assert allowed(NewsIndexPage) == {"NewsPage"}
    assert allowed(NewsPage) == set()


def test_parent_rules():
    assert {m.__name__ for m in ProgramPage.allowed_parent_page_models()} == {"OrganizationPage"}
    assert {m.__name__ for m in NewsPage.allowed_parent_page_models()} == {"NewsIndexPage"}
    assert {m.__name__ for m in OrganizationPage.allowed_parent_page_models()} == {"OrganizationIndexPage"}


def test_one_home_page_per_locale(seeded):
    root = Page.get_first_root_node()
    assert not HomePage.can_create_at(root)  # English home exists


@pytest.mark.parametrize("model", [OrganizationIndexPage, NewsIndexPage])
def test_one_index_of_each_kind_per_home(seeded, model):
    home = HomePage.objects.get(locale=seeded["en"])
    assert not model.can_create_at(home)


def test_news_release_cannot_go_under_an_organization(seeded):
    org = OrganizationPage.objects.filter(locale=seeded["en"]).first()
    assert not NewsPage.can_create_at(org)
    assert ProgramPage.can_create_at(org)


def test_synchronized_and_shared_fields():
    from wagtail_localize.fields import get_translatable_fields

    def kinds(model):
        return {f.field_name: type(f).__name__ for f in get_translatable_fields(model)}

    org = kinds(OrganizationPage)
    for name in ("slug", "phones", "fax", "postal_code", "email", "website", "founded"):
        assert org[name] == "SynchronizedField", name
    for name in ("title", "summary", "body", "address", "contact_people"):
        assert org[name] == "TranslatableField", name
    news = kinds(NewsPage)
    assert news["date"] == news["slug"] == "SynchronizedField"
    assert news["reporter"] == "TranslatableField"
