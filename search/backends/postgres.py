"""PostgreSQL full-text search with Chinese segmentation; English keeps PostgreSQL's own stemming.

Chinese runs are indexed as bigram streams and marked words (see search.segmentation) and queried as
tsquery phrases (广州 <-> 州成) with the words a strict match needs; Latin words go through to_tsquery with
the configured text-search config ('english' by default), so "exchanges" finds "exchanged". A GIN index
on title || body (migration 0001 of this app) serves the `@@` match.

A query is searched in tiers (search.plan): the strict tsquery first, the loose one only when the strict
one matches nothing in the searched queryset (one EXISTS query, made once per compiler, so search and
count agree).

With the optional RUM index (migration 0008, when the server has the `rum` extension) the matches and
their count come from the index, and a query with more than 1,000 matches shows first the index's best
100 by RUM's distance, in ts_rank order: see search.backends.rum.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Value
from django.db.models.sql.subqueries import InsertQuery
from modelsearch.backends.database.postgres import postgres as upstream
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from search.backends import rum
from search.backends.indexing import indexers_for, segmenting_indexer
from search.names import glossary_names
from search.plan import NEAR_WINDOW, tiers

IndexEntry = upstream.IndexEntry
# ts_rank's normalization flag: 1 divides the rank by 1 + the logarithm of the document's length.
RANK_NORMALIZATION = 1


class ChinesePostgresIndex(upstream.PostgresIndex):
    """modelsearch's index with segmented text, whose new entries get their title_norm as they are written.

    modelsearch writes each entry with title_norm 1.0, then sets it (the average title length over the
    length of the entry's title) with an UPDATE of every new entry. That UPDATE writes a new version of
    each row, and the row's title and body again into every text index (the GIN indexes and, with
    migration 0008, RUM): about half of the indexing time with RUM. Here the INSERT computes the same
    value (the same average, over the table as it is after the insert), and modelsearch's refresh that
    follows finds only what it would have changed anyway: older entries whose title_norm is exactly 1.0.
    """

    indexer = segmenting_indexer(upstream.ObjectIndexer)

    def add_items(self, model, objs):
        indexers = indexers_for(self, model, objs)
        if not indexers:
            return
        sql, params = self._insert_sql(get_content_type_pk(model), indexers)
        with self.write_connection.cursor() as cursor:
            cursor.execute(sql, params)
        self._refresh_title_norms()

    def _insert_sql(self, content_type_pk, indexers):
        """modelsearch's upsert of the entries (PostgresIndex.add_items), with title_norm computed as its
        _refresh_title_norms would: AVG(length(title)) over the entries with a title, taken over the table
        after the upsert (the other entries and the new versions of these), divided by the entry's
        length(title); 1.0 when the title is empty. The average is read as float8 before dividing, as
        modelsearch reads it into a Python float and sends it back (both round the same numeric)."""
        compiler = InsertQuery(IndexEntry).get_compiler(connection=self.write_connection)
        rows, params = [], []
        for indexer in indexers:
            params += [content_type_pk, indexer.id]
            vectors = []
            for column in ("title", "autocomplete", "body"):
                value = compiler.prepare_value(IndexEntry._meta.get_field(column), getattr(indexer, column))
                vector_sql, vector_params = value.as_sql(compiler, self.write_connection)
                vectors.append(vector_sql)
                params += vector_params
            params += [indexer.title_text, indexer.body_text]
            rows.append(f"(%s, %s, {', '.join(vectors)}, %s, %s)")
        table = IndexEntry._meta.db_table
        columns = "content_type_id, object_id, title, autocomplete, body, title_text, body_text"
        sql = f"""
            WITH new_entries ({columns}) AS MATERIALIZED (
                SELECT content_type_id::integer, object_id::text, title, autocomplete, body,
                       title_text::text, body_text::text
                FROM (VALUES {", ".join(rows)}) AS v ({columns})
            ),
            average AS (
                SELECT AVG(title_length)::float8 AS title_length FROM (
                    SELECT length(entry.title) AS title_length FROM {table} entry
                    WHERE length(entry.title) > 0 AND NOT EXISTS (
                        SELECT FROM new_entries new
                        WHERE new.content_type_id = entry.content_type_id AND new.object_id = entry.object_id
                    )
                    UNION ALL
                    SELECT length(title) FROM new_entries WHERE length(title) > 0
                ) AS lengths
            )
            INSERT INTO {table} ({columns}, title_norm)
            SELECT new_entries.*,
                   CASE WHEN length(title) > 0 AND {self._exact_norms()} THEN {self._norm_sql()} ELSE 1.0 END
            FROM new_entries, average
            ON CONFLICT (content_type_id, object_id)
            DO UPDATE SET title = EXCLUDED.title,
                          title_norm = EXCLUDED.title_norm,
                          autocomplete = EXCLUDED.autocomplete,
                          body = EXCLUDED.body,
                          title_text = EXCLUDED.title_text,
                          body_text = EXCLUDED.body_text
        """
        return sql, params

    def _server_side_binding(self):
        return bool(self.write_connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"))

    def _norm_sql(self):
        """The average title length over length(title), computed as modelsearch's UPDATE computes it.

        modelsearch reads the average into a Python float and sends it back as a parameter: with Django's
        default client-side binding psycopg writes the float's shortest repr into the SQL, a numeric
        literal, so the division is numeric (rounded to 20 digits, then stored as float8); with server-side
        binding the parameter is a float8 and so is the division. float8 as text is that same shortest
        repr (PostgreSQL 12+ with extra_float_digits >= 1: _exact_norms)."""
        if self._server_side_binding():
            return "average.title_length / length(title)"
        return "(average.title_length::text::numeric / length(title))::float8"

    def _exact_norms(self):
        """SQL true when _norm_sql gives modelsearch's value; otherwise new entries keep 1.0 and
        modelsearch's refresh updates them as it always did."""
        if self._server_side_binding():
            return "true"
        return (
            "current_setting('extra_float_digits')::integer >= 1"
            " AND current_setting('server_version_num')::integer >= 120000"
        )


