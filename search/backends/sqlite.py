"""SQLite FTS5 with Chinese segmentation, and a query that starts from the FTS table.

modelsearch's SQLite query filters the model table by a sub-select and scores each row with a
correlated sub-query that probes FTS5 again, once per row: seconds at a few thousand pages. Here the
MATCH runs once, returning (object id, bm25) pairs; the caller's queryset contributes its primary keys
and the two are joined and ordered in Python. Three queries for a page of results with its count.
"""

from collections import OrderedDict

from django.db import connections, router
from django.db.models import Count
from modelsearch.backends.database.sqlite import sqlite as upstream
from modelsearch.query import And, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from search.backends.indexing import segmenting_indexer, with_indexer
from search.names import glossary_names
from search.plan import NEAR_WINDOW, tiers

IndexEntry = upstream.IndexEntry
FTS_TABLE = upstream.SQLiteFTSIndexEntry._meta.db_table
# bm25() column weights in the FTS table's column order (autocomplete, body, title): titles count most.
BM25_WEIGHTS = "0.0, 1.0, 4.0"


class ChineseSQLiteIndex(upstream.SQLiteIndex):
    add_items = with_indexer(upstream.SQLiteIndex.add_items, upstream, segmenting_indexer(upstream.ObjectIndexer))


def _phrase(term):
    return f'"{term.text}"' + ("*" if term.prefix else "")


def _term_expression(term, tier):
    return " AND ".join([_phrase(term), *(f'"{word}"' for word in tier.required_words(term))])


def tier_expression(tier):
    """An FTS5 MATCH string for one tier of a query (search.plan)."""
    groups = []
    for group in tier.groups:
        alternatives = [" AND ".join(_term_expression(term, tier) for term in alt) for alt in group.alternatives]
        groups.append(" OR ".join(f"({alternative})" for alternative in alternatives))
    expression = (" OR " if tier.operator == "or" else " AND ").join(f"({group})" for group in groups)
    if near := tier.near_words:
        if tier.proximity == "phrase":
            expression += ' AND "' + " ".join(term.text for term in near) + '"'
        else:
            expression += f" AND NEAR({' '.join(_phrase(term) for term in near)}, {NEAR_WINDOW * (len(near) - 1)})"
    return expression


def match_expressions(query, prefix_last=False, names=()):
    """FTS5 MATCH strings for a modelsearch query, strict to loose; [] when nothing searchable is left.

    `prefix_last` (autocomplete) lets the last word match as a prefix: "guangz" finds Guangzhou.
    """
    if isinstance(query, (PlainText, Phrase)):
        operator = getattr(query, "operator", "and")
        return [tier_expression(tier) for tier in tiers(query.query_string, operator, names, prefix_last)]
    if isinstance(query, (And, Or)):
        # Combined queries (the admin's filters) use each part's loosest tier.
        parts = [match_expressions(sub, prefix_last, names) for sub in query.subqueries]
        parts = [f"({part[-1]})" for part in parts if part]
        joined = (" AND " if isinstance(query, And) else " OR ").join(parts)
        return [joined] if joined else []
    raise NotImplementedError(f"{type(query).__name__} is not supported by the Chinese SQLite backend")


