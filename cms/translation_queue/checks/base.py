"""What a check returns: a Finding with a stable code and a severity."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.StrEnum):
    ERROR = "error"  # blocks approval
    WARNING = "warning"  # needs the reviewer's click


@dataclass(frozen=True)
class Finding:
    code: str  # stable id, e.g. "numbers"; the list is CODES below
    severity: Severity
    message: str  # a human sentence, already translated (gettext at check time)
    detail: str = ""  # the offending bit, e.g. "3,000 ≠ 300"


CODES = (
    "empty",
    "untranslated",
    "numbers",
    "dates",
    "urls",
    "emails",
    "phones",
    "markup",
    "glossary",
    "inconsistent_target",
    "inconsistent_source",
    "halfwidth_punct_in_chinese",
    "fullwidth_punct_in_latin",
    "cjk_latin_spacing",
    "spaces",
    "repeated_word",
    "length_ratio",
)


def blocking(findings) -> bool:
    """True when any finding is an error: approval waits until it is fixed."""
    return any(finding.severity == Severity.ERROR for finding in findings)
