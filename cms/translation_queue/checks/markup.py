"""Tags and links of a rich-text segment: wagtail-localize keeps the hrefs aside and leaves
<a id="a1">…</a>, <b>, <i>, <br/> in the text. Each must come back exactly once, with its id."""

from __future__ import annotations

import re
from collections import Counter

from .text import TAG

VOID = {"br", "hr", "img", "wbr"}


def _key(name: str, attrs: str) -> str:
    """<a id="a1"> keeps its id (the link it stands for); other attributes do not matter here."""
    match = re.search(r"""\bid\s*=\s*["']?([^"'\s>]+)""", attrs or "")
    return f'<{name.lower()} id="{match.group(1)}">' if match else f"<{name.lower()}>"


def opening_tags(segment: str) -> Counter:
    return Counter(_key(m.group(2), m.group(3)) for m in TAG.finditer(segment or "") if not m.group(1))


def unbalanced(segment: str) -> list[str]:
    """Tags that are not closed in order: <b>…</i>, <a id="a1"> with no </a>."""
    stack: list[str] = []
    problems = []
    for match in TAG.finditer(segment or ""):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(4)
        if name in VOID or self_closing:
            continue
        if not closing:
            stack.append(name)
        elif stack and stack[-1] == name:
            stack.pop()
        else:
            problems.append(match.group())
    problems.extend(f"<{name}>" for name in stack)
    return problems


def differences(source: str, target: str) -> tuple[list[str], list[str]]:
    """(tags of the source missing from the target, tags of the target the source does not have)."""
    wanted, got = opening_tags(source), opening_tags(target)
    return sorted((wanted - got).elements()), sorted((got - wanted).elements())
