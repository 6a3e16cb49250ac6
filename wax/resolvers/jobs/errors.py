"""A job's errors as every watcher gets them: listed up to a bound, then counted."""

from __future__ import annotations

# beyond this many, errors are counted rather than listed (every watcher gets the list)
MAX_LISTED_ERRORS = 100


def with_error(errors: tuple[str, ...], unlisted: int, message: str) -> tuple[tuple[str, ...], int]:
    """`errors` with `message` added, and how many are no longer listed but counted."""
    if len(errors) < MAX_LISTED_ERRORS:
        return (*errors, message), unlisted
    unlisted += 1
    summary = f"... and {unlisted} more error{'s' if unlisted > 1 else ''}"
    return (*errors[:MAX_LISTED_ERRORS], summary), unlisted
