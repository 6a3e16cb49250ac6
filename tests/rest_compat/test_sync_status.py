"""GET /api/v1/sync/status, sentence by sentence (spec/library-sync-api.md, Sync Status)."""

from __future__ import annotations

import httpx

from tests.library import counting_statements, create, seed
from tests.waiting import the_database_clock_passes
from wax.models import Record
from wax.resolvers import sync


async def status(client: httpx.AsyncClient) -> dict:
    response = await client.get("/api/v1/sync/status")
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def test_an_empty_library_has_zero_counts_and_no_timestamps(member_client) -> None:
    data = await status(member_client)
    for kind in ("songs", "albums", "artists", "playlists", "records"):
        assert data[kind] == {"count": 0, "last_updated": None}
    assert data["library_updated_at"] is None


async def test_counts_are_the_library_totals(admin_client, member_client) -> None:
    await seed(admin_client, songs=3, name="Miles")
    await seed(admin_client, songs=2, name="Nina")
    data = await status(member_client)
    assert data["songs"]["count"] == 5
    assert data["albums"]["count"] == 2
    assert data["artists"]["count"] == 2


async def test_counts_follow_a_cascading_delete_and_agree_with_the_lists_totals(
    admin_client, member_client
) -> None:
    await seed(admin_client, songs=3, name="Miles")
    nina = await seed(admin_client, songs=2, name="Nina")
    response = await admin_client.delete(f"/api/v1/albums/{nina.album['id']}")
    assert response.status_code == 204
    data = await status(member_client)
    assert (data["songs"]["count"], data["albums"]["count"], data["artists"]["count"]) == (3, 1, 2)
    for kind in ("songs", "albums", "artists", "records"):
        listed = (await member_client.get(f"/api/v1/{kind}")).json()["meta"]["total"]
        assert data[kind]["count"] == listed, kind


async def test_the_status_is_read_in_one_statement(admin_client, admin) -> None:
    await seed(admin_client)
    await create(admin_client, "playlists", name="Mine")
    with counting_statements() as log:
        await sync.sync_status(admin.user)
    assert len(log.statements) == 1, log.statements


async def test_last_updated_is_the_most_recently_updated_items_timestamp(admin_client) -> None:
    seeded = await seed(admin_client, songs=2)
    await the_database_clock_passes()
    changed = await admin_client.patch(
        f"/api/v1/songs/{seeded.songs[0]['id']}", json={"genre": "Jazz"}
    )
    data = await status(admin_client)
    assert data["songs"]["last_updated"] == changed.json()["data"]["updated_at"]
    songs = (await admin_client.get("/api/v1/songs")).json()["data"]
    assert data["songs"]["last_updated"] == max(song["updated_at"] for song in songs)
    albums = (await admin_client.get("/api/v1/albums")).json()["data"]
    assert data["albums"]["last_updated"] == max(album["updated_at"] for album in albums)


async def test_timestamps_are_written_like_the_original_server(admin_client) -> None:
    await seed(admin_client)
    last = (await status(admin_client))["songs"]["last_updated"]
    # 2024-01-20T15:30:00+00:00
    assert len(last) == 25
    assert last[10] == "T"
    assert last.endswith("+00:00")


async def test_playlists_count_only_the_users_own(admin_client, member_client) -> None:
    await create(admin_client, "playlists", name="Ann's")
    await create(admin_client, "playlists", name="Ann's second")
    bobs = await create(member_client, "playlists", name="Bob's")
    mine = await status(member_client)
    assert mine["playlists"] == {"count": 1, "last_updated": bobs["updated_at"]}
    assert (await status(admin_client))["playlists"]["count"] == 2


async def test_library_updated_at_is_the_latest_of_every_entity(admin_client) -> None:
    await seed(admin_client)
    await the_database_clock_passes()
    playlist = await create(admin_client, "playlists", name="Latest")
    data = await status(admin_client)
    assert data["library_updated_at"] == playlist["updated_at"]
    assert data["library_updated_at"] == max(
        data[kind]["last_updated"] for kind in ("songs", "albums", "artists", "playlists")
    )


async def test_another_users_playlist_does_not_move_my_library_updated_at(
    admin_client, member_client, member
) -> None:
    await seed(admin_client)
    before = (await sync.sync_status(member.user)).library_updated_at
    await create(admin_client, "playlists", name="Ann's")
    await admin_client.delete(
        f"/api/v1/playlists/{(await create(admin_client, 'playlists', name='x'))['id']}"
    )
    assert (await sync.sync_status(member.user)).library_updated_at == before


async def test_a_deletion_alone_moves_library_updated_at(admin_client, admin) -> None:
    seeded = await seed(admin_client, songs=1)
    before = (await sync.sync_status(admin.user)).library_updated_at
    assert before is not None
    response = await admin_client.delete(f"/api/v1/artists/{seeded.artist['id']}")
    assert response.status_code == 204
    after = await sync.sync_status(admin.user)
    assert after.songs.count == after.albums.count == after.artists.count == 0
    assert after.library_updated_at is not None
    assert after.library_updated_at > before
    body = await status(admin_client)
    assert body["library_updated_at"] == after.library_updated_at.replace(microsecond=0).isoformat()


async def test_records_take_part(admin_client) -> None:
    record = await Record.create(artist_name="Can", album_title="Tago Mago")
    data = await status(admin_client)
    assert data["records"]["count"] == 1
    stored = await Record.get(id=record.id)
    assert data["records"]["last_updated"] == stored.updated_at.replace(microsecond=0).isoformat()


async def test_status_needs_a_token(client) -> None:
    response = await client.get("/api/v1/sync/status")
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated."}
