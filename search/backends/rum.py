"""Relevance order from the optional RUM index on title || body (search migration 0008).

RUM keeps each word's positions in the index, so `(title || body) <=> query` orders the matches inside
the index, and a page reads a few entries from the table where ts_rank read the vectors of every match
(20,000 for a common word at 50,000 documents, about 300 ms). Phrases (a <-> b) are matched in the index
too, without re-reading each candidate's vector.

RUM's order is not the backend's: it scores like ts_rank_cd (how close the query's words stand) with
fixed weights (A=1, B=0.4, C=0.2, D=0.1; modelsearch gives ts_rank D=C=0.01, B=0.21, A=1), and it cannot
divide by the document's length (the index holds the query words' positions, not the length) nor apply
modelsearch's title_norm: a long page that says a word many times comes before a short page about it.
Equal distances are common (a word said three times scores the same on every page that says it three
times), come in no fixed order, and a tie-break in the ORDER BY stops the planner from taking the order
from the index. So the index gives the first WINDOW matches, and those are put in the backend's ts_rank
order with its tie-break (search.backends.postgres). Results past the window are the other matches in
that order, ranked from the index entries (`ranked_keys`).

RUM's first hundred are not ts_rank's: at 5,000 and 50,000 synthetic documents they held on average 5.6
and 4.7 of ts_rank's first ten (benchmarks/rum_ranking.py). So up to EXACT_UP_TO matches, where ranking
every match costs a few milliseconds, every match is ranked the backend's way and the order is exactly
what it is without the index; the index's order serves only queries with more matches than that.

The index serves the order only if the query starts from the index entries: modelsearch joins them to
the searched model on `object_id = pk::varchar`, which no index serves from the entries' side, so the
planner would rank every match and sort. Here the window comes from the entries, in the index's order,
kept to those the searched queryset holds (a primary-key lookup each).
"""

from django.db import connections
from django.db.models import Exists, F, FloatField, Func, OuterRef
from django.db.models.functions import Cast
from django.db.models.lookups import In
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks

INDEX = "search_indexentry_title_body_rum"

# (alias, database name) -> whether the index exists; asked once per process and database.
_available: dict[tuple[str, str], bool] = {}


def available(alias: str) -> bool:
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return False
    key = (alias, connection.settings_dict["NAME"])
    if key not in _available:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [INDEX])
            _available[key] = cursor.fetchone()[0]
    return _available[key]


class Distance(Func):
    """RUM's `vector <=> query`: 1 / RUM's score, smallest first."""

    arg_joiner = " <=> "
    template = "(%(expressions)s)"
    output_field = FloatField()


def _pk_field(model):
    field = model._meta.pk
    while field.is_relation:  # a Page subclass's pk is its page_ptr
        field = field.target_field
    return field


def _vector():
    return F("title")._combine(F("body"), "||", False)


def matching_entries(queryset, search_query):
    """The index entries of the queryset's objects that match, with their object's pk as `_object_pk_`.

    Counting these is also quicker than modelsearch's count, which joins every object of the queryset to
    its entry (a hash join over the whole table: 20-40 ms at 50,000 documents even for 600 matches);
    here each match looks its object up by primary key."""
    return (
        get_app_config()
        .get_model("IndexEntry")
        ._default_manager.using(queryset.db)
        .filter(content_type_id__in=get_descendants_content_types_pks(queryset.model))
        .annotate(_vector_=_vector(), _object_pk_=Cast("object_id", _pk_field(queryset.model)))
        .filter(_vector_=search_query)
        .filter(Exists(queryset.order_by().filter(pk=OuterRef("_object_pk_"))))
    )


# The first matches in RUM's order, ranked by the backend's ts_rank: the first 10 pages of 10.
WINDOW = 100
# Up to this many matches, every match is ranked by ts_rank (reading each one's vector: about 10 ms).
EXACT_UP_TO = 1000


def more_than(queryset, search_query, n: int) -> bool:
    """Whether more than n of the queryset's objects match; reads at most n + 1 index entries."""
    return bool(matching_entries(queryset, search_query).values_list("pk", flat=True)[n : n + 1])


def first_matches(queryset, search_query):
    """The keys of the first WINDOW matches in RUM's order, as a subquery.

    The same SQL for every page, so the same plan and the same matches: equal distances come in no fixed
    order, and another query (another LIMIT or OFFSET) could take others among them."""
    entries = (
        matching_entries(queryset, search_query)
        .order_by(Distance(_vector(), search_query))  # the distance alone: see the module's docstring
        .values("_object_pk_")
    )
    return entries[:WINDOW]


def entry_vectors():
    """modelsearch's index vectors (title weighted by title_norm, body), read from the index entries."""
    return [(F("title"), F("title_norm")), (F("body"), 1.0)]


def ranked_keys(queryset, search_query, entry_rank):
    """The keys of every match, best first by `entry_rank` (the backend's rank computed on the entries).

    modelsearch ranks over its join of the searched table to the entries (on `object_id = pk::varchar`,
    served by no index), so PostgreSQL reads the whole searched table to rank a few hundred matches
    (36 ms for 880 matches among 25,000 pages at 50,000 documents); from the entries, each match looks
    its object up by primary key instead."""
    return (
        matching_entries(queryset, search_query)
        .annotate(_rank_=entry_rank)
        .order_by(F("_rank_").desc(), F("_object_pk_").desc())
        .values("_object_pk_")
    )


def in_rank_order(queryset, keys, rank):
    """The queryset's objects among `keys`, in the backend's order (rank descending, ties by key)."""
    return queryset.filter(pk__in=keys).order_by(rank.desc(), "-pk")


def ranked(queryset, search_query, entry_rank, rank, start, stop, total=None):
    """Matches start .. stop, best first (`total`: the number of matches when already counted, or a lower
    bound past EXACT_UP_TO).

    Up to EXACT_UP_TO matches, every match is ranked the backend's way (`rank` descending, ties by
    descending key; `entry_rank`, the same rank computed on the index entries, picks the page). Past it:
    the first WINDOW of RUM's order in that rank order, then the other matches in that order."""
    exact = total <= EXACT_UP_TO if total is not None else not more_than(queryset, search_query, EXACT_UP_TO)
    keys = ranked_keys(queryset, search_query, entry_rank)
    if exact:
        return in_rank_order(queryset, keys[start:stop], rank)
    first = first_matches(queryset, search_query)
    head = in_rank_order(queryset, first, rank)
    if stop is not None and stop <= WINDOW:
        return head[start:stop]  # one query: every page the search page links to first
    tail = keys.exclude(In(F("_object_pk_"), first))
    if start >= WINDOW:
        return in_rank_order(queryset, tail[start - WINDOW : None if stop is None else stop - WINDOW], rank)
    head = list(head[start:])
    if len(head) < WINDOW - start:
        return head  # fewer matches than WINDOW: none after them
    return head + list(in_rank_order(queryset, tail[: None if stop is None else stop - WINDOW], rank))
