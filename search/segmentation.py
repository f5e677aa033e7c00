"""Chinese-aware text for the database's full-text search, on the index side and the query side.

SQLite FTS5 and PostgreSQL both read a run of Chinese characters as one token, so 广州 is never found
inside 全国首个中外人文交流教育创新区在广州成立. Here every Chinese run becomes:

- its overlapping bigrams, in order (广州成立 -> 广州 州成 成立 立) plus its last character, so that any
  substring of two or more characters is a *phrase* of consecutive bigrams and any single character is
  the first character of some token. This finds every occurrence of the characters, words or not;
- then, after all the bigram streams, the run's *words* as marked tokens (广州 -> 广州x): jieba's precise
  segmentation, and inside a compound the words it is made of (广州市 -> 广州, 营养成分 -> 成分,
  北京林业大学 -> 北京 林业 大学), so a word inside a longer name counts, while 中国 inside
  发展中国家 (发展中 + 国家) or 确实 inside 的确实在 never becomes a word.

A query's Chinese run is the bigram phrase plus its words (`Term.words`): a *strict* match needs both, a
*loose* match only the phrase. The backends search strict first and fall back to loose only when no
document has the words (see search.plan).

Latin text, numbers and punctuation pass through untouched: the database's own tokenizer (and on
PostgreSQL its English stemmer) handles them. Only the Chinese runs are rewritten.
"""

from __future__ import annotations

import importlib.util
import logging
import marshal
import math
import os
import re
import tempfile
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import add
from pathlib import Path

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# What a query term may keep outside Chinese runs: letters, digits and joiners the tokenizers split on.
LATIN_WORD = re.compile(r"[^\W_]+(?:[.'’\-][^\W_]+)*", re.UNICODE)
MAX_QUERY_TERMS = 32
# Word tokens end in a Latin letter no bigram has and no stemmer touches: 广州 (bigram) vs 广州x (word).
WORD_MARK = "x"
# Ends the last bigram phrase of the index text; no query produces it.
SEPARATOR = "\u2016"

logger = logging.getLogger(__name__)


@cache
def _cutter():
    """rjieba (jieba-rs, about 16x faster) when installed; jieba otherwise. Both use jieba's dictionary and
    give the same words on our judged sets and source texts (tests/search/test_segmentation.py)."""
    try:
        import rjieba

        return rjieba.cut
    except ImportError:  # pragma: no cover - exercised by the fallback test with the import blocked
        logger.info("rjieba is not installed; segmenting Chinese with jieba (slower, same words)")
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        return jieba.lcut


def cut(run: str) -> list[str]:
    """jieba's precise segmentation (with its HMM for words it does not know, such as names)."""
    return _cutter()(run)


# Three-character words split only when they name a place or a body (广州市, 黄埔区, 联合国, 教育局) or
# contain one (港澳台, 亚运会): 交流电, 研究生 and 夏令营 are words of their own, not 交流, 研究 or 夏令
# with a suffix. Tags from jieba's dictionary: places, organizations, abbreviations (港澳, 亚运).
NAME_TAGS = {"ns", "nt", "j"}
NAME_SUFFIXES = set("省市区县镇乡村州局部厅委办署处院校馆会所站团社组")


@cache
def _dictionary() -> tuple[dict[str, int], float, frozenset[str]]:
    """jieba's dictionary read once per process from its dict.txt: word -> count, the log of the total
    count, and the place and organization names. Parsing takes about 0.4 s, so the result is kept in a
    cache file (about 0.1 s to read) that the next process reuses while dict.txt is unchanged."""
    # Where jieba is, without importing it (about 0.1 s, and rjieba does the cutting).
    path = Path(importlib.util.find_spec("jieba").origin).parent / "dict.txt"
    return _cached_dictionary(path) or _parse_dictionary(path)


