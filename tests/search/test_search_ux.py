"""Issue 11 items 3-5: snippets, the other language's results, promoted results and the query log."""

import re
from html import unescape
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

from search import querylog
from search.models import SearchQueryDay
from search.snippets import BUDGET, cut_passage, width

_capture = None
ITEM = re.compile(r'<li( class="promoted")?>(.*?)</li>', re.S)


@pytest.fixture(autouse=True)
def commit(django_capture_on_commit_callbacks):
    """The query log is written on commit, as after a real request; run it as a commit would."""
    global _capture
    _capture = django_capture_on_commit_callbacks
    yield


def search(client, language, query, **params):
    with _capture(execute=True):
        response = client.get(f"/{language}/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1]


def items(html):
    """[(url, title html, snippet html, reason html or "", promoted)] in the order shown."""
    found = []
    for promoted, body in ITEM.findall(html):
        link = re.search(r'<h2><a href="([^"]+)">(.*?)</a></h2>', body, re.S)
        if not link:
            continue
        snippet = re.search(r'<p class="snippet">(.*?)</p>', body, re.S)
        reason = re.search(r'<p class="match-reason">(.*?)</p>', body, re.S)
        found.append((link[1], link[2], snippet[1] if snippet else "", reason[1] if reason else "", bool(promoted)))
    return found


def text(fragment):
    return unescape(re.sub(r"<[^>]+>", "", fragment))


# --- Snippets ------------------------------------------------------------------------------------

ENGLISH = (
    "The two centres agreed to work together on youth exchange. Under the memorandum signed in Beijing, "
    "they plan mutual visits, specialized seminars and project cooperation in education, culture and sports, "
    "with a focus on the green economy, climate change and environmental protection, and they will invite "
    "young people from both countries to take part in volunteer projects and joint research on sustainability."
)
CHINESE = (
    "日前,教育部中外人文交流中心、广州市教育局、广州市黄埔区人民政府签署共建合作协议,成立全国首个中外人文交流教育创新区,"
    "不断扩大教育对外开放,进一步推动国际教育高质量发展。记者了解到,近年来,广州加快推进粤港澳大湾区教育合作,"
    "全面提高教育对外开放水平,各类国际教育资源不断丰富,中外人文交流活动实现量质齐升。黄埔区内各类国际教育资源集聚,"
    "外籍人员子女学校数量及中小学国际学生总人数均居全市第一。"
)


def test_english_snippet_is_cut_between_words():
    start = ENGLISH.index("climate")
    cut = cut_passage(ENGLISH, start, start + len("climate"))
    assert cut.startswith("…") and cut.endswith("…")
    inner = cut.strip("…")
    position = ENGLISH.index(inner)
    assert ENGLISH[position - 1] in " ,.;:", "starts inside a word"
    after = ENGLISH[position + len(inner)]
    assert after in " ,.;:", f"ends inside a word: {inner!r}"
    assert "climate" in inner
    assert width(inner) <= BUDGET


def test_chinese_snippet_is_cut_at_punctuation():
    start = CHINESE.index("粤港澳")
    cut = cut_passage(CHINESE, start, start + 3)
    inner = cut.strip("…")
    position = CHINESE.index(inner)
    assert CHINESE[position - 1] in "，。、；：,", f"does not start after punctuation: {cut!r}"
    assert CHINESE[position + len(inner) - 1] in "，。、；：," or CHINESE[position + len(inner)] in "，。、；：,"
    assert "粤港澳" in inner and width(inner) <= BUDGET


def test_short_text_is_whole():
    assert cut_passage("A short summary.", 2, 7) == "A short summary."


def test_chinese_release_snippet_comes_from_the_text_not_the_byline(client, seeded):
    results = {url: (snippet, reason) for url, _t, snippet, reason, _p in items(search(client, "zh-hans", "广州"))}
    snippet, _reason = results["/zh-hans/news/guangzhou-education-innovation-zone/"]
    assert text(snippet).startswith("教育部中外人文交流中心")
    assert "羊城晚报全媒体记者" not in snippet and "蒋隽" not in snippet


def test_fields_are_not_run_together(client, seeded):
    html = search(client, "en", "CIYEC")
    assert "CIYEC Builds" not in text(html)
    results = {url: snippet for url, _t, snippet, _r, _p in items(html)}
    assert "<mark>CIYEC</mark>" in results["/en/organizations/ciyec/"]


def test_ampersand_is_escaped_exactly_once(client, seeded):
    html = search(client, "en", "animation")
    assert "<mark>Animation</mark>&amp;Game" in html
    assert "&amp;amp;" not in html


def test_ampersand_in_a_title_and_summary(client, seeded):
    from orgs.models import OrganizationPage

    index = Page.objects.get(locale=seeded["en"], slug="organizations")
    page = OrganizationPage(title="Arts & Crafts Exchange Bureau", slug="arts", summary="Arts & crafts for pupils.")
    index.add_child(instance=page)
    page.save_revision().publish()
    html = search(client, "en", "crafts")
    title, snippet = next((t, s) for url, t, s, _r, _p in items(html) if url == "/en/organizations/arts/")
    assert title == "Arts &amp; <mark>Crafts</mark> Exchange Bureau"
    assert snippet == "Arts &amp; <mark>crafts</mark> for pupils."
    assert "&amp;amp;" not in html


def test_every_matched_word_is_marked(client, seeded):
    html = search(client, "en", "CIYEC KICEC memorandum")
    title, snippet = next((t, s) for url, t, s, _r, _p in items(html) if url == "/en/news/ciyec-kicec-memorandum/")
    assert "<mark>CIYEC</mark>" in title and "<mark>Memorandum</mark>" in title
    # KICEC is a glossary name: its full form is marked too
    assert "<mark>Korea International Cultural Exchange Center</mark>" in title
    assert "<mark>KICEC</mark>" in snippet and "<mark>memorandum</mark>" in snippet
    # stems and glossary names: exchanges marks exchange; 广州 marks Guangzhou on the English site
    assert "<mark>exchange</mark>" in search(client, "en", "exchanges")
    assert "<mark>Guangzhou</mark>" in search(client, "en", "广州")


def test_a_match_outside_the_visible_text_says_why(client, seeded):
    results = {url: reason for url, _t, _s, reason, _p in items(search(client, "zh-hans", "蒋隽"))}
    reason = results["/zh-hans/news/guangzhou-education-innovation-zone/"]
    assert reason.startswith("匹配于署名")
    assert "<mark>蒋隽</mark>" in reason
    results = {url: reason for url, _t, _s, reason, _p in items(search(client, "en", "green development"))}
    assert results["/en/news/ciyec-kicec-memorandum/"] == "Matched: topic <mark>Green</mark> <mark>development</mark>"


# --- The other language --------------------------------------------------------------------------


def test_english_site_points_to_chinese_results(client, seeded):
    html = search(client, "en", "广州")
    link = re.search(r'<p class="other-language"><a href="([^"]+)" hreflang="zh-hans">(.*?)</a>', html)
    assert link and link[1] == f"/zh-hans/search/?q={quote('广州')}"
    chinese = len(items(search(client, "zh-hans", "广州")))
    assert link[2] == f"{chinese} results on the Chinese site"


def test_chinese_site_points_to_english_results(client, seeded):
    html = search(client, "zh-hans", "memorandum")
    link = re.search(r'<p class="other-language"><a href="([^"]+)" hreflang="en">(.*?)</a>', html)
    english = len(items(search(client, "en", "memorandum")))
    assert link and link[1] == "/en/search/?q=memorandum"
    assert link[2] == f"英文网站上有 {english} 条结果"


def test_no_pointer_when_this_language_has_enough(client, seeded):
    assert "other-language" not in search(client, "en", "education")
    assert "other-language" not in search(client, "zh-hans", "不存在的词语组合")  # nor when the other has none


def test_language_switcher_keeps_the_query(client, seeded):
    html = client.get("/en/search/", {"q": "广州"}).content.decode()
    switcher = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    assert f"/zh-hans/search/?q={quote('广州')}" in switcher


# --- Promoted results ----------------------------------------------------------------------------


def promote(query, page):
    return SearchPromotion.objects.create(query=Query.get(query), page=page, sort_order=0, description="")


def test_promoted_page_shows_first_in_its_language_only(client, seeded):
    iecc = Page.objects.get(locale=seeded["en"], slug="iecc")
    promote("Exchange", iecc)
    found = items(search(client, "en", "exchange"))
    assert found[0][0] == "/en/organizations/iecc/" and found[0][4]
    assert [url for url, *_ in found].count("/en/organizations/iecc/") == 1
    assert "Recommended" in search(client, "en", "EXCHANGE")
    chinese = search(client, "zh-hans", "exchange")
    assert 'class="promoted"' not in chinese and "推荐" not in chinese


def test_a_chinese_promotion_shows_on_the_chinese_site(client, seeded):
    ciyec = Page.objects.get(locale=seeded["zh"], slug="ciyec")
    promote("青年", ciyec)
    found = items(search(client, "zh-hans", "青年"))
    assert found[0][0] == "/zh-hans/organizations/ciyec/" and found[0][4]
    assert "推荐" in search(client, "zh-hans", "青年")
    assert 'class="promoted"' not in search(client, "en", "青年")


def test_promotions_search_writes_nothing_to_wagtails_query_table(client, seeded):
    search(client, "en", "a query nobody promoted")
    assert not Query.objects.filter(query_string="a query nobody promoted").exists()


# --- Query log and the report --------------------------------------------------------------------


def test_searches_are_logged_per_language_and_day(client, seeded):
    search(client, "zh-hans", "  不存在的词语组合 ")
    search(client, "zh-hans", "不存在的词语组合")
    search(client, "en", "Guangzhou")
    search(client, "en", "Guangzhou", page=2)  # paging is not another search
    row = SearchQueryDay.objects.get(query="不存在的词语组合", language="zh-hans")
    assert (row.searches, row.no_results) == (2, 2)
    row = SearchQueryDay.objects.get(query="guangzhou", language="en")
    assert (row.searches, row.no_results) == (1, 0)
    assert {f.name for f in SearchQueryDay._meta.get_fields()} == {
        "id",
        "query",
        "language",
        "date",
        "searches",
        "no_results",
        "last_seen",
    }


def test_a_failing_log_write_does_not_break_the_search(client, seeded, monkeypatch, caplog):
    monkeypatch.setattr(SearchQueryDay._meta, "db_table", "no_such_table")
    html = search(client, "en", "Guangzhou")
    assert items(html)
    assert "could not record a search" in caplog.text
    assert Page.objects.filter(slug="iecc").exists()  # the connection is still usable


def test_record_is_one_query(django_assert_num_queries, seeded, settings):
    with django_assert_num_queries(1 if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else 3):
        querylog.record("Nothing", "en", 0)  # on PostgreSQL inside the test's transaction: in a savepoint


def make_user(name, *groups):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


REPORT = "/admin/reports/searches-without-results/"


def test_editors_see_searches_with_no_results(client, seeded):
    search(client, "zh-hans", "不存在的词语组合")
    search(client, "zh-hans", "不存在的词语组合")
    search(client, "en", "quetzalcoatl")
    search(client, "en", "Guangzhou")
    client.force_login(make_user("edna", "Editors"))
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "不存在的词语组合" in html and "简体中文" in html
    assert "quetzalcoatl" in html
    assert "guangzhou" not in html.lower().split("searches with no results", 1)[-1]
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    assert "不存在的词语组合" in rows[1] and ">2<" in re.sub(r"\s+", "", rows[1])
    assert client.get(REPORT, {"language": "en"}).content.decode().count("不存在的词语组合") == 0
    assert "reports/searches-without-results/" in client.get("/admin/").content.decode()


@pytest.mark.parametrize("who", ["anonymous", "translator"])
def test_report_is_refused_without_the_permission(client, seeded, who):
    search(client, "en", "quetzalcoatl")
    if who == "translator":
        client.force_login(make_user("tian", "zh-hans translators"))
    response = client.get(REPORT)
    assert response.status_code in (302, 403)
    assert "quetzalcoatl" not in response.content.decode()
    if who == "anonymous":
        assert "/admin/login/" in response["Location"]
    else:
        assert "reports/searches-without-results/" not in client.get("/admin/").content.decode()


def test_an_editor_pins_a_page_in_wagtails_promotions_admin(client, seeded):
    client.force_login(make_user("edna", "Editors"))
    iecc = Page.objects.get(locale=seeded["zh"], slug="iecc")
    form = {
        "query_string": "广州",
        "editors_picks-TOTAL_FORMS": "1",
        "editors_picks-INITIAL_FORMS": "0",
        "editors_picks-MIN_NUM_FORMS": "0",
        "editors_picks-MAX_NUM_FORMS": "1000",
        "editors_picks-0-page": iecc.pk,
        "editors_picks-0-external_link_url": "",
        "editors_picks-0-external_link_text": "",
        "editors_picks-0-description": "",
        "editors_picks-0-ORDER": "0",
    }
    assert client.post("/admin/searchpicks/add/", form).status_code == 302
    client.logout()
    found = items(search(client, "zh-hans", "广州"))
    assert found[0][0] == "/zh-hans/organizations/iecc/" and found[0][4]
    assert not any(promoted for *_, promoted in items(search(client, "en", "广州")))


def test_a_results_page_costs_the_same_however_many_results_matched_only_by_a_topic(client, seeded):
    """The "Matched: topic …" lines are read for the whole results page at once, not one query per result."""
    from django.core.management import call_command

    from news.models import Topic
    from tests.cms.test_query_budgets import count_queries, make_release

    topic = Topic.objects.get(locale=seeded["en"], slug="education")
    url = "/en/search/?q=Education+zzqtopiconly"

    def matched_by_topic_only(count, start=0):
        for number in range(start, start + count):
            release = make_release(f"zzqtopiconly-{number}", [topic], [], [])
            release.title = f"Zzqtopiconly notice {number}"
            release.save_revision().publish()
        call_command("update_index", verbosity=0)

    # Three or more results either way: fewer would add the other language's count to the page.
    matched_by_topic_only(3)
    assert client.get(url).content.decode().count("Matched: topic") >= 3
    three = count_queries(client, url)
    matched_by_topic_only(5, start=3)
    assert client.get(url).content.decode().count("Matched: topic") >= 8
    assert count_queries(client, url) == three


# --- Counting no further than a reader pages (search.paging) -------------------------------------


def test_past_the_counted_bound_the_page_says_more_than_and_pages_only_what_it_counted(client, seeded, monkeypatch):
    """A word in most pages of a large site is counted up to 1,000 (search.paging.COUNTED_UP_TO): here the
    bound is made 2 to see it on the seeded site."""
    from search import paging

    everything = len(items(search(client, "en", "education")))
    assert everything > 3
    monkeypatch.setattr(paging, "COUNTED_UP_TO", 2)
    monkeypatch.setattr("search.views.RESULTS_PER_PAGE", 1)
    html = search(client, "en", "education")
    assert "More than 2 results for “education”" in html
    assert "Page 1 of 2" in html
    assert len(items(html)) == 1
    assert len(items(search(client, "en", "education", page=2))) == 1
    assert "Page 2 of 2" in search(client, "en", "education", page=9)  # past the counted pages: the last one
    zh = search(client, "zh-hans", "教育")
    assert "的结果超过 2 条" in zh


def test_the_other_languages_pointer_says_more_than_past_the_bound(client, seeded, monkeypatch):
    from search import paging

    monkeypatch.setattr(paging, "COUNTED_UP_TO", 1)
    html = search(client, "en", "广州")
    link = re.search(r'<p class="other-language"><a href="[^"]+" hreflang="zh-hans">(.*?)</a>', html)
    assert link and link[1] == "More than 1 results on the Chinese site"
