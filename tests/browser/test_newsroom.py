"""The newsroom in a real browser: an editor writes a release in the Wagtail admin, schedules it a minute
ahead and submits it to "News review"; a moderator approves it; when the go-live time passes,
`manage.py publish_scheduled` (cron's job) puts it in the English feed and, as the alias, in the Chinese
one. Screenshots for docs/editors-guide.md go to docs/screens/editor-*.png."""

import datetime
import re
import time
import urllib.error
import urllib.request
import zoneinfo
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, manage_site, serve_site

pytestmark = pytest.mark.browser
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
EDITOR = ("ed", "write-news")
MODERATOR = ("mo", "approve-news")
TITLE = "Twelve countries at the 2027 youth camp"
SLUG = "twelve-countries-at-the-2027-youth-camp"
SITE_TIME_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")  # cms/settings/base.py TIME_ZONE: the admin's clock


@pytest.fixture(scope="module")
def newsroom_site_url(tmp_path_factory):
    setup = (
        "from django.contrib.auth import get_user_model; from django.contrib.auth.models import Group; "
        "User = get_user_model(); "
        f"e = User.objects.create_user({EDITOR[0]!r}, 'ed@example.org', {EDITOR[1]!r}); "
        "e.groups.add(Group.objects.get(name='Editors')); "
        f"m = User.objects.create_user({MODERATOR[0]!r}, 'mo@example.org', {MODERATOR[1]!r}); "
        "m.groups.add(Group.objects.get(name='Moderators'))"
    )
    yield from serve_site(tmp_path_factory, "newsroom", setup_code=setup)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def news_index_id(url):
    """The English news index's id, from the site's own API."""
    import json

    _status, body = fetch(f"{url}/api/v2/pages/?type=news.NewsIndexPage&locale=en")
    return json.loads(body)["items"][0]["id"]


def test_an_editor_writes_a_release_a_moderator_approves_it_and_it_goes_live_on_time(browser, newsroom_site_url):
    url = newsroom_site_url
    SCREENS.mkdir(parents=True, exist_ok=True)
    editor_context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 2000})
    page = editor_context.new_page()
    log_in(page, url, EDITOR)

    # Write: the news index takes only releases, so "Add child page" opens the release form directly.
    page.goto(f"{url}/admin/pages/{news_index_id(url)}/add_subpage/")
    page.fill("input[name=title]", TITLE)
    page.locator("input[name=title]").press("Tab")  # the slug follows the title
    page.fill("input[name=date]", "2027-01-15")
    page.keyboard.press("Escape")
    page.fill("textarea[name=summary]", "Young people from twelve countries spent two weeks in Beijing and Guangzhou.")
    page.get_by_role("button", name="Choose an image").click()
    page.locator(".modal a", has_text="CIYEC–KICEC youth exchange").first.click()
    expect(page.locator(".modal")).to_be_hidden()
    page.fill("input[name=lead_image_alt]", "Campers from twelve countries in front of the Great Wall")
    page.fill("input[name=lead_image_caption]", "At Mutianyu, 5 January")
    page.fill("input[name=lead_image_credit]", "Li Hua")
    page.locator("#body-root button[title='Insert a block']").click()
    page.get_by_role("option", name="Paragraph").first.click()
    page.locator("#body-root [contenteditable=true]").first.click()
    page.keyboard.type("The camp opened on 3 January with 120 young people from twelve countries.")
    page.fill("input[name=reporter]", "Wang Fang")
    page.fill("input[name=photographer]", "Li Hua")
    page.fill("input[name=editor]", "Zhao Lei")
    page.fill("input[name=source_publication]", "China Youth Daily")
    page.locator(".tagit-new input").first.click()
    page.keyboard.type("Youth exchange")
    page.keyboard.press("Enter")
    # Wagtail autosaves: the draft is created (the address becomes the page's edit view) as the editor types.
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    expect(page.get_by_text("Saving…")).to_be_hidden()
    page.mouse.wheel(0, -5000)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENS / "editor-write-release.png"))

    # Schedule: go live at the next whole minute at least 40 seconds away (the admin's times are minutes).
    now = datetime.datetime.now(SITE_TIME_ZONE)
    go_live = (now + datetime.timedelta(seconds=100)).replace(second=0, microsecond=0)
    page.get_by_role("button", name="Toggle status").click()
    page.locator("[data-a11y-dialog-show=schedule-publishing-dialog]").first.click()
    # Typed into the field without focusing it, so that the date picker stays closed over the dialog.
    page.locator("#id_go_live_at").evaluate(
        "(field, value) => { field.value = value; }", go_live.strftime("%Y-%m-%d %H:%M")
    )
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENS / "editor-schedule.png"))
    page.get_by_role("button", name="Save schedule").click()
    expect(page.locator(".messages")).to_contain_text("has been updated", timeout=30_000)
    expect(page.get_by_text("Go-live:")).to_be_visible()

    # Submit: editors have no Publish button; the menu offers the review step.
    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    expect(page.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    submit = page.get_by_role("button", name="Submit to News review")
    expect(submit).to_be_visible()
    page.wait_for_timeout(600)  # the menu fades in
    page.screenshot(path=str(SCREENS / "editor-submit.png"))
    submit.click()
    expect(page.locator(".messages")).to_contain_text("has been submitted for moderation")
    for language in ("en", "zh-hans"):
        assert fetch(f"{url}/{language}/news/{SLUG}/")[0] == 404

    # Approve: the moderator's dashboard lists what awaits their review.
    moderator_context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 800})
    moderator = moderator_context.new_page()
    log_in(moderator, url, MODERATOR)
    row = moderator.locator("#awaiting-review-section tr", has_text=TITLE)
    expect(row).to_be_visible()
    row.get_by_role("button", name="Actions").click()
    moderator.wait_for_timeout(300)
    moderator.screenshot(path=str(SCREENS / "editor-moderator-approve.png"))
    row.get_by_role("button", name="Approve", exact=True).click()
    expect(moderator.locator("#awaiting-review-section tr", has_text=TITLE)).to_have_count(0)

    # Approved but scheduled: nowhere yet, in either language (unless the machine was slower than the margin).
    if datetime.datetime.now(SITE_TIME_ZONE) < go_live:
        for language in ("en", "zh-hans"):
            assert fetch(f"{url}/{language}/news/{SLUG}/")[0] == 404

    # Go-live: wait for the time, then run what cron runs.
    while datetime.datetime.now(SITE_TIME_ZONE) <= go_live:
        time.sleep(1)
    manage_site(url, "publish_scheduled")
    status, english_feed = fetch(f"{url}/en/news/feed/")
    assert status == 200 and TITLE in english_feed and f"/en/news/{SLUG}/" in english_feed
    status, chinese_feed = fetch(f"{url}/zh-hans/news/feed/")
    # The Chinese feed carries the alias (the English text) at its Chinese address until it is translated.
    assert status == 200 and TITLE in chinese_feed and f"/zh-hans/news/{SLUG}/" in chinese_feed
    status, chinese_page = fetch(f"{url}/zh-hans/news/{SLUG}/")
    assert status == 200 and 'class="alias-notice"' in chinese_page

    visitor = moderator_context.new_page()
    visitor.goto(f"{url}/zh-hans/news/{SLUG}/")
    visitor.wait_for_load_state("networkidle")
    visitor.screenshot(path=str(SCREENS / "editor-zh-alias.png"))
    assert fetch(f"{url}/en/news/{SLUG}/")[0] == 200
    editor_context.close()
    moderator_context.close()
