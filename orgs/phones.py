"""Telephone fields as the profiles write them, turned into numbers a phone can dial.

The source texts list numbers the Chinese way: "010-66514910、66514420、66110826" (one area code for
all) or "010--53656705/53656307". Each number becomes (what to show, tel: URI in international form),
so a visitor abroad can tap it and the display never breaks inside a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COUNTRY_CODE = "86"  # the organizations listed here are in mainland China
_SEPARATORS = re.compile(r"[、,，;；/]|\s{2,}|\bor\b")
_AREA_AND_NUMBER = re.compile(r"^(0\d{1,3})[-\s)]+(\d[\d\s-]*)$")


@dataclass(frozen=True)
class Phone:
    display: str
    uri: str


def parse_phones(text: str) -> list[Phone]:
    """Every number in `text`; a number without an area code takes the one before it."""
    phones: list[Phone] = []
    area = ""
    for part in _SEPARATORS.split(text or ""):
        part = part.strip().strip("-(").strip()
        if not re.search(r"\d", part):
            continue
        if part.startswith("+"):
            digits = re.sub(r"\D", "", part)
            phones.append(Phone(part, f"tel:+{digits}"))
            continue
        match = _AREA_AND_NUMBER.match(part)
        if match:
            area, number = match.group(1), re.sub(r"\D", "", match.group(2))
        else:
            number = re.sub(r"\D", "", part)
            if number.startswith("0"):  # a full number written without a separator
                phones.append(Phone(number, f"tel:+{COUNTRY_CODE}{number[1:]}"))
                continue
        if area:
            phones.append(Phone(f"{area}-{number}", f"tel:+{COUNTRY_CODE}{area[1:]}{number}"))
        else:
            phones.append(Phone(number, f"tel:{number}"))
    return phones
