"""Records from Discogs: search, fetch a release into the collection, refresh one from Discogs.

Each is handed the Discogs client, which owns the rate limiter, retries and the short release
cache, so a fetch right after a search spends no extra release request. The client's own
DiscogsError leaves here as DiscogsUnavailable; a release Discogs does not know is NotFound,
because to the user it is an unknown id, not an outage.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError

from wax.discogs import (
    DiscogsClient,
    DiscogsError,
    DiscogsNotFound,
    ReleaseHit,
    enriched_hit,
    hit_from_result,
    record_fields_from_release,
)
from wax.errors import DiscogsNotConfigured, DiscogsUnavailable, InvalidInput, NotFound
from wax.models import Record, User
from wax.models.records import DATA_SOURCE_DISCOGS
from wax.resolvers.records import (
    conflict_with,
    duplicate_discogs_id,
    parse_discogs_id,
    parse_record_id,
    require_admin,
)
from wax.resolvers.text import refuse_unstorable
from wax.settings import Settings

logger = logging.getLogger("wax.records")

SEARCH_LIMIT = 10
MAX_SEARCH_TERM = 200
UNKNOWN_ARTIST = "Unknown Artist"
UNTITLED = "Untitled"


@dataclass(frozen=True)
class SearchResults:
    results: list[ReleaseHit]

    @property
    def count(self) -> int:
        return len(self.results)


@dataclass(frozen=True)
class FetchedRecord:
    record: Record
    # None: no collection configured; False: the add failed (logged); True: in the collection
    in_discogs_collection: bool | None


@dataclass(frozen=True)
class Readiness:
    ready: bool
    missing: list[str]


def discogs_readiness(settings: Settings) -> Readiness:
    """Whether the collection features (sync, add on fetch) have the settings they need."""
    missing = [
        name
        for name, value in (
            ("DISCOGS_TOKEN", settings.discogs_token),
            ("DISCOGS_USERNAME", settings.discogs_username),
        )
        if not value
    ]
    return Readiness(ready=not missing, missing=missing)


def search_params(
    *,
    catalog_number: str | None = None,
    artist: str | None = None,
    title: str | None = None,
    upc: str | None = None,
) -> dict[str, str]:
    """Discogs search parameters for exactly one way of searching, or InvalidInput."""
    given = {
        name: value.strip()
        for name, value in (
            ("catalogNumber", catalog_number),
            ("artist", artist),
            ("title", title),
            ("upc", upc),
        )
        if isinstance(value, str) and value.strip()
    }
    for name, value in given.items():
        refuse_unstorable(name, value)
        if len(value) > MAX_SEARCH_TERM:
            raise InvalidInput(f"{name} is longer than {MAX_SEARCH_TERM} characters.", name)
    methods = [
        method
        for method, present in (
            ("catalogNumber", "catalogNumber" in given),
            ("artist and title", "artist" in given or "title" in given),
            ("upc", "upc" in given),
        )
        if present
    ]
    if len(methods) != 1:
        raise InvalidInput(
            "Search by exactly one of: catalogNumber, artist and title, or upc"
            + (f" (got {' and '.join(methods)})." if methods else "."),
            field=None,
        )
    if "catalogNumber" in given:
        return {"catno": given["catalogNumber"]}
    if "upc" in given:
        return {"barcode": given["upc"]}
    for name in ("artist", "title"):
        if name not in given:
            raise InvalidInput(f"An artist and title search needs {name} too.", field=name)
    return {"artist": given["artist"], "release_title": given["title"]}


async def search_releases(
    discogs: DiscogsClient,
    user: User,
    *,
    catalog_number: str | None = None,
    artist: str | None = None,
    title: str | None = None,
    upc: str | None = None,
    limit: int = SEARCH_LIMIT,
) -> SearchResults:
    """Search Discogs for the first `limit` results (at most SEARCH_LIMIT), each enriched with
    its vinyl formats, concurrently."""
    params = search_params(catalog_number=catalog_number, artist=artist, title=title, upc=upc)
    if not discogs.has_token:
        raise DiscogsNotConfigured(
            "Searching Discogs needs DISCOGS_TOKEN (a personal access token from "
            "discogs.com/settings/developers)."
        )
    limit = min(limit, SEARCH_LIMIT)
    try:
        found = await discogs.search(params, per_page=limit)
    except DiscogsError as error:
        raise DiscogsUnavailable(error.message) from error
    hits = [hit for hit in (hit_from_result(result) for result in found) if hit is not None]
    enriched = await asyncio.gather(*(_enrich(discogs, hit) for hit in hits[:limit]))
    return SearchResults(results=list(enriched))


async def _enrich(discogs: DiscogsClient, hit: ReleaseHit) -> ReleaseHit:
    try:
        release = await discogs.get_release(hit.id)
    except DiscogsError as error:
        logger.info("Could not enrich Discogs release %s: %s", hit.id, error.message)
        return hit
    return enriched_hit(hit, release)


async def fetch_record(
    discogs: DiscogsClient, user: User, release_id: object, *, collection_username: str | None
) -> FetchedRecord:
    """Save a Discogs release as a record, then add it to the Discogs collection if need be
    (the collection of `collection_username`, when there is one and a token).

    The add is best-effort and never makes a second copy: wax asks Discogs whether the
    release is already in the collection and posts only when it is not.
    """
    require_admin(user, "add records from Discogs")
    release_number = _release_number(release_id)
    discogs_id = str(release_number)
    existing = await Record.get_or_none(discogs_id=discogs_id)
    if existing is not None:
        raise conflict_with(existing)
    release = await _get_release(discogs, release_number, fresh=False)
    fields = _record_fields(release, discogs_id)
    try:
        record = await Record.create(**fields, data_source=DATA_SOURCE_DISCOGS)
    except IntegrityError:
        raise await duplicate_discogs_id(discogs_id) from None
    in_collection = await _ensure_in_collection(discogs, collection_username, release_number)
    if in_collection:
        record.is_synced_with_discogs = True
        await record.save(update_fields=["is_synced_with_discogs", "updated_at"])
    return FetchedRecord(record=record, in_discogs_collection=in_collection)


async def _ensure_in_collection(
    discogs: DiscogsClient, username: str | None, release_id: int
) -> bool | None:
    if not (username and discogs.has_token):
        return None
    try:
        if not await discogs.release_in_collection(username, release_id):
            await discogs.add_to_collection(username, release_id)
    except DiscogsError as error:
        logger.warning(
            "Could not add Discogs release %s to %s's collection: %s",
            release_id,
            username,
            error.message,
        )
        return False
    return True


async def refresh_record(
    discogs: DiscogsClient, user: User, record_id: object, discogs_id: object
) -> Record:
    """Overwrite a record's Discogs-derived fields from Discogs, asked afresh.

    dataSource, isSyncedWithDiscogs and createdAt stay as they are.
    """
    require_admin(user, "update records from Discogs")
    record_uuid = parse_record_id(record_id, field="recordId")
    new_discogs_id = parse_discogs_id(discogs_id)
    record = await Record.get_or_none(id=record_uuid)
    if record is None:
        raise NotFound(f"No record with id {record_uuid}.")
    other = await Record.filter(discogs_id=new_discogs_id).exclude(id=record.id).first()
    if other is not None:
        raise conflict_with(other)
    release = await _get_release(discogs, int(new_discogs_id), fresh=True)
    fields = _record_fields(release, new_discogs_id)
    record.update_from_dict(fields)
    try:
        await record.save()
    except IntegrityError:
        raise await duplicate_discogs_id(new_discogs_id) from None
    return record


async def _get_release(discogs: DiscogsClient, release_id: int, *, fresh: bool) -> dict[str, Any]:
    try:
        return await discogs.get_release(release_id, fresh=fresh)
    except DiscogsNotFound:
        raise NotFound(f"Discogs has no release {release_id}.") from None
    except DiscogsError as error:
        raise DiscogsUnavailable(error.message) from error


def _record_fields(release: Mapping[str, Any], discogs_id: str) -> dict[str, Any]:
    fields = record_fields_from_release(release)
    fields["discogs_id"] = discogs_id
    fields["artist_name"] = fields.get("artist_name") or UNKNOWN_ARTIST
    fields["album_title"] = fields.get("album_title") or UNTITLED
    return fields


def _release_number(raw: object) -> int:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # JSON does not tell 5.0 from 5
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise InvalidInput("releaseId must be a Discogs release id (a number).", "releaseId")
    return int(parse_discogs_id(raw, field="releaseId"))