def _parse_dictionary(path: Path) -> tuple[dict[str, int], float, frozenset[str]]:
    frequencies: dict[str, int] = {}
    names = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, count, tag = (line.rstrip("\n").split(" ") + ["", ""])[:3]
            frequencies[word] = int(count)
            if tag in NAME_TAGS:
                names.add(word)
    parsed = frequencies, math.log(sum(frequencies.values())), frozenset(names)
    _write_dictionary_cache(path, parsed)
    return parsed


# Bump when what _parse_dictionary returns changes: old cache files are then ignored.
DICTIONARY_CACHE_VERSION = 1


def _dictionary_cache_files(path: Path) -> list[Path]:
    """Where a parsed dictionary may be kept, best first: the user's cache directory, then the temporary
    directory. The name holds dict.txt's size and modification time, so an edited dictionary is parsed
    again, and the tags read (NAME_TAGS), so a change of them is too."""
    stat = path.stat()
    tags = "-".join(sorted(NAME_TAGS))
    name = f"jieba-dict-v{DICTIONARY_CACHE_VERSION}-{stat.st_size}-{stat.st_mtime_ns}-{tags}.marshal"
    user_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return [user_cache / "bilingual-cms" / name, Path(tempfile.gettempdir()) / f"bilingual-cms-{name}"]


def _cached_dictionary(path: Path):
    """The dictionary from a cache file, or None (no file, or one this code cannot read)."""
    for cache_file in _dictionary_cache_files(path):
        try:
            if hasattr(os, "getuid") and cache_file.stat().st_uid != os.getuid():
                continue  # the temporary directory is shared: only a file this user wrote is trusted
            frequencies, log_total, names = marshal.loads(cache_file.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            continue
        if isinstance(frequencies, dict) and isinstance(log_total, float) and isinstance(names, frozenset):
            return frequencies, log_total, names
    return None


def _write_dictionary_cache(path: Path, parsed) -> None:
    """Keep the parsed dictionary for the next process (written whole then renamed, so a reader never
    sees half a file); nowhere writable is fine, the next process parses again."""
    data = marshal.dumps(parsed)
    for cache_file in _dictionary_cache_files(path):
        partial = None
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=cache_file.parent, prefix=".partial-", delete=False) as partial:
                partial.write(data)
            os.replace(partial.name, cache_file)
            return
        except OSError:
            logger.debug("cannot write the dictionary cache %s", cache_file, exc_info=True)
            if partial is not None:
                Path(partial.name).unlink(missing_ok=True)


@lru_cache(maxsize=100_000)
def parts(word: str) -> tuple[str, ...]:
    """The words a compound is made of, recursively: 广州市 -> (广州,), 北京林业大学 -> (北京, 林业大学, 林业,
    大学). Words of four or more characters, and three-character names of places and bodies.

    jieba's most probable segmentation of the word with the word itself forbidden (its own dynamic
    programme over the dictionary), so a compound yields the words a reader sees in it: 发展中国家 is
    发展中 + 国家 (and 发展中 is 发展 + 中), never 中国.
    """
    if len(word) < 3:
        return ()
    frequencies, log_total, names = _dictionary()
    n = len(word)
    # best[i] = (log probability, end of the first word) of the best segmentation of word[i:]
    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        # A single character is always a candidate, known to the dictionary or not (count 1).
        count = frequencies.get(word[i])
        candidates = [(math.log(count or 1) - log_total + best[i + 1][0], i + 1)]
        for j in range(i + 2, n + 1 if i else n):  # the whole word (0, n) is forbidden
            count = frequencies.get(word[i:j])
            if count:
                candidates.append((math.log(count) - log_total + best[j][0], j))
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
    """广州成立 -> [广州, 州成, 成立, 立]: consecutive pairs, then the last character on its own."""
    if len(run) == 1:
        return [run]
    return [*map(add, run, run[1:]), run[-1]]


def words(run: str) -> list[str]:
    """The words of a Chinese run (two or more characters), each followed by the words it is made of."""
    return [found for word in cut(run) for found in _word_and_parts(word)]


@lru_cache(maxsize=100_000)
def _word_and_parts(word: str) -> tuple[str, ...]:
    """A word cut from a run with the words it is made of; () for a single character, which is no word."""
    return (word, *parts(word)) if len(word) > 1 else ()


