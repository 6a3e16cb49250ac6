from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette

from tests.waiting import the_database_clock_passes
from wax.errors import Conflict, Forbidden, InvalidInput, NotFound
from wax.models import DeletedItem, Record, User
from wax.resolvers import records
from wax.resolvers.users import create_user


@pytest.fixture
async def admin_user(app: Starlette) -> User:
    user, _ = await create_user("ann", is_admin=True)
    return user


@pytest.fixture
async def member_user(admin_user: User) -> User:
    user, _ = await create_user("bob")
    return user


async def make(**fields: Any) -> Record:
    fields.setdefault("artist_name", "Artist")
    fields.setdefault("album_title", "Album")
    return await Record.create(**fields)


async def test_a_manual_record_is_created_with_data_source_manual(admin_user: User) -> None:
    record = await records.create_record(
        admin_user,
        {
            "artist_name": "  Kraftwerk ",
            "album_title": "Autobahn",
            "year_released": 1974,
            "genres": ["Electronic", " "],
            "label_name": "",
        },
    )
    stored = await Record.get(id=record.id)
    assert stored.data_source == "manual"
    assert stored.artist_name == "Kraftwerk"
    assert stored.genres == ["Electronic"]
    assert stored.label_name is None
    assert stored.is_synced_with_discogs is False


@pytest.mark.parametrize(
    ("fields", "culprit"),
    [
        ({"album_title": "Autobahn"}, "artistName"),
        ({"artist_name": "   ", "album_title": "Autobahn"}, "artistName"),
        ({"artist_name": "K", "album_title": "A", "year_released": "1974"}, "yearReleased"),
        ({"artist_name": "K", "album_title": "A", "year_released": True}, "yearReleased"),
        ({"artist_name": "K", "album_title": "A", "year_released": 0}, "yearReleased"),
        ({"artist_name": "K", "album_title": "A", "genres": "Electronic"}, "genres"),
        ({"artist_name": "K", "album_title": "A", "is_shaped_vinyl": "yes"}, "isShapedVinyl"),
        ({"artist_name": "K", "album_title": "A", "discogs_id": "abc"}, "discogsId"),
        ({"artist_name": "K" * 513, "album_title": "A"}, "artistName"),
        ({"artist_name": "K", "album_title": "A", "colour": "red"}, "colour"),
    ],
)
async def test_bad_fields_are_refused_naming_the_field_and_nothing_is_stored(
    admin_user: User, fields: dict[str, Any], culprit: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        await records.create_record(admin_user, fields)
    assert refused.value.field == culprit
    assert await Record.all().count() == 0


async def test_only_admins_write_records_but_everyone_reads_them(member_user: User) -> None:
    record = await make()
    with pytest.raises(Forbidden):
        await records.create_record(member_user, {"artist_name": "K", "album_title": "A"})
    with pytest.raises(Forbidden):
        await records.update_record(member_user, record.id, {"album_title": "B"})
    with pytest.raises(Forbidden):
        await records.delete_record(member_user, record.id)
    assert (await records.get_record(member_user, record.id)).album_title == "Album"
    assert [r.id for r in await records.list_records(member_user)] == [record.id]


async def test_an_update_changes_only_the_given_fields(admin_user: User) -> None:
    record = await make(label_name="Kling Klang", year_released=1974, data_source="discogs")
    before = record.updated_at
    await the_database_clock_passes(before)
    updated = await records.update_record(
        admin_user, str(record.id), {"year_released": 1975, "label_name": None}
    )
    stored = await Record.get(id=record.id)
    assert (stored.year_released, stored.label_name) == (1975, None)
    assert (stored.artist_name, stored.data_source) == ("Artist", "discogs")
    assert stored.created_at == record.created_at
    assert updated.updated_at > before


async def test_a_discogs_id_can_belong_to_one_record_only(admin_user: User) -> None:
    first = await make(discogs_id="79")
    with pytest.raises(Conflict) as on_create:
        await records.create_record(
            admin_user, {"artist_name": "K", "album_title": "A", "discogs_id": "79"}
        )
    assert on_create.value.existing.id == first.id
    second = await make()
    with pytest.raises(Conflict) as on_update:
        await records.update_record(admin_user, second.id, {"discogs_id": "79"})
    assert on_update.value.existing.id == first.id
    assert (await Record.get(id=second.id)).discogs_id is None


async def test_unknown_and_malformed_ids_are_not_found_and_invalid(admin_user: User) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    with pytest.raises(NotFound):
        await records.get_record(admin_user, missing)
    with pytest.raises(NotFound):
        await records.update_record(admin_user, missing, {"album_title": "B"})
    with pytest.raises(NotFound):
        await records.delete_record(admin_user, missing)
    with pytest.raises(InvalidInput):
        await records.get_record(admin_user, "not-a-uuid")


async def test_deleting_a_record_leaves_a_tombstone(admin_user: User) -> None:
    record = await make()
    await records.delete_record(admin_user, record.id)
    assert not await Record.exists(id=record.id)
    tombstone = await DeletedItem.get(entity_id=record.id)
    assert tombstone.entity_type == "records"


async def _in_order(*rows: tuple[str, str, int | None]) -> None:
    """Records created one after another. The database stamps creation (to the millisecond on
    SQLite); waiting for the clock to pass keeps their stamps apart."""
    for artist, title, year in rows:
        await make(artist_name=artist, album_title=title, year_released=year)
        await the_database_clock_passes()


async def test_the_list_sorts_like_the_original_app(admin_user: User) -> None:
    await _in_order(
        ("beatles", "Abbey Road", 1969), ("Air", "Moon Safari", 1998), ("Can", "tago mago", None)
    )

    def artists(found: list[Record]) -> list[str]:
        return [r.artist_name for r in found]

    assert artists(await records.list_records(admin_user)) == ["Can", "Air", "beatles"]
    assert artists(await records.list_records(admin_user, sort_by="artist")) == [
        "Air",
        "beatles",
        "Can",
    ]
    by_title_desc = await records.list_records(admin_user, sort_by="title", sort_dir="desc")
    assert [r.album_title for r in by_title_desc] == ["tago mago", "Moon Safari", "Abbey Road"]
    assert artists(await records.list_records(admin_user, sort_by="year")) == [
        "Air",
        "beatles",
        "Can",
    ]
    by_year_asc = await records.list_records(admin_user, sort_by="year", sort_dir="asc")
    assert artists(by_year_asc) == ["beatles", "Air", "Can"]


async def test_the_list_filters_by_sizes_and_shape(admin_user: User) -> None:
    await make(album_title="seven", record_size='7"')
    await make(album_title="twelve", record_size='12"')
    await make(album_title="shaped ten", record_size='10"', is_shaped_vinyl=True)
    await make(album_title="unknown size")

    async def titles(**filters: Any) -> set[str]:
        return {r.album_title for r in await records.list_records(admin_user, **filters)}

    assert await titles(sizes=['7"', '12"']) == {"seven", "twelve"}
    assert await titles(shaped=True) == {"shaped ten"}
    assert await titles(shaped=False, sizes=['10"', '12"']) == {"twelve"}
    assert len(await titles()) == 4


@pytest.mark.parametrize(
    ("arguments", "culprit"),
    [({"sort_by": "colour"}, "sortBy"), ({"sort_dir": "up"}, "sortDir")],
)
async def test_unknown_sort_keys_are_invalid_input(
    admin_user: User, arguments: dict[str, Any], culprit: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        await records.list_records(admin_user, **arguments)
    assert refused.value.field == culprit
