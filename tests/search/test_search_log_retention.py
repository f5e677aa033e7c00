"""The query log keeps a bounded number of days: `manage.py prune_search_log` deletes the older ones."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from search.models import SearchQueryDay


def day(days_ago, query="exchange"):
    date = timezone.localdate() - datetime.timedelta(days=days_ago)
    return SearchQueryDay.objects.create(
        query=query, language="en", date=date, searches=3, no_results=1, last_seen=timezone.now()
    )


def prune(*args):
    out = StringIO()
    call_command("prune_search_log", *args, stdout=out)
    return out.getvalue()


def test_days_past_the_retention_go_and_the_rest_stay(seeded, settings):
    settings.SEARCH_LOG_RETENTION_DAYS = 30
    kept = [day(0), day(29, "youth")]
    day(30, "old"), day(400, "older")
    assert "Deleted 2 rows" in prune()
    assert set(SearchQueryDay.objects.values_list("pk", flat=True)) == {row.pk for row in kept}


def test_dry_run_counts_and_deletes_nothing(seeded):
    day(500)
    assert "1 rows from before" in prune("--days", "400", "--dry-run")
    assert SearchQueryDay.objects.count() == 1


def test_zero_days_is_refused_by_name(seeded):
    day(0)
    with pytest.raises(CommandError, match="--days must be at least 1"):
        prune("--days", "0")
    assert SearchQueryDay.objects.count() == 1
