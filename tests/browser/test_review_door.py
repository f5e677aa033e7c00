"""Nothing reaches the live Chinese site except through review, as three people see it in a browser:
a translator claims and translates the KICEC profile, a visitor keeps seeing the "not yet translated"
notice until a reviewer approves, then sees Chinese."""

import re
from pathlib import Path

import polib
import pytest
from playwright.sync_api import expect

from seeds.po_import import normalize
from tests.browser.conftest import REVIEWER, TRANSLATOR, log_in, translate_first_field

pytestmark = pytest.mark.browser
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
TITLE_ZH = "韩国国际文化交流中心"
PROFILE = "/zh-hans/organizations/kicec/"
BODY_EN = (
    "The Korea International Cultural Exchange Center (KICEC) works on international cultural exchange "
    "and public diplomacy in South Korea."
)


def shipped_chinese(name):
    """The project's own reviewed Chinese for a seeded page (what the full seed imports), by English text."""
    from seeds.po_import import TRANSLATIONS_DIR, load_memory

    return load_memory(TRANSLATIONS_DIR / "zh_Hans" / f"{name}.po")


def admin_page(browser, site, who):
    """A desktop browser window with `who` logged into the admin."""
    return log_in(browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}).new_page(), site, who)


def kicec_row(page):
    """The profile's row (the CIYEC release's title names the centre too)."""
    return page.locator("tr.queue-row", has_text="Korea International Cultural Exchange Center").filter(
        has_not_text="Memorandum"
    )


def visitor_sees_alias(visitor, site):
    visitor.goto(site + PROFILE)
    expect(visitor.locator(".alias-notice")).to_be_visible()
    expect(visitor.locator("h1").first).to_contain_text("Korea International Cultural Exchange Center")


def test_a_translation_is_live_only_after_review(browser, queue_site_url, tmp_path):
    site = queue_site_url
    visitor = browser.new_context(locale="zh-CN").new_page()
    visitor_sees_alias(visitor, site)

    translator = admin_page(browser, site, TRANSLATOR)
    translator.goto(f"{site}/admin/translation-queue/")
    kicec_row(translator).locator("button[data-action=claim]").click()
    expect(translator.get_by_text("Claimed.")).to_be_visible()
    translate_first_field(translator, kicec_row(translator), TITLE_ZH)
    visitor_sees_alias(visitor, site)  # a saved segment is a draft

    # The rest offline, as a PO file: download from the row, translate, upload.
    translator.goto(f"{site}/admin/translation-queue/")
    with translator.expect_download() as download:
        kicec_row(translator).get_by_role("link", name="Download PO").click()
    po = polib.pofile(download.value.path().read_text(encoding="utf-8"))
    shipped = shipped_chinese("org-kicec")
    for entry in po:
        wanted = shipped[normalize(entry.msgid)]
        entry.msgstr = "<br/>".join(wanted.splitlines()) if "<br" in entry.msgid else wanted
    filled = tmp_path / "kicec-zh-hans.po"
    po.save(str(filled))
    kicec_row(translator).locator("input[name=po_file]").set_input_files(str(filled))
    kicec_row(translator).get_by_role("button", name="Upload PO").click()
    expect(translator.get_by_text(re.compile(r"kicec-zh-hans\.po: \d+ strings imported"))).to_be_visible()
    kicec_row(translator).locator("button[data-action=submit]").click()
    expect(translator.get_by_text("Submitted for review.")).to_be_visible()
    visitor_sees_alias(visitor, site)  # submitted is not published

    reviewer = admin_page(browser, site, REVIEWER)
    reviewer.goto(f"{site}/admin/translation-queue/")
    SCREENS.mkdir(parents=True, exist_ok=True)
    expect(kicec_row(reviewer).locator(".state")).to_contain_text("Ready for review")
    reviewer.screenshot(path=str(SCREENS / "queue-reviewer.png"))
    kicec_row(reviewer).get_by_role("link", name="Review").click()
    reviewer.wait_for_url(re.compile(r"/review/$"))
    expect(reviewer.locator("button[data-action=approve]")).to_be_visible()
    expect(reviewer.locator(".approval-problems")).to_have_count(0)
    SCREENS.mkdir(parents=True, exist_ok=True)
    reviewer.screenshot(path=str(SCREENS / "review-before-approval.png"), full_page=True)
    acknowledge = reviewer.locator("input[name=acknowledged]")
    if acknowledge.count():  # the real text's warnings, read and accepted
        acknowledge.check()
    reviewer.locator("button[data-action=approve]").click()
    expect(reviewer.get_by_text("Approved and published.")).to_be_visible()

    visitor.goto(site + PROFILE)
    expect(visitor.locator(".alias-notice")).to_have_count(0)
    expect(visitor.locator("h1").first).to_contain_text(TITLE_ZH)
    # The body too, not only the title and summary: every paragraph in the reviewed Chinese.
    expect(visitor.locator("main")).to_contain_text(shipped[normalize(BODY_EN)])
    expect(visitor.locator("main")).not_to_contain_text(BODY_EN)
    expect(visitor.locator("html")).to_have_attribute("lang", "zh-hans")
    visitor.screenshot(path=str(SCREENS / "visitor-after-approval-zh.png"), full_page=True)
