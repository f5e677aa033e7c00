"""Hostile input at the edge: a 400 (405, 413) naming what is wrong, never a 500, on both databases."""

import io

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory

from cms.security.edge import EdgeInputMiddleware

PUBLIC_URLS = ["/en/", "/en/organizations/iecc/", "/en/search/", "/en/news/", "/en/news/feed/", "/sitemap.xml"]


def body_text(response):
    return response.content.decode()


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_nul_in_a_public_query_string_is_a_400_naming_the_parameter(client, seeded, url):
    response = client.get(url + "?q=a%00b")
    assert response.status_code == 400
    text = body_text(response)
    assert "Query parameter “q” contains a control character (NUL) at position 2" in text
    assert 'class="site-header"' in text and 'class="site-footer"' in text


def test_message_is_in_the_language_of_the_url(client, seeded):
    response = client.get("/zh-hans/search/?q=%00")
    assert response.status_code == 400
    text = body_text(response)
    assert '<html lang="zh-hans"' in text
    assert "查询参数“q”在第 1 个字符处含有控制字符（NUL），不允许使用。" in text


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("q=%FF%FE", "Query parameter “q” is not valid UTF-8 (byte 1)"),
        ("q=%ED%A0%80", "Query parameter “q” is not valid UTF-8"),  # an encoded UTF-16 surrogate
        ("q=" + "x" * 1001, "Query parameter “q” is 1001 characters long; the limit is 1000"),
        ("page=%1B", "Query parameter “page” contains a control character (U+001B)"),
        ("a%00b=1", "The name of query parameter 1 contains a control character (NUL)"),
    ],
)
def test_broken_query_strings_are_named(client, seeded, query, problem):
    response = client.get("/en/search/?" + query)
    assert response.status_code == 400
    assert problem in body_text(response)


def test_tabs_and_newlines_pass(client, seeded):
    assert client.get("/en/search/?q=exchange%09youth%0D%0A").status_code == 200


def test_nul_in_admin_and_queue_parameters(client, seeded, translator, superuser):
    client.force_login(superuser)
    for url in ["/admin/pages/search/?q=%00", "/admin/translation-queue/?state=%00", "/admin/snippets/?q=%00x"]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert "(NUL)" in body_text(response)


def test_nul_in_a_form_is_a_400_not_a_database_error(client, seeded):
    response = client.post("/admin/login/", {"username": "ad\x00min", "password": "x"})
    assert response.status_code == 400
    assert "Form field “username” contains a control character (NUL) at position 3" in body_text(response)


def test_invalid_utf8_in_a_form(client, seeded):
    response = client.post(
        "/admin/login/", b"username=%C3%28&password=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "Form field “username” is not valid UTF-8" in body_text(response)


def test_multipart_fields_are_checked(client, seeded, superuser):
    client.force_login(superuser)
    upload = io.BytesIO(b"binary \x00 content is fine")
    upload.name = "ok.txt"
    response = client.post("/admin/documents/multiple/add/", {"title": "a\x01b", "files[]": upload})
    assert response.status_code == 400
    assert "Form field “title” contains a control character (U+0001)" in body_text(response)
    broken = b'--x\r\nContent-Disposition: form-data; name="title"\r\n\r\n\xc3\x28\r\n--x--\r\n'
    response = client.post("/admin/documents/multiple/add/", broken, content_type="multipart/form-data; boundary=x")
    assert response.status_code == 400
    assert "Form field “title” is not valid UTF-8" in body_text(response)


def test_json_body_with_a_nul_escape(client, seeded, superuser):
    client.force_login(superuser)
    response = client.post("/admin/localize/translate/1/strings/1/edit/", '{"value": "a\\u0000"}', "application/json")
    assert response.status_code == 400
    assert "NUL" in body_text(response)


@pytest.mark.parametrize(
    "url", ["/en/", "/zh-hans/search/", "/sitemap.xml", "/admin/", "/admin/login/", "/en/news/feed/"]
)
def test_trace_is_refused_everywhere(client, seeded, url):
    response = client.generic("TRACE", url)
    assert response.status_code == 405
    assert "TRACE" in body_text(response)
    assert "TRACE" not in response["Allow"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@pytest.mark.parametrize("url", ["/en/", "/zh-hans/organizations/iecc/", "/en/search/?q=x", "/sitemap.xml"])
def test_public_pages_answer_only_get_and_head(client, seeded, method, url):
    response = client.generic(method, url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_head_on_a_public_page(client, seeded):
    response = client.head("/en/organizations/")
    assert response.status_code == 200
    assert response.content == b""


def _raw_request(path, length, method="POST", content_type="multipart/form-data; boundary=x"):
    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    environ = RequestFactory()._base_environ(
        PATH_INFO=path, REQUEST_METHOD=method, CONTENT_LENGTH=str(length), CONTENT_TYPE=content_type
    )
    environ["wsgi.input"] = Unreadable()
    return WSGIRequest(environ)


@pytest.mark.parametrize(
    ("path", "length", "limit"),
    [
        ("/admin/translation-queue/1/po/upload/", 4_900_000, "2.0\xa0MB"),
        ("/admin/localize/translate/1/pofile/upload/", 2 * 2**20 + 1, "2.0\xa0MB"),
        ("/admin/images/multiple/add/", 25_000_000, "20.0\xa0MB"),
        ("/admin/login/", 50_000, "10.0\xa0KB"),
    ],
)
def test_oversized_bodies_are_refused_before_they_are_read(seeded, path, length, limit):
    middleware = EdgeInputMiddleware(lambda request: pytest.fail("the view was reached"))
    response = middleware(_raw_request(path, length))
    assert response.status_code == 413
    assert f"accepts at most {limit}" in response.content.decode()
