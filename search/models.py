from django.db import models
from modelsearch import index


class JudgedDocument(index.Indexed, models.Model):
    """A document of a judged relevance set (`manage.py search_eval`).

    The table stays empty: search_eval fills it inside a transaction it rolls back, so judged sets are
    indexed and searched by exactly the backend the site uses without touching the site's content.
    """

    key = models.CharField(max_length=200)
    language = models.CharField(max_length=20, db_index=True)  # searches filter on it, as pages on locale
    title = models.TextField()
    body = models.TextField(blank=True)

    search_fields = [
        index.SearchField("title"),
        index.SearchField("body"),
        index.FilterField("language"),
    ]

    class Meta:
        managed = True

    def __str__(self):
        return self.key


class SearchQueryDay(models.Model):
    """How often a query was searched on one day in one language, and how often it found nothing.

    The query log behind the admin's "Searches with no results" report (search/reports.py). Only the
    normalized query text, the language and counts per day: no addresses, no sessions, no user.
    Written by one upsert after the response is sent (search/querylog.py).
    """

    query = models.CharField(max_length=200)
    language = models.CharField(max_length=20)
    date = models.DateField()
    searches = models.PositiveIntegerField(default=0)
    no_results = models.PositiveIntegerField(default=0)
    last_seen = models.DateTimeField()

    class Meta:
        verbose_name = "search query per day"
        verbose_name_plural = "search queries per day"
        constraints = [models.UniqueConstraint(fields=["query", "language", "date"], name="search_query_day_unique")]
        indexes = [models.Index(fields=["date", "language"], name="search_query_day_date")]
        permissions = [("view_search_report", "Can view the searches with no results report")]

    def __str__(self):
        return f"{self.query} ({self.language}, {self.date})"
