"""Relations load through per-request DataLoaders: a page costs the same SQL for 10 or 100 rows."""

from __future__ import annotations

import httpx
from tortoise.transactions import in_transaction

from tests.library import counting_statements, graphql
from wax.models import Album, Artist, Playlist, PlaylistSong, Song, User

SONGS_WITH_RELATIONS = """
query Songs($first: Int!) {
  songs(first: $first) {
    totalCount
    edges { node { title album { name artist { name } } artist { name } } }
  }
}
"""

EVERY_RELATION = """
query Everything($first: Int!) {
  artists(first: $first) { edges { node { name albumCount songCount
    albums(first: 2) { name songCount totalLength artist { name }
      songs(first: 2) { title artist { name } } } } } }
  albums(first: $first) { edges { node { name artist { name }
    songs(first: 2) { title album { name } } } } }
  playlists(first: 1) { name songsCount totalLength
    songs(first: 100) { title album { name } artist { name } } }
}
"""


async def make_library(owner: User, songs: int = 100) -> None:
    """Songs spread over many albums and artists (two albums each, two songs an album), some by
    guests, all in one playlist."""
    async with in_transaction():
        artists = [await Artist.create(name=f"Artist {n}") for n in range(25)]
        albums = [
            await Album.create(name=f"Album {n}", artist=artists[n % len(artists)])
            for n in range(50)
        ]
        playlist = await Playlist.create(user_id=owner.id, name="Everything")
        for n in range(songs):
            album = albums[n % len(albums)]
            guest = artists[(n * 7) % len(artists)] if n % 3 == 0 else None
            artist_id = guest.id if guest else album.artist_id
            song = await Song.create(
                title=f"Song {n}", album=album, artist_id=artist_id, length=60.0 + n
            )
            await PlaylistSong.create(playlist=playlist, song=song, position=n)


async def statements_for(client: httpx.AsyncClient, query: str, first: int) -> int:
    with counting_statements() as log:
        data = await graphql(client, query, first=first)
    assert data
    return len(log.statements)


async def test_a_songs_page_costs_the_same_queries_for_10_rows_as_for_100(
    member_client, member
) -> None:
    await make_library(member.user)
    await graphql(member_client, SONGS_WITH_RELATIONS, first=1)  # the token's first use
    for_10 = await statements_for(member_client, SONGS_WITH_RELATIONS, 10)
    for_100 = await statements_for(member_client, SONGS_WITH_RELATIONS, 100)
    assert for_10 == for_100


async def test_every_relation_costs_a_bounded_number_of_queries(member_client, member) -> None:
    """More rows never cost more queries (shared loaders only get more cache hits)."""
    await make_library(member.user)
    await graphql(member_client, EVERY_RELATION, first=1)
    for_10 = await statements_for(member_client, EVERY_RELATION, 10)
    for_100 = await statements_for(member_client, EVERY_RELATION, 100)
    assert for_100 <= for_10 <= 20


async def test_the_songs_page_takes_a_handful_of_queries(member_client, member) -> None:
    await make_library(member.user)
    await graphql(member_client, SONGS_WITH_RELATIONS, first=1)
    with counting_statements() as log:
        data = await graphql(member_client, SONGS_WITH_RELATIONS, first=100)
    nodes = [edge["node"] for edge in data["songs"]["edges"]]
    assert len(nodes) == 100
    assert data["songs"]["totalCount"] == 100
    assert all(node["album"]["artist"]["name"].startswith("Artist") for node in nodes)
    # the token, the watermark, the count, the page (albums and artists joined), and one batch
    # for the artists of guests' albums: none per row
    assert len(log.statements) <= 5, log.statements


async def test_loaders_live_for_one_request(member_client, member) -> None:
    await make_library(member.user, songs=3)
    first = await graphql(member_client, SONGS_WITH_RELATIONS, first=3)
    await Artist.all().update(name="Renamed")
    second = await graphql(member_client, SONGS_WITH_RELATIONS, first=3)
    assert first != second
    assert {e["node"]["artist"]["name"] for e in second["songs"]["edges"]} == {"Renamed"}
