"""Batches from the queue: several selected tasks claimed, assigned, exported as one file (PO or XLIFF 1.2)
and imported back — all or nothing.

Each task goes through the same work.py function as its row's button (so workflow.record, the permission
rules, drafts and log entries are the single-row ones), inside one transaction: if any task may not take
the step, the batch is refused with every row named and nothing changes. An import is read and checked in
full before anything is written, then each task takes po.import_upload (the single PO upload's path); a
problem in any task rolls back all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polib
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation

from . import drafts, memory, notifications, po, work, workflow, xliff
from .models import TranslationTask
from .roles import can_translate, can_work_on, queue_locales

MAX_TASKS = 100  # a batch is at most two pages of the queue: more holds a worker too long
# One PO entry's msgctxt in a batch file: "<task id>:<segment path>".
CONTEXT = re.compile(r"^(\d+):(.+)$", re.DOTALL)
HEADER = "X-Translation-Queue-Tasks"  # "<task id> <translation uuid>, …"


class BatchRefused(Exception):
    """Nothing was changed; `problems` say what and where, one per line."""

    def __init__(self, problems):
        self.problems = [str(p) for p in problems]
        super().__init__("; ".join(self.problems))


def row_name(task) -> str:
    return f"#{task.pk} “{task.source_title}” ({task.target_locale.language_code})"


def selected(user, ids) -> list[TranslationTask]:
    """The tasks picked on the queue page, in that order; refused if any is unknown or outside the user's
    languages (a tampered form, or a task deleted since the page was drawn)."""
    wanted = list(dict.fromkeys(int(i) for i in ids if str(i).strip().isdigit()))
    if not wanted:
        raise BatchRefused([_("Select at least one task.")])
    if len(wanted) > MAX_TASKS:
        raise BatchRefused([_("Select at most %(max)s tasks at once.") % {"max": MAX_TASKS}])
    found = {
        task.pk: task
        for task in TranslationTask.objects.filter(pk__in=wanted, target_locale__in=queue_locales(user)).select_related(
            "source", "target_locale", "assignee"
        )
    }
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise BatchRefused(
            [_("Task #%(id)s does not exist or is not in your languages.") % {"id": pk} for pk in missing]
        )
    return [found[pk] for pk in wanted]


# --- claim and assign --------------------------------------------------------------------------------


@dataclass
class Done:
    changed: int
    unchanged: int = 0  # already as asked (claiming one's own task)


def claim(tasks, user) -> Done:
    mine = [task for task in tasks if task.assignee_id == user.pk]
    _run(tasks, user, "claim", lambda task: task.assignee_id != user.pk and work.claim(task, user))
    return Done(changed=len(tasks) - len(mine), unchanged=len(mine))


def assign(tasks, user, assignee) -> Done:
    def extra(task):
        if not can_translate(assignee, task.target_locale):
            return _("%(user)s does not translate into this language.") % {"user": assignee}
        return None

    _run(tasks, user, "assign", lambda task: work.assign(task, user, assignee), extra)
    return Done(changed=len(tasks))


def _run(tasks, user, action, carry_out, extra=None) -> None:
    with notifications.batched(), transaction.atomic():  # one mail per person, after commit
        problems = []
        for task in tasks:
            try:
                work.take(task, action, user)  # locks the row, checks the workflow table
            except PermissionDenied as exc:
                problems.append(f"{row_name(task)}: {exc}")
                continue
            problem = extra(task) if extra else None
            if problem:
                problems.append(f"{row_name(task)}: {problem}")
        if problems:
            raise BatchRefused(problems)
        for task in tasks:
            try:
                carry_out(task)
            except PermissionDenied as exc:  # changed under us since the check: undo the whole batch
                raise BatchRefused([f"{row_name(task)}: {exc}"]) from None


# --- export ------------------------------------------------------------------------------------------


@dataclass
class Part:
    task: TranslationTask
    translation_id: str
    entries: list[polib.POEntry]  # the single export's entries: msgctxt = segment path, comments included


def _parts(tasks, user) -> list[Part]:
    """Each task's entries and suggestions as its single PO export has them (po.export), read for all the
    tasks at once: a fixed number of queries per language, whatever the number of tasks."""
    refused = [row_name(task) for task in tasks if not can_work_on(user, task)]
    if refused:
        raise BatchRefused(
            [_("%(row)s: only its assignee or a reviewer exchanges its files.") % {"row": row} for row in refused]
        )
    translations = _translations(tasks)
    groups: dict[tuple, list] = {}
    for task in tasks:
        groups.setdefault((task.target_locale_id, task.source.locale_id), []).append(task)
    parts = {}
    for group in groups.values():
        segments_of = {task.pk: [] for task in group}
        task_of_source = {task.source_id: task.pk for task in group}
        for segment in (
            StringSegment.objects.filter(source_id__in=task_of_source)
            .select_related("string", "context")
            .annotate_translation(group[0].target_locale, include_errors=True)
            .order_by("source_id", "order")
        ):
            segments_of[task_of_source[segment.source_id]].append(segment)
        shared = memory.shared_for(group, segments_of)
        for task in group:
            segments = segments_of[task.pk]
            single = polib.POFile()
            single.extend(
                polib.POEntry(msgctxt=s.context.path, msgid=s.string.data, msgstr=s.translation or "") for s in segments
            )
            po.add_suggestions(task, single, memory.suggestions_for(task, segments, shared=shared))
            parts[task.pk] = Part(task, str(translations[task.pk].uuid), list(single))
    return [parts[task.pk] for task in tasks]


def _translations(tasks) -> dict:
    """{task pk: its enabled wagtail-localize Translation}, created where a task has none yet."""
    found = {
        (t.source_id, t.target_locale_id): t
        for t in Translation.objects.filter(
            source_id__in={task.source_id for task in tasks},
            target_locale_id__in={task.target_locale_id for task in tasks},
        )
    }
    result = {}
    for task in tasks:
        translation = found.get((task.source_id, task.target_locale_id))
        result[task.pk] = translation if translation and translation.enabled else drafts.ensure_translation(task)
    return result


def _stem(tasks) -> str:
    languages = sorted({task.target_locale.language_code for task in tasks})
    return f"translation-queue-{len(tasks)}-tasks-{'-'.join(languages)}"


def export_po(tasks, user) -> tuple[str, bytes]:
    """One PO file for tasks of one language; each msgctxt is "<task id>:<segment path>"."""
    languages = {task.target_locale.language_code for task in tasks}
    if len(languages) > 1:
        raise BatchRefused([_("A PO file holds one language: select tasks of one language, or export them as XLIFF.")])
    parts = _parts(tasks, user)
    batch = polib.POFile(wrapwidth=200)
    batch.metadata = {
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": languages.pop(),
        HEADER: ", ".join(f"{part.task.pk} {part.translation_id}" for part in parts),
    }
    for part in parts:
        for number, entry in enumerate(part.entries):
            comment = entry.comment
            if number == 0:  # where each task starts, for whoever reads the file
                heading = _("Task %(id)s: %(title)s") % {"id": part.task.pk, "title": part.task.source_title}
                comment = "\n".join(filter(None, [heading, comment]))
            batch.append(
                polib.POEntry(
                    msgctxt=f"{part.task.pk}:{entry.msgctxt}",
                    msgid=entry.msgid,
                    msgstr=entry.msgstr,
                    comment=comment,
                )
            )
    return f"{_stem(tasks)}.po", str(batch).encode("utf-8")


def export_xliff(tasks, user) -> tuple[str, bytes]:
    parts = _parts(tasks, user)
    files = [
        xliff.FilePart(
            task_id=part.task.pk,
            translation_id=part.translation_id,
            target_language=part.task.target_locale.language_code,
            units=[xliff.Unit(e.msgctxt, e.msgid, e.msgstr, e.comment) for e in part.entries],
        )
        for part in parts
    ]
    source = Locale.get_default().language_code
    return f"{_stem(tasks)}.xlf", xliff.write(files, source)


# --- import ------------------------------------------------------------------------------------------


@dataclass
class Upload:
    """One task's strings from a batch file, as a single PO upload would carry them."""

    task_id: int
    translation_id: str
    language: str  # the file's target language for this task
    where: str  # how to find it in the file
    entries: list[polib.POEntry]

    @property
    def translated(self) -> bool:
        return any(entry.msgstr for entry in self.entries)

    def as_po(self) -> bytes:
        single = polib.POFile(wrapwidth=200)
        single.metadata = {
            "Content-Type": "text/plain; charset=utf-8",
            "X-WagtailLocalize-TranslationID": self.translation_id,
        }
        single.extend(self.entries)
        return str(single).encode("utf-8")


