"""Checking the fields clients send for library writes; failures name the field.

The values may come straight from a JSON body, so nothing about their type is assumed.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from wax.errors import InvalidInput
from wax.resolvers.text import refuse_unstorable

Check = Callable[[str, object], object]


def label(field: str) -> str:
    return field.replace("_", " ")


@dataclass(frozen=True)
class Text:
    max_length: int
    required: bool = False

    def __call__(self, field: str, value: object) -> str | None:
        if value is None:
            if self.required:
                raise InvalidInput(f"The {label(field)} field is required.", field=field)
            return None
        if not isinstance(value, str):
            raise InvalidInput(f"The {label(field)} field must be a string.", field=field)
        # the length as sent, as the OpenAPI document states it; stored trimmed
        if len(value) > self.max_length:
            raise InvalidInput(
                f"The {label(field)} field must not be greater than {self.max_length} characters.",
                field=field,
            )
        value = value.strip()
        if self.required and not value:
            raise InvalidInput(f"The {label(field)} field is required.", field=field)
        return value or None


@dataclass(frozen=True)
class Integer:
    minimum: int
    maximum: int

    def __call__(self, field: str, value: object) -> int | None:
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidInput(f"The {label(field)} field must be an integer.", field=field)
        if not self.minimum <= value <= self.maximum:
            raise InvalidInput(
                f"The {label(field)} field must be between {self.minimum} and {self.maximum}.",
                field=field,
            )
        return value


@dataclass(frozen=True)
class Seconds:
    maximum: float

    def __call__(self, field: str, value: object) -> float | None:
        if value is None:
            return None
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise InvalidInput(f"The {label(field)} field must be a number.", field=field)
        number = float(value)
        if not math.isfinite(number) or not 0 <= number <= self.maximum:
            raise InvalidInput(
                f"The {label(field)} field must be between 0 and {self.maximum:g}.", field=field
            )
        return number


@dataclass(frozen=True)
class Reference:
    required: bool = False

    def __call__(self, field: str, value: object) -> uuid.UUID | None:
        if value is None:
            if self.required:
                raise InvalidInput(f"The {label(field)} field is required.", field=field)
            return None
        if isinstance(value, uuid.UUID):
            return value
        if isinstance(value, str):
            try:
                return uuid.UUID(value)
            except ValueError:
                pass
        raise InvalidInput(f"The {label(field)} field must be a valid UUID.", field=field)


def clean(
    data: Mapping[str, object], checks: Mapping[str, Check], *, partial: bool
) -> dict[str, Any]:
    """The checked values: every field for a create or replace, those given for a patch.

    Text no database can store is refused here, for every field, before its own check."""
    cleaned: dict[str, Any] = {}
    for field, check in checks.items():
        if partial and field not in data:
            continue
        value = data.get(field)
        refuse_unstorable(
            field, value, f"The {label(field)} field must not contain NUL or lone surrogates."
        )
        cleaned[field] = check(field, value)
    return cleaned


def not_found(kind: str, field: str) -> InvalidInput:
    return InvalidInput(f"The selected {label(field)} is invalid (no such {kind}).", field=field)


ARTIST_FIELDS: dict[str, Check] = {
    "name": Text(512, required=True),
    "image": Text(2048),
}
ALBUM_FIELDS: dict[str, Check] = {
    "name": Text(512, required=True),
    "artist_id": Reference(required=True),
    "cover": Text(2048),
    "year": Integer(0, 9999),
}
SONG_FIELDS: dict[str, Check] = {
    "title": Text(512, required=True),
    "album_id": Reference(required=True),
    # the album's artist when not given
    "artist_id": Reference(),
    "length": Seconds(10_000_000),
    "track": Integer(0, 100_000),
    "disc": Integer(0, 10_000),
    "year": Integer(0, 9999),
    "genre": Text(255),
}
PLAYLIST_FIELDS: dict[str, Check] = {
    "name": Text(512, required=True),
    "description": Text(10_000),
}
