"""Chinese-aware text for the database's full-text search, on the index side and the query side.

SQLite FTS5 and PostgreSQL both read a run of Chinese characters as one token, so 广州 is never found
inside 全国首个中外人文交流教育创新区在广州成立. Here every Chinese run becomes:

- its overlapping bigrams, in order (广州成立 -> 广州 州成 成立) plus its last character, so that any
  substring of two or more characters is a *phrase* of consecutive bigrams and any single character is
  the first character of some token. This is what finds words jieba does not know (names such as 蒋隽)
  and words jieba splits the other way (的确实在 -> 的/确实/在, yet 实在 is there): recall first;
- then, after all the bigram streams, the run's jieba words of two or more characters. They repeat the
  bigrams that are real words, so BM25 ranks a page where 中国 is a word above one where the characters
  only meet inside 发展中国家.

Latin text, numbers and punctuation pass through untouched: the database's own tokenizer (and on
PostgreSQL its English stemmer) handles them. Only the Chinese runs are rewritten.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# What a query term may keep outside Chinese runs: letters, digits and joiners the tokenizers split on.
LATIN_WORD = re.compile(r"[^\W_]+(?:[.'’\-][^\W_]+)*", re.UNICODE)
MAX_QUERY_TERMS = 32


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def bigrams(run: str) -> list[str]:
    """广州成立 -> [广州, 州成, 成立, 立]: consecutive pairs, then the last character on its own."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def words(run: str) -> list[str]:
    """jieba's precise segmentation of a Chinese run, words of two or more characters."""
    return [w for w in _jieba().lcut(run, HMM=True) if len(w) > 1 and CJK_RUN.fullmatch(w)]


def index_text(text: str) -> str:
    """Text to hand to the database's indexer: Chinese runs as bigram streams, their words at the end."""
    if not text or not CJK_RUN.search(text):
        return text
    found_words: list[str] = []

    def replace(match: re.Match) -> str:
        run = match.group(0)
        found_words.extend(words(run))
        return " " + " ".join(bigrams(run)) + " "

    rewritten = CJK_RUN.sub(replace, text)
    # The words go twice: a page where the query is a real word outranks one where its characters only
    # meet across or inside other words. A separator no query produces ends the last bigram phrase.
    listed = " ".join(found_words)
    return f"{rewritten} \u2016 {listed} {listed}" if found_words else rewritten


@dataclass(frozen=True)
class Term:
    """One thing every result must contain.

    A Chinese term is a phrase of consecutive bigrams (or, for a single character, a prefix); a Latin
    term is a word as typed, left to the database's tokenizer and stemmer.
    """

    text: str
    chinese: bool = False
    prefix: bool = False

    @property
    def tokens(self) -> list[str]:
        return self.text.split()


def query_terms(query: str) -> list[Term]:
    """Split what a visitor typed into terms: Chinese runs become bigram phrases, the rest plain words.

    Anything that is not a letter, a digit, a joiner inside a word or a Chinese character is dropped,
    so FTS operators, quotes, parentheses and SQL fragments reach the database only as plain words.
    """
    terms: list[Term] = []
    for chunk in query.replace("\x00", " ").split():
        position = 0
        for match in CJK_RUN.finditer(chunk):
            terms += _latin_terms(chunk[position : match.start()])
            run = match.group(0)
            if len(run) == 1:
                terms.append(Term(run, chinese=True, prefix=True))
            else:
                terms.append(Term(" ".join(run[i : i + 2] for i in range(len(run) - 1)), chinese=True))
            position = match.end()
        terms += _latin_terms(chunk[position:])
    return list(dict.fromkeys(terms))[:MAX_QUERY_TERMS]


def _latin_terms(text: str) -> list[Term]:
    return [Term(word) for word in LATIN_WORD.findall(text)]