@dataclass
class Imported:
    tasks: int
    imported: int
    unchanged: int
    skipped: int
    untouched: int  # tasks in the file with nothing translated: left as they were


def read(content: bytes) -> tuple[str, list[Upload]]:
    """("PO" or "XLIFF", the file's tasks), or BatchRefused naming each problem and its place."""
    if len(content) > po.MAX_PO_BYTES:
        raise BatchRefused([_("The file is larger than 1 MB; export fewer tasks at once.")])
    if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        try:
            return "XLIFF", _from_xliff(xliff.read(content))
        except xliff.XliffError as exc:
            raise BatchRefused([exc]) from None
    try:
        parsed = po.parse(content)
    except po.POUploadError as exc:
        raise BatchRefused([exc]) from None
    return "PO", _from_po(parsed)


def _from_xliff(parts: list[xliff.FilePart]) -> list[Upload]:
    uploads, problems = [], []
    for part in parts:
        where = _("<file> “task-%(id)s” (line %(line)s)") % {"id": part.task_id, "line": part.line}
        entries = []
        for unit in part.units:
            if not unit.path:
                problems.append(_("trans-unit on line %(line)s has no id or resname") % {"line": unit.line})
                continue
            entries.append(_entry(unit.path, unit.source, unit.target, unit.line))
        uploads.append(Upload(part.task_id, part.translation_id, part.target_language, where, entries))
    if problems:
        raise BatchRefused(problems)
    return uploads


