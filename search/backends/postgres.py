"""PostgreSQL full-text search with Chinese segmentation; English keeps PostgreSQL's own stemming.

Chinese runs are indexed as bigram streams (see search.segmentation) and queried as tsquery phrases
(广州 <-> 州成); Latin words go through to_tsquery with the configured text-search config ('english' by
default), so "exchanges" finds "exchanged". A GIN index on title || body (migration 0001 of this app)
serves the `@@` match.
"""

from django.contrib.postgres.search import SearchQuery
from modelsearch.backends.database.postgres import postgres as upstream
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.query import Phrase, PlainText

from search.backends.indexing import segmenting_indexer, with_indexer
from search.segmentation import query_terms


class ChinesePostgresIndex(upstream.PostgresIndex):
    add_items = with_indexer(upstream.PostgresIndex.add_items, upstream, segmenting_indexer(upstream.ObjectIndexer))


class PhraseLexeme(Lexeme):
    """A tsquery phrase of consecutive tokens: '教育' <-> '育创' <-> '创新'."""

    def as_sql(self, compiler, connection):
        quoted = [f"'{token.replace(chr(39), chr(39) * 2).replace(chr(92), chr(92) * 2)}'" for token in self.value]
        suffix = ":*" if self.prefix else ""
        return "%s", [f"({' <-> '.join(quoted)}{suffix})"]


def lexemes_for(query_string, operator="and", prefix_last=False):
    terms = query_terms(query_string)
    if not terms:
        return None
    combined = None
    for index, term in enumerate(terms):
        prefix = term.prefix or (prefix_last and index == len(terms) - 1)
        lexeme = PhraseLexeme(term.tokens, prefix=prefix) if term.chinese else Lexeme(term.text, prefix=prefix)
        if combined is None:
            combined = lexeme
        elif operator.lower() == "or":
            combined = combined | lexeme
        else:
            combined = combined & lexeme
    return combined


class ChinesePostgresQueryMixin:
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, (PlainText, Phrase)):
            lexemes = lexemes_for(
                query.query_string, getattr(query, "operator", "and"), prefix_last=self.LAST_TERM_IS_PREFIX
            )
            if lexemes is None:
                # Nothing searchable (only punctuation or operators): a query that matches nothing.
                return SearchQuery("", search_type="raw", config=config)
            search_query = SearchQuery(lexemes, search_type="raw", config=config)
            return ~search_query if invert else search_query
        return super().build_tsquery_content(query, config=config, invert=invert)


class ChinesePostgresQueryCompiler(ChinesePostgresQueryMixin, upstream.PostgresSearchQueryCompiler):
    pass


class ChinesePostgresAutocompleteQueryCompiler(ChinesePostgresQueryMixin, upstream.PostgresAutocompleteQueryCompiler):
    pass


class ChinesePostgresSearchBackend(upstream.PostgresSearchBackend):
    query_compiler_class = ChinesePostgresQueryCompiler
    autocomplete_query_compiler_class = ChinesePostgresAutocompleteQueryCompiler
    index_class = ChinesePostgresIndex
