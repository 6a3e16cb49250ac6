"""Text wax can store: PostgreSQL refuses NUL characters, and a lone UTF-16 surrogate is not
UTF-8 at all, so both are refused where client input enters the domain, whatever the field."""

from __future__ import annotations

import re
from collections.abc import Mapping

from wax.errors import UnstorableText

# JSON decoders pair surrogates that belong together, so any left over is alone
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def is_unstorable(value: object) -> bool:
    """Whether `value`, or any string inside it (lists, objects), has a NUL or a lone surrogate."""
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is not None
    if isinstance(value, list | tuple):
        return any(is_unstorable(item) for item in value)
    if isinstance(value, Mapping):
        return any(is_unstorable(key) or is_unstorable(item) for key, item in value.items())
    return False


def refuse_unstorable(field: str, value: object, message: str | None = None) -> None:
    """UnstorableText naming `field` when `value` carries text no database can store."""
    if is_unstorable(value):
        raise UnstorableText(
            message or f"{field} must not contain NUL characters or lone surrogates.", field=field
        )


def shown(text: str) -> str:
    """`text` safe to echo in a message: a lone surrogate written as its escape."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
