"""Tag values made safe for the library: clean text and numbers in range, else None."""

from __future__ import annotations

import re
from collections.abc import Iterable

TEXT_LENGTH = 512  # title, artist, album, album artist
GENRE_LENGTH = 255
MUSICBRAINZ_ID_LENGTH = 64
TRACK_RANGE = range(0, 100_001)
DISC_RANGE = range(0, 10_001)

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_NUMBER_PAIR = re.compile(r"\s*(\d*)\s*(?:(?:/|of)\s*(\d+))?\s*$", re.IGNORECASE)
# a year is four digits on their own or the first four of eight ("20010503")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?:\d{4})?(?!\d)")
_TRUE = frozenset({"1", "true", "yes"})


def clean_text(value: object, limit: int) -> str | None:
    """Stripped text without NULs or lone surrogates, at most `limit` characters; "" is None."""
    if value is None:
        return None
    text = _LONE_SURROGATE.sub("\ufffd", str(value).replace("\x00", "")).strip()
    return text[:limit].rstrip() or None


def joined_text(values: Iterable[object], limit: int) -> str | None:
    """Several values of one tag (ID3 and Vorbis allow them) as one text, "; " between."""
    parts = [part for part in (clean_text(value, limit) for value in values) if part]
    return clean_text("; ".join(parts), limit) if parts else None


def number_pair(value: object) -> tuple[int | None, int | None]:
    """ "3", "3/12", "3 of 12", "/12" as (number, total); anything else as (None, None)."""
    text = clean_text(value, 64)
    match = _NUMBER_PAIR.match(text) if text else None
    if match is None:
        return None, None
    number, total = match.groups()
    return (int(number) if number else None), (int(total) if total else None)


def in_range(value: int | None, allowed: range) -> int | None:
    return value if value is not None and value in allowed else None


def year_of(value: object) -> int | None:
    """The year of "2001", "2001-05-03", "2001-05", "20010503", "03/05/2001"..."""
    text = clean_text(value, 64)
    if text is None:
        return None
    if text.isdigit() and len(text) <= 4:
        return int(text)
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def is_true(value: object) -> bool:
    text = clean_text(value, 16)
    return text is not None and text.lower() in _TRUE
