"""Record queries and mutations: argument -> wax.resolvers -> GraphQL type."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from typing import Annotated, cast

import strawberry

from wax import errors, models
from wax.resolvers import discogs_records, records
from wax.schema.context import Info
from wax.schema.discogs import (
    DiscogsSearchResults,
    RecordInput,
    RecordPatch,
    RecordResult,
    SearchDiscogsResult,
    record_error,
)
from wax.schema.errors import Deleted, DeleteResult, error_result
from wax.schema.limits import SEARCH_RESULTS, limited
from wax.schema.records import Record

SearchFirst = Annotated[int | None, strawberry.argument(description=SEARCH_RESULTS.description)]


async def _record_result(action: Awaitable[models.Record]) -> RecordResult:
    try:
        return Record.from_model(await action)
    except errors.Unauthorized:
        raise
    except errors.WaxError as exc:
        return cast(RecordResult, record_error(exc))


@strawberry.type
class RecordQuery:
    @strawberry.field(description="One record by id; null when there is none.")
    async def record(self, info: Info, id: uuid.UUID) -> Record | None:
        found = await records.find_record(info.context.require_viewer(), id)
        return None if found is None else Record.from_model(found)

    @strawberry.field(
        description="Search Discogs by exactly one of: catalogNumber, artist and title, or upc."
        " Each result is looked up for its vinyl formats.",
        metadata=limited(SEARCH_RESULTS),
    )
    async def search_discogs(
        self,
        info: Info,
        catalog_number: str | None = None,
        artist: str | None = None,
        title: str | None = None,
        upc: str | None = None,
        first: SearchFirst = SEARCH_RESULTS.default,
    ) -> SearchDiscogsResult:
        user = info.context.require_viewer()
        count = SEARCH_RESULTS.first(first)
        try:
            found = await discogs_records.search_releases(
                info.context.services.discogs,
                user,
                catalog_number=catalog_number,
                artist=artist,
                title=title,
                upc=upc,
                limit=count,
            )
        except (errors.InvalidInput, errors.UpstreamError) as exc:
            return cast(SearchDiscogsResult, error_result(exc))
        return DiscogsSearchResults.from_results(found)


@strawberry.type
class RecordMutation:
    @strawberry.mutation(
        description="Save a Discogs release as a record and add it to the Discogs collection"
        " unless it is there already (admins only)."
    )
    async def fetch_record_from_discogs(self, info: Info, release_id: int) -> RecordResult:
        user = info.context.require_viewer()

        async def fetch() -> models.Record:
            services = info.context.services
            fetched = await discogs_records.fetch_record(
                services.discogs,
                user,
                release_id,
                collection_username=services.settings.discogs_username,
            )
            return fetched.record

        return await _record_result(fetch())

    @strawberry.mutation(
        description="Overwrite a record's Discogs-derived fields from Discogs, asked afresh"
        " (admins only)."
    )
    async def update_record_from_discogs(
        self, info: Info, record_id: uuid.UUID, discogs_id: str
    ) -> RecordResult:
        user = info.context.require_viewer()
        return await _record_result(
            discogs_records.refresh_record(
                info.context.services.discogs, user, record_id, discogs_id
            )
        )

    @strawberry.mutation(description="Add a record by hand (admins only).")
    async def create_record(self, info: Info, input: RecordInput) -> RecordResult:
        user = info.context.require_viewer()
        return await _record_result(records.create_record(user, input.fields()))

    @strawberry.mutation(description="Change some fields of a record (admins only).")
    async def update_record(self, info: Info, id: uuid.UUID, input: RecordPatch) -> RecordResult:
        user = info.context.require_viewer()
        return await _record_result(records.update_record(user, id, input.changes()))

    @strawberry.mutation(description="Delete a record; sync clients learn of it (admins only).")
    async def delete_record(self, info: Info, id: uuid.UUID) -> DeleteResult:
        user = info.context.require_viewer()
        try:
            deleted = await records.delete_record(user, id)
        except (errors.NotFound, errors.Forbidden) as exc:
            return cast(DeleteResult, error_result(exc))
        return Deleted(id=deleted)