@lru_cache(maxsize=100_000)
def _marked(word: str) -> str:
    """The index tokens of a word cut from a run (_word_and_parts, marked), space-separated. Cached: a
    text's words are mostly words seen before, and this keeps the per-word work of index_text in C."""
    return " ".join(found + WORD_MARK for found in _word_and_parts(word))


def _bigram_stream(run: str) -> str:
    """广州成立 -> ' 广州 州成 成立 立 ', the run's bigrams between spaces."""
    return " " + " ".join(bigrams(run)) + " "


# The Chinese runs of a text and what lies between them: CJK_RUN.split keeps runs at the odd positions.
CJK_RUN_SPLIT = re.compile(f"({CJK_RUN.pattern})")
# Joins a text's runs for one call of the cutter: jieba and rjieba cut each run of Chinese characters on
# its own and give this character back as a token of its own, which words() drops (a single character),
# so the words are those of each run cut alone (tests/search/test_index_text_identity.py).
RUN_JOINER = "\n"


def index_text(text: str) -> str:
    """Text to hand to the database's indexer: Chinese runs as bigram streams, their words marked at the end."""
    if not text or not CJK_RUN.search(text):
        return text
    pieces = CJK_RUN_SPLIT.split(text)
    runs = pieces[1::2]
    pieces[1::2] = map(_bigram_stream, runs)
    rewritten = "".join(pieces)
    marked_words = " ".join(filter(None, map(_marked, cut(RUN_JOINER.join(runs)))))
    if not marked_words:
        return rewritten
    return f"{rewritten} {SEPARATOR} {marked_words}"


@dataclass(frozen=True)
class Term:
    """One thing every result must contain.

    A Chinese term is a phrase of consecutive bigrams (or, for a single character, a prefix) and the
    marked words a strict match also needs; a Latin term is a word as typed (or, from the glossary, a
    phrase of words), left to the database's tokenizer and stemmer.
    """

    text: str
    chinese: bool = False
    prefix: bool = False
    words: tuple[str, ...] = ()
    typed: str = ""  # what the visitor typed, when it differs from text (a Chinese run, 368对)

    @property
    def tokens(self) -> list[str]:
        return self.text.split()

    @property
    def source(self) -> str:
        return self.typed or self.text

    @property
    def word_tokens(self) -> list[str]:
        return [word + WORD_MARK for word in self.words]


def chinese_term(run: str, number: str = "") -> Term:
    """A Chinese run as a bigram phrase with its words; a number typed right before it (368对, 2025年) is
    the phrase's first token, so 368对 does not find 3680名 or a 368 far from any 对."""
    if len(run) == 1:
        text, words = run, ()
    else:
        text = " ".join(run[i : i + 2] for i in range(len(run) - 1))
        words = tuple(dict.fromkeys(w for w in cut(run) if len(w) > 1))
    if number:
        text = f"{number} {text}"
    return Term(text, chinese=True, prefix=len(run) == 1, words=words, typed=number + run)


def query_terms(query: str) -> list[Term]:
    """Split what a visitor typed into terms: Chinese runs become bigram phrases, the rest plain words.

    Anything that is not a letter, a digit, a joiner inside a word or a Chinese character is dropped,
    so FTS operators, quotes, parentheses and SQL fragments reach the database only as plain words.
    """
    terms: list[Term] = []
    for chunk in query.replace("\x00", " ").split():
        position = 0
        for match in CJK_RUN.finditer(chunk):
            before = chunk[position : match.start()]
            latin = _latin_terms(before)
            number = latin.pop().text if latin and latin[-1].text.isdigit() and before.endswith(latin[-1].text) else ""
            terms += latin
            terms.append(chinese_term(match.group(0), number))
            position = match.end()
        terms += _latin_terms(chunk[position:])
    return list(dict.fromkeys(terms))[:MAX_QUERY_TERMS]


def _latin_terms(text: str) -> list[Term]:
    return [Term(word) for word in LATIN_WORD.findall(text)]
