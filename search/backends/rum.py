"""Relevance order from the optional RUM index on title || body (search migration 0008).

RUM keeps each word's positions in the index, so `(title || body) <=> query` ranks the matches inside
the index: a page of 10 results reads 10 index entries from the table, where ts_rank read the vectors of
every match (20,000 for a common word at 50,000 documents, about 300 ms).

The order differs from ts_rank's (search.backends.postgres): RUM scores like ts_rank_cd (cover density:
how close the query's words stand) with fixed weights A=1, B=0.4, C=0.2, D=0.1 where modelsearch gives
ts_rank D=C=0.01, B=0.21, A=1, and it cannot divide by the document's length (the index holds the query
words' positions, not the length) nor apply modelsearch's title_norm. A word said again counts less each
time (1/n² for the n-th), so a long page that repeats a word gains little over a page that says it a few
times. On the judged set (search/judged) both orders score the same (see the test of the floors).

The order is served by the index only if the query starts from the index entries: modelsearch joins them
to the searched model on `object_id = pk::varchar`, which no index serves from the entries' side, so the
planner ranks every match and sorts. Here the page's ids come from the entries, ordered by the index and
kept to those the searched queryset holds (a primary-key lookup each), and the page is read by those ids.
Equal distances are common (a word said three times scores the same on every page that says it three
times) and the index returns them in no fixed order, so `page` reads a page's last distance in full and
breaks the ties by primary key itself.
"""

from django.db import connections
from django.db.models import Exists, F, FloatField, Func, OuterRef, Value
from django.db.models.functions import Cast
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


def _vector(prefix=""):
    return F(f"{prefix}title")._combine(F(f"{prefix}body"), "||", False)


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


class Real(Func):
    """A distance as PostgreSQL's real: the index gives double precision, the function on the table's
    vector gives real, and ties must be the same whichever the planner used."""

    template = "(%(expressions)s)::real"
    output_field = FloatField()


# Matches read past the page's end at first, for the ties at its end (below); four times more each retry.
EXTRA = 90


def page(queryset, search_query, start, stop, score_field=None):
    """The queryset's matches for `search_query` from `start` to `stop`: by RUM's distance, ties by
    descending primary key (as modelsearch orders equal ranks).

    The index returns equal distances in no fixed order, and the planner may read a small result set
    without the index, so the page's last distance is read in full: matches are read in the index's
    order until the distance after the page's end changes, then sorted here. Two queries in all, mostly:
    those matches' keys, then the page's objects."""
    entries = (
        matching_entries(queryset, search_query)
        .annotate(_distance_=Real(Distance(_vector(), search_query)))
        .order_by(Distance(_vector(), search_query))
        .values_list("_object_pk_", "_distance_")
    )
    if stop is None:
        rows = list(entries)
    else:
        wanted = stop + EXTRA
        while True:
            rows = list(entries[:wanted])
            # Complete when the results ended, or a distance past the page's last one was read.
            if len(rows) < wanted or len(rows) > stop and rows[-1][1] > rows[stop - 1][1]:
                break
            wanted *= 4
        if len(rows) > stop:
            last = rows[stop - 1][1]
            rows = [row for row in rows if row[1] <= last]
    rows.sort(key=lambda row: row[0], reverse=True)
    rows.sort(key=lambda row: row[1])  # stable: equal distances keep the descending keys
    ids = [pk for pk, _distance in rows[start:stop]]
    if not ids:
        return []
    objects = queryset.filter(pk__in=ids)
    if score_field is not None:
        objects = objects.annotate(**{score_field: Value(1.0) / Distance(_vector("index_entries__"), search_query)})
    by_pk = {obj.pk: obj for obj in objects}
    return [by_pk[pk] for pk in ids if pk in by_pk]
