"""SQLite FTS5 with Chinese segmentation, and a query that starts from the FTS table.

modelsearch's SQLite query filters the model table by a sub-select and scores each row with a correlated
sub-query that probes FTS5 again, once per row: seconds at a few thousand pages. Here the MATCH runs
once and drives the query: each hit finds its object id through a covering index and is kept if the
caller's queryset (locale, live, …; a sub-select run once) holds it; SQLite ranks with bm25 and returns
one page (`LIMIT`), and the count is a `COUNT(*)` of the same join (stopping at a slice's end). A page
of results with its count costs FTS5's own hit count of the loosest tier (search.plan), a count for each
tier tried, the page and the page's objects, whatever the number of hits; no query reads every hit.
"""

import itertools
import sqlite3
from collections import OrderedDict
from typing import NamedTuple

from django.db import connections
from django.db.models import Count
from django.db.models.expressions import RawSQL
from modelsearch.backends.database.sqlite import sqlite as upstream
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import And, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from search.backends.ahead import prepared_ahead
from search.backends.indexing import indexers_for, segmenting_indexer
from search.names import glossary_names
from search.plan import NEAR_WINDOW, tiers

IndexEntry = upstream.IndexEntry
FTS_TABLE = upstream.SQLiteFTSIndexEntry._meta.db_table
# bm25() column weights in the FTS table's column order (autocomplete, body, title): titles count most.
BM25_WEIGHTS = "0.0, 1.0, 4.0"
# (id, content_type_id, object_id) of the index entries (migration search/0006). Named in every search:
# without ANALYZE statistics SQLite reads the entry's row, text and all, for every hit.
HIT_LOOKUP_INDEX = "search_indexentry_hit_lookup"
HIT = "search_hit"  # the index entry's alias in search queries
# Up to this many FTS5 hits (of the loosest tier), each hit is checked against the caller's queryset by
# primary key; past it the queryset's keys are read once instead (see ChineseSQLiteQueryCompiler._hits_sql).
PROBE_EACH_UP_TO = 2000
# At most this many index entries a statement reads or writes (ChineseSQLiteIndex._indexed_ids, _insert),
# within SQLite's parameter limit: update_index's batches are 500.
ROWS_PER_STATEMENT = 500
# New entries segmented ahead of the one SQLite writes (ChineseSQLiteIndex.add_items): the first chunk's
# segmentation and the last one's writing overlap nothing, so chunks are a fraction of a batch.
ROWS_AHEAD = 100
FIRST_ROWS = 20


class EntryTexts:
    """The texts of an object's index entry as modelsearch's SQLite ObjectIndexer divides them (title: the
    search fields named "title"; body: the other search fields; autocomplete: the autocomplete fields),
    read from the object once, segmented on demand by the object's indexer (each distinct text once)."""

    def __init__(self, title, autocomplete, body, segmented):
        self.title, self.autocomplete, self.body = title, autocomplete, body
        self._segmented = segmented

    @classmethod
    def of(cls, indexer):
        title, autocomplete, body = [], [], []
        for field, text in indexer.unsegmented_items():
            if isinstance(field, SearchField):
                (title if field.field_name == "title" else body).append(text)
            elif isinstance(field, AutocompleteField):
                autocomplete.append(text)
        return cls(title, autocomplete, body, indexer.segmented)

    def _joined(self, texts):
        return " ".join(map(self._segmented, texts))

    def segmented_title(self):
        return self._joined(self.title)

    def segmented(self):
        """(title, autocomplete, body), as the index entry holds them."""
        return self._joined(self.title), self._joined(self.autocomplete), self._joined(self.body)


