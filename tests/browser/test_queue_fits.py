"""The admin's translation queue fits the screen: at 1024, 1280 and 1600 px (with Wagtail's sidebar) and on a
phone, nothing runs off to the side; below 1440 px each task is a block with its figures labelled."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import REVIEWER, log_in

pytestmark = pytest.mark.browser
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"


@pytest.mark.parametrize("width", [1024, 1280, 1600, 390])
def test_the_queue_fits_the_screen(browser, queue_site_url, width):
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, queue_site_url, REVIEWER)
    page.goto(f"{queue_site_url}/admin/translation-queue/")
    row = page.locator("tr.queue-row").first
    expect(row).to_be_visible()
    overflow = page.evaluate(
        """() => {
            const table = document.querySelector(".queue-table");
            const wide = [...document.querySelectorAll(".queue-table button, .queue-table a, .queue-table select")]
                .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .map((el) => el.textContent.trim());
            return {page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                    table: table.scrollWidth - table.clientWidth, wide};
        }"""
    )
    assert overflow == {"page": 0, "table": 0, "wide": []}, overflow
    expect(row.locator("td.state")).to_be_visible()
    page.screenshot(path=str(SCREENS / f"queue-{width}.png"))
    context.close()


def test_the_dashboard_panel_is_wagtails_own(browser, queue_site_url):
    """The queue's dashboard panel is Wagtail's own panel (its heading, anchor and toggle), not look-alike
    markup that sat out of line with the dashboard's other panels."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, queue_site_url, REVIEWER)
    heading = page.locator("#translation-queue-heading")
    expect(heading).to_contain_text("Translation queue")
    expect(page.locator("#translation-queue-section .w-panel__toggle")).to_have_count(1)  # collapsible like Wagtail's
    page.screenshot(path=str(SCREENS / "dashboard-reviewer.png"))
    context.close()
