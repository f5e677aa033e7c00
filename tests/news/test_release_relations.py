"""A release's related organizations: the live page reads them from the database, a draft's preview
from the draft (news.models.NewsPage.related_page_list)."""

from django.urls import reverse

from news.models import NewsPage, NewsPageRelatedPage
from orgs.models import OrganizationPage


def test_the_live_page_shows_the_published_relations_and_the_draft_preview_its_own(admin_client, seeded):
    release = NewsPage.objects.get(slug="ciyec-kicec-memorandum", locale=seeded["en"])
    organizations = list(OrganizationPage.objects.filter(locale=seeded["en"]))
    published = {rel.page_id for rel in release.related_pages.all()}
    other = next(org for org in organizations if org.pk not in published)

    draft = release.get_latest_revision_as_object()
    draft.related_pages = [NewsPageRelatedPage(page=other)]
    draft.save_revision()  # a draft: the live release keeps its relations

    live_html = admin_client.get(release.url, HTTP_COOKIE="").content.decode()
    assert other.title not in live_html.split("<footer")[0]
    draft_html = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[release.pk])).content.decode()
    assert other.title in draft_html.split("<footer")[0]
    assert {rel.page_id for rel in NewsPage.objects.get(pk=release.pk).related_pages.all()} == published
