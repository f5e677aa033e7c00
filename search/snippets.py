"""Result snippets with the matched words marked, for Chinese and English alike (docs/search.md).

- A page's text is read as separate *passages*: the summary (or intro), then each paragraph, heading,
  list item, quotation or caption of the body. Passages are never run together, so a short name and a
  summary never read as one sentence ("CIYEC Builds long-term …").
- The snippet comes from the passage that contains the most of the query's words (the summary first on
  a tie), never from bylines, credits, addresses or topics: those are *reasons*, shown on their own line
  ("Matched in the credits: …", "Matched: topic …") when the page's visible text has no match.
- A passage longer than the budget is cut at a sentence, then a clause (Chinese and Latin punctuation),
  then a word boundary (spaces; jieba's words inside a Chinese run), with "…" where text was left out.
- Text is unescaped once after its tags are stripped and escaped once when marked: "Animation&Game"
  reads as such, not "Animation&amp;amp;Game".
- Every matched word is marked: Chinese runs as typed, Latin words as word starts (exchange marks
  exchanges), and the other forms of a glossary name the query typed (广州 marks Guangzhou).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from search.segmentation import CJK_RUN, LATIN_WORD, cut

# Display width of a snippet, in columns: a Chinese character is two, so about 90 Chinese characters or
# 180 Latin ones; at most LEAD columns of context before the first match.
BUDGET = 180
LEAD = 60
ELLIPSIS = "…"

# Fields whose text is prose, read in this order before the body; everything else searched is "meta".
PROSE_FIELDS = ("summary", "intro")
SENTENCE_END = re.compile(r"(?:[。！？!?]|\.(?=\s))[”’」』）)\"']*")
CLAUSE_END = re.compile(r"[，、；：,;:]")
CLAUSE_TRAIL = re.compile(r"[，、；：,;:\s]+$")
BLOCK_BREAK = re.compile(r"</(?:p|li|h[1-6]|blockquote|figcaption|dt|dd|div|caption|td|th)>|<br\s*/?>", re.I)
LATIN_BOUNDARY = r"(?<![0-9A-Za-z\u00c0-\u024f])"


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clean(fragment: str) -> str:
    """Rendered HTML (or plain text) as readable text: tags stripped, entities decoded once, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(strip_tags(fragment))).strip()


def html_passages(rendered: str) -> list[str]:
    return [text for part in BLOCK_BREAK.split(str(rendered)) if (text := clean(part))]


def prose_passages(page) -> list[str]:
    """The page's visible text, passage by passage: summary or intro first, then the body's blocks."""
    passages = []
    for name in PROSE_FIELDS:
        value = getattr(page, name, "")
        if isinstance(value, str) and value.strip():
            passages += html_passages(value)
    body = getattr(page, "body", None)
    if body is not None:
        for block in body:
            passages += html_passages(block.render())
    return passages


# --- What matched ------------------------------------------------------------------------------


# English endings stripped (twice at most, keeping four letters) so that a word marks the forms the
# database's stemmer (SQLite's porter, PostgreSQL's english) matched: education marks educators.
ENDINGS = ("ational", "ations", "ation", "ators", "ator", "ements", "ement", "ments", "ment", "ness", "ings", "ing")
ENDINGS += ("ions", "ion", "ities", "ity", "ives", "ive", "ies", "es", "ed", "ly", "al", "s")
SUFFIXES = sorted(ENDINGS, key=len, reverse=True)


def stem(word: str) -> str:
    word = word.casefold()
    for _round in range(2):
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


def _latin_piece(text: str) -> str:
    """A Latin word as a word start, stems tolerated (exchange marks exchanges); a phrase word by word."""
    words = LATIN_WORD.findall(text)
    if len(words) == 1:
        return rf"{LATIN_BOUNDARY}{re.escape(stem(words[0]))}\w*"
    return LATIN_BOUNDARY + r"[\W_]+".join(re.escape(word) for word in words) + r"\b"


def _pieces(text: str, chinese: bool) -> list[str]:
    if chinese:
        return [re.escape(text)]
    pieces = [re.escape(run) for run in CJK_RUN.findall(text)]
    latin = CJK_RUN.sub(" ", text)
    if LATIN_WORD.search(latin):
        pieces.append(_latin_piece(latin))
    return pieces


def _compile(pieces) -> re.Pattern | None:
    pieces = list(dict.fromkeys(pieces))
    if not pieces:
        return None
    return re.compile("|".join(sorted(pieces, key=len, reverse=True)), re.IGNORECASE)


def group_pieces(query: str, names=()) -> list[list[str]]:
    """Regex pieces per thing the query asks for (search.plan groups): a typed term, or any form of a
    glossary name the query typed (广州 or Guangzhou)."""
    from search.plan import build_groups

    groups = []
    for group in build_groups(query, names):
        pieces = []
        for alternative in group.alternatives:
            for term in alternative:
                pieces += _pieces(term.source if term.chinese else term.text, term.chinese)
        if pieces:
            groups.append(pieces)
    return groups


