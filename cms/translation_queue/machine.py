"""Offline machine prefill for wagtail-localize (WAGTAILLOCALIZE_MACHINE_TRANSLATOR).

1. Translation memory: the same English string already translated anywhere on the site (wagtail-localize
   itself only reuses a translation within the same field of the same page). Human translations win over
   machine ones, newer over older.
2. Glossary: a string that is exactly a glossary term (an organization's name, a person, a place).
3. An external engine only when configured in the environment: DeepL (DEEPL_AUTH_KEY) or a self-hosted
   LibreTranslate (LIBRETRANSLATE_URL). Nothing leaves the server otherwise.

wagtail-localize stores what this returns with translation_type="machine", which the queue counts and
shows to reviewers.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When
from django.utils.html import strip_tags
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.models import String, StringTranslation
from wagtail_localize.strings import StringValue


class MemoryGlossaryTranslator(BaseMachineTranslator):
    display_name = "Translation memory and glossary"

    def can_translate(self, source_locale, target_locale):
        return source_locale.language_code != target_locale.language_code

    def translate(self, source_locale, target_locale, strings):
        strings = list(strings)
        found = self.from_memory(source_locale, target_locale, strings)
        remaining = [s for s in strings if s not in found]
        found.update(self.from_glossary(target_locale, remaining))
        remaining = [s for s in remaining if s not in found]
        engine = self.external_engine()
        if remaining and engine is not None:
            found.update({k: v for k, v in engine.translate(source_locale, target_locale, remaining).items() if v})
        return found

    def from_memory(self, source_locale, target_locale, strings):
        by_hash = {String._get_data_hash(s.data): s for s in strings}
        rows = (
            StringTranslation.objects.filter(
                locale=target_locale,
                translation_of__locale=source_locale,
                translation_of__data_hash__in=list(by_hash),
                has_error=False,
            )
            .exclude(data="")
            .annotate(
                human=Case(
                    When(translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("human", "-updated_at")
            .values_list("translation_of__data_hash", "data")
        )
        found = {}
        for data_hash, data in rows:
            string = by_hash.get(data_hash)
            if string is not None and string not in found:
                found[string] = StringValue(data)
        return found

    def from_glossary(self, target_locale, strings):
        from .terminology import glossary_pairs

        terms = {english.casefold(): target for english, target in glossary_pairs(target_locale)}
        found = {}
        for string in strings:
            target = terms.get(strip_tags(string.data).strip().casefold())
            if target:
                found[string] = StringValue.from_plaintext(target)
        return found

    def external_engine(self):
        if self.options.get("DEEPL_AUTH_KEY"):
            from wagtail_localize.machine_translators.deepl import DeepLTranslator

            return DeepLTranslator({"AUTH_KEY": self.options["DEEPL_AUTH_KEY"]})
        if self.options.get("LIBRETRANSLATE_URL"):
            from wagtail_localize.machine_translators.libretranslate import LibreTranslator

            return LibreTranslator(
                {
                    "LIBRETRANSLATE_URL": self.options["LIBRETRANSLATE_URL"],
                    "API_KEY": self.options.get("LIBRETRANSLATE_API_KEY", ""),
                }
            )
        return None
