"""Turn the plain source texts in seeds/*.txt into structured documents.

The texts are real, hand-typed releases and profiles: numbered lists, roman-numeral sections,
"Label: value" contact lines and, in the Guangzhou release, a Chinese version with "label丨value"
credits after the English one. The parser keeps every sentence verbatim (typos included: fidelity to
the source matters more than polish) and only recognises structure. It knows nothing of Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


class SeedSourceError(ValueError):
    """A source file is missing, empty, undecodable or not in the shape its parser expects."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None):
        self.path = Path(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}, line {line}" if line else f"{self.path}"
        super().__init__(f"{where}: {problem}")


@dataclass
class Item:
    """One entry of a numbered or labelled list: "Term: text"; text may follow on the next line."""

    term: str
    text: str = ""
    line: int = 0  # where it stands in the source text


@dataclass
class Section:
    heading: str
    intro: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    numbered: bool = False  # items came from "1. …" lines rather than "Term: text" lines
    line: int = 0


@dataclass
class Document:
    title: str = ""
    # Top-level blocks in reading order: ("heading", str), ("paragraph", str), ("image", str)
    # or ("section", Section).
    blocks: list[tuple[str, object]] = field(default_factory=list)
    contact: dict[str, str] = field(default_factory=dict)
    signatory: list[str] = field(default_factory=list)
    updated: date | None = None
    # The Chinese version carried by a bilingual release: title, paragraphs and "label丨value" credits.
    zh_title: str = ""
    zh_paragraphs: list[str] = field(default_factory=list)
    zh_credits: list[tuple[str, str]] = field(default_factory=list)
    # Where things stand in the source text, for errors that name a line: the running English text
    # (paragraphs, section introductions, point texts) in reading order, the Chinese paragraphs, the
    # signature and the last line of the file.
    prose: list[tuple[int, str]] = field(default_factory=list)
    zh_prose: list[tuple[int, str]] = field(default_factory=list)
    signatory_line: int = 0
    last_line: int = 0

    @property
    def paragraphs(self) -> list[str]:
        return [value for kind, value in self.blocks if kind == "paragraph"]

    @property
    def sections(self) -> list[Section]:
        return [value for kind, value in self.blocks if kind == "section"]


CONTACT_LABELS = {
    "address": "address",
    "postal code": "postal_code",
    "postcode": "postal_code",
    "tel": "phones",
    "fax": "fax",
    "website": "website",
    "e-mail": "email",
    "email": "email",
    "contacts": "contacts",
    "contact": "contacts",
}
_CONTACT_LABEL = re.compile(r"\b(" + "|".join(sorted(CONTACT_LABELS, key=len, reverse=True)) + r")\s*:", re.I)
_ROMAN_HEADING = re.compile(r"^([IVX]+)\.\s*(\S.*)$")
_NUMBERED = re.compile(r"^\d+\.\s*(\S.*)$")
_UPDATED = re.compile(r"^Updated:\s*(\d{4}-\d{2}-\d{2})\s*$")
# "Resource Platform: International Department creates …": a short capitalised term, then its text.
_DEFINITION = re.compile(r"^([A-Z][\w\-’' ]{2,60}?):\s*(\S.*)$")
_IMAGE_MARKERS = {"图片", "[image]", "[picture]"}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def cjk_share(text: str) -> float:
    cjk = len(_CJK.findall(text))
    return cjk / max(1, cjk + len(_LATIN.findall(text)))


def read_source(path: Path) -> str:
    """Read a source text strictly: a missing, empty or undecodable file is an error naming it."""
    path = Path(path)
    if not path.is_file():
        raise SeedSourceError(path, "file not found")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SeedSourceError(path, f"not valid UTF-8 (byte {exc.start}: {raw[exc.start : exc.start + 1]!r})") from None
    if "\x00" in text:
        raise SeedSourceError(path, "contains NUL bytes; is it a text file?")
    if not text.strip():
        raise SeedSourceError(path, "file is empty")
    return text


def _split_contact_line(line: str) -> dict[str, str]:
    """'Postcode:100029 Tel: 010--53656705 Contacts: Mr. Gu' -> {postal_code, phones, contacts}."""
    fields: dict[str, str] = {}
    matches = list(_CONTACT_LABEL.finditer(line))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[match.end() : end].strip()
        fields[CONTACT_LABELS[match.group(1).lower()]] = value
    return fields


