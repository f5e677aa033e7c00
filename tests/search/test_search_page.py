"""The search page: Chinese words inside Chinese text, the active language only, and no 500 for anything."""

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.security.edge import CONTROL_CHARACTERS


def results(client, language, query, **params):
    url = f"/{language}/search/?q={quote(query)}" + "".join(f"&{k}={quote(str(v))}" for k, v in params.items())
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    titles = re.findall(r'<li>\s*<h2><a href="([^"]+)">', html)
    return html, titles


def test_chinese_word_inside_a_chinese_sentence_is_found(client, seeded):
    html, urls = results(client, "zh-hans", "广州")
    assert "/zh-hans/news/guangzhou-education-innovation-zone/" in urls
    assert all(url.startswith("/zh-hans/") for url in urls)
    assert "<mark>广州</mark>" in html


@pytest.mark.parametrize("phrase", ["香港科技大学", "姊妹学校", "外籍人员子女学校"])
def test_chinese_phrase_from_a_release_body_finds_it(client, seeded, phrase):
    """A phrase of three or more characters that only the release's body (a StreamField) holds: the body
    is indexed as its text segmented once, so its bigrams stand side by side as the phrase asks."""
    html, urls = results(client, "zh-hans", phrase)
    assert "/zh-hans/news/guangzhou-education-innovation-zone/" in urls
    assert f"<mark>{phrase}</mark>" in html


def test_names_and_numbers_in_chinese_text(client, seeded):
    assert "/zh-hans/news/guangzhou-education-innovation-zone/" in results(client, "zh-hans", "蒋隽")[1]
    assert "/zh-hans/news/guangzhou-education-innovation-zone/" in results(client, "zh-hans", "368")[1]


def test_english_search_stays_in_english_and_stems(client, seeded):
    html, urls = results(client, "en", "exchanges")
    assert urls and all(url.startswith("/en/") for url in urls)
    assert "/en/news/ciyec-kicec-memorandum/" in urls


def test_topic_names_find_releases_in_either_language(client, seeded):
    assert "/zh-hans/news/ciyec-kicec-memorandum/" in results(client, "zh-hans", "绿色发展")[1]
    assert "/en/news/ciyec-kicec-memorandum/" in results(client, "en", "green development")[1]


def test_organization_acronym_finds_its_programs(client, seeded):
    urls = results(client, "en", "CSTVE")[1]
    assert "/en/organizations/cstve-international-department/vocational-education-financing/" in urls


CSTVE_PROFILE = "/{language}/organizations/cstve-international-department/"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    "query",
    [
        "CSTVE",
        "cstve",
        "中国职业技术教育学会",
        "Chinese Society of Technical and Vocational Education",
        "chinese society of technical and vocational education",
    ],
)
def test_the_glossarys_acronym_and_both_full_names_find_the_profile_on_either_site(client, seeded, language, query):
    # The English profile never says 中国职业技术教育学会 and the Chinese one never says the English name:
    # the glossary (seeds/glossary.py) ties the three forms together.
    html, urls = results(client, language, query)
    assert CSTVE_PROFILE.format(language=language) in urls, urls
    assert all(url.startswith(f"/{language}/") for url in urls)


def test_a_name_form_the_glossary_does_not_know_is_not_expanded(client, seeded):
    # "CSTV" is not an acronym of anything: no synonym, no profile.
    assert CSTVE_PROFILE.format(language="en") not in results(client, "en", "CSTV")[1]


def test_result_shows_type_date_and_count(client, seeded):
    html, _ = results(client, "en", "memorandum")
    assert re.search(r"\d+ results? for “memorandum”", html)
    assert "News release · <time" in html
    assert "27 May 2024" in html


def test_empty_state_helps(client, seeded):
    html, urls = results(client, "zh-hans", "不存在的词语组合")
    assert urls == []
    assert "没有找到匹配的内容" in html
    assert 'href="/zh-hans/organizations/"' in html


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "AND",
        "NEAR(",
        "NEAR(a b",
        "(",
        ")",
        "a OR",
        "'; DROP TABLE wagtailcore_page; --",
        "^",
        "col:val",
        "{body}:x",
        "x" * 1_000,
        "广" * 1_000,
        "-",
        "NOT",
        "%",
        "%%s",
        "\\",
    ],
)
def test_hostile_queries_never_break_the_page(client, seeded, query):
    html, _ = results(client, "en", query)
    assert "<script" not in html.split("<main", 1)[1].lower()


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("\x00", "contains a control character (NUL)"),
        ("广州\x00成立", "contains a control character (NUL) at position 3"),
        ("x" * 10_000, "is 10000 characters long; the limit is 1000"),
        ("广" * 10_000, "is 10000 characters long; the limit is 1000"),
    ],
)
def test_nul_and_overlong_queries_are_refused_at_the_edge(client, seeded, query, problem):
    """cms/security/edge.py answers these before the search view: a 400 naming the parameter."""
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 400
    assert f"Query parameter “q” {problem}" in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999999", "1e9", "", "%00", "2.5"])
def test_bad_page_numbers(client, seeded, page):
    results(client, "zh-hans", "交流", page=page)


def test_query_is_echoed_escaped(client, seeded):
    html, _ = results(client, "en", '<script>alert("x")</script>')
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from(list("\"*()^:{}-+ANDORNEAR广州教育中国 \t\n\x00'%;")),
        ),
        max_size=80,
    )
)
def test_any_query_string_gives_a_page(client, seeded, query):
    # Control characters other than tab and newlines are a 400 at the edge (cms/security/edge.py).
    expected = 400 if CONTROL_CHARACTERS.search(query) else 200
    for language in ("en", "zh-hans"):
        response = client.get(f"/{language}/search/", {"q": query})
        assert response.status_code == expected
