"""Prepared queries give what the ORM gives, for any values, and refuse a builder they would get wrong."""

import pytest
from django.db import connection
from django.db.models import Exists, F, OuterRef
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms.prepared_queries import PreparedQuery, PreparedQueryError
from orgs.models import OrganizationPage


def rows(objects, *names):
    return [tuple(getattr(obj, name) for name in names) for obj in objects]


def pages_in(language, depths, title_ending):
    return (
        Page.objects.select_related("locale")
        .annotate(
            translated=Exists(
                Page.objects.filter(translation_key=OuterRef("translation_key")).exclude(pk=OuterRef("pk"))
            )
        )
        .filter(locale__language_code=language, depth__in=depths, title__endswith=title_ending)
        .order_by("path")
    )


def test_each_call_matches_the_orm_with_its_own_values(seeded):
    query = PreparedQuery(pages_in)
    cases = [("en", [2, 3], ""), ("zh-hans", [3, 4], ""), ("en", [3, 4], "Center"), ("zh-hans", [4, 2], "中心")]
    for language, depths, ending in cases:
        expected = list(pages_in(language, depths, ending))
        got = query(language=language, depths=depths, title_ending=ending)
        assert expected, (language, depths, ending)  # the case finds something: the comparison means something
        assert rows(got, "pk", "title", "url_path", "translated") == rows(
            expected, "pk", "title", "url_path", "translated"
        )
        assert [p.locale.language_code for p in got] == [language] * len(got)  # select_related, no query


def test_a_call_is_one_query_and_reuses_the_sql(seeded):
    query = PreparedQuery(pages_in)
    query(language="en", depths=[2, 3], title_ending="")
    with CaptureQueriesContext(connection) as first:
        query(language="zh-hans", depths=[3, 4], title_ending="")
    with CaptureQueriesContext(connection) as second:
        pages = query(language="en", depths=[3, 2], title_ending="s")
        [page.locale.language_code for page in pages]
    assert len(first) == len(second) == 1
    assert first[0]["sql"].split("WHERE")[0] == second[0]["sql"].split("WHERE")[0]


def test_like_wildcards_in_a_value_are_literal(seeded):
    query = PreparedQuery(pages_in)
    title = Page.objects.filter(depth=3, locale__language_code="en").order_by("path").first().title
    wildcard = "%" + title[-3:-1] + "_"
    assert query(language="en", depths=[3], title_ending=title[-3:])  # the plain ending matches
    assert query(language="en", depths=[3], title_ending=wildcard) == []  # "%" and "_" match only themselves


def test_deferred_fields_and_empty_lists(seeded):
    query = PreparedQuery(
        lambda language, pks: OrganizationPage.objects.filter(locale__language_code=language, pk__in=pks).only("title")
    )
    organizations = list(OrganizationPage.objects.filter(locale__language_code="en"))
    got = query(language="en", pks=[org.pk for org in organizations])
    assert sorted(org.title for org in got) == sorted(org.title for org in organizations)
    assert "email" in got[0].get_deferred_fields()
    with CaptureQueriesContext(connection) as none:
        assert query(language="en", pks=[]) == []
    assert len(none) == 0


def test_a_value_compiled_into_the_sql_text_is_refused(db):
    sliced = PreparedQuery(lambda language, count: Page.objects.filter(locale__language_code=language)[:count])
    with pytest.raises(PreparedQueryError, match="count"):
        sliced(language="en", count=3)


def test_a_value_of_an_unsupported_type_is_refused(db):
    query = PreparedQuery(lambda live: Page.objects.filter(live=live))
    with pytest.raises(PreparedQueryError, match="bool"):
        query(live=True)


def test_values_querysets_are_refused(db):
    query = PreparedQuery(lambda language: Page.objects.filter(locale__language_code=language).values("pk"))
    with pytest.raises(PreparedQueryError, match="model instances"):
        query(language="en")


def test_annotations_built_from_expressions_come_back(seeded):
    query = PreparedQuery(lambda pk: Page.objects.filter(pk=pk).annotate(double_depth=F("depth") * 2))
    page = Page.objects.filter(depth=3).first()
    assert query(pk=page.pk)[0].double_depth == page.depth * 2


def test_shapes_from_request_input_do_not_grow_memory(seeded):
    """The route's query has a shape per path depth; an address with ever more parts keeps no more plans."""
    from cms import prepared_queries

    query = PreparedQuery(lambda pks: Page.objects.filter(pk__in=pks))
    page_ids = list(Page.objects.values_list("pk", flat=True)[:3])
    for extra in range(prepared_queries.MAX_SHAPES + 8):
        assert {p.pk for p in query(pks=page_ids + [0] * extra)} == set(page_ids)
    assert len(query._plans) == prepared_queries.MAX_SHAPES


def test_one_prepared_query_per_model(seeded):
    from cms.prepared_queries import PreparedQueryPerModel

    by_pk = PreparedQueryPerModel(lambda model, pks: model.objects.filter(pk__in=pks).order_by("pk"))
    organization = OrganizationPage.objects.first()
    page = Page.objects.filter(depth=2).first()
    assert by_pk[OrganizationPage](pks=[organization.pk, page.pk]) == [organization]  # its own table only
    assert by_pk[Page](pks=[organization.pk, page.pk]) == sorted([organization.page_ptr, page], key=lambda p: p.pk)
    assert by_pk[Page] is by_pk[Page]
