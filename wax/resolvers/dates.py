"""The timestamps sync clients send: ISO 8601, read as UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from wax.errors import InvalidInput

# 2024-01-15, 2024-01-15T00:00:00Z, ...T00:00:00.123+02:00, ...T00:00 (no offset means UTC)
_ISO_8601 = re.compile(
    r"^\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|z|[+-]\d{2}(?::?\d{2})?)?)?$"
)
# a `+` sent unencoded in a query string arrives as a space: 2024-01-15T00:00:00 02:00
_LOST_PLUS = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?) (\d{2}(?::?\d{2})?)$")


def parse_client_timestamp(text: str) -> datetime:
    """The moment a client means, in UTC; ValueError when it is not an ISO 8601 date."""
    text = with_lost_plus_restored(text.strip())
    if not _ISO_8601.match(text):
        raise ValueError(f"not an ISO 8601 date: {text!r}")
    text = text.replace(",", ".").replace("z", "Z")
    fraction = re.search(r"\.(\d+)", text)
    if fraction and len(fraction.group(1)) > 6:  # beyond microseconds: truncate
        text = text.replace(fraction.group(0), "." + fraction.group(1)[:6])
    try:
        moment = datetime.fromisoformat(text)
        return as_utc(moment)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"not a valid date: {text!r}") from exc


def with_lost_plus_restored(text: str) -> str:
    """`text` with the `+` of its offset back, if a query string turned it into a space."""
    return _LOST_PLUS.sub(r"\1+\2", text)


def client_moment(moment: datetime, field: str) -> datetime:
    """A moment a client gave, in UTC; InvalidInput when that falls outside years 1 to 9999."""
    try:
        return as_utc(moment)
    except OverflowError:
        raise InvalidInput(f"The {field} date is out of range.", field=field) from None


def as_utc(moment: datetime) -> datetime:
    """Aware and in UTC; a moment without an offset is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def floor_to_second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def ceil_to_second(moment: datetime) -> datetime:
    if moment.microsecond == 0:
        return moment
    return moment.replace(microsecond=0) + timedelta(seconds=1)
