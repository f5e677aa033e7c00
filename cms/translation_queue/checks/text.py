"""Shared text helpers: markup, character classes, spans that other checks must not read as prose."""

from __future__ import annotations

import html
import re
import unicodedata

# Wagtail-localize rich-text segments carry inline tags: <a id="a1">…</a>, <b>, <i>, <br/>.
TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)((?:\s+[^<>]*?)?)\s*(/?)>")

CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"  # ideographs and 〇
CJK = re.compile(f"[{CJK_CHARS}]")
CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
# Chinese punctuation: the CJK symbols block (、。《》「」【】…) and the full-width forms (，：；！？（）).
CJK_PUNCT_CHARS = "\u3001-\u3006\u3008-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65—…·"
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’\-][A-Za-z\u00c0-\u024f]+)*")
SPACES = " \t\u00a0\u3000"

# A private-use character stands in for a URL or e-mail address in masked text: neither prose nor
# punctuation, so no other check reads inside it.
PLACEHOLDER = "\ue000"


def plain_text(segment: str) -> str:
    """The words of a segment as a reader sees them: tags dropped, entities decoded."""
    return html.unescape(TAG.sub("", segment or ""))


def is_cjk(char: str) -> bool:
    return bool(char) and CJK.match(char) is not None


def is_cjk_punct(char: str) -> bool:
    return bool(char) and re.match(f"[{CJK_PUNCT_CHARS}]", char) is not None


def is_latin(char: str) -> bool:
    """A Latin letter or a digit (the Latin side of mixed text)."""
    return bool(char) and (char.isascii() and char.isalnum() or LATIN_LETTER.match(char) is not None)


def cjk_count(text: str) -> int:
    return len(CJK.findall(text))


def is_chinese(lang: str) -> bool:
    return (lang or "").lower().startswith("zh")


def looks_chinese(text: str) -> bool:
    """For text of unknown language: Chinese when its ideographs outweigh its Latin letters (a Chinese
    character carries about as much as two or three Latin letters)."""
    return cjk_count(text) * 2 >= len(LATIN_LETTER.findall(text)) and cjk_count(text) > 0


def fold(text: str) -> str:
    """Compare loosely: full-width and half-width forms, curly and straight apostrophes, case, spacing."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()
