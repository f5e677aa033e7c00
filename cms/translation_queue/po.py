"""PO round trip from the queue, strict: a file that does not fit changes nothing and says why."""

from __future__ import annotations

import polib
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail_localize.models import Translation

from . import drafts
from .work import refresh

# One page's PO file is a few kilobytes; anything near this is not one, and parsing it would hold a worker.
MAX_PO_BYTES = 1024 * 1024


class POUploadError(ValueError):
    pass


def export(task, user=None) -> tuple[str, bytes]:
    translation = drafts.ensure_translation(task)
    po = translation.export_po()
    instance = task.source.get_source_instance()
    filename = f"{getattr(instance, 'slug', None) or instance.pk}-{task.target_locale.language_code}.po"
    return filename, str(po).encode("utf-8")


def parse(content: bytes) -> polib.POFile:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise POUploadError(_("The file is not UTF-8 text (byte %(byte)s).") % {"byte": exc.start}) from None
    try:
        return polib.pofile(text)
    except (OSError, ValueError) as exc:
        raise POUploadError(_("The file is not a valid PO file: %(error)s") % {"error": exc}) from None


@transaction.atomic
def import_upload(task, content: bytes, user=None) -> int:
    """Import a translator's PO into the task's translation; returns the number of strings imported."""
    if len(content) > MAX_PO_BYTES:
        raise POUploadError(_("The file is larger than 1 MB; a page's PO file is a few kilobytes."))
    po = parse(content)
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
    entries = [entry for entry in po if not entry.obsolete and entry.msgstr]
    if not entries:
        raise POUploadError(_("The file contains no translated strings."))
    warnings = translation.import_po(po, user=user, tool_name="PO upload")
    if warnings:  # raising inside the atomic block undoes what import_po wrote
        described = "; ".join(_describe(warning) for warning in warnings[:5])
        raise POUploadError(
            _("Nothing was imported: %(count)s entries don't match this page (%(details)s).")
            % {"count": len(warnings), "details": described}
        )
    drafts.save_draft(task, user)
    refresh(task)
    task.save()
    return len(entries)


def _describe(warning) -> str:
    kind = type(warning).__name__
    detail = getattr(warning, "msgid", None) or getattr(warning, "msgctxt", "")
    return f"{kind} at entry {warning.index + 1}: {str(detail)[:60]!r}"
