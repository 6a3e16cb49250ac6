"""The Discogs API client: pure protocol helpers, a rate limiter, the aiohttp adapter, its own
errors, and the parsing of what Discogs sends (search hits, vinyl metadata). It takes plain
values, never wax's Settings, and knows nothing of wax.errors (tests/test_layers.py checks)."""

from wax.discogs.client import DEFAULT_TIMEOUT, CollectionPage, DiscogsClient
from wax.discogs.errors import (
    DiscogsAuthError,
    DiscogsBadResponse,
    DiscogsError,
    DiscogsNotFound,
    DiscogsRateLimited,
)
from wax.discogs.metadata import (
    VinylMetadata,
    barcode_of,
    extract_vinyl_metadata,
    record_fields_from_collection_item,
    record_fields_from_release,
)
from wax.discogs.ratelimit import RateLimiter
from wax.discogs.search import ReleaseHit, enriched_hit, hit_from_result

__all__ = [
    "DEFAULT_TIMEOUT",
    "CollectionPage",
    "DiscogsAuthError",
    "DiscogsBadResponse",
    "DiscogsClient",
    "DiscogsError",
    "DiscogsNotFound",
    "DiscogsRateLimited",
    "RateLimiter",
    "ReleaseHit",
    "VinylMetadata",
    "barcode_of",
    "enriched_hit",
    "extract_vinyl_metadata",
    "hit_from_result",
    "record_fields_from_collection_item",
    "record_fields_from_release",
]
