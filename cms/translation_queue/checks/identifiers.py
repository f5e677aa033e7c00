"""URLs, e-mail addresses and phone numbers: copied as they are, never translated.

The site synchronizes these fields, but they also occur inside running text ("请关注羊城派
pai.ycwb.com", "Tel: 010-53656705"). A changed digit or a lost address is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import PLACEHOLDER

EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_URL_CHARS = r"[^\s<>\"'，。；：！？（）、“”‘’《》【】\u3000-\u303f\u3400-\u9fff]"
_TLDS = r"com|org|net|edu|gov|int|mil|info|biz|asia|io|cn|hk|mo|tw|kr|jp|uk|de|fr|eu|us|ru|au|ca|sg"
URL = re.compile(
    rf"(?:(?:https?|ftp)://|www\.){_URL_CHARS}+"
    rf"|(?<![A-Za-z0-9@.\-])(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+(?:{_TLDS})(?:\.[a-z]{{2}})?(?![A-Za-z0-9\-])"
    rf"(?:/{_URL_CHARS}*)?",
    re.IGNORECASE,
)
_PHONE_LABEL = r"(?:Tel|Telephone|Phone|Fax|Mobile|Hotline|电话|传真|手机|热线|联系电话)"
PHONE_LABELLED = re.compile(
    # after a label, whatever looks like digits in groups: "Tel: 010--53656705", "电话：(020) 8888 8888"
    rf"(?<![A-Za-z]){_PHONE_LABEL}\s*[:：.]?\s*(?P<n>\+?\(?\d[\d\s\-–()/.]{{5,}}\d)"
)
PHONE = re.compile(
    # international: +86 10 6513 4567, +86-10-65134567
    r"(?<![\w+])\+\s?\d{1,3}[\s\-.]?\(?\d{1,4}\)?(?:[\s\-.]?\d{2,4}){2,4}(?!\d)"
    # mainland landline with its area code: 010-53656705, (010) 6513 4567, 020--8888 8888
    r"|(?<![\w.])\(?0\d{2,3}\)?(?:\s*-{1,2}\s*|\s+)?\d{3,4}[\s\-]?\d{4}(?!\d)"
    # mobile and service numbers: 13812345678, 138-1234-5678, 400-123-4567
    r"|(?<![\w.])(?:1[3-9]\d[\s\-]?\d{4}[\s\-]?\d{4}|400[\s\-]?\d{3}[\s\-]?\d{4})(?!\d)"
)


@dataclass(frozen=True)
class Span:
    kind: str  # "url", "email" or "phone"
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return normalize(self.kind, self.text)


def _trim_url(text: str) -> str:
    """A sentence's punctuation after a URL is not part of it; a closing bracket is, if it opened inside."""
    while text and text[-1] in ".,;:!?'\"":
        text = text[:-1]
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1]
    return text


def normalize(kind: str, text: str) -> str:
    if kind == "email":
        return text.lower()
    if kind == "url":
        text = re.sub(r"^(?:https?|ftp)://", "", text, flags=re.I)
        host, slash, rest = text.partition("/")
        return (host.lower().removeprefix("www.") + slash + rest).rstrip("/")
    digits = re.sub(r"\D", "", text)
    # +86 10 5365 6705 and 010-53656705 are the same line: drop the country code, keep the trunk 0.
    if digits.startswith("0086"):
        digits = digits[2:]
    if digits.startswith("86") and len(digits) >= 12:
        digits = digits[2:]
        if not (len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"):
            digits = "0" + digits
    return digits


def find(text: str) -> list[Span]:
    """E-mail addresses, then URLs, then phone numbers, never overlapping, in text order."""
    spans: list[Span] = []

    def free(start, end):
        return all(end <= s.start or start >= s.end for s in spans)

    for match in EMAIL.finditer(text):
        spans.append(Span("email", match.group(), match.start(), match.end()))
    for match in URL.finditer(text):
        value = _trim_url(match.group())
        if value and free(match.start(), match.start() + len(value)):
            spans.append(Span("url", value, match.start(), match.start() + len(value)))
    phones = [(m.start("n"), m.group("n")) for m in PHONE_LABELLED.finditer(text)]
    phones += [(m.start(), m.group()) for m in PHONE.finditer(text)]
    for start, value in phones:
        value = value.rstrip("-–/. ")
        end = start + len(value)
        if len(re.sub(r"\D", "", value)) >= 7 and free(start, end):
            spans.append(Span("phone", value, start, end))
    return sorted(spans, key=lambda span: span.start)


def mask(text: str, kinds=("url", "email", "phone"), spans: list[Span] | None = None) -> str:
    """The text with URLs, addresses (and phone numbers) replaced by one placeholder character each."""
    out, last = [], 0
    for span in spans if spans is not None else find(text):
        if span.kind in kinds:
            out.append(text[last : span.start])
            out.append(PLACEHOLDER)
            last = span.end
    out.append(text[last:])
    return "".join(out)