def quote(token: str) -> str:
    """A tsquery operand: quoted, so that operators and punctuation inside it are plain text."""
    return "'" + token.replace("'", "''").replace("\\", "\\\\") + "'"


def _phrase(term) -> str:
    operands = [quote(token) for token in term.tokens]
    if term.prefix:
        operands[-1] += ":*"
    return operands[0] if len(operands) == 1 else "(" + " <-> ".join(operands) + ")"


def _near(first, second, window) -> str:
    a, b = quote(first.text), quote(second.text)
    pairs = [f"{x} <{k}> {y}" for k in range(1, window + 1) for x, y in ((a, b), (b, a))]
    return "(" + " | ".join(pairs) + ")"


def tier_tsquery(tier) -> str:
    """A raw tsquery string for one tier of a query (search.plan); to_tsquery applies the config."""
    groups = []
    for group in tier.groups:
        alternatives = []
        for alternative in group.alternatives:
            operands = []
            for term in alternative:
                operands.append(_phrase(term))
                operands += [quote(word) for word in tier.required_words(term)]
            alternatives.append("(" + " & ".join(operands) + ")")
        groups.append("(" + " | ".join(alternatives) + ")")
    expression = (" | " if tier.operator == "or" else " & ").join(groups)
    near = tier.near_words
    if tier.proximity == "phrase":
        expression += " & (" + " <-> ".join(quote(term.text) for term in near) + ")"
    else:
        # SQLite's NEAR(a b c, 16) lets three words span 16 tokens in all; each neighbouring pair gets the
        # same window here, so both databases find the same pages ("vocational education … financing").
        window = NEAR_WINDOW * (len(near) - 1)
        for first, second in zip(near, near[1:], strict=False):
            expression += " & " + _near(first, second, window)
    return expression


