"""What a page must show of a source text: its sentences, and the facts of its label:value lines.

The same rules as the project's seed-fidelity check: quotes and widths normalized, list numbering may
become markup, contact lines may become fields (then each of their numbers and words must show).
"""

import html
import re
import unicodedata

QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "\u3000": " "})
LABEL = re.compile(r"^\s*(address|tel|fax|postal code|postcode|website|e-mail|contacts?)\s*:|丨", re.I)


def norm(text):
    text = unicodedata.normalize("NFKC", html.unescape(text)).translate(QUOTES)
    return re.sub(r"\s+", " ", text).strip().lower()


def page_text(body):
    body = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", body)
    return norm(re.sub(r"(?s)<[^>]+>", " ", body))


def sentences(text, min_len=25):
    out = []
    for line in text.splitlines():
        for sentence in re.split(r"(?<=[.!?。！？])\s*", line):
            sentence = norm(re.sub(r"^\s*(\d+\.|[IVX]+\.)\s*", "", sentence))
            if len(sentence) >= (min_len if re.search(r"[a-z]", sentence) else 8):
                out.append(sentence)
    return out


def fact_tokens(line):
    value = re.sub(r"(address|tel|fax|postal code|postcode|website|e-mail|contacts?)\s*:", " ", norm(line))
    value = re.sub(r"^[^丨]*丨", "", value)
    return re.findall(r"[0-9]{4,}|[a-z]{3,}|[\u4e00-\u9fff]{2,}", value)


def required_items(text):
    items = []
    for line in text.splitlines():
        if LABEL.search(line):
            tokens = fact_tokens(line)
            if tokens:
                items.append(("facts", tuple(tokens)))
            continue
        items += [("sentence", s) for s in sentences(line)]
    return items


def is_shown(item, text):
    kind, value = item
    return value in text if kind == "sentence" else all(token in text for token in value)


def split_chinese(text):
    """The Guangzhou release: English part, then the Chinese part from its Chinese title line on."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip().startswith("全国首个"):
            return "\n".join(lines[:i]), "\n".join(lines[i:])
    return text, ""


def cjk_share(text):
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    return cjk / max(1, cjk + len(re.findall(r"[a-z]", text)))
