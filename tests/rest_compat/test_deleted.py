"""GET /api/v1/deleted, sentence by sentence (spec/library-sync-api.md, Get Deleted Items)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.library import create, seed
from tests.waiting import the_database_clock_passes
from wax.models import DeletedItem, Record
from wax.resolvers.tombstones import record_deletions
from wax.resolvers.watermark import database_now

EVER = "1970-01-01T00:00:00Z"


async def deleted(client: httpx.AsyncClient, since: str = EVER) -> dict:
    response = await client.get("/api/v1/deleted", params={"since": since})
    assert response.status_code == 200, response.text
    return response.json()


async def test_since_is_required(member_client) -> None:
    response = await member_client.get("/api/v1/deleted")
    assert response.status_code == 422
    assert response.json() == {
        "message": "The since field is required.",
        "errors": {"since": ["The since field is required."]},
    }


async def test_an_empty_since_counts_as_missing(member_client) -> None:
    response = await member_client.get("/api/v1/deleted?since=")
    assert response.status_code == 422
    assert response.json()["message"] == "The since field is required."


@pytest.mark.parametrize("since", ["yesterday", "2024-02-30", "2024-01-15T25:00:00Z", "1705276800"])
async def test_since_must_be_a_valid_date(member_client, since: str) -> None:
    response = await member_client.get("/api/v1/deleted", params={"since": since})
    assert response.status_code == 422
    assert response.json() == {
        "message": "The since field must be a valid date.",
        "errors": {"since": ["The since field must be a valid date."]},
    }


async def test_nothing_deleted_means_empty_lists_for_every_type(member_client) -> None:
    body = await deleted(member_client)
    assert body["data"] == {
        "songs": [],
        "albums": [],
        "artists": [],
        "playlists": [],
        "records": [],
    }


async def test_deleted_ids_are_listed_by_type(admin_client) -> None:
    first = await seed(admin_client, songs=2, name="Miles")
    second = await seed(admin_client, songs=1, name="Nina")
    playlist = await create(admin_client, "playlists", name="Gone")
    record = await Record.create(artist_name="Can", album_title="Tago Mago")

    await admin_client.delete(f"/api/v1/songs/{second.songs[0]['id']}")
    await admin_client.delete(f"/api/v1/albums/{first.album['id']}")
    await admin_client.delete(f"/api/v1/artists/{second.artist['id']}")
    await admin_client.delete(f"/api/v1/playlists/{playlist['id']}")
    await record_deletions("records", [record.id])
    await record.delete()

    data = (await deleted(admin_client))["data"]
    assert sorted(data["songs"]) == sorted(s["id"] for s in [*first.songs, *second.songs])
    assert sorted(data["albums"]) == sorted([first.album["id"], second.album["id"]])
    assert data["artists"] == [second.artist["id"]]
    assert data["playlists"] == [playlist["id"]]
    assert data["records"] == [str(record.id)]


async def test_only_deletions_after_since_are_returned(admin_client) -> None:
    seeded = await seed(admin_client, songs=2)
    await admin_client.delete(f"/api/v1/songs/{seeded.songs[0]['id']}")
    earlier = await DeletedItem.get(entity_id=seeded.songs[0]["id"])
    between = earlier.deleted_at + timedelta(milliseconds=5)
    await the_database_clock_passes(between)
    await admin_client.delete(f"/api/v1/songs/{seeded.songs[1]['id']}")

    data = (await deleted(admin_client, between.isoformat()))["data"]
    assert data["songs"] == [seeded.songs[1]["id"]]
    # since is inclusive: a deletion at exactly `since` is returned
    data = (await deleted(admin_client, earlier.deleted_at.isoformat()))["data"]
    assert sorted(data["songs"]) == sorted(s["id"] for s in seeded.songs)
    # and a since in the future returns nothing
    assert (await deleted(admin_client, "2999-01-01"))["data"]["songs"] == []


async def test_playlists_are_user_scoped(admin_client, member_client) -> None:
    anns = await create(admin_client, "playlists", name="Ann's")
    bobs = await create(member_client, "playlists", name="Bob's")
    await admin_client.delete(f"/api/v1/playlists/{anns['id']}")
    await member_client.delete(f"/api/v1/playlists/{bobs['id']}")
    assert (await deleted(member_client))["data"]["playlists"] == [bobs["id"]]
    assert (await deleted(admin_client))["data"]["playlists"] == [anns["id"]]


async def test_songs_albums_and_artists_are_shared_across_users(
    admin_client, member_client
) -> None:
    seeded = await seed(admin_client, songs=1)
    await admin_client.delete(f"/api/v1/artists/{seeded.artist['id']}")
    data = (await deleted(member_client))["data"]
    assert data["artists"] == [seeded.artist["id"]]
    assert data["albums"] == [seeded.album["id"]]
    assert data["songs"] == [seeded.songs[0]["id"]]


async def test_meta_echoes_since_and_says_when_the_query_ran(member_client) -> None:
    before = (await database_now()).replace(microsecond=0)
    meta = (await deleted(member_client, "2024-01-15T00:00:00Z"))["meta"]
    after = await database_now()
    assert meta["since"] == "2024-01-15T00:00:00+00:00"
    queried_at = datetime.fromisoformat(meta["queried_at"])
    # a safe watermark: not after the query, and not far before it
    assert before - timedelta(seconds=5) <= queried_at <= after
    assert meta["queried_at"].endswith("+00:00")
    assert "." not in meta["queried_at"]


@pytest.mark.parametrize(
    "since",
    [
        "2024-01-15T00:00:00Z",
        "2024-01-15T00:00:00+00:00",
        "2024-01-15T05:30:00+05:30",
        "2024-01-14T19:00:00-05:00",
        "2024-01-15T00:00:00.000000Z",
        "2024-01-15",
    ],
)
async def test_every_date_format_means_the_same_since(member_client, since: str) -> None:
    meta = (await deleted(member_client, since))["meta"]
    assert meta["since"] == "2024-01-15T00:00:00+00:00"


async def test_fractional_seconds_in_since_are_honoured(admin_client) -> None:
    seeded = await seed(admin_client, songs=1)
    await admin_client.delete(f"/api/v1/songs/{seeded.songs[0]['id']}")
    moment = (await DeletedItem.get(entity_id=seeded.songs[0]["id"])).deleted_at
    just_after = (moment + timedelta(microseconds=1)).isoformat(timespec="microseconds")
    exactly = moment.isoformat(timespec="microseconds")
    assert (await deleted(admin_client, exactly))["data"]["songs"] != []
    assert (await deleted(admin_client, just_after))["data"]["songs"] == []


async def test_a_since_within_the_retention_needs_no_full_resync(member_client) -> None:
    recent = (datetime.now(UTC) - timedelta(days=29)).isoformat()
    meta = (await deleted(member_client, recent))["meta"]
    assert meta["full_resync_required"] is False
    cutoff = datetime.fromisoformat(meta["retention_cutoff"])
    assert abs(cutoff - (datetime.now(UTC) - timedelta(days=30))) < timedelta(minutes=1)


async def test_a_since_older_than_the_retention_requires_a_full_resync(member_client) -> None:
    meta = (await deleted(member_client, (datetime.now(UTC) - timedelta(days=31)).isoformat()))[
        "meta"
    ]
    assert meta["full_resync_required"] is True
    assert datetime.fromisoformat(meta["retention_cutoff"]) > datetime.now(UTC) - timedelta(days=31)


async def test_deleted_needs_a_token(client) -> None:
    response = await client.get("/api/v1/deleted", params={"since": EVER})
    assert response.status_code == 401
