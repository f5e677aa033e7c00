"""What a reviewer reads before approving: every segment with its field, English and translation side by
side, what changed since the last approved version, what a machine made, and the quality checks.

The same figures feed the queue row (work.refresh stores the counts) and approval (errors block it,
warnings need the reviewer's acknowledgement), so the three never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import capfirst
from django.utils.translation import ngettext
from wagtail.fields import StreamField
from wagtail_localize.models import StringSegment, StringTranslation

from .checks import Finding, Severity, check_consistency, check_segment
from .terminology import glossary_pairs


@dataclass
class SegmentRow:
    path: str
    label: str
    source: str
    target: str | None
    machine: bool = False  # made by a machine and not yet saved by a person in the editor
    tool: str = ""  # which: "Translation memory", "Glossary", "DeepL" … (machine.py)
    has_error: bool = False  # wagtail-localize could not use it (broken markup)
    translated_by: str = ""
    previous_source: str | None = None  # at the last approval, when the English changed since
    previous_target: str | None = None
    findings: list[Finding] = field(default_factory=list)
    suggestions: list = field(default_factory=list)  # memory.Suggestion: offered, never applied
    terms: list[tuple[str, str]] = field(default_factory=list)  # glossary terms in the English, agreed translation

    @property
    def tool_label(self) -> str:
        from .machine import TOOL_LABELS

        return str(TOOL_LABELS.get(self.tool, self.tool)) if self.machine else ""

    @property
    def changed_since_approval(self) -> bool:
        return self.previous_source is not None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.WARNING]


def _translations(task) -> dict[tuple[int, int], StringTranslation]:
    rows = StringTranslation.objects.filter(
        locale=task.target_locale, context__object_id=task.source.object_id
    ).select_related("last_translated_by")
    return {(row.context_id, row.translation_of_id): row for row in rows}


def segment_rows(task, *, consistency: bool = True, suggestions: bool = False) -> list[SegmentRow]:
    """The task's segments in page order, each with its translation, history and findings; with
    `suggestions`, also the fuzzy memory's offers and the glossary terms (memory.py: the review screen)."""
    segments = list(
        StringSegment.objects.filter(source_id=task.source_id).select_related("string", "context").order_by("order")
    )
    translations = _translations(task)
    approved = task.approved_segments or {}
    labels = FieldLabels(task)
    glossary = glossary_pairs(task.target_locale)
    rows = []
    for segment in segments:
        translation = translations.get((segment.context_id, segment.string_id))
        path = segment.context.path
        row = SegmentRow(
            path=path,
            label=labels.of(path),
            source=segment.string.data,
            target=translation.data if translation else None,
            machine=bool(translation and translation.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE),
            tool=translation.tool_name if translation else "",
            has_error=bool(translation and translation.has_error),
            translated_by=translation.last_translated_by.get_username()
            if translation and translation.last_translated_by
            else "",
        )
        before = approved.get(path)
        if before and before[0] != row.source:
            row.previous_source, row.previous_target = before
        if row.target is not None:  # untranslated segments are counted as missing, not as findings
            row.findings = check_segment(
                row.source,
                row.target,
                glossary=glossary,
                source_lang=task.source.locale.language_code,
                target_lang=task.target_locale.language_code,
            )
        rows.append(row)
    if consistency:
        _add_consistency(task, rows)
    if suggestions:
        from .memory import suggestions_for

        offers = suggestions_for(task, segments)
        for row in rows:
            offer = offers.get(row.path)
            if offer:
                row.suggestions, row.terms = offer.suggestions, offer.terms
    return rows


def _add_consistency(task, rows: list[SegmentRow]) -> None:
    """The same English translated differently elsewhere on the site (and the reverse), against every
    other translation into this language."""
    others = StringTranslation.objects.filter(locale=task.target_locale).exclude(
        context__object_id=task.source.object_id
    )
    pairs = [
        (f"other:{pk}", english, chinese)
        for pk, english, chinese in others.values_list("pk", "translation_of__data", "data")
    ]
    pairs += [(row.path, row.source, row.target) for row in rows if row.target]
    by_key = check_consistency(pairs)
    for row in rows:
        row.findings.extend(by_key.get(row.path, []))


def snapshot(task) -> dict[str, list[str]]:
    """{path: [English, translation]} as approved: the next review shows what changed since."""
    segments = StringSegment.objects.filter(source_id=task.source_id).select_related("string", "context")
    translations = _translations(task)
    result = {}
    for segment in segments:
        translation = translations.get((segment.context_id, segment.string_id))
        result[segment.context.path] = [segment.string.data, translation.data if translation else ""]
    return result


@dataclass
class Summary:
    errors: int
    warnings: int

    @classmethod
    def of(cls, rows) -> Summary:
        return cls(sum(len(r.errors) for r in rows), sum(len(r.warnings) for r in rows))


class FieldLabels:
    """'body.<block id>.<child>' → 'Body › Paragraph': the field's verbose name and the block's label."""

    def __init__(self, task):
        self.instance = task.source.get_source_instance()
        self.blocks = {}
        for model_field in self.instance._meta.get_fields():
            if isinstance(model_field, StreamField):
                stream = getattr(self.instance, model_field.name)
                for child in stream:
                    self.blocks[child.id] = child.block

    def of(self, path: str) -> str:
        parts = path.split(".")
        try:
            model_field = self.instance._meta.get_field(parts[0])
            label = capfirst(str(model_field.verbose_name))
        except Exception:  # a path wagtail-localize made from something other than a field
            return path
        if len(parts) > 1 and parts[1] in self.blocks:
            label += " › " + capfirst(str(self.blocks[parts[1]].label))
            if len(parts) > 2:
                label += " › " + " › ".join(capfirst(p.replace("_", " ")) for p in parts[2:] if not _is_id(p))
        return label


def _is_id(part: str) -> bool:
    return len(part) >= 32 and part.replace("-", "").isalnum()


def acknowledgement_problem(rows, acknowledged: str) -> str | None:
    """Warnings need the reviewer's click: approval carries how many they saw."""
    summary = Summary.of(rows)
    if summary.errors:
        return ngettext(
            "%(count)s quality check error stands: fix it, or send the work back.",
            "%(count)s quality check errors stand: fix them, or send the work back.",
            summary.errors,
        ) % {"count": summary.errors}
    if summary.warnings and acknowledged != str(summary.warnings):
        return ngettext(
            "Confirm that you have read the warning before approving.",
            "Confirm that you have read the %(count)s warnings before approving.",
            summary.warnings,
        ) % {"count": summary.warnings}
    return None