class ChineseSQLiteIndex(upstream.SQLiteIndex):
    """modelsearch's index with segmented text, whose new entries are created with their title_norm.

    modelsearch creates each entry with title_norm 1.0 and then sets it (the average title length over
    the entry's title length) with an UPDATE, which rewrites every new row, its text and all. Here the
    value is computed before the rows are written, as SQLite computes it (see `_title_norms`), and
    modelsearch's refresh that follows finds only what it would have changed anyway: older entries whose
    title_norm is exactly 1.0 (found through migration 0009's index, not by reading every row).

    Segmenting is about a third of the work and FTS5 writing the text most of the rest; SQLite releases
    the GIL while it writes, so each chunk of new entries is segmented in a worker thread while the
    chunk before it is written (`prepared_ahead`). The entries are the ones modelsearch's own add_items
    writes, column for column (tests/search/test_title_norm.py).
    """

    indexer = segmenting_indexer(upstream.ObjectIndexer)

    def add_items(self, model, objs):
        # modelsearch's SQLiteIndex.add_items, but for the title_norm of the entries it creates, with the
        # entries read and written in raw statements (_indexed_ids, _insert), and with the new entries'
        # text segmented a chunk ahead, in a worker thread, while SQLite writes the chunk before it.
        indexers = indexers_for(self, model, objs)
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        # The objects are read here, in this thread (related fields may query the database).
        texts = {indexer.id: EntryTexts.of(indexer) for indexer in indexers}
        indexed_ids = self._indexed_ids(content_type_pk, list(texts))
        entries = self.entries.filter(content_type_id=content_type_pk)
        for object_id in indexed_ids:
            title, autocomplete, body = texts[object_id].segmented()
            entries.filter(object_id=object_id).update(title=title, autocomplete=autocomplete, body=body)
        new = [object_id for object_id in texts if object_id not in indexed_ids]
        # Every new title first: the title_norm of each entry depends on all of them (short texts).
        titles = [texts[object_id].segmented_title() for object_id in new]
        norms = dict(zip(new, self._title_norms(titles), strict=True))

        def rows(chunk):
            return [(content_type_pk, key, *texts[key].segmented(), norms[key]) for key in chunk]

        # A short first chunk: nothing overlaps its segmentation.
        bounds = [0, *range(min(FIRST_ROWS, len(new)), len(new), ROWS_AHEAD), len(new)]
        chunks = [new[start:end] for start, end in itertools.pairwise(bounds) if end > start]
        for chunk_rows in prepared_ahead(chunks, rows):
            self._insert(chunk_rows)
        self._refresh_title_norms()

    def _rows_per_statement(self, columns):
        """As many rows as SQLite takes parameters for (SQLITE_LIMIT_VARIABLE_NUMBER, 32,766 since SQLite
        3.32; Django assumes 999, 166 entries a statement), up to ROWS_PER_STATEMENT."""
        self.write_connection.ensure_connection()
        limit = self.write_connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return max(1, min(ROWS_PER_STATEMENT, limit // columns))

    def _indexed_ids(self, content_type_pk, object_ids):
        """The object ids among these that have an entry already."""
        found = set()
        step = max(1, self._rows_per_statement(1) - 1)  # the content type is a parameter too
        with self.write_connection.cursor() as cursor:
            for offset in range(0, len(object_ids), step):
                chunk = object_ids[offset : offset + step]
                cursor.execute(
                    f"SELECT object_id FROM {IndexEntry._meta.db_table} "
                    f"WHERE content_type_id = %s AND object_id IN ({', '.join(['%s'] * len(chunk))})",
                    [content_type_pk, *chunk],
                )
                found.update(object_id for (object_id,) in cursor.fetchall())
        return frozenset(found)

    def _insert(self, rows):
        """Write new entries, many rows to a statement: FTS5 writes the pending text of a statement's rows
        at its end (modelsearch's trigger inserts each entry's text into the FTS table), so fewer, longer
        statements make fewer, larger FTS5 segments, and one row a statement (executemany) costs FTS5
        twice as much. Django's bulk_create spent a quarter of its time (about 250 ms at 5,000 bench
        documents) compiling each value of its 166-row statements."""
        rows = list(rows)
        columns = "content_type_id, object_id, title, autocomplete, body, title_norm"
        step = self._rows_per_statement(6)
        with self.write_connection.cursor() as cursor:
            for offset in range(0, len(rows), step):
                chunk = rows[offset : offset + step]
                values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
                cursor.execute(
                    f"INSERT INTO {IndexEntry._meta.db_table} ({columns}) VALUES {values}",
                    [value for row in chunk for value in row],
                )

    def _title_norms(self, titles):
        """The title_norm modelsearch's refresh gives entries with these titles once they are written:
        SQLite's AVG(LENGTH(title)) over the titles that are not empty (a double sum of integers, exact,
        over the count) divided by LENGTH(title); 1.0 for an empty title. LENGTH counts characters up to
        a NUL: a title holding one keeps 1.0 and the refresh sets it, as before."""
        if not titles:  # re-indexing existing entries only (a page published again): nothing to read
            return []
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"SELECT TOTAL(LENGTH(title)), COUNT(*) FROM {IndexEntry._meta.db_table} WHERE LENGTH(title) > 0"
            )
            total, count = cursor.fetchone()
        if any("\x00" in title for title in titles):
            return [1.0] * len(titles)
        lengths = [len(title) for title in titles if title]
        total, count = total + sum(lengths), count + len(lengths)
        if not count:
            return [1.0] * len(titles)
        average = float(total) / count
        return [average / len(title) if title else 1.0 for title in titles]


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


class Chosen(NamedTuple):
    """The tier a search uses (search.plan) and what it found in the caller's queryset."""

    match: str | None  # the FTS5 MATCH string; None when nothing searchable is left
    negated: bool
    count: int | None = None  # matches in the queryset (not read for NOT queries), counted up to `up_to`
    probe: str = "each"  # how the queryset is applied to the hits: see _hits_sql
    up_to: int | None = None  # None: `count` is exact; else it was counted no further than this

    def answers(self, up_to: int | None) -> bool:
        """Whether this count answers a count asked up to `up_to` (None: exactly)."""
        exact = self.up_to is None or self.count < self.up_to
        return exact or (up_to is not None and self.count >= up_to)


class ChineseSQLiteQueryCompiler(upstream.SQLiteSearchQueryCompiler):
    """Ranks, pages and counts inside SQLite: the FTS5 MATCH drives each query, joined to the caller's queryset.

    The page of results is `ORDER BY bm25 LIMIT`, the count a `COUNT(*)` of the same join, so no query
    reads every hit into Python (20,000 hits for a common word at 50,000 documents).
    """

    def _match_param(self, match):
        columns = " ".join(self.fields or self.FTS_TABLE_FIELDS)
        return f"{{{columns}}} : ({match})"

    def _hits_sql(self, select, match, probe=None):
        """SQL selecting `select` over the FTS5 hits of `match` among the model's index entries, kept to
        the caller's queryset (locale, live, private pages…) when `probe` says how:

        - "each": every hit looks its object up in the queryset by primary key (a correlated EXISTS);
        - "all": the queryset's keys are read once into a temporary index that every hit probes,
          cheaper past a few thousand hits (about 5 ms for 25,000 keys).
        """
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        placeholders = ", ".join(["%s"] * len(content_types))
        sql = (
            f"SELECT {select} FROM {FTS_TABLE} "
            # CROSS JOIN fixes SQLite's join order: the MATCH runs first, once, and each hit looks up its
            # entry's object id in a covering index (migration search/0006), never the entry's text.
            f"CROSS JOIN {IndexEntry._meta.db_table} {HIT} INDEXED BY {HIT_LOOKUP_INDEX} "
            f"ON {HIT}.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND {HIT}.content_type_id IN ({placeholders})"
        )
        params = [self._match_param(match), *content_types]
        if probe is not None:
            queryset = self.queryset.order_by()
            if probe == "each":
                queryset = queryset.filter(pk=RawSQL(f"{HIT}.object_id", []))
            queryset = queryset.values("pk")
            subquery, subquery_params = queryset.query.get_compiler(using=queryset.db).as_sql()
            sql += f" AND EXISTS ({subquery})" if probe == "each" else f" AND {HIT}.object_id IN ({subquery})"
            params += subquery_params
        return sql, params

    def _fetch(self, sql, params):
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _count(self, sql, params, up_to):
        """COUNT(*) of a query's rows, stopping after `up_to` of them (None: all)."""
        if up_to is None:
            return self._fetch(f"SELECT COUNT(*) FROM ({sql})", params)[0][0]
        return self._fetch(f"SELECT COUNT(*) FROM ({sql} LIMIT %s)", [*params, up_to])[0][0]

    def _chosen(self, up_to=None):
        """The strictest tier that finds anything in the queryset, with its count (up to `up_to`: the
        search page counts no further than it shows, and choosing a tier needs one match); cached on the
        compiler, which a search's count and its page slices share, so both use the same tier.

        FTS5 first counts the loosest tier's hits on their own (a few ms, no join): every stricter tier
        finds a subset of them, so none means nothing to search, and their number decides how the
        queryset is applied to every tier (`probe`)."""
        up_to = None if up_to is None else max(up_to, 1)  # a tier is chosen by whether it finds one
        chosen = getattr(self, "_chosen_tier", None)
        if chosen is not None and (chosen.negated or chosen.count == 0 or chosen.answers(up_to)):
            return chosen
        if chosen is not None:  # the same tier, counted further
            count = self._count(*self._hits_sql("1", chosen.match, chosen.probe), up_to)
            self._chosen_tier = chosen._replace(count=count, up_to=up_to)
            return self._chosen_tier
        query, negated = self.query, False
        if isinstance(query, Not):
            query, negated = query.subquery, True
        matches = match_expressions(query, prefix_last=self.LAST_TERM_IS_PREFIX, names=glossary_names())
        if negated:  # NOT: everything the loosest tier does not match (counted by matching_queryset)
            self._chosen_tier = Chosen(matches[-1] if matches else None, True)
            return self._chosen_tier
        self._chosen_tier = Chosen(matches[-1] if matches else None, False, count=0)
        if not matches:  # only punctuation or operators: nothing to search for
            return self._chosen_tier
        hits_sql = f"SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        hits = self._count(hits_sql, [self._match_param(matches[-1])], PROBE_EACH_UP_TO + 1)
        if not hits:
            return self._chosen_tier
        probe = "each" if hits <= PROBE_EACH_UP_TO else "all"
        for match in matches:
            count = self._count(*self._hits_sql("1", match, probe), up_to)
            if count:
                self._chosen_tier = Chosen(match, False, count, probe, up_to)
                break
        return self._chosen_tier

    def _object_ids_sql(self, match):
        """The matching object ids (whatever the queryset), for a `pk__in` sub-select."""
        return self._hits_sql(self._object_id, match)

    @property
    def _object_id(self):
        """The hit's object id as the model's primary key compares and sorts: index entries store it as text."""
        integer = self.queryset.model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField", "IntegerField")
        return f"CAST({HIT}.object_id AS INTEGER)" if integer else f"{HIT}.object_id"

    def matching_queryset(self):
        """The caller's queryset narrowed to the matches (in its own order, not by relevance)."""
        if isinstance(self.query, MatchAll):
            return self.queryset
        match, negated = self._chosen(up_to=1)[:2]
        if match is None:  # nothing searchable: nothing matches (NOT nothing: everything)
            return self.queryset if negated else self.queryset.none()
        lookup = RawSQL(*self._object_ids_sql(match))
        return self.queryset.exclude(pk__in=lookup) if negated else self.queryset.filter(pk__in=lookup)

    def search(self, config, start, stop, score_field=None):
        if isinstance(self.query, MatchAll) or not self.order_by_relevance or self._chosen(up_to=1).negated:
            return list(self.matching_queryset()[start:stop])
        chosen = self._chosen(up_to=1)
        if not chosen.count:
            return []
        # bm25 is lower for better matches; ties go to the newer object, as the page listing does.
        tie = f"{self._object_id} DESC"
        select = f"{HIT}.object_id, bm25({FTS_TABLE}, {BM25_WEIGHTS}) AS score"
        sql, params = self._hits_sql(select, chosen.match, chosen.probe)
        limit = -1 if stop is None else max(0, stop - start)
        rows = self._fetch(f"{sql} ORDER BY score, {tie} LIMIT %s OFFSET %s", [*params, limit, start])
        to_pk = self.queryset.model._meta.pk.to_python
        window = [(to_pk(object_id), score) for object_id, score in rows]
        objects = self.queryset.in_bulk([pk for pk, _score in window])
        results = []
        for pk, score in window:
            obj = objects.get(pk)
            if obj is None:  # deleted between the two queries
                continue
            if score_field:
                setattr(obj, score_field, -score)  # bm25 is negative; higher means better to callers
            results.append(obj)
        return results

    def count(self, up_to=None):
        """The number of matches, or `up_to` when there are at least that many (None: count them all)."""
        if up_to is not None and up_to <= 0:
            return 0
        if isinstance(self.query, (MatchAll, Not)):  # NOT: counted by matching_queryset, no tier count
            matching = self.matching_queryset()
            return matching.count() if up_to is None else matching[:up_to].count()
        return min(self._chosen(up_to).count, float("inf") if up_to is None else up_to)


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
        # A slice counts no further than its end: `results[:1001].count()` stops at 1,001 matches.
        return max(0, self.query_compiler.count(up_to=self.stop) - self.start)

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
