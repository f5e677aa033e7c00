"""LibreTranslate (POST /translate, q as a list, format=html).

LibreTranslate has no glossary, so agreed terms do not reach it: its answers are held to them by the glossary
check instead, and one that misses a term is not filled.
"""

from __future__ import annotations

from .base import Engine, EngineError


class LibreTranslate(Engine):
    name = "libretranslate"
    label = "LibreTranslate"

    @classmethod
    def configured(cls, options):
        return bool(options.get("url"))

    def translate(self, texts, source, target, glossary):
        payload = {
            "q": list(texts),
            "source": source.split("-")[0],
            "target": target.split("-")[0],
            "format": "html",
        }
        if self.options.get("api_key"):
            payload["api_key"] = self.options["api_key"]
        answer = self.post_json(self.options["url"].rstrip("/") + "/translate", payload)
        if not isinstance(answer, dict) or "translatedText" not in answer:
            raise EngineError("answered without translatedText")
        return self.expect_list(answer["translatedText"], len(texts), "translations")