@dataclass
class Highlight:
    """The query's pattern (every matched word) and one pattern per group (to tell what is not shown)."""

    pattern: re.Pattern | None
    groups: list[re.Pattern]

    def missing(self, *texts: str) -> list[re.Pattern]:
        return [group for group in self.groups if not any(group.search(text) for text in texts)]


def highlighter(query: str, names=()) -> Highlight:
    groups = group_pieces(query, names)
    return Highlight(_compile(piece for pieces in groups for piece in pieces), [_compile(p) for p in groups])


def highlight_pattern(query: str, names=()) -> re.Pattern | None:
    """Every matched word: Chinese runs as typed, Latin words as word starts, glossary names in all forms."""
    return highlighter(query, names).pattern


def mark(text: str, pattern: re.Pattern | None) -> SafeString:
    """`text` (plain, unescaped) escaped exactly once, with every match in <mark>."""
    if pattern is None:
        return escape(text)
    out, position = [], 0
    for match in pattern.finditer(text):
        if match.end() == match.start():
            continue
        out.append(escape(text[position : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def _distinct_matches(text: str, pattern: re.Pattern) -> int:
    return len({match.group(0).casefold() for match in pattern.finditer(text)})


# --- Where to cut ------------------------------------------------------------------------------


def _boundaries(text: str, lo: int, hi: int) -> tuple[dict[int, int], dict[int, int]]:
    """Positions in [lo, hi] where a snippet may start and end, with their strength: 3 after a sentence,
    2 after a clause mark, 1 between words (spaces; jieba's words inside a Chinese run)."""
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}

    def add(table, position, strength):
        if lo <= position <= hi and table.get(position, 0) < strength:
            table[position] = strength

    for match in SENTENCE_END.finditer(text, lo, hi):
        add(ends, match.end(), 3)
        add(starts, match.end(), 3)
    for match in CLAUSE_END.finditer(text, lo, hi):
        add(ends, match.end(), 2)
        add(starts, match.end(), 2)
    for match in re.finditer(r"\s+", text[lo:hi]):
        add(ends, lo + match.start(), 1)
        add(starts, lo + match.end(), 1)
    for run in CJK_RUN.finditer(text, lo, hi):
        position = run.start()
        for word in cut(run.group(0)):
            add(starts, position, 1)
            add(ends, position, 1)
            position += len(word)
        add(ends, position, 1)
    return starts, ends


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def cut_passage(text: str, match_start: int = 0, match_end: int = 0) -> str:
    """At most BUDGET columns of `text` around [match_start, match_end), cut at the strongest boundary."""
    if width(text) <= BUDGET:
        return text
    # Where the snippet may start: within LEAD columns before the match.
    lo = match_start
    while lo > 0 and width(text[lo - 1 : match_start]) <= LEAD:
        lo -= 1
    starts, _ends = _boundaries(text, lo, match_start)
    starts[match_start] = max(starts.get(match_start, 0), 1)
    if lo == 0:
        starts[0] = 4
    start = min(starts, key=lambda position: (-starts[position], position))
    start = _skip_space(text, start)
    # Where it may end: after the match, within BUDGET columns of the start.
    hi = max(match_end, start)
    while hi < len(text) and width(text[start : hi + 1]) <= BUDGET:
        hi += 1
    if hi >= len(text):
        end = len(text)
    else:
        _starts, ends = _boundaries(text, max(match_end, start), hi)
        ends = {position: strength for position, strength in ends.items() if position > start}
        end = max(ends, key=lambda position: (ends[position], position)) if ends else hi
    piece = text[start:end].strip()
    if end < len(text):
        piece = CLAUSE_TRAIL.sub("", piece)
    return (ELLIPSIS if start > 0 else "") + piece + (ELLIPSIS if end < len(text) else "")


# --- Snippet and reason ------------------------------------------------------------------------


@dataclass
class Snippet:
    text: SafeString
    reason: SafeString | None = None
    matched: bool = False  # the title, the passage or the reason shows a match

    def __str__(self):
        return self.text


def best_passage(passages: list[str], pattern: re.Pattern | None) -> tuple[str, re.Match | None]:
    """The passage with the most distinct matched words (the earliest on a tie) and its first match."""
    best, best_score = None, 0
    if pattern is not None:
        for passage in passages:
            score = _distinct_matches(passage, pattern)
            if score > best_score:
                best, best_score = passage, score
    if best is None:
        return (passages[0] if passages else ""), None
    return best, pattern.search(best)


def meta_reasons(page):
    """(label, text) of what a page is searched by besides its title and visible text, lazily."""
    from wagtail.search import index

    specific = page.specific_class
    credits = getattr(page, "credits", None)
    if isinstance(credits, list) and credits:
        for label, value in credits:
            separator = pgettext("label separator", ":")
            yield _("Matched in the credits"), f"{label}{separator}{'' if separator.endswith('：') else ' '}{value}"
    if hasattr(page, "topics") and hasattr(page, "tagged_items"):
        yield from topic_reasons(page)
    skip = {"title", "body", "reporter", "topic_names", *PROSE_FIELDS}
    for search_field in page.get_search_fields():
        name = search_field.field_name
        if not isinstance(search_field, index.SearchField) or name in skip:
            continue
        if name == "organization_name":  # a program's organization: its name, and its short name if another
            parent = page.get_parent().specific
            value = " · ".join(dict.fromkeys(v for v in (parent.title, getattr(parent, "short_name", "")) if v))
        else:
            value = getattr(page, name, "")
            value = value() if callable(value) else value
        if not isinstance(value, str) or not value.strip():
            continue
        try:
            label = specific._meta.get_field(name).verbose_name
        except FieldDoesNotExist:  # a method (organization_name)
            label = _("organization's name") if name == "organization_name" else name.replace("_", " ")
        yield _("Matched in the %(field)s") % {"field": label}, clean(value)


def batch(pages) -> list:
    """Mark `pages` as one results page: data a snippet needs for one of them is read for all at once."""
    pages = list(pages)
    for page in pages:
        page._results_batch = pages
    return pages


def prefetch_topic_names(pages) -> None:
    """Every language's name of each topic of each page, in one query for a whole results page (not
    one per result): stored on each page for topic_reasons."""
    from news.models import NewsPageTopic, Topic

    tagged = [page for page in pages if hasattr(page, "tagged_items")]
    if not tagged:
        return
    keys_of = {}
    for page_id, key in NewsPageTopic.objects.filter(content_object_id__in=[p.pk for p in tagged]).values_list(
        "content_object_id", "tag__translation_key"
    ):
        keys_of.setdefault(page_id, []).append(key)
    forms = {}
    for key, locale_id, name in (
        Topic.objects.filter(translation_key__in={k for keys in keys_of.values() for k in keys}, live=True)
        .order_by("pk")
        .values_list("translation_key", "locale_id", "name")
    ):
        forms.setdefault(key, []).append((locale_id, name))
    for page in tagged:
        page._topic_names = {key: forms[key] for key in keys_of.get(page.pk, []) if key in forms}


def topic_reasons(page):
    """A topic matches in any language (topics are indexed in both); it is named in the page's own."""
    names = getattr(page, "_topic_names", None)
    if names is None:
        # The first result that needs its topics fetches them for the whole results page (see batch).
        prefetch_topic_names(getattr(page, "_results_batch", [page]))
        names = page._topic_names
    for forms in names.values():
        own = next((name for locale_id, name in forms if locale_id == page.locale_id), None)
        for _locale_id, name in forms:
            yield _("Matched: topic %(topic)s"), (own or name), name


def snippet(page, highlight: Highlight | re.Pattern | None) -> Snippet:
    """The best passage of the page's visible text around its first match; and, when the title and that
    passage do not show every word searched for, where the others matched (credits, topic, address …)."""
    if not isinstance(highlight, Highlight):
        highlight = Highlight(highlight, [highlight] if highlight is not None else [])
    pattern = highlight.pattern
    passage, match = best_passage(prose_passages(page), pattern)
    shown = cut_passage(passage, match.start(), match.end()) if match else cut_passage(passage)
    text = mark(shown, pattern)
    missing = highlight.missing(page.title, shown)
    if not missing:
        return Snippet(text, matched=True)
    for label, value, *searched in meta_reasons(page):
        if any(group.search(searched[0] if searched else value) for group in missing):
            if searched:  # a topic, named in the page's language
                before, _sep, after = label.partition("%(topic)s")
                reason = mark_safe(f"{escape(before)}{mark(value, pattern)}{escape(after)}")  # noqa: S308
                return Snippet(text, reason, matched=True)
            return Snippet(text, _reason(label, value, pattern), matched=True)
    if len(missing) < len(highlight.groups):  # something is shown; the rest matched as another form
        return Snippet(text, matched=True)
    return Snippet(text, escape(_("Matched a related form of the words you searched for")))


def _reason(label: str, value: str, pattern: re.Pattern) -> SafeString:
    match = pattern.search(value)
    shown = cut_passage(value, match.start(), match.end()) if match else cut_passage(value)
    separator = pgettext("label separator", ":")
    separator += "" if separator.endswith("：") else " "
    return mark_safe(f"{escape(label)}{escape(separator)}{mark(shown, pattern)}")  # noqa: S308 - all escaped
