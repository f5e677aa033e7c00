"""A translator ticks two rows of the queue and claims them with the batch bar (a plain form POST; the
rows' checkboxes belong to the batch form through their form= attribute, Wagtail's w-bulk ticks them all)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHOIR, TRANSLATOR, log_in

pytestmark = pytest.mark.browser
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
# Rows other browser tests walk through: left alone here.
TAKEN = ("CIYEC Signs Memorandum", "Korea International Cultural Exchange Center", CHOIR[0])


def test_translator_selects_two_rows_and_claims_them(browser, queue_site_url):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, queue_site_url, TRANSLATOR)
    page.goto(f"{queue_site_url}/admin/translation-queue/?who=unassigned")
    rows = page.locator("tr.queue-row")
    expect(rows.first).to_be_visible()
    free = [i for i in range(rows.count()) if not any(title in rows.nth(i).inner_text() for title in TAKEN)][:2]
    assert len(free) == 2
    titles = [rows.nth(i).locator(".title-source").inner_text() for i in free]

    # "All on this page" ticks every row (Wagtail's w-bulk controller); unticking it clears them again.
    page.get_by_label("All on this page").check()
    expect(page.locator("input[name=tasks]:checked")).to_have_count(rows.count())
    page.get_by_label("All on this page").uncheck()
    expect(page.locator("input[name=tasks]:checked")).to_have_count(0)

    for title in titles:
        page.get_by_label(f"Select “{title}”").check()
    page.screenshot(path=str(SCREENS / "queue-batch.png"))
    page.get_by_role("button", name="Claim selected").click()
    expect(page.get_by_text("Claimed 2 tasks.")).to_be_visible()

    page.goto(f"{queue_site_url}/admin/translation-queue/?who=mine")
    for title in titles:
        expect(page.locator("tr.queue-row", has_text=title)).to_contain_text(TRANSLATOR[0])
    context.close()
