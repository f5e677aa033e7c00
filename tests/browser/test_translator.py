"""A zh-hans translator claims the untranslated CIYEC–KICEC release, translates a segment in
wagtail-localize's editor and submits it for review."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TRANSLATOR, log_in, translate_first_field

pytestmark = pytest.mark.browser
TITLE_ZH = "中国国际青年交流中心与韩国国际文化交流中心签署合作备忘录"


def ciyec_row(page):
    return page.locator("tr.queue-row", has_text="CIYEC Signs Memorandum")


def test_translator_claims_translates_and_submits(page, queue_site_url):
    log_in(page, queue_site_url, TRANSLATOR)

    page.get_by_role("link", name=re.compile(r"^Translations")).first.click()
    expect(ciyec_row(page).locator("td.state")).to_have_text("Not started")
    ciyec_row(page).locator("button[data-action=claim]").click()
    expect(page.get_by_text("Claimed.")).to_be_visible()
    expect(ciyec_row(page).locator("td.state")).to_have_text("In progress")
    expect(ciyec_row(page)).to_contain_text(TRANSLATOR[0])

    translate_first_field(page, ciyec_row(page), TITLE_ZH)

    page.goto(f"{queue_site_url}/admin/translation-queue/")
    progress = ciyec_row(page).locator(".queue-progress")
    expect(progress).to_be_visible()
    expect(progress).to_have_text(re.compile(r"^1 / \d+$"))
    ciyec_row(page).locator("button[data-action=submit]").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()
    expect(ciyec_row(page).locator("td.state")).to_have_text("Ready for review")