def _is_contact_line(line: str) -> bool:
    match = _CONTACT_LABEL.match(line)
    return bool(match) and match.start() == 0


def _is_short_label(line: str) -> bool:
    """A line like 'Three service centers of the International Department:' introduces a section."""
    return line.endswith(":") and len(line) <= 80 and "." not in line


def _definition(line: str, max_words: int = 4) -> Item | None:
    match = _DEFINITION.match(line)
    if not match or len(match.group(1).split()) > max_words:
        return None
    return Item(match.group(1).strip(), match.group(2).strip())


def parse_document(text: str, path: Path | str = "<text>", titled: bool = True) -> Document:
    """Parse one source text; `titled` says whether its first line is a title.

    Raises SeedSourceError when a titled text has no title line or the text has no paragraphs.
    """
    doc = Document(title="" if titled else "-")
    lines = [line.strip() for line in text.splitlines()]
    section: Section | None = None
    pending_item: Item | None = None
    in_chinese = False

    def close_section():
        nonlocal section, pending_item
        if section is not None:
            doc.blocks.append(("section", section))
        section, pending_item = None, None

    for number, line in enumerate(lines, 1):
        if not line:
            continue
        doc.last_line = number
        if not doc.title:
            doc.title = line
            continue
        if in_chinese or (cjk_share(line) > 0.5 and line not in _IMAGE_MARKERS and doc.blocks):
            # The Chinese version of a bilingual release: first line is its title.
            in_chinese = True
            if "丨" in line:
                label, _, value = line.partition("丨")
                doc.zh_credits.append((label.strip(), value.strip()))
            elif not doc.zh_title:
                doc.zh_title = line
            else:
                doc.zh_paragraphs.append(line)
                doc.zh_prose.append((number, line))
            continue
        if line in _IMAGE_MARKERS:
            close_section()
            doc.blocks.append(("image", line))
            continue
        if match := _UPDATED.match(line):
            doc.updated = date.fromisoformat(match.group(1))
            continue
        if _is_contact_line(line):
            close_section()
            # A short unpunctuated line just before the contact lines names who they reach.
            if not doc.contact and doc.blocks and doc.blocks[-1][0] == "paragraph":
                previous = doc.blocks[-1][1]
                if len(previous) <= 100 and not previous.endswith((".", "。")):
                    doc.blocks.pop()
                    doc.prose.pop()
                    doc.contact["name"] = previous
            for key, value in _split_contact_line(line).items():
                if value:
                    doc.contact[key] = value
            continue
        if match := _ROMAN_HEADING.match(line):
            close_section()
            section = Section(match.group(2).strip(), line=number)
            continue
        if _is_short_label(line):
            close_section()
            section = Section(line, line=number)
            continue
        if section is not None and (match := _NUMBERED.match(line)):
            item = _definition(match.group(1), max_words=7) or Item(match.group(1).strip())
            item.line = number
            section.items.append(item)
            section.numbered = True
            pending_item = None if item.text else item
            if item.text:
                doc.prose.append((number, item.text))
            continue
        if section is not None and section.intro and (item := _definition(line)):
            item.line = number
            section.items.append(item)
            doc.prose.append((number, item.text))
            pending_item = None
            continue
        # A plain paragraph.
        doc.prose.append((number, line))
        if pending_item is not None:
            pending_item.text = line
            pending_item = None
        elif section is not None and not section.items:
            section.intro.append(line)
        else:
            close_section()
            doc.blocks.append(("paragraph", line))
    close_section()

    if not titled:
        doc.title = ""
    if not doc.blocks:
        raise SeedSourceError(path, "no paragraphs after the title line" if titled else "no paragraphs")
    _take_signatory(doc)
    return doc


def _take_signatory(doc: Document) -> None:
    """Trailing short unpunctuated lines ('Dr. TANG Jian (Ph. D)', 'Executive President …') sign the text."""
    while doc.blocks and doc.blocks[-1][0] == "paragraph":
        text = doc.blocks[-1][1]
        if len(text) > 80 or text.endswith((".", "。", "!", "?")):
            break
        doc.signatory.insert(0, text)
        doc.blocks.pop()
        doc.signatory_line = doc.prose.pop()[0]


