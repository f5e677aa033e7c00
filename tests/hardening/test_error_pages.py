"""400, 403, 404, 405 and 500 in the visitor's language, with the site's header and footer."""

import re

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext


def chrome(html):
    """What a visitor sees around the message: header, footer, home and search links."""
    return {
        "lang": re.search(r'<html lang="([^"]+)"', html).group(1),
        "header": 'class="site-header"' in html,
        "footer": 'class="site-footer"' in html,
        "title": re.search(r'<h1 id="error-title">(.*?)</h1>', html).group(1),
    }


@pytest.mark.parametrize(
    ("url", "headers", "lang", "title", "home", "search"),
    [
        ("/zh-hans/missing/", {}, "zh-hans", "找不到页面", "/zh-hans/", "/zh-hans/search/"),
        ("/en/missing/", {"HTTP_ACCEPT_LANGUAGE": "zh-CN"}, "en", "Page not found", "/en/", "/en/search/"),
        (
            "/documents/999999/x.pdf",
            {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"},
            "zh-hans",
            "找不到页面",
            "/zh-hans/",
            "/zh-hans/search/",
        ),
        (
            "/documents/999999/x.pdf",
            {"HTTP_ACCEPT_LANGUAGE": "de, en;q=0.5"},
            "en",
            "Page not found",
            "/en/",
            "/en/search/",
        ),
    ],
)
def test_404_in_the_visitors_language(client, seeded, url, headers, lang, title, home, search):
    response = client.get(url, **headers)
    assert response.status_code == 404
    html = response.content.decode()
    assert chrome(html) == {"lang": lang, "header": True, "footer": True, "title": title}
    assert f'href="{home}"' in html and f'href="{search}"' in html
    assert response["Content-Language"] == lang
    assert '<meta name="robots" content="noindex">' in html


def test_django_admin_is_not_a_second_login_surface(client, seeded):
    assert client.get("/django-admin/").status_code in (302, 404)
    assert client.get("/django-admin/login/", follow=True).status_code == 404


@override_settings(ROOT_URLCONF="tests.hardening.urls_failing")
@pytest.mark.parametrize(("language", "title"), [("en", "Something went wrong"), ("zh-hans", "出错了")])
def test_500_page_is_translated_and_does_no_database_work(seeded, language, title):
    client = Client(raise_request_exception=False)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/{language}/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert chrome(html) == {"lang": language, "header": True, "footer": True, "title": title}
    assert f'href="/{language}/search/"' in html
    assert len(queries) == 0, [q["sql"] for q in queries]


@override_settings(ROOT_URLCONF="tests.hardening.urls_failing")
def test_500_page_for_a_logged_in_editor_still_does_no_database_work(seeded, superuser):
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/boom/")
    assert response.status_code == 500
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_403_for_a_form_without_its_security_token(seeded):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "a", "password": "b"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 403
    html = response.content.decode()
    assert chrome(html)["title"] == "拒绝访问"
    assert "重新加载页面" in html


def test_405_names_the_method_in_the_visitors_language(client, seeded):
    response = client.post("/zh-hans/news/")
    assert response.status_code == 405
    html = response.content.decode()
    assert chrome(html) == {"lang": "zh-hans", "header": True, "footer": True, "title": "不允许的请求方法"}
    assert "POST" in html