class ChineseSQLiteQueryCompiler(upstream.SQLiteSearchQueryCompiler):
    def _fts_sql(self, match):
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        placeholders = ", ".join(["%s"] * len(content_types))
        columns = " ".join(self.fields or self.FTS_TABLE_FIELDS)
        sql = (
            f"SELECT e.object_id, bm25({FTS_TABLE}, {BM25_WEIGHTS}) FROM {FTS_TABLE} "
            # CROSS JOIN fixes SQLite's join order: the MATCH runs first, once, and each hit looks up
            # its index entry by primary key (a plain JOIN let it scan entries and probe FTS5 per row).
            f"CROSS JOIN {IndexEntry._meta.db_table} e ON e.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND e.content_type_id IN ({placeholders})"
        )
        return sql, [f"{{{columns}}} : ({match})", *content_types]

    def _scores(self, match):
        """{pk: bm25} of every indexed object of the model that matches (one FTS5 query)."""
        sql, params = self._fts_sql(match)
        connection = connections[router.db_for_read(IndexEntry)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        to_pk = self.queryset.model._meta.pk.to_python
        return {to_pk(object_id): score for object_id, score in rows}

    def _matching_pks(self):
        """[(pk, score)] of the queryset's rows that match, best first (bm25: lower is better).

        One FTS5 MATCH gives every matching object id with its score; the caller's queryset (locale,
        live, …) is applied by reading its primary keys, and the two are joined in Python. Cached on
        the compiler, which a search's count and its page slices share.
        """
        if hasattr(self, "_rows"):
            return self._rows
        query, negated = self.query, False
        if isinstance(query, Not):
            query, negated = query.subquery, True
        matches = match_expressions(query, prefix_last=self.LAST_TERM_IS_PREFIX, names=glossary_names())
        if not matches:
            self._rows = None if negated else []
            return self._rows
        candidates = list(self.queryset.values_list("pk", flat=True))
        if negated:  # NOT: everything the loosest tier does not match
            scores = self._scores(matches[-1])
            self._rows = [(pk, 0.0) for pk in candidates if pk not in scores]
            return self._rows
        # Strict tier first; the looser one only when the strict one matches nothing in the queryset.
        for match in matches:
            scores = self._scores(match)
            if not scores.keys().isdisjoint(candidates):
                break
        rows = [(pk, scores[pk]) for pk in candidates if pk in scores]
        if self.order_by_relevance:
            rows.sort(key=lambda row: (row[1], -row[0] if isinstance(row[0], int) else 0))
        self._rows = rows
        return rows

    def matching_queryset(self):
        """The caller's queryset narrowed to the matches (unordered by relevance)."""
        rows = None if isinstance(self.query, MatchAll) else self._matching_pks()
        if rows is None:  # match-all, or NOT (nothing): everything
            return self.queryset
        return self.queryset.filter(pk__in=[pk for pk, _score in rows])

    def search(self, config, start, stop, score_field=None):
        rows = None if isinstance(self.query, MatchAll) else self._matching_pks()
        if rows is None or not self.order_by_relevance:
            return list(self.matching_queryset()[start:stop])
        window = rows[start:stop]
        objects = self.queryset.in_bulk([pk for pk, _score in window])
        results = []
        for pk, score in window:
            obj = objects[pk]
            if score_field:
                setattr(obj, score_field, -score)  # bm25 is negative; higher means better to callers
            results.append(obj)
        return results

    def count(self):
        if isinstance(self.query, MatchAll):
            return self.queryset.count()
        rows = self._matching_pks()
        return self.queryset.count() if rows is None else len(rows)


class ChineseSQLiteAutocompleteQueryCompiler(ChineseSQLiteQueryCompiler):
    LAST_TERM_IS_PREFIX = True
    TARGET_SEARCH_FIELD_TYPE = upstream.AutocompleteField
    FTS_TABLE_FIELDS = ["autocomplete"]
    get_config = upstream.SQLiteAutocompleteQueryCompiler.get_config
    get_search_fields_for_model = upstream.SQLiteAutocompleteQueryCompiler.get_search_fields_for_model


class ChineseSQLiteSearchResults(upstream.SQLiteSearchResults):
    def _do_search(self):
        return self.query_compiler.search(None, self.start, self.stop, score_field=self._score_field)

    def _do_count(self):
        return max(0, min(self.query_compiler.count(), self.stop or float("inf")) - self.start)

    def facet(self, field_name):
        if self.query_compiler._get_filterable_field(field_name) is None:
            return super().facet(field_name)  # raises modelsearch's FilterFieldError with its message
        counts = (
            self.query_compiler.matching_queryset().values(field_name).annotate(count=Count("pk")).order_by("-count")
        )
        return OrderedDict((row[field_name], row["count"]) for row in counts)


class ChineseSQLiteSearchBackend(upstream.SQLiteSearchBackend):
    query_compiler_class = ChineseSQLiteQueryCompiler
    autocomplete_query_compiler_class = ChineseSQLiteAutocompleteQueryCompiler
    index_class = ChineseSQLiteIndex
    results_class = ChineseSQLiteSearchResults
