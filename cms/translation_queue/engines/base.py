"""What every machine translation engine is: a name, a label, and translate(texts, source, target, glossary).

An engine answers a list as long as the texts it was given, one translation (or None) per text, in order;
anything else, and every network or server trouble, is an EngineError naming what went wrong, so the caller
can skip to the next engine and tell the translator which one failed.
"""

from __future__ import annotations

import logging

import requests
from django.conf import settings

logger = logging.getLogger("cms.translation_queue.engines")


class EngineError(Exception):
    """The engine could not translate: unreachable, too slow, refused, or answered something unusable."""


class Engine:
    name = ""  # the key in TRANSLATION_ENGINES
    label = ""  # what the translator reads: "DeepL"
    takes_glossary = False  # whether the agreed terms reach the engine (otherwise only the checks enforce them)

    def __init__(self, options: dict):
        self.options = options

    @classmethod
    def configured(cls, options: dict) -> bool:
        raise NotImplementedError

    def translate(
        self, texts: list[str], source: str, target: str, glossary: list[tuple[str, str]]
    ) -> list[str | None]:
        """texts: wagtail-localize segments (inline tags like <a id="a1">…</a> kept); source and target:
        language codes as the locales have them ("en", "zh-hans"); glossary: (source term, agreed target
        term) pairs, longest first."""
        raise NotImplementedError

    # --- shared HTTP ----------------------------------------------------------------------------------

    def timeout(self) -> float:
        return float(getattr(settings, "TRANSLATION_ENGINE_TIMEOUT", 20))

    def post_json(self, url: str, payload: dict, headers: dict | None = None):
        """POST JSON, return the decoded JSON answer, or raise EngineError saying what went wrong."""
        try:
            response = requests.post(url, json=payload, headers=headers or {}, timeout=self.timeout())
        except requests.Timeout as error:
            raise EngineError(f"no answer within {self.timeout():g} s") from error
        except requests.RequestException as error:
            raise EngineError(f"could not be reached ({type(error).__name__})") from error
        if response.status_code != 200:
            raise EngineError(f"answered HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as error:
            raise EngineError("answered something that is not JSON") from error

    def expect_list(self, answer, count: int, what: str) -> list[str | None]:
        if not isinstance(answer, list) or len(answer) != count:
            got = len(answer) if isinstance(answer, list) else type(answer).__name__
            raise EngineError(f"answered {got} {what} for {count} segments")
        return [item if isinstance(item, str) and item.strip() else None for item in answer]
