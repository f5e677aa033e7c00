"""The translation reports and the English editor's translation status, in a browser (screenshots for the docs)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import REVIEWER, TRANSLATOR, log_in, serve_site

pytestmark = pytest.mark.browser
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
ADMIN = ("ada", "admin-me")


@pytest.fixture(scope="module")
def reports_site_url(tmp_path_factory):
    setup = f"from tests.browser.reports_site import setup; setup({TRANSLATOR!r}, {REVIEWER!r}, {ADMIN!r})"
    yield from serve_site(tmp_path_factory, "reports", ["--no-translations"], setup)


def test_figures_and_the_grid_for_a_reviewer(browser, reports_site_url):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    log_in(page, reports_site_url, REVIEWER)
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Translation figures").click()
    by_translator = page.locator("#by-translator")
    expect(by_translator).to_contain_text("tian")
    expect(by_translator).to_contain_text("tao")
    expect(page.locator("#by-locale tbody tr").first).to_contain_text("简体中文")
    page.screenshot(path=str(SCREENS / "report.png"), full_page=True)

    page.goto(f"{reports_site_url}/admin/translation-queue/reports/status/?q=Quokka")
    cell = page.locator("td.translation-state a").first
    expect(cell).to_have_text("Out of date")
    cell.click()
    assert "/review/" in page.url
    context.close()


def test_the_english_editor_shows_each_languages_status(browser, reports_site_url):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, reports_site_url, ADMIN)
    page.goto(f"{reports_site_url}/admin/translation-queue/reports/status/?q=Quokka")
    page.get_by_role("link", name="Quokka Habitat Trust").click()  # the grid links the English page's editor
    page.get_by_role("button", name="Toggle status").click()
    status = page.locator('[data-translation-locale="zh-hans"]')
    expect(status).to_be_visible()
    expect(status).to_contain_text("Out of date")
    expect(status).to_contain_text("1 changed segment")
    page.screenshot(path=str(SCREENS / "editor-status.png"))
    status.get_by_role("link", name="Out of date").click()
    assert "/review/" in page.url
    context.close()
