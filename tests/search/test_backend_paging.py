"""Pages of search results, their count and their order agree, on whichever database the suite runs on.

The backends rank, slice and count in the database (search.backends): a reader paging through results
sees every match once, best first, and the count above the list is the number of results there are.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.backends import get_search_backend

from search.backends import rum
from search.models import JudgedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(
    autouse=True,
    params=["as installed", "RUM order", "ts_rank only"] if connection.vendor == "postgresql" else ["SQLite"],
)
def postgres_ranking(request, monkeypatch):
    """On PostgreSQL every test runs each way the backend ranks: as installed (with the optional RUM index,
    search.backends.rum, every match ranked by ts_rank up to rum.EXACT_UP_TO matches), from RUM's order
    whatever the number of matches, and, as on a server without the extension, by ts_rank alone."""
    if request.param in ("as installed", "SQLite"):
        yield
        return
    if not rum.available(connection.alias):
        pytest.skip("this PostgreSQL server has no RUM index: ts_rank alone is the only way, tested already")
    if request.param == "RUM order":
        monkeypatch.setattr(rum, "EXACT_UP_TO", 0)
        yield
        return
    key = (connection.alias, connection.settings_dict["NAME"])
    rum._available[key] = False
    try:
        yield
    finally:
        rum._available[key] = True


def index(docs):
    """[(key, language, title, body)] indexed with the site's backend."""
    objects = JudgedDocument.objects.bulk_create(
        JudgedDocument(key=key, language=language, title=title, body=body) for key, language, title, body in docs
    )
    get_search_backend().add_bulk(JudgedDocument, objects)
    return objects


def corpus(english=35, chinese=25):
    """English pages saying "exchange" once to several times, Chinese pages about 交流, and pages without."""
    docs = []
    for i in range(english):
        body = " ".join(["A youth exchange between schools."] * (1 + i % 4) + ["Other words fill the page."] * (i % 7))
        docs.append((f"en{i}", "en", f"Report {i}", body))
    for i in range(chinese):
        docs.append((f"zh{i}", "zh-hans", f"报道{i}", "青少年交流活动。" * (1 + i % 3) + "其他内容。" * (i % 5)))
    docs += [("en-none", "en", "Annual report", "Finance and governance."), ("zh-none", "zh-hans", "年报", "财务。")]
    return docs


def search(q, language, **kwargs):
    return get_search_backend().search(q, JudgedDocument.objects.filter(language=language), **kwargs)


def pages_of(results, size=10):
    keys, start = [], 0
    while True:
        page = [doc.key for doc in results[start : start + size]]
        if not page:
            return keys
        keys += page
        start += size


@pytest.mark.parametrize(("q", "language", "expected"), [("exchange", "en", 35), ("交流", "zh-hans", 25)])
def test_paging_shows_every_match_once_best_first_and_the_count_agrees(q, language, expected):
    index(corpus())
    results = search(q, language)
    assert results.count() == expected
    paged = pages_of(results)
    assert len(paged) == len(set(paged)) == expected
    assert paged == [doc.key for doc in search(q, language)]  # the same order read whole
    assert all(key.startswith(language[:2]) for key in paged)  # only the searched language
    scored = list(search(q, language).annotate_score("score"))
    scores = [doc.score for doc in scored]
    assert scores == sorted(scores, reverse=True)
    assert [doc.key for doc in scored] == paged


def test_a_page_past_the_end_is_empty_and_a_query_with_no_match_counts_zero():
    index(corpus())
    assert list(search("exchange", "en")[40:50]) == []
    assert search("zebra", "en").count() == 0 and list(search("zebra", "en")) == []
    assert search("exchange", "zh-hans").count() == 0


def test_a_slices_count_stops_at_its_end_and_the_whole_count_stays_exact():
    """The search page counts at most 1,001 matches (search.paging): a slice counts no further than its
    end, whether it is counted before or after the page is read, and the whole is still counted exactly."""
    index(corpus())
    counted_first = search("exchange", "en")
    assert counted_first[:5].count() == 5
    assert counted_first[:100].count() == 35
    assert counted_first.count() == 35
    assert pages_of(counted_first) == pages_of(search("exchange", "en"))
    read_first = search("exchange", "en")
    first_page = [doc.key for doc in read_first[:10]]
    assert read_first[:1].count() == 1 and read_first[30:100].count() == 5 and read_first[:0].count() == 0
    assert read_first.count() == 35
    assert first_page == pages_of(search("exchange", "en"))[:10]
    assert search("zebra", "en")[:5].count() == 0
    assert search("交流", "zh-hans")[:1001].count() == 25


def test_the_queries_a_search_makes_do_not_grow_with_its_matches():
    """A common word at 60 matches costs the same queries as at 6: no query per match, none reading them all."""
    index(corpus(english=6, chinese=0))

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            results = search("exchange", "en")
            results.count()
            list(results[:10])
        return len(ctx.captured_queries)

    few = queries()
    index(corpus(english=60, chinese=0))
    assert search("exchange", "en").count() == 66
    assert queries() == few


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's two ways of applying the queryset to the hits")
def test_probing_each_hit_and_reading_the_querysets_keys_once_give_the_same_results(monkeypatch):
    from search.backends import sqlite

    index(corpus())
    found = {}
    for probe_each_up_to in (0, 10_000):
        monkeypatch.setattr(sqlite, "PROBE_EACH_UP_TO", probe_each_up_to)
        found[probe_each_up_to] = [
            (results.count(), pages_of(results))
            for results in (search("exchange", "en"), search("交流", "zh-hans"), search("report", "en"))
        ]
    assert found[0] == found[10_000]
    assert [count for count, _keys in found[0]] == [35, 25, 36]


def test_paging_past_a_hundred_matches_shows_each_once():
    """With the RUM index (PostgreSQL, search.backends.rum) the matches come from the index 100 at a time,
    each hundred in rank order: pages across that boundary, and the whole list, still show each match once."""
    index(corpus(english=230, chinese=0))
    results = search("exchange", "en")
    assert results.count() == 230
    paged = pages_of(results)
    assert len(paged) == len(set(paged)) == 230
    assert paged == [doc.key for doc in search("exchange", "en")]
    assert [doc.key for doc in results[95:105]] == paged[95:105]  # a slice across two hundreds


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the RUM index is PostgreSQL's")
def test_up_to_a_thousand_matches_rank_exactly_as_without_the_index(postgres_ranking):
    """RUM's own order is not ts_rank's: a site with the extension shows what one without it shows, up to
    rum.EXACT_UP_TO matches (the count decides, whether the page or the count is asked for first)."""
    if not rum.available(connection.alias):
        pytest.skip("this PostgreSQL server has no RUM index")
    index(corpus(english=230, chinese=0))
    key = (connection.alias, connection.settings_dict["NAME"])
    rum._available[key] = False
    try:
        reference = pages_of(search("exchange", "en"))
    finally:
        rum._available[key] = True
    counted_first = search("exchange", "en")
    assert counted_first.count() == 230
    first_pages = [doc.key for doc in search("exchange", "en")[:30]]
    if rum.EXACT_UP_TO >= 230:
        assert pages_of(counted_first) == reference
        assert first_pages == reference[:30]
    else:  # the "RUM order" run: the first hundred come from the index, still each match once
        assert sorted(pages_of(counted_first)) == sorted(reference)
