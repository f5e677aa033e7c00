"""PO round trip from the queue, strict: a file that does not fit changes nothing and says why."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import polib
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail_localize.models import StringTranslation, Translation
from wagtail_localize.strings import StringValue, validate_translation_links

from . import drafts, workflow
from .work import refresh

# One page's PO file is a few kilobytes; anything near this is not one, and parsing it would hold a worker.
MAX_PO_BYTES = 1024 * 1024


class POUploadError(ValueError):
    pass


def export(task, user=None) -> tuple[str, bytes]:
    translation = drafts.ensure_translation(task)
    po = translation.export_po()
    add_suggestions(task, po)
    instance = task.source.get_source_instance()
    filename = f"{getattr(instance, 'slug', None) or instance.pk}-{task.target_locale.language_code}.po"
    return filename, str(po).encode("utf-8")


def add_suggestions(task, po: polib.POFile, offers=None) -> None:
    """Glossary terms and fuzzy-memory suggestions (memory.py) as each entry's extracted comments (#.):
    a translator's PO editor shows them next to the string; they are never filled in as msgstr.
    `offers`: memory.suggestions_for's result when the caller has it (a batch export)."""
    from .memory import diff_text, suggestions_for

    offers = suggestions_for(task) if offers is None else offers
    for entry in po:
        offer = None if entry.obsolete else offers.get(entry.msgctxt)
        if offer is None:
            continue
        lines = [_("Glossary: %(english)s = %(target)s") % {"english": e, "target": t} for e, t in offer.terms]
        for suggestion in offer.suggestions:
            origin = suggestion.origin_label if suggestion.is_previous else suggestion.where
            if suggestion.machine:
                origin = f"{origin}, {_('machine-made')}"
            lines.append(
                _("Suggestion %(score)s%% (%(origin)s): %(target)s")
                % {"score": suggestion.score, "origin": origin, "target": suggestion.target.replace("\n", " ")}
            )
            lines.append("  " + _("English: %(diff)s") % {"diff": diff_text(suggestion.source, entry.msgid)})
        if lines:
            entry.comment = "\n".join(filter(None, [entry.comment, *lines]))


def parse(content: bytes) -> polib.POFile:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise POUploadError(_("The file is not UTF-8 text (byte %(byte)s).") % {"byte": exc.start}) from None
    for number, line in enumerate(text.splitlines(), start=1):
        bad = next((char for char in line if ord(char) < 32 and char != "\t"), None)
        if bad is not None:
            raise POUploadError(
                _("Line %(line)s contains a control character (U+%(code)04X); PO files are plain text.")
                % {"line": number, "code": ord(bad)}
            )
    try:
        return polib.pofile(text)
    except (OSError, ValueError) as exc:
        raise POUploadError(_("The file is not a valid PO file: %(error)s") % {"error": exc}) from None


@dataclass
class Imported:
    imported: int  # translations written (new or changed)
    unchanged: int  # entries equal to what was already stored
    skipped: int  # entries left untranslated in the file


def _entry_problems(po) -> list[str]:
    """Duplicates and strings wagtail-localize would store as broken HTML: the file is refused for any."""
    problems, seen = [], {}
    for number, entry in enumerate(po, start=1):
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            problems.append(
                _("entry %(number)s repeats entry %(first)s (%(where)s)")
                % {"number": number, "first": seen[key], "where": entry.msgctxt or entry.msgid[:40]}
            )
            continue
        seen[key] = number
        if entry.msgstr:
            try:
                StringValue.from_translated_html(entry.msgstr)
                validate_translation_links(entry.msgid, entry.msgstr)
            except ValueError as exc:
                problems.append(
                    _("entry %(number)s (%(where)s): %(error)s")
                    % {"number": number, "where": entry.msgctxt or entry.msgid[:40], "error": exc}
                )
    return problems


@transaction.atomic
def import_upload(task, content: bytes, user=None, filename: str = "") -> Imported:
    """Import a translator's PO into the task's translation, all or nothing, and log it on the task."""
    from . import work

    if len(content) > MAX_PO_BYTES:
        raise POUploadError(_("The file is larger than 1 MB; a page's PO file is a few kilobytes."))
    po = parse(content)
    work.take(task, "upload_po", user)
    translation = drafts.ensure_translation(task)
    file_id = po.metadata.get("X-WagtailLocalize-TranslationID")
    if not file_id:
        raise POUploadError(_("The file has no X-WagtailLocalize-TranslationID header: download the PO from this row."))
    if file_id != str(translation.uuid):
        other = Translation.objects.filter(uuid=file_id).select_related("target_locale").first()
        where = (
            f"{other.source.get_source_instance()} ({other.target_locale.language_code})"
            if other
            else _("an unknown translation")
        )
        raise POUploadError(_("This PO file belongs to %(other)s, not to this row.") % {"other": where})
    problems = _entry_problems(po)
    if problems:
        raise POUploadError(
            _("Nothing was imported: %(details)s.") % {"details": "; ".join(str(p) for p in problems[:5])}
        )
    entries = [entry for entry in po if not entry.obsolete and entry.msgstr]
    if not entries:
        raise POUploadError(_("The file contains no translated strings."))
    before = _stored(task)
    warnings = translation.import_po(po, user=user, tool_name="PO upload")
    if warnings:  # raising inside the atomic block undoes what import_po wrote
        described = "; ".join(_describe(warning) for warning in warnings[:5])
        raise POUploadError(
            _("Nothing was imported: %(count)s entries don't match this page (%(details)s).")
            % {"count": len(warnings), "details": described}
        )
    after = _stored(task)
    changed = sum(1 for key, data in after.items() if before.get(key) != data)
    result = Imported(
        imported=changed,
        unchanged=len(entries) - changed,
        skipped=sum(1 for entry in po if not entry.obsolete and not entry.msgstr),
    )
    drafts.save_draft(task, user)
    refresh(task)
    workflow.record(task, "upload_po", user, data={**asdict(result), "file": filename})
    task.save()
    return result


def _stored(task) -> dict:
    return dict(
        StringTranslation.objects.filter(
            locale=task.target_locale, context__object_id=task.source.object_id
        ).values_list("context_id", "data")
    )


def _describe(warning) -> str:
    kind = type(warning).__name__
    detail = next(
        filter(None, (getattr(warning, name, None) for name in ("msgid", "string", "msgctxt", "context"))), ""
    )
    return f"{kind} at entry {warning.index + 1}: {str(detail)[:60]!r}"
