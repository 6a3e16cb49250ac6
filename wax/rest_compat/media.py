"""Playing and downloading songs: the signed URLs (/api/v1/songs/{id}/stream and /download,
with a token) and the media route they point at (/media/songs/{id}, with a signature).

The media route needs no Authorization header (an <audio> element cannot send one): the
signature, made with the server's secret, covers the song id, every parameter and the expiry.
"""

from __future__ import annotations

import uuid
from functools import partial
from pathlib import PurePosixPath

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from wax.errors import NotFound
from wax.resolvers.media import transcoding
from wax.resolvers.media.files import SongFile, open_song_file, scanned_song
from wax.resolvers.media.formats import StreamChoice, stream_choice
from wax.resolvers.media.links import (
    DOWNLOAD,
    SONG_MEDIA_PATH,
    song_download_path,
    song_media_path,
    song_stream_link,
)
from wax.responses import JSONResponse
from wax.rest_compat import laravel
from wax.rest_compat.media_file import file_response
from wax.rest_compat.media_response import MediaResponse
from wax.services import services_of


def absolute(request: Request, signed_path: str) -> str:
    """A URL on this server (as the request reached it) for a path of the app."""
    return str(request.base_url).rstrip("/") + signed_path


def _choice(request: Request) -> StreamChoice:
    return stream_choice(request.query_params.get("format"), request.query_params.get("bitrate"))


@laravel.laravel
async def stream(request: Request) -> Response:
    services = services_of(request)
    song_id = laravel.path_id(request, "id", "song")
    link = await song_stream_link(
        services.media, services.settings.ffmpeg, song_id, _choice(request)
    )
    return JSONResponse(
        {
            "data": {
                "url": absolute(request, link.signed_path),
                "audio_format": link.audio_format,
                "audio_length": link.audio_length,
            }
        }
    )


@laravel.laravel
async def download(request: Request) -> Response:
    services = services_of(request)
    song_id = laravel.path_id(request, "id", "song")
    signed = await song_download_path(services.media, song_id)
    return RedirectResponse(absolute(request, signed), status_code=302)


async def song_media(request: Request) -> Response:
    """The song's file (Range, conditional requests, HEAD: wax.rest_compat.media_file), or
    with `format` a transcoded stream (no Range: `Accept-Ranges: none`)."""
    services = services_of(request)
    raw_id = str(request.path_params["song_id"])
    query = dict(request.query_params)
    services.media.verify(song_media_path(raw_id), query)
    try:
        song_id = uuid.UUID(raw_id)
    except ValueError:
        raise NotFound(f"No song with id {raw_id}.") from None
    song = await scanned_song(song_id)
    choice = stream_choice(query.get("format"), query.get("bitrate"))
    if choice.transcode is not None:
        return await _transcoded(request, song, choice)
    opened = await open_song_file(services.settings.music_dir, song)
    name = PurePosixPath(song.path).name if query.get(DOWNLOAD) else None
    return file_response(request, opened, song.id, song.audio_format, download_name=name)


async def _transcoded(request: Request, song: SongFile, choice: StreamChoice) -> Response:
    assert choice.transcode is not None
    assert choice.bitrate is not None
    settings = services_of(request).settings
    transcoding.find_ffmpeg(settings.ffmpeg)
    opened = await open_song_file(settings.music_dir, song)
    opened.close()  # ffmpeg opens it itself; opening it here proves it is there and readable
    transcode = choice.transcode
    return MediaResponse(
        status_code=200,
        headers={"Accept-Ranges": "none", "Cache-Control": "no-store"},
        media_type=transcode.content_type,
        # entered only when the body is sent (not for HEAD): ffmpeg starts then
        chunks=partial(
            transcoding.transcoded, settings.ffmpeg, opened.path, transcode, choice.bitrate
        ),
    )


routes = [
    Route("/v1/songs/{id}/stream", stream, methods=["GET"]),
    Route("/v1/songs/{id}/download", download, methods=["GET"]),
]
media_routes = [
    Route(SONG_MEDIA_PATH, song_media, methods=["GET", "HEAD"]),
]
