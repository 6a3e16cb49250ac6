"""GraphQL types for records from Discogs and record writes (design.md §9)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from wax import errors
from wax.discogs import ReleaseHit
from wax.models import Record as RecordModel
from wax.resolvers.discogs_records import SearchResults
from wax.resolvers.record_fields import WRITABLE_FIELDS
from wax.schema.declared_fields import REQUIRED, with_fields
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
@with_fields(WRITABLE_FIELDS, lambda field: REQUIRED if field.required else None)
class RecordInput:
    def fields(self) -> dict[str, Any]:
        """The given fields; the others take the record's defaults."""
        return {name: value for name, value in vars(self).items() if value is not None}


@strawberry.input(description="The fields to change; fields left out stay as they are.")
@with_fields(WRITABLE_FIELDS, lambda field: strawberry.UNSET)
class RecordPatch:
    def changes(self) -> dict[str, Any]:
        """The fields the client gave, nulls included (a null clears a nullable field)."""
        return {name: value for name, value in vars(self).items() if value is not strawberry.UNSET}


def record_error(exc: errors.WaxError) -> Error:
    """The union member for an expected error; a Conflict carries the existing record."""
    if isinstance(exc, errors.Conflict) and isinstance(exc.existing, RecordModel):
        return Conflict(message=exc.message, existing=Record.from_model(exc.existing))
    return error_result(exc)
