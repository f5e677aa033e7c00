"""DeepL, REST API v2 (POST /v2/translate, JSON body, key in the Authorization header).

Agreed terms: with DEEPL_GLOSSARY_ID (a glossary made once in DeepL for this language pair) DeepL applies it
itself; without one each term found in the segment is sent already translated, inside <keep>, which DeepL is
told to leave alone (tag_handling=xml, ignore_tags=keep). Either way the glossary check reads the answer.
"""

from __future__ import annotations

from .base import Engine, EngineError
from .glossary import KEEP_TAG, protect, unprotect

BATCH = 50  # DeepL takes at most 50 texts per request


def deepl_language(code: str, *, target: bool = False) -> str:
    code = code.lower()
    if code.startswith("zh"):
        if not target:
            return "ZH"
        return "ZH-HANT" if code in ("zh-hant", "zh-tw", "zh-hk") else "ZH-HANS"
    if code.startswith("en"):
        return ("EN-GB" if code == "en-gb" else "EN-US") if target else "EN"
    return code.split("-")[0].upper()


class DeepL(Engine):
    name = "deepl"
    label = "DeepL"
    takes_glossary = True

    @classmethod
    def configured(cls, options):
        return bool(options.get("api_key"))

    def endpoint(self) -> str:
        base = self.options.get("api_url") or (
            "https://api-free.deepl.com" if self.options["api_key"].endswith(":fx") else "https://api.deepl.com"
        )
        return base.rstrip("/").removesuffix("/v2/translate").removesuffix("/v2") + "/v2/translate"

    def translate(self, texts, source, target, glossary):
        result: list[str | None] = []
        for start in range(0, len(texts), BATCH):
            result += self._batch(texts[start : start + BATCH], source, target, glossary)
        return result

    def _batch(self, texts, source, target, glossary):
        payload = {
            "source_lang": deepl_language(source),
            "target_lang": deepl_language(target, target=True),
            "tag_handling": "xml",
        }
        if self.options.get("glossary_id"):
            payload["glossary_id"] = self.options["glossary_id"]
            payload["text"] = list(texts)
        else:
            payload["ignore_tags"] = [KEEP_TAG]
            payload["text"] = [protect(text, glossary, source_is_english=source.startswith("en")) for text in texts]
        answer = self.post_json(
            self.endpoint(), payload, headers={"Authorization": f"DeepL-Auth-Key {self.options['api_key']}"}
        )
        try:
            translations = [item["text"] for item in answer["translations"]]
        except (KeyError, TypeError) as error:
            raise EngineError("answered without a list of translations") from error
        answers = self.expect_list(translations, len(texts), "translations")
        return [None if text is None else unprotect(text) for text in answers]
