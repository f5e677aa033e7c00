"""The index side of search.segmentation as it was before it was made faster (commit d2424cc), kept
verbatim as the specification of its output: tests/search/test_index_text_identity.py checks that
`search.segmentation.index_text` gives byte for byte what this gives. The dictionary and the cutter are
the module's own (their output is what they read from jieba)."""

import math
import re
from functools import lru_cache

from search.segmentation import NAME_SUFFIXES, SEPARATOR, WORD_MARK, _dictionary, cut

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=100_000)
def parts(word: str) -> tuple[str, ...]:
    if len(word) < 3:
        return ()
    frequencies, log_total, names = _dictionary()
    n = len(word)
    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        candidates = []
        for j in range(i + 1, n + 1):
            if (i, j) == (0, n):
                continue
            piece = word[i:j]
            count = frequencies.get(piece)
            if count or j == i + 1:
                candidates.append((math.log(count or 1) - log_total + best[j][0], j))
        best[i] = max(candidates)
    pieces, i = [], 0
    while i < n:
        pieces.append(word[i : best[i][1]])
        i = best[i][1]
    pieces = [piece for piece in pieces if len(piece) > 1]
    if n == 3 and word not in names and word[-1] not in NAME_SUFFIXES and not names.intersection(pieces):
        return ()
    return tuple(found for piece in pieces for found in (piece, *parts(piece)))


def bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def words(run: str) -> list[str]:
    found = []
    for word in cut(run):
        if len(word) > 1:
            found.append(word)
            found.extend(parts(word))
    return found


def index_text(text: str) -> str:
    if not text or not CJK_RUN.search(text):
        return text
    found_words: list[str] = []

    def replace(match: re.Match) -> str:
        run = match.group(0)
        found_words.extend(words(run))
        return " " + " ".join(bigrams(run)) + " "

    rewritten = CJK_RUN.sub(replace, text)
    if not found_words:
        return rewritten
    return f"{rewritten} {SEPARATOR} " + " ".join(word + WORD_MARK for word in found_words)
