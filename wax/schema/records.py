"""The GraphQL Record type (design.md §9)."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from wax import models


@strawberry.type(description="A vinyl record in the collection.")
class Record:
    id: uuid.UUID
    artist_name: str
    album_title: str
    year_released: int | None
    label_name: str | None
    catalog_number: str | None
    discogs_id: str | None
    discogs_uri: str | None
    is_synced_with_discogs: bool
    thumbnail_url: str | None
    cover_image_url: str | None
    genres: list[str]
    styles: list[str]
    upc_code: str | None
    record_size: str | None
    vinyl_color: str | None
    is_shaped_vinyl: bool
    speed_rpm: str | None
    disc_count: int | None
    is_picture_disc: bool
    weight_grams: int | None
    data_source: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, record: models.Record) -> Record:
        return cls(
            id=record.id,
            artist_name=record.artist_name,
            album_title=record.album_title,
            year_released=record.year_released,
            label_name=record.label_name,
            catalog_number=record.catalog_number,
            discogs_id=record.discogs_id,
            discogs_uri=record.discogs_uri,
            is_synced_with_discogs=record.is_synced_with_discogs,
            thumbnail_url=record.thumbnail_url,
            cover_image_url=record.cover_image_url,
            genres=list(record.genres or []),
            styles=list(record.styles or []),
            upc_code=record.upc_code,
            record_size=record.record_size,
            vinyl_color=record.vinyl_color,
            is_shaped_vinyl=record.is_shaped_vinyl,
            speed_rpm=record.speed_rpm,
            disc_count=record.disc_count,
            is_picture_disc=record.is_picture_disc,
            weight_grams=record.weight_grams,
            data_source=record.data_source,
            created_at=record.created_at,
            updated_at=record.updated_at,
        )
