"""A visitor reads a release in English, switches to Chinese and lands on the same release."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_visitor_switches_the_guangzhou_release_to_chinese(page, site_url):
    page.goto(f"{site_url}/en/news/guangzhou-education-innovation-zone/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text().startswith("China's First Sino-Foreign Cultural Exchange Education Innovation Zone")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("navigation", name="Language").get_by_role("link", name="简体中文").click()
    page.wait_for_url(re.compile(r"/zh-hans/news/guangzhou-education-innovation-zone/$"))

    assert page.get_by_role("heading", level=1).inner_text() == "全国首个中外人文交流教育创新区在广州成立"
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "2023年12月8日" in page.locator("time").first.inner_text()
    # And back again, from the Chinese switcher.
    page.get_by_role("navigation", name="语言").get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/news/guangzhou-education-innovation-zone/$"))


def test_first_visit_follows_the_browsers_language(browser, site_url):
    context = browser.new_context(locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    page = context.new_page()
    page.goto(f"{site_url}/")
    assert page.url == f"{site_url}/zh-hans/"
    assert page.get_by_role("heading", level=2, name="最新动态").is_visible()
    context.close()


def test_narrow_screen_has_no_horizontal_scroll(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 800}, device_scale_factor=2)
    page = context.new_page()
    for path in ("/zh-hans/organizations/cstve-international-department/", "/en/news/ciyec-kicec-memorandum/"):
        page.goto(site_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
    context.close()
