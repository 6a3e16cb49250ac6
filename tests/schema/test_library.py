"""The GraphQL library: types and relations, connections, mutations and their result unions."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.library import create, graphql, seed
from wax.models import Artist, DeletedItem, Playlist, Record, Song

ARTIST_FIELDS = "id name albums { name } albumCount songCount createdAt updatedAt"


async def post(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_relations_go_both_ways(admin_client) -> None:
    seeded = await seed(admin_client, songs=2)
    data = await graphql(
        admin_client,
        """{ artists(first: 10) { edges { node { name albumCount songCount
               albums(first: 5) { name songCount totalLength artist { name }
                 songs(first: 10) { title track album { name } artist { name } } } } } } }""",
    )
    [artist] = [edge["node"] for edge in data["artists"]["edges"]]
    assert artist["albumCount"] == 1
    assert artist["songCount"] == 2
    [album] = artist["albums"]
    assert album["artist"]["name"] == seeded.artist["name"]
    assert album["songCount"] == 2
    assert album["totalLength"] == 203.0
    assert [song["title"] for song in album["songs"]] == ["Song 1", "Song 2"]
    assert {song["artist"]["name"] for song in album["songs"]} == {seeded.artist["name"]}


async def test_a_connection_pages_by_cursor(member_client) -> None:
    await Artist.bulk_create([Artist(name=f"A{n}") for n in range(5)])
    query = """query($after: String) { artists(first: 2, after: $after) {
        totalCount edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }"""
    names: list[str] = []
    after = None
    while True:
        page = (await graphql(member_client, query, after=after))["artists"]
        assert page["totalCount"] == 5
        names.extend(edge["node"]["name"] for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        after = page["pageInfo"]["endCursor"]
    assert sorted(names) == [f"A{n}" for n in range(5)]


@pytest.mark.parametrize("first", [0, 101, -1])
async def test_first_must_be_between_1_and_100(member_client, first: int) -> None:
    body = await post(member_client, "query($f: Int!) { songs(first: $f) { totalCount } }", f=first)
    assert body["errors"][0]["message"] == "first must be between 1 and 100."
    assert body["data"] is None


async def test_a_bad_after_cursor_is_a_clear_error(member_client) -> None:
    body = await post(member_client, '{ albums(after: "garbage") { totalCount } }')
    assert body["errors"][0]["message"] == "The cursor is invalid."


async def test_a_bad_updated_since_is_a_clear_error(member_client) -> None:
    body = await post(member_client, '{ songs(updatedSince: "last tuesday") { totalCount } }')
    assert "DateTime" in body["errors"][0]["message"]
    body = await post(member_client, '{ deletedItems(since: "2024-02-30") { since } }')
    assert "DateTime" in body["errors"][0]["message"]


async def test_a_date_alone_is_midnight_utc(member_client) -> None:
    data = await graphql(member_client, '{ deletedItems(since: "2024-01-15") { since } }')
    assert data["deletedItems"]["since"] == "2024-01-15T00:00:00+00:00"


async def test_records_are_a_connection_too(member_client) -> None:
    await Record.create(artist_name="Can", album_title="Tago Mago")
    data = await graphql(
        member_client, "{ records(first: 5) { totalCount edges { node { artistName } } } }"
    )
    assert data["records"]["totalCount"] == 1
    assert data["records"]["edges"][0]["node"]["artistName"] == "Can"


async def test_an_admin_creates_updates_and_deletes_library_items(admin_client) -> None:
    made = await graphql(
        admin_client,
        'mutation { createArtist(input: {name: "Miles"}) { __typename ... on Artist { id } } }',
    )
    artist_id = made["createArtist"]["id"]
    album = await graphql(
        admin_client,
        """mutation($a: UUID!) { createAlbum(input: {name: "KoB", artistId: $a, year: 1959}) {
            ... on Album { id artist { name } } } }""",
        a=artist_id,
    )
    album_id = album["createAlbum"]["id"]
    song = await graphql(
        admin_client,
        """mutation($al: UUID!) { createSong(input: {title: "So What", albumId: $al}) {
            ... on Song { id artist { id } album { name } } } }""",
        al=album_id,
    )
    assert song["createSong"]["artist"]["id"] == artist_id
    renamed = await graphql(
        admin_client,
        """mutation($a: UUID!) { updateArtist(id: $a, input: {name: "Miles Davis"}) {
            ... on Artist { name image } } }""",
        a=artist_id,
    )
    assert renamed["updateArtist"] == {"name": "Miles Davis", "image": None}
    deleted = await graphql(
        admin_client,
        "mutation($a: UUID!) { deleteArtist(id: $a) { __typename ... on Deleted { id } } }",
        a=artist_id,
    )
    assert deleted["deleteArtist"] == {"__typename": "Deleted", "id": artist_id}
    assert await DeletedItem.filter(entity_type="songs").count() == 1
    assert await Song.all().count() == 0


async def test_a_member_gets_forbidden_as_data(member_client) -> None:
    data = await graphql(
        member_client,
        'mutation { createArtist(input: {name: "Nope"}) { __typename ... on Error { message } } }',
    )
    assert data["createArtist"] == {
        "__typename": "Forbidden",
        "message": "Only an admin can change the library.",
    }
    assert await Artist.all().count() == 0


async def test_invalid_input_names_the_field_in_camel_case(admin_client) -> None:
    data = await graphql(
        admin_client,
        """mutation { createAlbum(input: {name: "X",
            artistId: "00000000-0000-0000-0000-000000000000"}) {
            __typename ... on InvalidInput { field message } } }""",
    )
    assert data["createAlbum"]["__typename"] == "InvalidInput"
    assert data["createAlbum"]["field"] == "artistId"


async def test_unknown_ids_are_not_found(admin_client) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    data = await graphql(
        admin_client,
        """mutation($id: UUID!) {
            updateSong(id: $id, input: {title: "x"}) { __typename }
            deleteAlbum(id: $id) { __typename }
            removeSongFromPlaylist(playlistId: $id, songId: $id) { __typename } }""",
        id=missing,
    )
    assert set(v["__typename"] for v in data.values()) == {"NotFound"}


async def test_playlists_are_private_in_graphql_too(admin_client, member_client) -> None:
    seeded = await seed(admin_client, songs=2)
    made = await graphql(
        member_client,
        'mutation { createPlaylist(input: {name: "Bob"}) { ... on Playlist { id } } }',
    )
    playlist_id = made["createPlaylist"]["id"]
    for song in reversed(seeded.songs):
        added = await graphql(
            member_client,
            """mutation($p: UUID!, $s: UUID!) { addSongToPlaylist(playlistId: $p, songId: $s) {
                ... on Playlist { songsCount songs { id } } } }""",
            p=playlist_id,
            s=song["id"],
        )
    assert [s["id"] for s in added["addSongToPlaylist"]["songs"]] == [
        song["id"] for song in reversed(seeded.songs)
    ]
    assert (await graphql(admin_client, "{ playlists { id } }"))["playlists"] == []
    stolen = await graphql(
        admin_client,
        """mutation($p: UUID!) { updatePlaylist(id: $p, input: {name: "Mine"}) { __typename }
                                  deletePlaylist(id: $p) { __typename } }""",
        p=playlist_id,
    )
    assert stolen == {
        "updatePlaylist": {"__typename": "NotFound"},
        "deletePlaylist": {"__typename": "NotFound"},
    }
    assert (await Playlist.get(id=playlist_id)).name == "Bob"
    mine = await graphql(member_client, "{ playlists { id name songsCount } }")
    assert mine["playlists"] == [{"id": playlist_id, "name": "Bob", "songsCount": 2}]


async def test_adding_a_song_twice_is_a_conflict(admin_client, member_client) -> None:
    seeded = await seed(admin_client, songs=1)
    playlist = await create(member_client, "playlists", name="Mix")
    query = """mutation($p: UUID!, $s: UUID!) { addSongToPlaylist(playlistId: $p, songId: $s) {
        __typename ... on Error { message } } }"""
    await graphql(member_client, query, p=playlist["id"], s=seeded.songs[0]["id"])
    again = await graphql(member_client, query, p=playlist["id"], s=seeded.songs[0]["id"])
    assert again["addSongToPlaylist"]["__typename"] == "Conflict"


async def test_library_queries_need_a_token(client) -> None:
    response = await client.post("/graphql", json={"query": "{ syncStatus { libraryUpdatedAt } }"})
    assert response.status_code == 401


async def test_first_defaults_to_50_even_when_sent_as_null(member_client) -> None:
    await Artist.bulk_create([Artist(name=f"A{n}") for n in range(51)])
    for query in (
        "{ artists { edges { cursor } } }",
        "{ artists(first: null) { edges { cursor } } }",
    ):
        data = await graphql(member_client, query)
        assert len(data["artists"]["edges"]) == 50
