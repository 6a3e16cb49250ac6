"""ETag and Last-Modified of a served file, and the conditional headers that use them."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime


def entity_tag(song_id: uuid.UUID, size: int, mtime_ns: int) -> str:
    """A strong ETag: it changes when the file changes, and differs between songs."""
    digest = hashlib.sha256(f"{song_id}:{size}:{mtime_ns}".encode()).hexdigest()
    return f'"{digest[:32]}"'


def http_date(mtime_ns: int) -> str:
    moment = datetime.fromtimestamp(mtime_ns // 1_000_000_000, UTC)
    return format_datetime(moment, usegmt=True)


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def _without_weakness(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def _parsed_date(header: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def not_modified(
    if_none_match: str | None, if_modified_since: str | None, etag: str, mtime_ns: int
) -> bool:
    """Whether a GET or HEAD may be answered 304 (If-None-Match wins over If-Modified-Since)."""
    if if_none_match is not None:
        tags = _tags(if_none_match)
        return "*" in tags or _without_weakness(etag) in map(_without_weakness, tags)
    if if_modified_since is None:
        return False
    since = _parsed_date(if_modified_since)
    if since is None:
        return False
    return mtime_ns // 1_000_000_000 <= int(since.timestamp())


def range_applies(if_range: str | None, etag: str, last_modified: str) -> bool:
    """Whether to honour Range: always without If-Range; with it, only if it still matches
    (a strong comparison: a weak tag never does)."""
    if if_range is None:
        return True
    if_range = if_range.strip()
    if if_range.startswith('"') or if_range.startswith("W/"):
        return if_range == etag
    return if_range == last_modified
