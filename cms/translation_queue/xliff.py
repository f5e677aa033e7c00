"""XLIFF 1.2 for batch files, through translate-toolkit (never XML by hand): one <file> per task.

A <file>'s `original` is "task-<id>/<wagtail-localize translation uuid>" and its target-language the task's
locale; each trans-unit's id and resname are the segment's path (the PO msgctxt), its source the English as
wagtail-localize stores it (inline markup escaped as text), its target the translation, its notes the glossary
terms and suggestions a single PO export carries as comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from lxml import etree
from translate.storage import xliff

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
ORIGINAL = re.compile(r"^task-(\d+)(?:/([0-9a-f-]{36}))?$")


class XliffError(ValueError):
    pass


class Xliff12Unit(xliff.Xliff1Unit):
    namespace = NAMESPACE


class Xliff12File(xliff.xlifffile):
    """translate-toolkit's XLIFF store, writing version 1.2 (its skeleton says 1.1)."""

    UnitClass = Xliff12Unit
    XMLskeleton = xliff.xlifffile.XMLskeleton.replace("1.1", "1.2")
    namespace = NAMESPACE


@dataclass
class Unit:
    path: str  # the segment's context path
    source: str
    target: str
    note: str = ""
    line: int | None = None  # where it is in an uploaded file


@dataclass
class FilePart:
    """One <file>: one task's strings."""

    task_id: int
    translation_id: str
    target_language: str
    units: list[Unit] = field(default_factory=list)
    line: int | None = None


def original(task_id: int, translation_id: str) -> str:
    return f"task-{task_id}/{translation_id}"


def write(parts: list[FilePart], source_language: str) -> bytes:
    store = Xliff12File(sourcelanguage=source_language)
    for part in parts:
        name = original(part.task_id, part.translation_id)
        store.switchfile(name, createifmissing=True)
        store.getfilenode(name).set("target-language", part.target_language)
        for item in part.units:
            unit = store.addsourceunit(item.source, filename=name)
            unit.setid(item.path)
            unit.xmlelement.set("resname", item.path)
            if item.target:
                unit.settarget(item.target, lang=part.target_language)
                unit.xmlelement.attrib.pop("approved", None)  # the toolkit's default; review is the queue's
            if item.note:
                unit.addnote(item.note, origin="developer")
    return bytes(store)


def read(content: bytes) -> list[FilePart]:
    """The file's parts, or XliffError naming what is wrong and where (line numbers of the upload)."""
    try:
        store = xliff.xlifffile.parsestring(content)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else exc.lineno
        raise XliffError(
            _("The file is not well-formed XML (line %(line)s): %(error)s") % {"line": line, "error": exc.msg}
        ) from None
    except (AssertionError, StopIteration):  # the toolkit asserts an <xliff> root holding a <file>
        raise XliffError(_("The file is XML but not XLIFF: it needs an <xliff> root with <file> elements.")) from None
    except ValueError as exc:  # XLIFF 2, or a unit the toolkit refuses
        raise XliffError(_("The file is not XLIFF 1.2: %(error)s") % {"error": exc}) from None
    root = store.document.getroot()
    version = root.get("version", "")
    if version not in ("1.2", "1.1"):
        raise XliffError(_("The file is XLIFF version %(version)s; the queue reads 1.2.") % {"version": version or "?"})
    units_of: dict = {}  # the toolkit's parsed units (namespace resolved), by their <file>
    for unit in store.units:
        filenode = next(unit.xmlelement.iterancestors(store.namespaced("file")), None)
        units_of.setdefault(filenode, []).append(unit)
    parts, problems = [], []
    for filenode in root.iterchildren(store.namespaced("file")):
        name = filenode.get("original") or ""
        match = ORIGINAL.match(name)
        if not match:
            problems.append(
                _("<file> on line %(line)s: original=“%(name)s” does not name a queue task (task-<id>/<uuid>)")
                % {"line": filenode.sourceline, "name": name}
            )
            continue
        part = FilePart(
            task_id=int(match[1]),
            translation_id=match[2] or "",
            target_language=filenode.get("target-language") or "",
            line=filenode.sourceline,
        )
        for unit in units_of.get(filenode, []):
            element = unit.xmlelement
            path = element.get("resname") or element.get("id") or ""
            part.units.append(
                Unit(path=path, source=unit.source or "", target=unit.target or "", line=element.sourceline)
            )
        parts.append(part)
    if problems:
        raise XliffError("; ".join(problems))
    if not parts:
        raise XliffError(_("The XLIFF file has no <file> elements: nothing to import."))
    return parts
