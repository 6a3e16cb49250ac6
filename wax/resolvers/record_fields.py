"""A Record's public fields, declared once: every face (GraphQL, /api/records, /api/v1, OpenAPI)
and the write checks derive their shapes from RECORD_FIELDS.

Names: `name` is the model's and the snake_case one of /api/v1 (and the Python one of the
GraphQL type, which Strawberry shows in camelCase); `api_name` is the camelCase one of GraphQL
and of the records routes, which may differ (`records_name`) where the original app did.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from wax.models.records import DATA_SOURCE_DISCOGS, DATA_SOURCE_MANUAL

MAX_DISCOGS_ID_DIGITS = 12
# the REST families: /api/records (camelCase) and /api/v1 (snake_case)
RestFamily = Literal["records", "v1"]


@dataclass(frozen=True)
class RecordField:
    name: str
    api_name: str
    kind: type  # str, int, bool, list (of str), uuid.UUID or datetime
    nullable: bool = True
    max_length: int | None = None  # of a string, or of each entry of a list
    minimum: int | None = None
    maximum: int | None = None
    writable: bool = True  # whether clients may set it
    required: bool = False  # on create
    choices: tuple[str, ...] = ()
    # on the original app's records routes: absent there when False, optional on /api/v1
    original: bool = True
    records_name: str | None = None  # the records routes' key, when not api_name

    @property
    def records_key(self) -> str:
        return self.records_name or self.api_name

    def key_on(self, family: RestFamily) -> str:
        return self.records_key if family == "records" else self.name


def _text(name: str, api_name: str, max_length: int, **more: Any) -> RecordField:
    return RecordField(name, api_name, str, max_length=max_length, **more)


RECORD_FIELDS: tuple[RecordField, ...] = (
    RecordField("id", "id", uuid.UUID, nullable=False, writable=False, records_name="recordId"),
    _text("artist_name", "artistName", 512, nullable=False, required=True),
    _text("album_title", "albumTitle", 512, nullable=False, required=True),
    RecordField("year_released", "yearReleased", int, minimum=1, maximum=9999),
    _text("label_name", "labelName", 512),
    _text("catalog_number", "catalogNumber", 255),
    _text("discogs_id", "discogsId", MAX_DISCOGS_ID_DIGITS),
    _text("discogs_uri", "discogsUri", 1024),
    RecordField("is_synced_with_discogs", "isSyncedWithDiscogs", bool, nullable=False),
    _text("thumbnail_url", "thumbnailUrl", 2048),
    _text("cover_image_url", "coverImageUrl", 2048),
    RecordField("genres", "genres", list, nullable=False, max_length=255),
    RecordField("styles", "styles", list, nullable=False, max_length=255),
    _text("upc_code", "upcCode", 64),
    _text("record_size", "recordSize", 16),
    _text("vinyl_color", "vinylColor", 255),
    RecordField("is_shaped_vinyl", "isShapedVinyl", bool, nullable=False),
    # cheap extras from the same format data, which the original app did not have
    _text("speed_rpm", "speedRpm", 16, original=False),
    RecordField("disc_count", "discCount", int, minimum=1, maximum=1000, original=False),
    RecordField("is_picture_disc", "isPictureDisc", bool, nullable=False, original=False),
    RecordField("weight_grams", "weightGrams", int, minimum=1, maximum=100_000, original=False),
    RecordField(
        "data_source",
        "dataSource",
        str,
        nullable=False,
        writable=False,
        choices=(DATA_SOURCE_DISCOGS, DATA_SOURCE_MANUAL),
    ),
    RecordField("created_at", "createdAt", datetime, nullable=False, writable=False),
    RecordField("updated_at", "updatedAt", datetime, nullable=False, writable=False),
)
WRITABLE_FIELDS = tuple(field for field in RECORD_FIELDS if field.writable)
