"""Editors can open every page type and the topics in the Wagtail admin; translators get wagtail-localize's editor."""

from html import escape

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

from news.models import Topic


@pytest.fixture
def editor_client(client, seeded):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model", ["homepage", "organizationindexpage", "organizationpage", "programpage", "newsindexpage", "newspage"]
)
def test_edit_view_of_each_page_type(editor_client, seeded, model):
    page = Page.objects.filter(locale=seeded["en"], content_type__model=model).first()
    response = editor_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert escape(page.title) in response.content.decode()


def test_add_views_follow_the_page_rules(editor_client, seeded):
    org = Page.objects.get(locale=seeded["en"], slug="iecc")
    assert editor_client.get(f"/admin/pages/add/orgs/programpage/{org.pk}/").status_code == 200
    refused = editor_client.get(f"/admin/pages/add/news/newspage/{org.pk}/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")  # Wagtail's "permission denied"


def test_chinese_page_opens_in_the_translation_editor(editor_client, seeded):
    page = Page.objects.get(locale=seeded["zh"], slug="ciyec-kicec-memorandum")
    html = editor_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "translation-editor" in html or "wagtail_localize" in html


def test_topics_are_snippets_with_translations(editor_client, seeded):
    response = editor_client.get("/admin/snippets/news/topic/")
    assert response.status_code == 200
    topic = Topic.objects.get(locale=seeded["en"], slug="youth-exchange")
    assert topic.get_translation(seeded["zh"]).name == "青年交流"


def test_admin_page_search_finds_chinese_words(editor_client, seeded):
    response = editor_client.get("/admin/pages/search/", {"q": "广州"})
    assert response.status_code == 200
    assert "全国首个中外人文交流教育创新区在广州成立" in response.content.decode()
