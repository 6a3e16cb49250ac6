"""The two-way Discogs sync itself: pull the collection in, then push local records out.

Pull inserts each collection release wax does not have yet, straight from the
item's basic_information, one short transaction per page; a release another
writer inserted meanwhile is skipped, not an error. Push adds the records with
a discogsId that the collection lacks. Nothing is ever deleted, and a second
run finds nothing to do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError, OperationalError, ValidationError
from tortoise.transactions import in_transaction

from wax.discogs import DiscogsClient, DiscogsError, record_fields_from_collection_item
from wax.models import Record
from wax.models.records import DATA_SOURCE_DISCOGS
from wax.resolvers.discogs_sync.progress import PUSH, SyncProgress

PAGE_SIZE = 100
UNKNOWN_ARTIST = "Unknown Artist"
UNTITLED = "Untitled"

Report = Callable[[SyncProgress], Awaitable[None]]


@dataclass(frozen=True)
class SyncOutcome:
    progress: SyncProgress
    failed: bool


async def sync_with_discogs(client: DiscogsClient, username: str, report: Report) -> SyncOutcome:
    """Pull then push, reporting progress after every page and every pushed record."""
    progress = SyncProgress()
    await report(progress)
    collection_ids: set[str] = set()
    page_number = 0
    try:
        async for page in client.iter_collection(username, per_page=PAGE_SIZE):
            page_number = page.page
            outcome = await pull_page(page.items, collection_ids)
            progress = outcome.applied_to(progress, total_items=page.total_items)
            await report(progress)
    except DiscogsError as exc:
        where = f"after page {page_number}" if page_number else "at the first page"
        message = f"The pull from Discogs stopped {where}: {exc.message}"
        return SyncOutcome(progress.with_error(message), failed=True)
    progress = replace(progress, phase=PUSH)
    await report(progress)
    progress = await push(client, username, collection_ids, progress, report)
    return SyncOutcome(progress, failed=False)


@dataclass
class PageOutcome:
    inserted: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def applied_to(self, progress: SyncProgress, *, total_items: int) -> SyncProgress:
        progress = replace(
            progress,
            pulled=progress.pulled + self.inserted,
            skipped=progress.skipped + self.skipped,
            total_discogs_items=total_items,
        )
        for error in self.errors:
            progress = progress.with_error(error)
        return progress


async def pull_page(items: Iterable[Mapping[str, Any]], collection_ids: set[str]) -> PageOutcome:
    """Insert a page's releases that are new here; mark those already here as synced."""
    outcome = PageOutcome()
    fresh: dict[str, Mapping[str, Any]] = {}
    for item in items:
        release_id = release_id_of(item)
        if release_id is None:
            outcome.errors.append("A collection item without a release id was left out.")
        elif release_id in collection_ids:
            outcome.skipped += 1  # another copy of a release already counted
        else:
            collection_ids.add(release_id)
            fresh[release_id] = item
    if not fresh:
        return outcome
    known: dict[str, bool] = dict(
        await Record.filter(discogs_id__in=list(fresh)).values_list(
            "discogs_id", "is_synced_with_discogs"
        )
    )
    await mark_synced(release_id for release_id, synced in known.items() if not synced)
    outcome.skipped += len(known)
    new = [new_record_fields(item) for rid, item in fresh.items() if rid not in known]
    await insert_records(new, outcome)
    return outcome


def release_id_of(item: Mapping[str, Any]) -> str | None:
    info = item.get("basic_information")
    raw = info.get("id") if isinstance(info, Mapping) else None
    raw = item.get("id") if raw is None else raw
    if isinstance(raw, bool) or not isinstance(raw, int | str) or not str(raw).strip():
        return None
    return str(raw).strip()


def new_record_fields(item: Mapping[str, Any]) -> dict[str, Any]:
    fields = record_fields_from_collection_item(item)
    fields["discogs_id"] = release_id_of(item)
    fields["artist_name"] = fields.get("artist_name") or UNKNOWN_ARTIST
    fields["album_title"] = fields.get("album_title") or UNTITLED
    fields["is_synced_with_discogs"] = True
    fields["data_source"] = DATA_SOURCE_DISCOGS
    return fields


async def mark_synced(release_ids: Iterable[str]) -> int:
    ids = list(release_ids)
    if not ids:
        return 0
    return await Record.filter(discogs_id__in=ids, is_synced_with_discogs=False).update(
        is_synced_with_discogs=True, updated_at=datetime.now(UTC)
    )


async def insert_records(records: list[dict[str, Any]], outcome: PageOutcome) -> None:
    """One transaction for the page; should it fail, one per record, to save the rest."""
    if not records:
        return
    try:
        async with in_transaction() as connection:
            await Record.bulk_create([Record(**fields) for fields in records], using_db=connection)
    except (OperationalError, ValidationError):
        pass  # another writer got one of them first, or one will not fit: go one by one
    else:
        outcome.inserted += len(records)
        return
    for fields in records:
        try:
            async with in_transaction() as connection:
                await Record(**fields).save(using_db=connection)
        except (OperationalError, ValidationError) as exc:
            if isinstance(exc, IntegrityError) and await Record.exists(
                discogs_id=fields["discogs_id"]
            ):
                outcome.skipped += 1  # inserted meanwhile by someone else
            else:
                outcome.errors.append(
                    f"Release {fields['discogs_id']} from the collection could not be saved: {exc}"
                )
        else:
            outcome.inserted += 1


async def push(
    client: DiscogsClient,
    username: str,
    collection_ids: set[str],
    progress: SyncProgress,
    report: Report,
) -> SyncProgress:
    """Add to the collection each record with a discogsId that is neither synced nor there."""
    unsynced = await (
        Record.filter(discogs_id__isnull=False, is_synced_with_discogs=False)
        .order_by("created_at", "id")
        .values_list("id", "discogs_id", "artist_name", "album_title")
    )
    # created since the pull read the collection, yet in it: nothing to add
    await mark_synced(
        discogs_id for _, discogs_id, _, _ in unsynced if discogs_id in collection_ids
    )
    for record_id, discogs_id, artist, title in unsynced:
        if discogs_id in collection_ids:
            continue
        described = f"release {discogs_id} ({artist} - {title})"
        if not (discogs_id.isascii() and discogs_id.isdigit()):
            progress = progress.with_error(
                f"Could not add {described}: {discogs_id!r} is not a Discogs release id."
            )
        else:
            try:
                await client.add_to_collection(username, int(discogs_id))
            except DiscogsError as exc:
                progress = progress.with_error(f"Could not add {described}: {exc.message}")
            else:
                await Record.filter(id=record_id).update(
                    is_synced_with_discogs=True, updated_at=datetime.now(UTC)
                )
                progress = replace(progress, pushed=progress.pushed + 1)
        await report(progress)
    return progress
