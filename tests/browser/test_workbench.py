"""A reviewer's screen catches what goes wrong between English and Chinese: a translator sends a profile
whose Chinese has the wrong number and a half-width comma; the reviewer sees both flagged, cannot approve,
sends it back, and approves the corrected work."""

import re
from pathlib import Path

import polib
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHOIR, REVIEWER, TRANSLATOR
from tests.browser.test_review_door import admin_page

pytestmark = pytest.mark.browser
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
TITLE_ZH = "河畔青少年合唱团"
WRONG = "合唱团成立于1998年,已为300名儿童演唱。"  # 300 for 3,000, and a half-width comma
RIGHT = "合唱团成立于1998年，已为3000名儿童演唱。"


def choir_row(page):
    return page.locator("tr.queue-row", has_text=CHOIR[0])


def upload_translation(page, site, tmp_path, summary):
    page.goto(f"{site}/admin/translation-queue/")
    with page.expect_download() as download:
        choir_row(page).get_by_role("link", name="Download PO").click()
    po = polib.pofile(download.value.path().read_text(encoding="utf-8"))
    for entry in po:
        entry.msgstr = {CHOIR[0]: TITLE_ZH, CHOIR[1]: summary}[entry.msgid]
    path = tmp_path / "riverside-choir-zh-hans.po"
    po.save(str(path))
    choir_row(page).locator("input[name=po_file]").set_input_files(str(path))
    choir_row(page).get_by_role("button", name="Upload PO").click()
    expect(page.get_by_text(re.compile(r"riverside-choir-zh-hans\.po: \d+ strings imported"))).to_be_visible()
    choir_row(page).locator("button[data-action=submit]").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()


def test_a_reviewer_sees_the_wrong_number_and_the_comma_and_cannot_approve(browser, queue_site_url, tmp_path):
    site = queue_site_url
    translator = admin_page(browser, site, TRANSLATOR)
    translator.goto(f"{site}/admin/translation-queue/")
    choir_row(translator).locator("button[data-action=claim]").click()
    expect(translator.get_by_text("Claimed.")).to_be_visible()
    upload_translation(translator, site, tmp_path, WRONG)

    reviewer = admin_page(browser, site, REVIEWER)
    reviewer.goto(f"{site}/admin/translation-queue/")
    choir_row(reviewer).get_by_role("link", name="Review").click()
    summary = reviewer.locator("tr.segment", has_text="Founded in 1998")
    expect(summary.locator(".finding.error[data-code=numbers]")).to_be_visible()
    expect(summary.locator(".finding.warning[data-code=halfwidth_punct_in_chinese]")).to_be_visible()
    expect(reviewer.locator(".approval-problems")).to_contain_text("quality check error")
    expect(reviewer.locator("button[data-action=approve]")).to_be_disabled()
    expect(reviewer.locator("iframe.review-preview")).to_be_visible()
    SCREENS.mkdir(parents=True, exist_ok=True)
    reviewer.screenshot(path=str(SCREENS / "review-checks.png"), full_page=True)
    reviewer.fill("#comment", "3,000 children, not 300; and a full-width comma (，).")
    reviewer.locator("button[data-action=send_back]").click()
    expect(reviewer.get_by_text("Sent back to the translator.")).to_be_visible()

    translator.goto(f"{site}/admin/translation-queue/")
    expect(choir_row(translator)).to_contain_text("3,000 children, not 300")
    upload_translation(translator, site, tmp_path, RIGHT)

    reviewer.goto(f"{site}/admin/translation-queue/")
    choir_row(reviewer).get_by_role("link", name="Review").click()
    expect(reviewer.locator(".finding.error")).to_have_count(0)
    acknowledge = reviewer.locator("input[name=acknowledged]")
    if acknowledge.count():  # warnings elsewhere need the reviewer's click
        acknowledge.check()
    reviewer.locator("button[data-action=approve]").click()
    expect(reviewer.get_by_text("Approved and published.")).to_be_visible()

    visitor = browser.new_context(locale="zh-CN").new_page()
    visitor.goto(f"{site}/zh-hans/organizations/riverside-choir/")
    expect(visitor.locator("h1").first).to_contain_text(TITLE_ZH)
    expect(visitor.locator("body")).to_contain_text(RIGHT)
