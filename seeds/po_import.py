"""Translate seeded pages and snippets through wagtail-localize's own PO import.

The project's Chinese texts ship as PO files under seeds/translations/zh_Hans/, one per page, keyed by
the English text (msgid). For each page we ask wagtail-localize for its PO export (one entry per
segment, msgctxt = field path), fill each msgstr from the shipped file, import it and save the target:
the result is a real wagtail-localize Translation, editable in its editor and tracked for changes.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import polib
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from modelcluster.models import ClusterableModel, get_serializable_data_for_fields
from wagtail_localize.models import StringSegment, Translation, TranslationSource, get_schema_version

from seeds.parsers import SeedSourceError

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
# wagtail-localize writes the line breaks of a plain-text field as <br/> in its segments.
_BR = re.compile(r"<br\s*/?>")


def normalize(text: str) -> str:
    """Compare segment texts as a reader sees them: line breaks, entities decoded, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(_BR.sub("\n", text))).strip()


def load_memory(path: Path) -> dict[str, str]:
    """{normalized English: Chinese} from one shipped PO file; a malformed file is an error naming it."""
    try:
        po = polib.pofile(str(path), encoding="utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise SeedSourceError(path, f"not a readable PO file ({exc})") from None
    return {normalize(entry.msgid): entry.msgstr for entry in po if entry.msgstr and not entry.obsolete}


@dataclass
class TranslationResult:
    translation: Translation
    segments: int
    missing: list[str]
    changed: bool


@transaction.atomic
def translate_instance(
    instance, target_locale, memory: dict[str, str], *, source_changed: bool, user=None
) -> TranslationResult:
    """Create or update the `target_locale` translation of `instance` from a translation memory.

    Idempotent: when the source and every translated string are unchanged, nothing is written.
    """
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if source_changed and not created and not _source_is_current(source):
        # The English changed in this run: refresh the segments from the saved object.
        source.update_from_db()
    translation, translation_created = Translation.objects.get_or_create(
        source=source, target_locale=target_locale, defaults={"enabled": True}
    )
    po = translation.export_po()
    missing = []
    changed = translation_created
    for entry in po:
        if entry.obsolete:
            continue
        wanted = memory.get(normalize(entry.msgid))
        if wanted is None:
            missing.append(entry.msgid)
            continue
        if _BR.search(entry.msgid):
            wanted = "<br/>".join(wanted.splitlines())
        if entry.msgstr != wanted:
            entry.msgstr = wanted
            changed = True
    if changed:
        warnings = translation.import_po(po, user=user, tool_name="seed")
        if warnings:
            raise SeedSourceError(f"translation of {instance}", "PO import warnings: " + "; ".join(map(str, warnings)))
    # Convert the alias into a real translation (or refresh it) only when something changed, so a second
    # seed run creates no new revisions. A changed source is saved again even when no text changed: its
    # synchronized fields (an image, a date) must follow.
    if changed or source_changed or not _target_exists(instance, target_locale):
        translation.save_target(user=user, publish=True)
        changed = True
    segments = StringSegment.objects.filter(source=source).count()
    return TranslationResult(translation, segments, missing, changed)


def _source_is_current(source: TranslationSource) -> bool:
    """True when the source already holds the saved object's content: the translation queue makes it on
    save (a new glossary term) or publish, from the object just saved. Its segments are extracted from
    that content, so re-reading it (wagtail-localize's update_from_db, a few queries per segment) would
    only find the same segments again."""
    instance = source.get_source_instance()
    if isinstance(instance, ClusterableModel):
        content_json = instance.to_json()
    else:
        content_json = json.dumps(get_serializable_data_for_fields(instance), cls=DjangoJSONEncoder)
    return content_json == source.content_json and source.schema_version == get_schema_version(instance._meta.app_label)


def _target_exists(instance, target_locale) -> bool:
    target = instance.get_translation_or_none(target_locale)
    return target is not None and not getattr(target, "alias_of_id", None)
