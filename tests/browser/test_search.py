"""A visitor searches 广州 on the English site and follows the link to the Chinese results."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"


def test_english_search_for_chinese_words_leads_to_the_chinese_results(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}/en/search/?q=广州")
    pointer = page.locator(".other-language a")
    assert re.fullmatch(r"\d+ results? on the Chinese site", pointer.inner_text())
    assert page.locator(".search-results mark", has_text="Guangzhou").first.is_visible()
    page.screenshot(path=str(SCREENS / "search-other-language.png"), full_page=True)

    pointer.click()
    page.wait_for_url(re.compile(r"/zh-hans/search/\?q=%E5%B9%BF%E5%B7%9E$"))
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("#search-q").input_value() == "广州"
    titles = page.locator(".search-results h2 a")
    assert "全国首个中外人文交流教育创新区在广州成立" in titles.all_inner_texts()
    assert page.locator(".search-results mark", has_text="广州").first.is_visible()
    # The snippet of the release comes from its text, not its byline.
    release = page.locator(".search-results li", has_text="全国首个中外人文交流教育创新区在广州成立")
    assert "羊城晚报全媒体记者" not in release.locator(".snippet").inner_text()
    page.screenshot(path=str(SCREENS / "search-other-language-zh-hans.png"), full_page=True)
