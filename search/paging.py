"""Pages of search results, counted no further than a reader can page.

Counting every match of a word found in most pages is most of a broad search's cost on a large site
(50–55 ms of about 80 for 中国 at 50,000 documents on PostgreSQL), and nobody pages past the hundredth
page. So the search page counts at most COUNTED_UP_TO + 1 matches: past COUNTED_UP_TO it says "more
than 1,000 results" and offers the first COUNTED_UP_TO. The backends (search.backends) stop counting
at a slice's end: `results[:1001].count()` reads at most 1,001 matches.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Equal to the PostgreSQL backend's exact-ranking bound (search.backends.rum.EXACT_UP_TO), so the page's
# count also tells that backend which order serves the query, without a probe of its own.
COUNTED_UP_TO = 1000


class CountedUpToPaginator(Paginator):
    """A paginator over at most `counted_up_to` objects; `more` says whether there are more."""

    def __init__(self, object_list, per_page, counted_up_to=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.counted_up_to = COUNTED_UP_TO if counted_up_to is None else counted_up_to
        self.more = False

    @cached_property
    def count(self):
        # Pages are sliced within the count (Paginator.page), so never past the objects counted.
        count, self.more = count_up_to(self.object_list, self.counted_up_to)
        return count


def count_up_to(results, up_to=None) -> tuple[int, bool]:
    """(matches counted, at most `up_to` (COUNTED_UP_TO by default); whether there are more)."""
    up_to = COUNTED_UP_TO if up_to is None else up_to
    counted = results[: up_to + 1].count()
    return min(counted, up_to), counted > up_to
