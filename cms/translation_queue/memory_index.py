"""The source-language strings' comparison keys, kept in the process, for fuzzy memory lookups.

Reading every English string and normalizing it on each lookup cost about 0.8 s a segment at 10,000
stored translations (benchmarks/memory_lookup.py). wagtail-localize's `String` rows are content-addressed
(one row per locale and hash of the text) and their text never changes, so a key computed once for an id
stays right: the index reads only strings added since its last look (one query on the primary key, empty
when nothing was added) and scores the keys in C (rapidfuzz). Memory: about 200 bytes a string.

What the index does not know, the caller checks on the rows it reads afterwards: whether a string has
a translation into the wanted language, and the text itself (a string id reused after a rolled-back
transaction, which SQLite does, is caught there and the key corrected).
"""

from __future__ import annotations

import bisect
import math
import threading

from rapidfuzz import fuzz, process
from wagtail_localize.models import String

_lock = threading.Lock()
_indexes: dict[int, _LocaleIndex] = {}


class _LocaleIndex:
    def __init__(self):
        self.keys: dict[int, str] = {}  # string id → normalized text
        self.max_id = 0
        # The keys sorted by length, with their lengths and string ids alongside (a band is three slices).
        self.lengths: list[int] = []
        self.sorted_keys: list[str] = []
        self.ids: list[int] = []

    def add(self, rows, normalize) -> None:
        for string_id, data in rows:
            self.keys[string_id] = normalize(data)
            self.max_id = max(self.max_id, string_id)
        ordered = sorted((len(key), key, string_id) for string_id, key in self.keys.items() if key)
        self.lengths = [length for length, _key, _id in ordered]
        self.sorted_keys = [key for _length, key, _id in ordered]
        self.ids = [string_id for _length, _key, string_id in ordered]


def _index(locale_id: int, normalize) -> _LocaleIndex:
    with _lock:
        index = _indexes.setdefault(locale_id, _LocaleIndex())
        new = list(String.objects.filter(locale_id=locale_id, pk__gt=index.max_id).values_list("pk", "data"))
        if new:
            index.add(new, normalize)
        return index


def correct(locale_id: int, string_id: int, key: str) -> None:
    """The text read for `string_id` normalizes to `key`: keep that (a reused id)."""
    with _lock:
        index = _indexes.get(locale_id)
        if index is not None and index.keys.get(string_id) != key:
            index.add([(string_id, key)], lambda same: same)


def similar(locale_id: int, keys: list[str], ratio: float, threshold: int, normalize, per_key: int):
    """For each key, up to `per_key` (string id, score) of the locale's strings scoring `threshold` and up,
    best first, among those whose key length a token-sort ratio of `threshold` allows (`ratio`)."""
    index = _index(locale_id, normalize)
    found = []
    for key in keys:
        if not key:
            found.append([])
            continue
        low = bisect.bisect_left(index.lengths, math.ceil(len(key) * ratio))
        high = bisect.bisect_right(index.lengths, math.floor(len(key) / ratio))
        scored = process.extract(
            key, index.sorted_keys[low:high], scorer=fuzz.ratio, score_cutoff=threshold, limit=per_key
        )
        found.append([(index.ids[low + position], score) for _choice, score, position in scored])
    return found


def clear() -> None:
    """Forget every key (tests roll the database back; a worker never needs this)."""
    with _lock:
        _indexes.clear()