class ChinesePostgresQueryMixin:
    def _tsqueries(self, query):
        operator = getattr(query, "operator", "and")
        return [
            tier_tsquery(tier)
            for tier in tiers(query.query_string, operator, glossary_names(), prefix_last=self.LAST_TERM_IS_PREFIX)
        ]

    def _matches_any(self, search_query):
        vectors = [vector for vector, _boost in self.get_search_vectors(search_query)]
        combined = vectors[0]
        for vector in vectors[1:]:
            combined = combined._combine(vector, "||", False)
        return self.queryset.annotate(_vector_=combined).filter(_vector_=search_query).exists()

    def _chosen_tsquery(self, query, config, invert):
        """The strict tier's tsquery if it matches anything in the queryset, else the loose one's."""
        cache = self.__dict__.setdefault("_chosen_tsqueries", {})
        key = (query.query_string, getattr(query, "operator", "and"), str(config), invert)
        if key not in cache:
            candidates = self._tsqueries(query)
            if not candidates:
                cache[key] = None
            elif invert:
                cache[key] = f"!({candidates[-1]})"
            else:
                cache[key] = candidates[-1]
                for raw in candidates[:-1]:
                    if self._matches_any(SearchQuery(raw, search_type="raw", config=config)):
                        cache[key] = raw
                        break
        return cache[key]

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        """ts_rank divided by 1 + log(document length) (normalization 1), as bm25 does on SQLite: without it a
        long page that says the words many times outranks the short page about them."""
        if isinstance(query, (PlainText, Phrase)):
            rank = SearchRank(
                vector,
                self.build_tsquery(query, config=config),
                weights=self.sql_weights,
                normalization=Value(RANK_NORMALIZATION),
            )
            return rank * boost if boost != 1.0 else rank
        return super().build_tsrank(vector, query, config=config, boost=boost)

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, (PlainText, Phrase)):
            raw = self._chosen_tsquery(query, config, invert)
            # Nothing searchable (only punctuation or operators): a query that matches nothing.
            return SearchQuery(raw or "", search_type="raw", config=config)
        return super().build_tsquery_content(query, config=config, invert=invert)


class ChinesePostgresQueryCompiler(ChinesePostgresQueryMixin, upstream.PostgresSearchQueryCompiler):
    def rum_query(self, config):
        """The tsquery, when the RUM index serves this search (over the index entries), else None."""
        if self.fields is None and isinstance(self.query, (PlainText, Phrase)) and rum.available(self.queryset.db):
            return self.build_tsquery(self.query, config=config)
        return None

    def search(self, config, start, stop, score_field=None, backend=None):
        search_query = self.rum_query(config) if self.order_by_relevance else None
        if search_query is None:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        rank = self._build_rank_expression(self.get_search_vectors(search_query), config)
        entry_rank = self._build_rank_expression(rum.entry_vectors(), config)  # the same, on the index entries
        queryset = self.queryset.annotate(**{score_field: rank}) if score_field else self.queryset
        total = getattr(self, "_rum_total", None)  # counted already by the results (the search page counts first)
        return rum.ranked(queryset, search_query, entry_rank, rank, start, stop, total)


class ChinesePostgresAutocompleteQueryCompiler(ChinesePostgresQueryMixin, upstream.PostgresAutocompleteQueryCompiler):
    pass


class ChinesePostgresSearchResults(upstream.PostgresSearchResults):
    """With the RUM index the count starts from the index entries too (search.backends.rum)."""

    def _rum_query(self):
        compiler = self.query_compiler
        if isinstance(compiler, ChinesePostgresQueryCompiler):  # not autocomplete
            return compiler.rum_query(compiler.get_config(self.backend))
        return None

    def _do_count(self):
        search_query = self._rum_query()
        if search_query is None and self.stop is None:
            return super()._do_count()
        if search_query is None:
            # modelsearch counts a slice of the ranked queryset: every match ranked to count 1,001.
            compiler = self.query_compiler
            matches = compiler.search(compiler.get_config(self.backend), 0, None, backend=self.backend)
            return max(0, matches.order_by()[: self.stop].count() - self.start)
        compiler = self.query_compiler
        entries = rum.matching_entries(compiler.queryset, search_query)
        # A slice counts no further than its end: `results[:1001].count()` stops at 1,001 matches.
        total = entries.count() if self.stop is None else entries[: self.stop].count()
        if self.stop is None or total < self.stop or total > rum.EXACT_UP_TO:
            # Kept on the compiler, which the results' slices share: their search then knows whether to
            # rank every match (the total, or a lower bound past EXACT_UP_TO, is all it needs).
            compiler._rum_total = total
        stop = total if self.stop is None else min(total, self.stop)
        return max(0, stop - self.start)


class ChinesePostgresSearchBackend(upstream.PostgresSearchBackend):
    results_class = ChinesePostgresSearchResults
    query_compiler_class = ChinesePostgresQueryCompiler
    autocomplete_query_compiler_class = ChinesePostgresAutocompleteQueryCompiler
    index_class = ChinesePostgresIndex
