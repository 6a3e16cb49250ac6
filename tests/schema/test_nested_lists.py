"""Lists inside objects take `first`: each parent's first few, in the list's order, read by SQL."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from tortoise.transactions import in_transaction

from tests.library import graphql
from wax.models import Album, Artist, Playlist, PlaylistSong, Song, User
from wax.schema.limits import RELATED

TRACKS = [4, 2, 5, 1, 3]


async def make_albums(albums: int = 3) -> list[Album]:
    """Albums by one artist, named out of order, each with songs entered out of track order."""
    async with in_transaction():
        artist = await Artist.create(name="Coltrane")
        made = [await Album.create(name=f"Album {n}", artist=artist) for n in (3, 1, 2)[:albums]]
        for album in made:
            await Song.bulk_create(
                [Song(title=f"Take {t}", album=album, artist=artist, track=t) for t in TRACKS]
            )
    return made


def tracks(album: dict[str, Any], key: str = "songs") -> list[int]:
    return [song["track"] for song in album[key]]


async def test_each_album_gets_its_first_songs_in_track_order(member_client) -> None:
    await make_albums()
    data = await graphql(
        member_client,
        "{ albums { edges { node { name songs(first: 2) { track } } } } }",
    )
    albums = [edge["node"] for edge in data["albums"]["edges"]]
    assert len(albums) == 3
    assert all(tracks(album) == [1, 2] for album in albums)


async def test_aliases_may_ask_one_list_for_different_counts(member_client) -> None:
    await make_albums(albums=2)
    data = await graphql(
        member_client,
        """{ albums { edges { node {
             few: songs(first: 1) { track } more: songs(first: 4) { track } all: songs { track }
           } } } }""",
    )
    for edge in data["albums"]["edges"]:
        assert tracks(edge["node"], "few") == [1]
        assert tracks(edge["node"], "more") == [1, 2, 3, 4]
        assert tracks(edge["node"], "all") == [1, 2, 3, 4, 5]


async def test_an_artists_albums_come_by_name(member_client) -> None:
    await make_albums()
    data = await graphql(
        member_client, "{ artists { edges { node { albums(first: 2) { name } } } } }"
    )
    [artist] = [edge["node"] for edge in data["artists"]["edges"]]
    assert [album["name"] for album in artist["albums"]] == ["Album 1", "Album 2"]


async def test_a_playlists_songs_come_in_playlist_order(member_client, member) -> None:
    [album] = await make_albums(albums=1)
    songs = await Song.filter(album=album).order_by("track")
    playlist = await Playlist.create(user_id=member.user.id, name="Mix")
    for position, song in enumerate(reversed(songs)):
        await PlaylistSong.create(playlist=playlist, song=song, position=position)
    data = await graphql(member_client, "{ playlists { songs(first: 3) { track } } }")
    assert [tracks(p) for p in data["playlists"]] == [[5, 4, 3]]


async def test_without_first_a_list_gives_its_default_count(member_client) -> None:
    async with in_transaction():
        artist = await Artist.create(name="Long player")
        album = await Album.create(name="Box set", artist=artist)
        await Song.bulk_create(
            [
                Song(title=f"Track {n}", album=album, artist=artist, track=n)
                for n in range(1, RELATED.default + 6)
            ]
        )
    data = await graphql(member_client, "{ albums { edges { node { songs { track } } } } }")
    [edge] = data["albums"]["edges"]
    assert tracks(edge["node"]) == list(range(1, RELATED.default + 1))


@pytest.mark.parametrize("first", [0, RELATED.maximum + 1])
async def test_a_first_out_of_range_is_a_clear_error(
    member_client: httpx.AsyncClient, first: int
) -> None:
    await make_albums(albums=1)
    response = await member_client.post(
        "/graphql",
        json={
            "query": "query($n: Int!) { albums { edges { node { songs(first: $n) { id } } } } }",
            "variables": {"n": first},
        },
    )
    [error] = response.json()["errors"]
    assert error["message"] == f"first must be between 1 and {RELATED.maximum}."
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}


def count_songs_built(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the Song rows the ORM decodes from now on (one per row the database sent)."""
    built = [0]
    original = Song._init_from_db.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Song], **row: Any) -> Song:
        built[0] += 1
        song: Song = original(cls, **row)
        return song

    monkeypatch.setattr(Song, "_init_from_db", classmethod(counting))
    return built


async def test_the_database_sends_only_the_first_songs_of_each_album_or_playlist(
    member_client, member: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    await make_albums()
    user: User = member.user
    playlist = await Playlist.create(user_id=user.id, name="All")
    for position, song in enumerate(await Song.all()):
        await PlaylistSong.create(playlist=playlist, song=song, position=position)
    built = count_songs_built(monkeypatch)
    await graphql(member_client, "{ albums { edges { node { songs(first: 2) { id } } } } }")
    assert built == [3 * 2]
    await graphql(member_client, "{ playlists { songs(first: 4) { id } } }")
    assert built == [3 * 2 + 4]
