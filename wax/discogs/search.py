"""Discogs search results as ReleaseHits, and a hit completed from its release's formats."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from wax.discogs.json_values import mappings, strings, stripped
from wax.discogs.metadata import extract_vinyl_metadata


@dataclass(frozen=True)
class ReleaseHit:
    """One search result; the format fields are set only when its release lookup worked."""

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
    enriched: bool = False
    record_size: str | None = None
    vinyl_color: str | None = None
    is_shaped_vinyl: bool | None = None
    # the search result as Discogs sent it (the legacy REST route returns it as is)
    raw: dict[str, Any] = field(default_factory=dict)


def hit_from_result(result: Mapping[str, Any]) -> ReleaseHit | None:
    """A search result as a ReleaseHit; None for a result without a usable release id."""
    release_id = result.get("id")
    if isinstance(release_id, bool) or not isinstance(release_id, int) or release_id < 1:
        return None
    year = result.get("year")
    return ReleaseHit(
        id=release_id,
        title=stripped(result.get("title")) or "",
        year=str(year) if isinstance(year, str | int) and str(year).strip() else None,
        country=stripped(result.get("country")),
        catno=stripped(result.get("catno")),
        barcode=strings(result.get("barcode")),
        labels=strings(result.get("label")),
        formats=strings(result.get("format")),
        genres=strings(result.get("genre")),
        styles=strings(result.get("style")),
        thumb=stripped(result.get("thumb")),
        cover_image=stripped(result.get("cover_image")),
        uri=stripped(result.get("uri")),
        resource_url=stripped(result.get("resource_url")),
        raw=dict(result),
    )


def enriched_hit(hit: ReleaseHit, release: Mapping[str, Any]) -> ReleaseHit:
    """The hit with the size, colour and shape its release's vinyl formats tell."""
    metadata = extract_vinyl_metadata(mappings(release.get("formats")))
    return replace(
        hit,
        enriched=True,
        record_size=metadata.record_size,
        vinyl_color=metadata.vinyl_color,
        is_shaped_vinyl=metadata.is_shaped_vinyl,
    )
