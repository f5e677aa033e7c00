"""Punctuation and spacing where Chinese and Latin text meet.

House rules (docs/quality-checks.md):
- Chinese text takes full-width punctuation (，。；：？！（）), as GB/T 15834-2011 and every mainland
  official publication set it; Latin text takes half-width. What counts is the text a mark belongs to,
  judged from its neighbours, not the segment's language: 1.5, 10:30, U.S., "Kim In-kyu, Ko Myung-jin"
  inside a Chinese sentence are Latin; "中心(CIYEC)负责" is Chinese (the brackets belong to the Chinese
  sentence, as in the project's own 中国国际青年交流中心（CIYEC）).
- No space between Chinese characters and Latin letters or digits (2024年5月, 与CIYEC合作), as
  mainland publications set it; a space is accepted only around a Latin run that has spaces of its own
  (a romanized name such as Liu Aiping, an English title) and around URLs and e-mail addresses.
"""

from __future__ import annotations

import re

from . import identifiers
from .text import CJK_PUNCT_CHARS, PLACEHOLDER, SPACES, cjk_count, is_cjk, is_cjk_punct, is_latin

HALF_WIDTH = ",.;:?!()"
FULL_WIDTH = "，。；：？！（）、．"
QUOTES = "“”‘’\"'"
# In a Chinese run, a period after Latin letters is taken for an abbreviation's (Ph.D.学位, Co.有限公司).
ABBREVIATION_DOT = "."


def _kind(char: str) -> str:
    if not char:
        return "edge"
    if is_cjk(char) or is_cjk_punct(char):
        return "cjk"
    if is_latin(char) or char == PLACEHOLDER:
        return "latin"
    return "other"


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest character that is not a space or a quote mark, or '' at the edge."""
    index += step
    while 0 <= index < len(text) and (text[index] in SPACES or text[index] in QUOTES):
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _immediate(text: str, index: int) -> tuple[str, str]:
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return before, after


def _pairs(text: str, opening: str, closing: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Matched bracket pairs and the positions of unmatched brackets."""
    stack, pairs, lone = [], [], []
    for index, char in enumerate(text):
        if char == opening:
            stack.append(index)
        elif char == closing:
            if stack:
                pairs.append((stack.pop(), index))
            else:
                lone.append(index)
    return pairs, lone + stack


def _snippet(text: str, start: int, end: int | None = None) -> str:
    end = start + 1 if end is None else end
    return text[max(0, start - 2) : end + 2].replace(PLACEHOLDER, "…").strip()


def prepare(text: str) -> str:
    """Plain text with URLs, e-mail addresses and phone numbers masked: their dots and brackets are theirs."""
    return identifiers.mask(text)


def halfwidth_in_chinese(text: str, chinese: bool) -> list[str]:
    """Half-width , . ; : ? ! ( ) that belong to Chinese text; one snippet per mark (or bracket pair).

    `chinese`: the text is Chinese (a zh target). In Latin text only a mark between two Chinese
    characters counts ("the centre 中心,中国": rare, but wrong there too).
    """
    text = prepare(text)
    found: list[tuple[int, str]] = []
    pairs, lone = _pairs(text, "(", ")")
    for start, end in pairs:
        left, right = _kind(_neighbour(text, start, -1)), _kind(_neighbour(text, end, 1))
        inner = text[start + 1 : end]
        # Chinese text: 广州(黄埔), 中心(CIYEC)负责, (更多新闻资讯…): Chinese inside, or opened by a
        # Chinese sentence. Latin text: only between two Chinese characters.
        hit = (cjk_count(inner) > 0 or left == "cjk") if chinese else (left == "cjk" and right == "cjk")
        if hit:
            found.append((start, _snippet(text, start, end + 1) if end - start < 12 else _snippet(text, start)))
    for index, char in enumerate(text):
        if char not in HALF_WIDTH or (char in "()" and index not in lone):
            continue
        if index > 0 and text[index - 1] == char:
            continue  # "..." or ",,": one occurrence
        before, after = _immediate(text, index)
        if is_latin(before) and is_latin(after):
            continue  # 1.5, 10:30, 3,000, U.S.A: inside a Latin token
        left, right = _kind(_neighbour(text, index, -1)), _kind(_neighbour(text, index, 1))
        if chinese:
            hit = left == "cjk" or (right == "cjk" and char not in ABBREVIATION_DOT)
        else:
            hit = left == "cjk" and right == "cjk"
        if hit:
            found.append((index, _snippet(text, index)))
    return [snippet for _, snippet in sorted(found)]


