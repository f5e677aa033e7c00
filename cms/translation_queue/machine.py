"""Machine prefill for wagtail-localize (WAGTAILLOCALIZE_MACHINE_TRANSLATOR), in this order:

1. Translation memory: the same English string already translated anywhere on the site (wagtail-localize
   itself only reuses a translation within the same field of the same page). Human translations win over
   machine ones, newer over older.
2. Glossary: a string that is exactly a glossary term (an organization's name, a person, a place).
3. The site's machine translation engines (engines/: DeepL, LibreTranslate, an OpenAI-compatible chat
   endpoint), each only when configured in the environment, for what is still empty, one after the other.
   Nothing leaves the server otherwise.

Every candidate passes the quality checks (checks/) before it is offered: one with an error, or missing an
agreed glossary term, is not filled (the next engine may do better). What happened is kept in `self.report`
for the message the translator reads (localize_gates.machine_translate, work.prefill).

wagtail-localize stores what this returns with translation_type="machine" (the editor says "Translated with
…", the queue and the review screen count it as machine-made) until a person saves the segment in the editor,
which makes it "manual"; label_tools then names the tool of each segment.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Value, When
from django.utils.html import strip_tags
from django.utils.translation import gettext, gettext_lazy
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.models import String, StringTranslation
from wagtail_localize.strings import StringValue

from .checks import Severity, check_segment
from .engines import EngineError, engines_for_site, logger

# Tool names as stored on each segment (StringTranslation.tool_name, shown by wagtail-localize's editor as
# "Translated with …"): stored in English, translated where the queue shows them.
MEMORY, GLOSSARY = "Translation memory", "Glossary"
TOOL_LABELS = {MEMORY: gettext_lazy("Translation memory"), GLOSSARY: gettext_lazy("Glossary")}

# Warnings that keep machine output out: a wrong agreed term is what the glossary is for.
REJECTING_WARNINGS = {"glossary"}


@dataclass
class MachineReport:
    """What one run did, for the translator's message."""

    filled_by: Counter = field(default_factory=Counter)  # tool label → segments filled
    tool_of: dict = field(default_factory=dict)  # string data → tool label
    failed: dict = field(default_factory=dict)  # engine label → what went wrong
    rejected: dict = field(default_factory=dict)  # string data → the check message that kept it out

    def notes(self) -> list[str]:
        """Sentences for the translator: which engine failed, what the checks kept out and why."""
        notes = []
        if any(label not in TOOL_LABELS for label in self.filled_by):
            notes.append(
                gettext("Filled by: %(tools)s.")
                % {"tools": ", ".join(f"{TOOL_LABELS.get(t, t)} {n}" for t, n in self.filled_by.items())}
            )
        notes += [
            gettext("%(engine)s failed and was skipped (%(problem)s).") % {"engine": engine, "problem": problem}
            for engine, problem in self.failed.items()
        ]
        if self.rejected:
            reasons = Counter(self.rejected.values())
            notes.append(
                gettext("Not filled because the machine translation failed the quality checks: %(reasons)s")
                % {"reasons": "; ".join(f"{reason} ({count})" for reason, count in reasons.most_common())}
            )
        return notes


class MemoryGlossaryTranslator(BaseMachineTranslator):
    display_name = "Translation memory and glossary"
    site = None  # the Wagtail site whose engines are used (for_translation); None: the default order

    def can_translate(self, source_locale, target_locale):
        return source_locale.language_code != target_locale.language_code

    def __init__(self, options):
        super().__init__(options)
        self.report = MachineReport()

    def for_translation(self, translation):
        """Use the engines of the site the translated page belongs to (snippets: the default order)."""
        instance = translation.source.get_source_instance()
        get_site = getattr(instance, "get_site", None)
        self.site = get_site() if get_site else None
        return self

    def translate(self, source_locale, target_locale, strings):
        from .terminology import glossary_pairs

        self.report = MachineReport()
        self._glossary = glossary_pairs(target_locale)
        self._languages = (source_locale.language_code, target_locale.language_code)
        remaining = list(strings)
        found = {}
        steps = [
            (MEMORY, lambda rest: self.from_memory(source_locale, target_locale, rest)),
            (GLOSSARY, lambda rest: self.from_glossary(target_locale, rest)),
        ]
        steps += [(engine.label, self._engine_step(engine)) for engine in self.external_engines()]
        for label, step in steps:
            if not remaining:
                break
            try:
                candidates = step(remaining)
            except EngineError as error:
                logger.warning("Translation engine %s failed, skipped: %s", label, error)
                self.report.failed[label] = str(error)
                continue
            for string, value in candidates.items():
                if string in found or value is None or not value.data:
                    continue
                problem = self._check(string, value)
                if problem:
                    self.report.rejected[string.data] = problem
                    continue
                found[string] = value
                self.report.rejected.pop(string.data, None)
                self.report.filled_by[label] += 1
                self.report.tool_of[string.data] = label
            remaining = [s for s in remaining if s not in found]
        return found

    def _check(self, string, value) -> str:
        """The first finding that keeps this candidate out, as the translator reads it; "" when it may go in."""
        source_lang, target_lang = self._languages
        findings = check_segment(
            string.data, value.data, glossary=self._glossary, source_lang=source_lang, target_lang=target_lang
        )
        for finding in findings:
            if finding.severity == Severity.ERROR or finding.code in REJECTING_WARNINGS:
                return f"{finding.message} {finding.detail}".strip()
        return ""

    def _engine_step(self, engine):
        def step(strings):
            source_lang, target_lang = self._languages
            try:
                answers = engine.translate([s.data for s in strings], source_lang, target_lang, self._glossary)
            except EngineError:
                raise
            except Exception as error:  # a bug or an odd answer in one engine must not stop the others
                logger.exception("Translation engine %s raised", engine.label)
                raise EngineError(type(error).__name__) from error
            found = {}
            for string, answer in zip(strings, answers, strict=True):
                if answer:
                    try:
                        found[string] = StringValue.from_translated_html(answer)
                    except Exception:  # markup wagtail-localize cannot take back: the markup check's business
                        self.report.rejected[string.data] = gettext("Tags or links were lost or added.")
            return found

        return step

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

    def external_engines(self):
        return engines_for_site(self.site)


def label_tools(translation, report: MachineReport, translator) -> None:
    """Name each machine-made segment's tool (wagtail-localize writes the translator's name on all of them),
    so the editor says "Translated with DeepL on …" and the review screen shows it."""
    by_tool: dict[str, list[str]] = {}
    for data, label in report.tool_of.items():
        by_tool.setdefault(label, []).append(String._get_data_hash(data))
    for label, hashes in by_tool.items():
        StringTranslation.objects.filter(
            locale_id=translation.target_locale_id,
            context__object_id=translation.source.object_id,
            translation_of__data_hash__in=hashes,
            translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
            tool_name=translator.display_name,
        ).update(tool_name=label[:255])
