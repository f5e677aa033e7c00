"""The seeded site: every page answers in both languages, every source sentence is on it, Chinese is complete."""

import re
from pathlib import Path

import pytest
from django.test import Client
from wagtail.models import Page
from wagtail_localize.models import Translation

from news.models import NewsPage, Topic
from orgs.models import OrganizationPage, ProgramPage
from tests.conftest import live_page_urls
from tests.fidelity import cjk_share, is_shown, page_text, required_items, split_chinese

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def rendered_text(client, language_code):
    texts = []
    for _page, url in live_page_urls(language_code):
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(page_text(response.content.decode()))
    return " ".join(texts)


@pytest.mark.parametrize("language_code", ["en", "zh-hans"])
def test_every_live_page_answers_with_its_language(seeded, client, language_code):
    pages = live_page_urls(language_code)
    assert len(pages) == 18  # home, 2 indexes, 6 organizations, 7 programs, 2 releases
    for _page, url in pages:
        assert url.startswith(f"/{language_code}/"), url
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language_code}"' in response.content.decode(), url


def test_seeded_content_per_type(seeded):
    en, zh = seeded["en"], seeded["zh"]
    for locale in (en, zh):
        assert OrganizationPage.objects.live().filter(locale=locale).count() == 6
        assert ProgramPage.objects.live().filter(locale=locale).count() == 7
        assert NewsPage.objects.live().filter(locale=locale).count() == 2
    iecc = OrganizationPage.objects.get(locale=en, slug="iecc")
    assert iecc.short_name == "IECC"
    assert iecc.parent_body.startswith("China National Children")
    assert iecc.phones == "010-66514910、66514420、66110826"
    program = ProgramPage.objects.get(locale=en, slug="international-applied-science-curriculum-reform")
    assert program.get_parent().specific.short_name == "CSTVE International Department"
    release = NewsPage.objects.get(locale=en, slug="ciyec-kicec-memorandum")
    assert str(release.date) == "2024-05-27"
    assert sorted(t.slug for t in release.topics.all()) == ["china-south-korea", "green-development", "youth-exchange"]
    assert {rel.page.slug for rel in release.related_pages.all()} == {"ciyec", "kicec", "china-korea-youth-exchange"}


def test_every_sentence_of_every_source_text_is_on_the_site(seeded):
    client = Client()
    english, chinese = rendered_text(client, "en"), rendered_text(client, "zh-hans")
    missing = []
    for path in sorted(SEEDS.glob("*.txt")):
        en_part, zh_part = split_chinese(path.read_text(encoding="utf-8"))
        for part, text, label in ((en_part, english, "en"), (zh_part, chinese, "zh-hans")):
            items = required_items(part)
            missing += [(path.name, label, value) for item in items if not is_shown(item, text) for value in [item[1]]]
    assert missing == []


def test_chinese_site_is_complete(seeded, client):
    """A visitor reading Chinese gets every page translated, not English under a Chinese address."""
    zh = seeded["zh"]
    aliases = Page.objects.live().filter(locale=zh, depth__gt=1, alias_of__isnull=False)
    assert list(aliases) == []
    for translation in Translation.objects.filter(target_locale=zh):
        total, done = translation.get_progress()
        assert done == total, translation.source.get_source_instance()
    for _page, url in live_page_urls("zh-hans"):
        main = re.search(r'<main id="main".*?</main>', client.get(url).content.decode(), re.S).group(0)
        assert cjk_share(page_text(main)) > 0.6, url
    assert Topic.objects.filter(locale=zh).count() == Topic.objects.filter(locale=seeded["en"]).count()


def test_every_seeded_task_was_queued_and_completed_once(seeded):
    """The seed ships reviewed translations: each page's and glossary term's task reads "queued, then
    completed" in its history, with nothing in between, and is done."""
    from wagtail.models import ModelLogEntry

    from cms.translation_queue.models import TaskState, TranslationTask

    tasks = list(TranslationTask.objects.all())
    kinds = {task.content_kind for task in tasks}
    assert {"translation_queue.glossaryterm", "news.newspage", "orgs.organizationpage"} <= kinds
    for task in tasks:
        history = list(
            ModelLogEntry.objects.for_instance(task).order_by("timestamp", "pk").values_list("action", flat=True)
        )
        assert history == ["translation_queue.queued", "translation_queue.completed"], task.source_title
        assert task.state == TaskState.DONE, task.source_title
