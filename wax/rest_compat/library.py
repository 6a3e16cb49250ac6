"""Library writes under /api/v1: artists, albums, songs (admins) and playlists (their owner)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from wax.auth import scope_user
from wax.models import Album, Artist, Playlist, Song, User
from wax.resolvers.library import albums, artists, playlists, songs
from wax.responses import JSONResponse
from wax.rest_compat import laravel, sync
from wax.rest_compat.covers import request_covers
from wax.rest_compat.library_json import albums_json, artists_json, playlists_json, songs_json
from wax.rest_compat.sync import wants_songs

Create = Callable[[User, Mapping[str, object]], Awaitable[Any]]
Get = Callable[[uuid.UUID], Awaitable[Any]]
Update = Callable[..., Awaitable[Any]]
Delete = Callable[[User, uuid.UUID], Awaitable[None]]
Present = Callable[[Request, Any], Awaitable[dict[str, Any]]]


async def _artist(request: Request, artist: Artist) -> dict[str, Any]:
    return (await artists_json([artist]))[0]


async def _album(request: Request, album: Album) -> dict[str, Any]:
    return (await albums_json([album], request_covers(request)))[0]


async def _song(request: Request, song: Song) -> dict[str, Any]:
    return songs_json([song], request_covers(request))[0]


def resource_routes(
    plural: str,
    kind: str,
    create: Create,
    get: Get,
    update: Update,
    delete: Delete,
    present: Present,
) -> list[Route]:
    @laravel.laravel
    async def create_one(request: Request) -> Response:
        item = await create(scope_user(request.scope), await laravel.json_object(request))
        return JSONResponse({"data": await present(request, item)}, status_code=201)

    @laravel.laravel
    async def one(request: Request) -> Response:
        item_id = laravel.path_id(request, "id", kind)
        if request.method == "GET":
            return JSONResponse({"data": await present(request, await get(item_id))})
        user = scope_user(request.scope)
        if request.method == "DELETE":
            await delete(user, item_id)
            return Response(status_code=204)
        data = await laravel.json_object(request)
        item = await update(user, item_id, data, partial=request.method == "PATCH")
        return JSONResponse({"data": await present(request, item)})

    return [
        Route(f"/v1/{plural}", create_one, methods=["POST"]),
        Route(f"/v1/{plural}/{{id}}", one, methods=["GET", "PUT", "PATCH", "DELETE"]),
    ]


def _playlist_presenter(request: Request) -> Callable[[Playlist], Awaitable[dict[str, Any]]]:
    async def present(playlist: Playlist) -> dict[str, Any]:
        with_songs = request.method != "GET" or wants_songs(request)
        return (await playlists_json([playlist], with_songs=with_songs))[0]

    return present


@laravel.laravel
async def create_playlist(request: Request) -> Response:
    user = scope_user(request.scope)
    playlist = await playlists.create_playlist(user, await laravel.json_object(request))
    return JSONResponse({"data": await _playlist_presenter(request)(playlist)}, status_code=201)


@laravel.laravel
async def playlist(request: Request) -> Response:
    user = scope_user(request.scope)
    playlist_id = laravel.path_id(request, "id", "playlist")
    present = _playlist_presenter(request)
    if request.method == "GET":
        return JSONResponse(
            {"data": await present(await playlists.get_playlist(user, playlist_id))}
        )
    if request.method == "DELETE":
        await playlists.delete_playlist(user, playlist_id)
        return Response(status_code=204)
    data = await laravel.json_object(request)
    changed = await playlists.update_playlist(
        user, playlist_id, data, partial=request.method == "PATCH"
    )
    return JSONResponse({"data": await present(changed)})


@laravel.laravel
async def add_song(request: Request) -> Response:
    user = scope_user(request.scope)
    playlist_id = laravel.path_id(request, "id", "playlist")
    data = await laravel.json_object(request)
    changed = await playlists.add_song_to_playlist(
        user, playlist_id, data.get("song_id"), data.get("position")
    )
    return JSONResponse({"data": await _playlist_presenter(request)(changed)}, status_code=201)


@laravel.laravel
async def remove_song(request: Request) -> Response:
    user = scope_user(request.scope)
    playlist_id = laravel.path_id(request, "id", "playlist")
    song_id = laravel.path_id(request, "song_id", "song")
    changed = await playlists.remove_song_from_playlist(user, playlist_id, song_id)
    return JSONResponse({"data": await _playlist_presenter(request)(changed)})


routes = [
    *sync.routes,
    *resource_routes(
        "artists",
        "artist",
        artists.create_artist,
        artists.get_artist,
        artists.update_artist,
        artists.delete_artist,
        _artist,
    ),
    *resource_routes(
        "albums",
        "album",
        albums.create_album,
        albums.get_album,
        albums.update_album,
        albums.delete_album,
        _album,
    ),
    *resource_routes(
        "songs",
        "song",
        songs.create_song,
        songs.get_listed_song,
        songs.update_song,
        songs.delete_song,
        _song,
    ),
    Route("/v1/playlists", create_playlist, methods=["POST"]),
    Route("/v1/playlists/{id}", playlist, methods=["GET", "PUT", "PATCH", "DELETE"]),
    Route("/v1/playlists/{id}/songs", add_song, methods=["POST"]),
    Route("/v1/playlists/{id}/songs/{song_id}", remove_song, methods=["DELETE"]),
]
