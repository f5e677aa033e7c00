"""What a query asks the database for, in tiers from strict to loose; the first tier with results wins.

- A query is an AND of *groups*; a group is one term as typed, or, when a glossary name matches
  (search.names), any of that name's forms: CSTVE = Chinese Society of Technical and Vocational
  Education = 中国职业技术教育学会.
- The strict tiers ask Chinese terms for their *words* as well as their characters (a page where 研究生
  is a word, not one where 研究 + 生命 only put the characters side by side) and English words typed
  together to stand side by side ("developing countries"), or failing that within NEAR_WINDOW words of
  each other (not "development … throughout the country").
- The loose tier asks only for the characters, and for the words anywhere. It is used only when no
  strict tier finds anything in the searched set: a reader who types characters that are a word nowhere
  on the site still gets the pages that contain them (a name jieba splits, 程开春 in 通讯员程开春).

Both backends turn a tier into their own syntax (FTS5 MATCH, tsquery); a tier is used for search and
count alike, so the count is the number of results shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from search.segmentation import Term, query_terms

NEAR_WINDOW = 8


@dataclass(frozen=True)
class Group:
    """Any of the alternatives; an alternative needs all its terms."""

    alternatives: tuple[tuple[Term, ...], ...]

    @property
    def plain_word(self) -> Term | None:
        """The group's one Latin word, if that is all it is (what proximity applies to)."""
        if len(self.alternatives) == 1 and len(self.alternatives[0]) == 1:
            term = self.alternatives[0][0]
            if not term.chinese and not term.prefix and len(term.tokens) == 1:
                return term
        return None


@dataclass(frozen=True)
class Tier:
    groups: tuple[Group, ...]
    operator: str = "and"
    strict: bool = False
    # How close the plain Latin words must stand: "phrase" (side by side, in the typed order), "near"
    # (within NEAR_WINDOW words of each other) or None (anywhere).
    proximity: str | None = None

    @property
    def plain_words(self) -> list[Term]:
        found = [group.plain_word for group in self.groups if group.plain_word is not None]
        return found if len(found) > 1 and self.operator == "and" else []

    @property
    def near_words(self) -> list[Term]:
        """Latin words that must stand close together in this tier."""
        return self.plain_words if self.proximity else []

    def terms(self):
        for group in self.groups:
            for alternative in group.alternatives:
                yield from alternative

    def required_words(self, term: Term) -> list[str]:
        return term.word_tokens if self.strict and not term.prefix else []

    @property
    def needs_words(self) -> bool:
        return any(term.words and not term.prefix for term in self.terms())


def build_groups(query_string: str, names=(), prefix_last: bool = False) -> tuple[Group, ...]:
    terms = query_terms(query_string)
    if prefix_last and terms:
        terms[-1] = replace(terms[-1], prefix=True)
    groups: list[Group] = []
    i = 0
    while i < len(terms):
        match = _longest_name(terms, i, names)
        if match is None:
            groups.append(Group(((terms[i],),)))
            i += 1
            continue
        length, forms = match
        typed = tuple(terms[i : i + length])
        others = [form for form in forms if form != typed]
        groups.append(Group((typed, *others)))
        i += length
    return tuple(groups)


def tiers(query_string: str, operator: str = "and", names=(), prefix_last: bool = False) -> list[Tier]:
    """Tiers from strict to loose, each different from the next; [] when nothing searchable is left.

    With Latin words typed together: words side by side, then near each other, then anywhere.
    """
    groups = build_groups(query_string, names, prefix_last)
    if not groups:
        return []
    operator = "or" if str(operator).lower() == "or" else "and"
    loose = Tier(groups, operator)
    ladder = []
    if loose.plain_words:
        ladder += [Tier(groups, operator, True, "phrase"), Tier(groups, operator, True, "near")]
    elif loose.needs_words:
        ladder.append(Tier(groups, operator, True))
    return [*ladder, loose]


def _key(term: Term) -> str:
    return term.source if term.chinese else term.text.casefold()


def _longest_name(terms: list[Term], start: int, names):
    """(number of terms, the name's forms as term tuples) for the longest glossary name typed at `start`."""
    best = None
    for name in names:
        for form_key in name.keys:
            length = len(form_key)
            if best is not None and length <= best[0]:
                continue
            if tuple(_key(term) for term in terms[start : start + length]) == form_key:
                best = (length, name.forms)
    return best
