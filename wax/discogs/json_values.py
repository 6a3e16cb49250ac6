"""Readers for the untidy JSON Discogs returns: each takes any value and never raises."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def text(value: Any) -> str:
    """The value if it is a string, else ""."""
    return value if isinstance(value, str) else ""


def stripped(value: Any) -> str | None:
    """The string without surrounding blanks; None for a blank or a non-string."""
    return text(value).strip() or None


def strings(value: Any) -> list[str]:
    """The non-blank strings of a list."""
    if not isinstance(value, list | tuple):
        return []
    return [item for item in value if isinstance(item, str) and item.strip()]


def mappings(value: Any) -> list[Mapping[str, Any]]:
    """The objects of a list."""
    if not isinstance(value, list | tuple):
        return []
    return [item for item in value if isinstance(item, Mapping)]