@dataclass(frozen=True)
class Ending:
    """What a source text closes with. A text that stops before it was cut short (a half-copied file)."""

    contact: tuple[str, ...] = ()  # contact fields (Document.contact keys) its closing lines give
    signatory: bool = False  # a signature: a name line, then a title line
    credits: tuple[str, ...] = ()  # a Chinese version closing with these "label丨value" credits


# Sentence-final punctuation, which closing quotes and brackets may follow: "… world." / "…说。”"
_SENTENCE_FINAL = ".!?…。！？"
_CLOSERS = "\"'”’)）」』》]】"
CONTACT_FIELD_NAMES = {
    "name": "the name line",
    "address": "Address",
    "postal_code": "Postal code",
    "phones": "Tel",
    "fax": "Fax",
    "contacts": "Contacts",
    "website": "Website",
    "email": "E-mail",
}


def ends_sentence(text: str) -> bool:
    text = text.rstrip()
    core = text.rstrip(_CLOSERS)
    if core and core[-1] in _SENTENCE_FINAL:
        return True
    # A whole parenthesis closes a paragraph too: "…交流水平。(更多新闻资讯,请关注羊城派 pai.ycwb.com)"
    opened = text.count("(") + text.count("（")
    return text[-1:] in (")", "）") and opened > 0 and opened == text.count(")") + text.count("）")


def _tail(text: str) -> str:
    return text if len(text) <= 40 else "…" + text[-40:]


def check_complete(doc: Document, path: Path | str, ending: Ending) -> None:
    """Refuse a text that stops mid-sentence or before its structure is complete.

    Headings, list terms, contact lines, signatures and credits rightly lack a full stop; they are
    recognised as such, and what is checked is the running text and the closing parts each kind of
    source text has (`ending`). Raises SeedSourceError naming the line.
    """
    cut = "; is the file cut short?"
    for section in doc.sections:
        if not section.intro and not section.items:
            raise SeedSourceError(path, f"the heading “{section.heading}” has nothing under it{cut}", section.line)
        for item in section.items:
            if not item.text:
                raise SeedSourceError(path, f"the point “{item.term}” has no text{cut}", item.line)
    if doc.prose and not ends_sentence(doc.prose[-1][1]):
        line, text = doc.prose[-1]
        raise SeedSourceError(path, f"the text stops mid-sentence (“{_tail(text)}”){cut}", line)
    if doc.signatory and not ending.signatory:
        # Short unpunctuated lines at the end of a text that has no signature: a cut-off sentence.
        raise SeedSourceError(
            path, f"the text stops mid-sentence (“{_tail(doc.signatory[-1])}”){cut}", doc.signatory_line
        )
    if ending.signatory and len(doc.signatory) < 2:
        signature = "its signature (a name line, then a title line)"
        if doc.signatory:
            problem = f"the text stops at “{_tail(doc.signatory[-1])}”, before {signature} is complete{cut}"
            raise SeedSourceError(path, problem, doc.signatory_line)
        raise SeedSourceError(path, f"the text ends before {signature}{cut}", doc.last_line)
    missing = [CONTACT_FIELD_NAMES.get(name, name) for name in ending.contact if not doc.contact.get(name)]
    if missing:
        raise SeedSourceError(
            path, f"the text ends before its contact details are complete (no {', '.join(missing)}){cut}", doc.last_line
        )
    if ending.credits:
        if not doc.zh_prose:
            raise SeedSourceError(path, f"the text ends before its Chinese version{cut}", doc.last_line)
        line, text = doc.zh_prose[-1]
        if not ends_sentence(text):
            raise SeedSourceError(path, f"the Chinese version stops mid-sentence (“{_tail(text)}”){cut}", line)
        labels = [label for label, _value in doc.zh_credits]
        missing = [label for label in ending.credits if label not in labels]
        if missing:
            raise SeedSourceError(
                path, f"the Chinese version ends before its credits (no {'、'.join(missing)}){cut}", doc.last_line
            )


def parse_file(path: Path, titled: bool = True, ending: Ending | None = None) -> Document:
    """Parse a source file; with `ending`, also refuse it when it stops before that ending."""
    doc = parse_document(read_source(path), path, titled=titled)
    if ending is not None:
        check_complete(doc, path, ending)
    return doc