def _from_po(parsed: polib.POFile) -> list[Upload]:
    header = parsed.metadata.get(HEADER, "")
    if not header:
        raise BatchRefused(
            [
                _(
                    "The file has no %(header)s header: it is not a batch file from the queue "
                    "(upload a single row's PO file on that row)."
                )
                % {"header": HEADER}
            ]
        )
    language = parsed.metadata.get("Language", "")
    uploads: dict[int, Upload] = {}
    for item in header.split(","):
        pieces = item.split()
        if len(pieces) != 2 or not pieces[0].isdigit():
            raise BatchRefused(
                [_("The %(header)s header is damaged near “%(item)s”.") % {"header": HEADER, "item": item.strip()}]
            )
        task_id = int(pieces[0])
        where = _("task %(id)s (header %(header)s)") % {"id": task_id, "header": HEADER}
        uploads[task_id] = Upload(task_id, pieces[1], language, where, [])
    problems = []
    for entry in parsed:
        if entry.obsolete:
            continue
        match = CONTEXT.match(entry.msgctxt or "")
        task = uploads.get(int(match[1])) if match else None
        if task is None:
            problems.append(
                _("line %(line)s: msgctxt “%(context)s” does not start with a task of this file (“<id>:”)")
                % {"line": entry.linenum, "context": entry.msgctxt or ""}
            )
            continue
        task.entries.append(_entry(match[2], entry.msgid, entry.msgstr, entry.linenum))
    if problems:
        raise BatchRefused(problems)
    return list(uploads.values())


