"""The signed media URLs of a song: to play it (as it is, or transcoded) and to download it.

The faces (REST /stream and /download, GraphQL Song.streamUrl and downloadUrl) ask here, and
put the server's own base URL in front of the signed path.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from wax.resolvers.media.files import SongFile, scanned_song
from wax.resolvers.media.formats import StreamChoice
from wax.resolvers.media.signing import MediaSigner
from wax.resolvers.media.transcoding import require_transcoder

SONG_MEDIA_PATH = "/media/songs/{song_id}"
DOWNLOAD = "download"  # the signed parameter that makes the media route send an attachment


def song_media_path(song_id: uuid.UUID | str) -> str:
    return SONG_MEDIA_PATH.format(song_id=song_id)


@dataclass(frozen=True)
class StreamLink:
    signed_path: str  # path and query, to put after the server's base URL
    audio_format: str | None  # the format served: the file's, or the transcode's
    audio_length: float | None  # seconds


def stream_link(signer: MediaSigner, song: SongFile, choice: StreamChoice) -> StreamLink:
    signed = signer.sign(song_media_path(song.id), choice.as_params())
    audio_format = song.audio_format if choice.transcode is None else choice.transcode.audio_format
    return StreamLink(signed, audio_format, song.length)


async def song_stream_link(
    signer: MediaSigner, ffmpeg: str, song_id: uuid.UUID, choice: StreamChoice
) -> StreamLink:
    """The link to play a scanned song; NotFound for other songs, TranscoderMissing."""
    song = await scanned_song(song_id)
    require_transcoder(ffmpeg, choice)
    return stream_link(signer, song, choice)


async def song_download_path(signer: MediaSigner, song_id: uuid.UUID) -> str:
    """The signed path that downloads a scanned song's original file; NotFound otherwise."""
    song = await scanned_song(song_id)
    return signer.sign(song_media_path(song.id), {DOWNLOAD: "1"})
