"""The pull shares the records table with every other writer; it must lose races gracefully."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette

from tests.fakes import discogs_data
from wax.models import Record
from wax.resolvers.discogs_sync.run import PageOutcome, insert_records, new_record_fields, pull_page


def collection_item(index: int) -> dict[str, Any]:
    release = discogs_data.generated_release(index)
    return {
        "id": release["id"],
        "instance_id": 1000 + index,
        "basic_information": discogs_data.basic_information(release),
    }


async def test_a_release_inserted_by_another_writer_meanwhile_is_skipped_not_an_error(
    app: Starlette,
) -> None:
    items = [collection_item(n) for n in range(5)]
    records = [new_record_fields(item) for item in items]
    # another writer (a fetch-from-discogs, another sync) got there between read and insert
    await Record.create(**{**records[2], "album_title": "Theirs"})

    outcome = PageOutcome()
    await insert_records(records, outcome)

    assert (outcome.inserted, outcome.skipped, outcome.errors) == (4, 1, [])
    assert await Record.all().count() == 5
    assert (await Record.get(discogs_id=records[2]["discogs_id"])).album_title == "Theirs"


async def test_two_copies_of_a_release_in_the_collection_make_one_record(app: Starlette) -> None:
    item = collection_item(1)
    seen: set[str] = set()

    outcome = await pull_page([item, {**item, "instance_id": 99}], seen)

    assert (outcome.inserted, outcome.skipped) == (1, 1)
    assert await Record.all().count() == 1
