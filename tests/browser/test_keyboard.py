"""A visitor without a mouse, on a phone: skip link, menu button, navigation, search, pagination and the
language switcher, with a visible focus ring at every step."""

import re

import pytest

pytestmark = pytest.mark.browser


def focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {tag: el.tagName, text: (el.innerText || el.value || '').trim(), rel: el.getAttribute('rel'),
                    id: el.id, outline: style.outlineStyle, width: style.outlineWidth};
        }"""
    )


def tab_to(page, predicate, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        assert element["outline"] != "none" and element["width"] != "0px", f"no visible focus on {element}"
        if predicate(element):
            return element
    raise AssertionError("never reached the element with the keyboard")


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="en-GB")
    yield context.new_page()
    context.close()


def test_keyboard_only_visit_on_a_phone(phone, site_url):
    page = phone
    page.goto(f"{site_url}/en/")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to content"
    assert page.get_by_role("link", name="Skip to content").is_visible()

    # The menu is folded behind its button; Enter opens it, Escape closes it and gives focus back.
    menu_button = page.get_by_role("button", name="Menu")
    navigation = page.get_by_role("navigation", name="Main")
    assert not navigation.is_visible()
    tab_to(page, lambda el: el["text"] == "Menu")
    page.keyboard.press("Enter")
    assert menu_button.get_attribute("aria-expanded") == "true"
    assert navigation.is_visible()
    page.keyboard.press("Escape")
    assert menu_button.get_attribute("aria-expanded") == "false"
    assert focused(page)["text"] == "Menu"
    page.keyboard.press("Enter")

    # Through the menu to the search box.
    assert tab_to(page, lambda el: el["text"] == "Organizations")
    tab_to(page, lambda el: el["id"] == "site-search-q")
    page.keyboard.type("exchange")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/search/\?q=exchange$"))

    # Pagination: the next page keeps the query.
    tab_to(page, lambda el: el["rel"] == "next")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/search/\?q=exchange&page=2$"))

    # The language switcher, reached from the menu, keeps the query string too.
    tab_to(page, lambda el: el["text"] == "Menu")
    page.keyboard.press("Enter")
    tab_to(page, lambda el: el["text"] == "简体中文")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/zh-hans/search/\?q=exchange&page=2$"))
    assert page.get_by_role("heading", level=1).inner_text() == "搜索"


def test_switcher_keeps_the_topic_filter(page, site_url):
    page.goto(f"{site_url}/en/news/?topic=education")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="简体中文").click()
    page.wait_for_url(re.compile(r"/zh-hans/news/\?topic=education$"))
    assert page.get_by_role("navigation", name="按主题筛选").locator("[aria-current]").inner_text() == "教育"
