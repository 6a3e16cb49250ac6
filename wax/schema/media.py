"""Song.streamUrl and Song.downloadUrl: signed URLs on wax, as /api/v1/songs/{id}/stream and
/download give them (wax.resolvers.media.links).

Both are String!, as the issue names them; a song made through the API has no file, so for
it they fail with the code NOT_FOUND (and, being non-null, null the song that holds them).
A bitrate out of 64..320 fails with BAD_USER_INPUT (ORIGINAL ignores a valid one), and a
transcode on a server without ffmpeg with TRANSCODER_MISSING.
"""

from __future__ import annotations

import uuid
from enum import Enum

import strawberry
from graphql import GraphQLError

from wax import errors
from wax.resolvers.media.formats import stream_choice
from wax.resolvers.media.links import DOWNLOAD, song_media_path
from wax.resolvers.media.transcoding import require_transcoder
from wax.schema.context import Info


@strawberry.enum(description="What a stream is: the file as it is, or a copy ffmpeg makes.")
class AudioFormat(Enum):
    ORIGINAL = "original"
    MP3 = "mp3"
    AAC = "aac"
    OPUS = "opus"


WEBSOCKET_SCHEMES = {"ws": "http", "wss": "https"}
STREAM_URL = (
    "A URL on wax that plays the song without a token (for an <audio> element), valid for"
    " WAX_MEDIA_URL_TTL seconds: the file as it is, or transcoded to `format` at `bitrate`"
    " kbit/s (64 to 320, default 256). NOT_FOUND for a song made through the API (no file)."
)
DOWNLOAD_URL = (
    "A URL on wax that downloads the song's file (as an attachment named as the file is),"
    " valid for WAX_MEDIA_URL_TTL seconds. NOT_FOUND for a song made through the API."
)


def _absolute(info: Info, signed_path: str) -> str:
    base = info.context.request.base_url
    if base.scheme in WEBSOCKET_SCHEMES:  # asked over a websocket: the URL is still http(s)
        base = base.replace(scheme=WEBSOCKET_SCHEMES[base.scheme])
    return str(base).rstrip("/") + signed_path


def _require_file(song_id: uuid.UUID, path: str | None) -> None:
    if path is None:
        raise GraphQLError(
            f"The song {song_id} was made through the API: it has no file to play.",
            extensions={"code": "NOT_FOUND"},
        )


def stream_url(
    info: Info,
    song_id: uuid.UUID,
    path: str | None,
    audio_format: AudioFormat | None,
    bitrate: int | None,
) -> str:
    """`audio_format` None is ORIGINAL, and `bitrate` None (or UNSET) the default."""
    _require_file(song_id, path)
    services = info.context.services
    asked_bitrate = bitrate if isinstance(bitrate, int) else None
    try:
        choice = stream_choice((audio_format or AudioFormat.ORIGINAL).value, asked_bitrate)
        require_transcoder(services.settings.ffmpeg, choice)
    except errors.InvalidInput as exc:
        raise GraphQLError(exc.message, extensions={"code": "BAD_USER_INPUT"}) from None
    except errors.TranscoderMissing as exc:
        raise GraphQLError(exc.message, extensions={"code": "TRANSCODER_MISSING"}) from None
    return _absolute(info, services.media.sign(song_media_path(song_id), choice.as_params()))


def download_url(info: Info, song_id: uuid.UUID, path: str | None) -> str:
    _require_file(song_id, path)
    signed = info.context.services.media.sign(song_media_path(song_id), {DOWNLOAD: "1"})
    return _absolute(info, signed)
