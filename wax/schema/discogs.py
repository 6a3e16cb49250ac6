"""GraphQL types for records from Discogs and record writes (design.md §9)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from wax import errors
from wax.discogs import ReleaseHit
from wax.models import Record as RecordModel
from wax.resolvers.discogs_records import SearchResults
from wax.schema.errors import (
    Conflict,
    DiscogsUnavailable,
    Error,
    Forbidden,
    InvalidInput,
    NotFound,
    error_result,
)
from wax.schema.limits import PAGE
from wax.schema.records import Record


@strawberry.type(description="A Discogs search result, with its vinyl formats when looked up.")
class DiscogsRelease:
    id: int
    title: str
    year: str | None
    country: str | None
    catno: str | None
    barcode: list[str]
    labels: list[str]
    formats: list[str]
    genres: list[str]
    styles: list[str]
    thumb: str | None
    cover_image: str | None
    uri: str | None
    resource_url: str | None
    enriched: bool = strawberry.field(
        description="Whether the release was looked up; if not, the format fields are null."
    )
    record_size: str | None
    vinyl_color: str | None
    is_shaped_vinyl: bool | None

    @classmethod
    def from_hit(cls, hit: ReleaseHit) -> DiscogsRelease:
        return cls(
            id=hit.id,
            title=hit.title,
            year=hit.year,
            country=hit.country,
            catno=hit.catno,
            barcode=hit.barcode,
            labels=hit.labels,
            formats=hit.formats,
            genres=hit.genres,
            styles=hit.styles,
            thumb=hit.thumb,
            cover_image=hit.cover_image,
            uri=hit.uri,
            resource_url=hit.resource_url,
            enriched=hit.enriched,
            record_size=hit.record_size,
            vinyl_color=hit.vinyl_color,
            is_shaped_vinyl=hit.is_shaped_vinyl,
        )


@strawberry.type
class DiscogsSearchResults:
    # as many as searchDiscogs's first
    results: list[DiscogsRelease] = strawberry.field(metadata=PAGE)
    count: int

    @classmethod
    def from_results(cls, found: SearchResults) -> DiscogsSearchResults:
        return cls(
            results=[DiscogsRelease.from_hit(hit) for hit in found.results], count=found.count
        )


SearchDiscogsResult = Annotated[
    DiscogsSearchResults | InvalidInput | DiscogsUnavailable,
    strawberry.union("SearchDiscogsResult"),
]
RecordResult = Annotated[
    Record | NotFound | Conflict | InvalidInput | DiscogsUnavailable | Forbidden,
    strawberry.union("RecordResult"),
]


@strawberry.input(description='A record entered by hand; dataSource will be "manual".')
class RecordInput:
    artist_name: str
    album_title: str
    year_released: int | None = None
    label_name: str | None = None
    catalog_number: str | None = None
    discogs_id: str | None = None
    discogs_uri: str | None = None
    is_synced_with_discogs: bool | None = None
    thumbnail_url: str | None = None
    cover_image_url: str | None = None
    genres: list[str] | None = None
    styles: list[str] | None = None
    upc_code: str | None = None
    record_size: str | None = None
    vinyl_color: str | None = None
    is_shaped_vinyl: bool | None = None
    speed_rpm: str | None = None
    disc_count: int | None = None
    is_picture_disc: bool | None = None
    weight_grams: int | None = None

    def fields(self) -> dict[str, Any]:
        """The given fields; the others take the record's defaults."""
        return {name: value for name, value in vars(self).items() if value is not None}


@strawberry.input(description="The fields to change; fields left out stay as they are.")
class RecordPatch:
    artist_name: str | None = strawberry.UNSET
    album_title: str | None = strawberry.UNSET
    year_released: int | None = strawberry.UNSET
    label_name: str | None = strawberry.UNSET
    catalog_number: str | None = strawberry.UNSET
    discogs_id: str | None = strawberry.UNSET
    discogs_uri: str | None = strawberry.UNSET
    is_synced_with_discogs: bool | None = strawberry.UNSET
    thumbnail_url: str | None = strawberry.UNSET
    cover_image_url: str | None = strawberry.UNSET
    genres: list[str] | None = strawberry.UNSET
    styles: list[str] | None = strawberry.UNSET
    upc_code: str | None = strawberry.UNSET
    record_size: str | None = strawberry.UNSET
    vinyl_color: str | None = strawberry.UNSET
    is_shaped_vinyl: bool | None = strawberry.UNSET
    speed_rpm: str | None = strawberry.UNSET
    disc_count: int | None = strawberry.UNSET
    is_picture_disc: bool | None = strawberry.UNSET
    weight_grams: int | None = strawberry.UNSET

    def changes(self) -> dict[str, Any]:
        """The fields the client gave, nulls included (a null clears a nullable field)."""
        return {name: value for name, value in vars(self).items() if value is not strawberry.UNSET}


def record_error(exc: errors.WaxError) -> Error:
    """The union member for an expected error; a Conflict carries the existing record."""
    if isinstance(exc, errors.Conflict) and isinstance(exc.existing, RecordModel):
        return Conflict(message=exc.message, existing=Record.from_model(exc.existing))
    return error_result(exc)
