"""The lists with updated_since (spec/library-sync-api.md, Incremental Sync Pattern)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest

from tests.library import create, seed
from tests.waiting import the_database_clock_passes
from wax.models import Album, Artist, Playlist, Record, Song

INVALID = {"message": "Invalid date format for updated_since parameter"}
MODELS = {"songs": Song, "albums": Album, "artists": Artist}


async def listing(client: httpx.AsyncClient, path: str, **params: object) -> dict:
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ids(body: dict) -> list[str]:
    return [item["id"] for item in body["data"]]


async def stamp(model: type, item_id: str) -> datetime:
    return (await model.get(id=item_id)).updated_at


@pytest.mark.parametrize("kind", ["songs", "albums", "artists"])
async def test_updated_since_returns_only_what_changed_at_or_after_it(
    admin_client, kind: str
) -> None:
    old = await seed(admin_client, songs=1, name="Old")
    await the_database_clock_passes()
    new = await seed(admin_client, songs=1, name="New")
    item = {"songs": new.songs[0], "albums": new.album, "artists": new.artist}[kind]
    moment = await stamp(MODELS[kind], item["id"])
    body = await listing(admin_client, f"/api/v1/{kind}", updated_since=moment.isoformat())
    assert ids(body) == [item["id"]]
    everything = await listing(admin_client, f"/api/v1/{kind}")
    assert len(everything["data"]) == 2
    assert old.artist["id"] not in ids(body)


async def test_updated_since_is_inclusive(admin_client) -> None:
    seeded = await seed(admin_client, songs=1)
    moment = await stamp(Song, seeded.songs[0]["id"])
    body = await listing(admin_client, "/api/v1/songs", updated_since=moment.isoformat())
    assert ids(body) == [seeded.songs[0]["id"]]
    later = (moment + timedelta(microseconds=1)).isoformat()
    assert ids(await listing(admin_client, "/api/v1/songs", updated_since=later)) == []


@pytest.mark.parametrize(
    "spell",
    [
        lambda m: m.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z"),
        lambda m: m.astimezone(UTC).isoformat(timespec="microseconds"),
        lambda m: m.astimezone(timezone(timedelta(hours=5, minutes=30))).isoformat(
            "T", "microseconds"
        ),
        lambda m: m.astimezone(timezone(timedelta(hours=-8))).isoformat("T", "microseconds"),
    ],
    ids=["Z", "+00:00", "+05:30", "-08:00"],
)
async def test_every_offset_and_fractional_seconds_are_understood(admin_client, spell) -> None:
    await seed(admin_client, songs=1, name="Before")
    await the_database_clock_passes()
    after = await seed(admin_client, songs=1, name="After")
    moment = await stamp(Song, after.songs[0]["id"])
    body = await listing(admin_client, "/api/v1/songs", updated_since=spell(moment))
    assert ids(body) == [after.songs[0]["id"]]


async def test_a_date_alone_means_midnight_utc(admin_client) -> None:
    seeded = await seed(admin_client, songs=1)
    today = datetime.now(UTC).date()
    body = await listing(admin_client, "/api/v1/songs", updated_since=today.isoformat())
    assert ids(body) == [seeded.songs[0]["id"]]
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert ids(await listing(admin_client, "/api/v1/songs", updated_since=tomorrow)) == []


@pytest.mark.parametrize("path", ["songs", "albums", "artists", "playlists", "records"])
@pytest.mark.parametrize("bad", ["yesterday", "2024-13-45", "2024-01-15T10:00:00+99:00", "0"])
async def test_an_invalid_updated_since_is_a_422(member_client, path: str, bad: str) -> None:
    response = await member_client.get(f"/api/v1/{path}", params={"updated_since": bad})
    assert response.status_code == 422
    assert response.json() == INVALID


async def test_playlists_are_the_users_own_and_not_paginated(admin_client, member_client) -> None:
    await create(admin_client, "playlists", name="Ann's")
    bobs = [await create(member_client, "playlists", name=f"Bob's {n}") for n in range(3)]
    body = await listing(member_client, "/api/v1/playlists")
    assert set(body) == {"data"}
    assert sorted(ids(body)) == sorted(p["id"] for p in bobs)


async def test_playlists_honour_updated_since(member_client) -> None:
    first = await create(member_client, "playlists", name="First")
    await the_database_clock_passes()
    second = await create(member_client, "playlists", name="Second")
    moment = await stamp(Playlist, second["id"])
    body = await listing(member_client, "/api/v1/playlists", updated_since=moment.isoformat())
    assert ids(body) == [second["id"]]
    assert first["id"] not in ids(body)


async def test_playlists_show_their_ordered_songs_when_asked(admin_client, member_client) -> None:
    seeded = await seed(admin_client, songs=3)
    playlist = await create(member_client, "playlists", name="Mix")
    for song in reversed(seeded.songs):
        added = await member_client.post(
            f"/api/v1/playlists/{playlist['id']}/songs", json={"song_id": song["id"]}
        )
        assert added.status_code == 201
    plain = (await listing(member_client, "/api/v1/playlists"))["data"][0]
    assert "song_ids" not in plain
    assert plain["songs_count"] == 3
    assert plain["total_length"] == sum(song["length"] for song in seeded.songs)
    shown = (await listing(member_client, "/api/v1/playlists", include="songs"))["data"][0]
    assert shown["song_ids"] == [song["id"] for song in reversed(seeded.songs)]


async def test_records_list_with_updated_since_in_snake_case(member_client) -> None:
    old = await Record.create(artist_name="Can", album_title="Tago Mago", genres=["Rock"])
    await the_database_clock_passes()
    new = await Record.create(artist_name="Neu!", album_title="Neu! 75", year_released=1975)
    moment = await stamp(Record, str(new.id))
    body = await listing(member_client, "/api/v1/records", updated_since=moment.isoformat())
    assert ids(body) == [str(new.id)]
    record = body["data"][0]
    assert record["artist_name"] == "Neu!"
    assert record["album_title"] == "Neu! 75"
    assert record["year_released"] == 1975
    assert record["is_synced_with_discogs"] is False
    assert {"created_at", "updated_at", "catalog_number", "record_size"} <= set(record)
    assert str(old.id) in ids(await listing(member_client, "/api/v1/records"))
