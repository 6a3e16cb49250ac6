"""Shapes shared by the REST routes."""

from __future__ import annotations

from datetime import UTC, datetime


def timestamp(moment: datetime | None) -> str | None:
    """As the original servers wrote them: 2024-01-20T15:30:00+00:00 (UTC, whole seconds)."""
    if moment is None:
        return None
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return moment.isoformat(timespec="seconds")