def check(uploads: list[Upload], user) -> list[TranslationTask]:
    """Everything that can be told before writing: each task known, in the user's languages, theirs to
    upload to (the single upload's rule), in the file's language. Refuses with every problem."""
    visible = {
        task.pk: task
        for task in TranslationTask.objects.filter(
            pk__in=[u.task_id for u in uploads], target_locale__in=queue_locales(user)
        ).select_related("source", "target_locale")
    }
    upload_po = workflow.TRANSITIONS["upload_po"]
    problems, tasks, seen = [], [], set()
    for upload in uploads:
        if upload.task_id in seen:
            problems.append(
                _("%(where)s: task #%(id)s appears twice in the file.") % {"where": upload.where, "id": upload.task_id}
            )
            continue
        seen.add(upload.task_id)
        task = visible.get(upload.task_id)
        if task is None:
            problems.append(
                _("%(where)s: task #%(id)s does not exist or is not in your languages.")
                % {"where": upload.where, "id": upload.task_id}
            )
            continue
        tasks.append(task)
        code = task.target_locale.language_code
        if _language(upload.language) != _language(code):
            problems.append(
                _("%(where)s: the file is in “%(file)s” but %(row)s translates into “%(code)s”.")
                % {"where": upload.where, "file": upload.language or "?", "row": row_name(task), "code": code}
            )
        if not can_work_on(user, task):
            problems.append(
                _("%(where)s: %(row)s is not yours: only its assignee or a reviewer uploads its files.")
                % {"where": upload.where, "row": row_name(task)}
            )
        elif upload.translated and (refusal := workflow.refusal(upload_po, task, user)):
            problems.append(f"{upload.where}: {row_name(task)}: {refusal}")
    if problems:
        raise BatchRefused(problems)
    problems = _unknown_strings(list(zip(tasks, uploads, strict=True)))
    if problems:
        raise BatchRefused(problems)
    return tasks


def _language(code: str) -> str:
    """PO editors write zh_Hans for zh-hans; the same language either way."""
    return code.replace("_", "-").lower()


def _entry(path: str, source: str, target: str, line) -> polib.POEntry:
    entry = polib.POEntry(msgctxt=path, msgid=source, msgstr=target)
    entry.linenum = line  # where it is in the uploaded file, for the refusals
    return entry


def _unknown_strings(pairs) -> list[str]:
    """Entries whose (segment path, English) is not one of their task's segments now: the English changed
    since the export, or the file was edited. One query for all the tasks."""
    known = set(
        StringSegment.objects.filter(source_id__in={task.source_id for task, _upload in pairs}).values_list(
            "source_id", "context__path", "string__data"
        )
    )
    problems = []
    for task, upload in pairs:
        for entry in upload.entries:
            if (task.source_id, entry.msgctxt, entry.msgid) not in known:
                problems.append(
                    _("line %(line)s: “%(path)s” with this English is not a segment of %(row)s (%(english)s)")
                    % {"line": entry.linenum, "path": entry.msgctxt, "row": row_name(task), "english": entry.msgid[:60]}
                )
    return problems[:20]


def import_file(content: bytes, user, filename: str = "") -> Imported:
    kind, uploads = read(content)
    tasks = check(uploads, user)
    todo = [(task, upload) for task, upload in zip(tasks, uploads, strict=True) if upload.translated]
    if not todo:
        raise BatchRefused([_("The file contains no translated strings.")])
    return _apply(todo, user, f"{filename} ({kind})" if filename else kind, untouched=len(uploads) - len(todo))


def _apply(todo, user, filename, untouched) -> Imported:
    with notifications.batched(), transaction.atomic():
        problems, results = [], []
        for task, upload in todo:
            try:
                results.append(po.import_upload(task, upload.as_po(), user, filename=filename))
            except (po.POUploadError, PermissionDenied) as exc:  # its own savepoint is already undone
                problems.append(f"{upload.where}: {row_name(task)}: {exc}")
        if problems:
            raise BatchRefused(problems)  # leaving the atomic block undoes the tasks that went through
    return Imported(
        tasks=len(results),
        imported=sum(r.imported for r in results),
        unchanged=sum(r.unchanged for r in results),
        skipped=sum(r.skipped for r in results),
        untouched=untouched,
    )
