"""The timestamps sync clients send, one parser for both faces, and their moments in UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from wax.errors import InvalidInput

# exactly the sync contract's spellings (design §3): 2024-01-15 (midnight UTC),
# 2024-01-15T00:00:00Z, ...T00:00:00+02:00 (any ±HH:MM), ...T00:00:00.123456789-05:00
_CONTRACT_SPELLING = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:T(?P<time>[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.(?P<fraction>[0-9]{1,9}))?"
    r"(?P<offset>Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?"
)
SPELLINGS = (
    "2024-01-15T00:00:00Z, any ±HH:MM offset (2024-01-15T02:00:00+02:00), fractional seconds"
    " (2024-01-15T00:00:00.5Z), or a date alone (2024-01-15, midnight UTC)"
)


def parse_client_timestamp(text: str) -> datetime:
    """The moment a client wrote, in the offset it was written with (a date alone: UTC).

    ValueError for any other spelling, or a date or time the calendar does not have;
    client_moment then takes it to UTC. REST and GraphQL both parse with this.
    """
    spelled = _CONTRACT_SPELLING.fullmatch(text)
    if spelled is None:
        raise ValueError(f"Write {SPELLINGS}.")
    day, time, fraction, offset = spelled.group("date", "time", "fraction", "offset")
    if time is None:
        time, offset = "00:00:00", "+00:00"
    micro = f".{fraction[:6]:0<6}" if fraction else ""  # beyond microseconds: truncated
    try:
        return datetime.fromisoformat(f"{day}T{time}{micro}{offset.replace('Z', '+00:00')}")
    except ValueError:
        raise ValueError("The calendar has no such date or time.") from None


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