def fullwidth_in_latin(text: str, chinese: bool) -> list[str]:
    """Full-width ，。；：？！（）、． that belong to Latin text.

    In a Chinese text only marks inside a Latin token count (3，000, 10：30, pai．ycwb): between two
    Latin words a full-width comma is the Chinese sentence's own (与CIYEC，KICEC). In a Latin text
    every full-width mark counts unless it touches Chinese characters.
    """
    text = prepare(text)
    found: list[tuple[int, str]] = []
    pairs, lone = _pairs(text, "（", "）")
    if not chinese:
        for start, end in pairs:
            left, right = _kind(_neighbour(text, start, -1)), _kind(_neighbour(text, end, 1))
            if not cjk_count(text[start + 1 : end]) and "cjk" not in (left, right):
                found.append((start, _snippet(text, start, end + 1) if end - start < 12 else _snippet(text, start)))
    for index, char in enumerate(text):
        if char not in FULL_WIDTH or (char in "（）" and index not in lone and not chinese):
            continue
        before, after = _immediate(text, index)
        if chinese:
            hit = (before.isdigit() and after.isdigit()) or (char == "．" and is_latin(before) and is_latin(after))
        else:
            left, right = _kind(_neighbour(text, index, -1)), _kind(_neighbour(text, index, 1))
            hit = "cjk" not in (left, right) if char not in "（）" else left != "cjk" and right != "cjk"
            hit = hit and not (is_cjk_punct(before) and before not in FULL_WIDTH)
        if hit:
            found.append((index, _snippet(text, index)))
    return [snippet for _, snippet in sorted(found)]


_BOUNDARY = re.compile(f"[{CJK_PUNCT_CHARS}]")


def _latin_run(text: str, index: int, step: int) -> str:
    """From a space next to a Chinese character, the Latin text on the other side up to the next
    Chinese character, Chinese punctuation or the edge."""
    out = []
    while 0 <= index < len(text) and not is_cjk(text[index]) and not _BOUNDARY.match(text[index]):
        out.append(text[index])
        index += step
    run = "".join(out if step > 0 else reversed(out))
    return run.strip(SPACES + HALF_WIDTH + QUOTES)


def cjk_latin_spaces(text: str) -> list[str]:
    """Spaces between a Chinese character and a Latin letter or digit that the house rule forbids."""
    text = prepare(text)
    found = []
    for match in re.finditer(f"[{SPACES}]+", text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if is_cjk(before) and (is_latin(after) or after == PLACEHOLDER):
            run = _latin_run(text, end, 1)
        elif (is_latin(before) or before == PLACEHOLDER) and is_cjk(after):
            run = _latin_run(text, start - 1, -1)
        else:
            continue
        if PLACEHOLDER in run or re.search(f"[{SPACES}]", run):
            continue  # a URL, an address, a multi-word name or title: a space sets it off
        found.append(_snippet(text, start, end))
    return found


def space_problems(source: str, target: str) -> list[str]:
    """Leading, trailing and doubled spaces in the target that the source does not have."""
    problems = []
    if target[:1] in SPACES + "\n" and source[:1] not in SPACES + "\n":
        problems.append("leading")
    if target[-1:] in SPACES + "\n" and source[-1:] not in SPACES + "\n":
        problems.append("trailing")
    doubled = re.compile(f"(?<=\\S)[{SPACES}]{{2,}}(?=\\S)")
    if len(doubled.findall(target)) > len(doubled.findall(source)):
        problems.extend(_snippet(target, m.start(), m.end()) for m in doubled.finditer(target))
    return problems
