"""An OpenAI-compatible chat endpoint (POST {OPENAI_BASE_URL}/chat/completions), as wagtail-localize-ai uses:
OpenAI itself, or a local server speaking the same API (Ollama, vLLM, llama.cpp …).

The system prompt carries the language pair, the house rules and the agreed glossary terms found in this batch;
the user message is a JSON array of segments, and the answer must be a JSON array of as many translations.
Models wrap JSON in prose or code fences and sometimes answer {"translations": [...]}: both are read.
"""

from __future__ import annotations

import json
import re

from ..checks.glossary import terms_in
from ..checks.text import plain_text
from .base import Engine, EngineError

LANGUAGES = {"en": "English", "zh-hans": "Simplified Chinese", "zh-hant": "Traditional Chinese"}
BATCH = 40  # segments per request: long enough to share context, short enough for a small model

SYSTEM_PROMPT = """You translate website text from {source} to {target} for a Chinese–foreign exchange organization.
The user sends a JSON array of segments. Answer with only a JSON array of exactly {count} strings: the
translations, in the same order, nothing else.
Keep every inline tag (such as <a id="a1">, <b>, <br/>) with its attributes, in the right place.
Keep numbers, dates, web addresses, e-mail addresses and phone numbers exactly.
{rules}{terms}"""

CHINESE_RULES = "Use full-width Chinese punctuation (，。；：？！（）) and no spaces between Chinese and Latin text.\n"


def language_name(code: str) -> str:
    return LANGUAGES.get(code.lower(), code)


def parse_array(content: str, count: int) -> list:
    """The JSON array in a model's answer: the whole content, a fenced block, the outermost [...] or the
    value of an object's only list."""
    content = content.strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", content, re.DOTALL)
    candidates = [content] + ([fenced.group(1)] if fenced else [])
    start, end = content.find("["), content.rfind("]")
    if 0 <= start < end:
        candidates.append(content[start : end + 1])
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, dict):
            lists = [v for v in value.values() if isinstance(v, list)]
            value = lists[0] if len(lists) == 1 else value
        if isinstance(value, list):
            return value
    raise EngineError(f"did not answer a JSON array of {count} translations")


class OpenAIChat(Engine):
    name = "openai"
    label = "OpenAI-compatible chat"
    takes_glossary = True

    @classmethod
    def configured(cls, options):
        return bool(options.get("base_url") and options.get("model"))

    def translate(self, texts, source, target, glossary):
        result: list[str | None] = []
        for start in range(0, len(texts), BATCH):
            result += self._batch(texts[start : start + BATCH], source, target, glossary)
        return result

    def system_prompt(self, texts, source, target, glossary) -> str:
        english_first = source.startswith("en")
        found = {
            pair for text in texts for pair in terms_in(plain_text(text), glossary, source_is_english=english_first)
        }
        terms = ""
        if found:
            lines = [f"{a} => {b}" if english_first else f"{b} => {a}" for a, b in sorted(found)]
            terms = "Always translate these agreed terms exactly so:\n" + "\n".join(lines) + "\n"
        return SYSTEM_PROMPT.format(
            source=language_name(source),
            target=language_name(target),
            count=len(texts),
            rules=CHINESE_RULES if target.startswith("zh") else "",
            terms=terms,
        )

    def _batch(self, texts, source, target, glossary):
        headers = {"Authorization": f"Bearer {self.options['api_key']}"} if self.options.get("api_key") else {}
        payload = {
            "model": self.options["model"],
            "temperature": 0,
            "messages": [
                {"role": "system", "content": self.system_prompt(texts, source, target, glossary)},
                {"role": "user", "content": json.dumps(list(texts), ensure_ascii=False)},
            ],
        }
        answer = self.post_json(self.options["base_url"].rstrip("/") + "/chat/completions", payload, headers)
        try:
            content = answer["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError) as error:
            raise EngineError("answered without a message") from error
        if not isinstance(content, str):
            raise EngineError("answered without a message")
        return self.expect_list(parse_array(content, len(texts)), len(texts), "translations")
