from django.db import models
from modelsearch import index


class JudgedDocument(index.Indexed, models.Model):
    """A document of a judged relevance set (`manage.py search_eval`).

    The table stays empty: search_eval fills it inside a transaction it rolls back, so judged sets are
    indexed and searched by exactly the backend the site uses without touching the site's content.
    """

    key = models.CharField(max_length=200)
    language = models.CharField(max_length=20)
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
