"""Playing and downloading songs (issue 15): /stream, /download, and the media route."""

from __future__ import annotations

from wax.resolvers.media.formats import DEFAULT_BITRATE, FORMATS, MAX_BITRATE, MIN_BITRATE
from wax.rest_compat.openapi.build import (
    NUMBER,
    STRING,
    Json,
    nullable,
    obj,
    operation,
    path,
    query,
    ref,
    response,
)
from wax.rest_compat.openapi.components import error_response

LIBRARY = "Library"
MEDIA = "Media"
AUDIO_TYPES = (
    "audio/mpeg",
    "audio/flac",
    "audio/ogg",
    "audio/mp4",
    "audio/wav",
    "audio/aiff",
    "audio/aac",
)

SCHEMAS: dict[str, Json] = {
    "StreamLink": obj(
        {
            "data": obj(
                {
                    "url": {
                        **STRING,
                        "format": "uri",
                        "description": "A URL on wax that needs no token, valid for "
                        "WAX_MEDIA_URL_TTL seconds (default 3600).",
                    },
                    "audio_format": {
                        **nullable(STRING),
                        "description": "The format served: the file's (MP3, FLAC, OGG, OPUS, "
                        "M4A, WAV, AIFF) or the transcode's (MP3, AAC, OPUS).",
                    },
                    "audio_length": {**nullable(NUMBER), "description": "Seconds."},
                },
                required=("url", "audio_format", "audio_length"),
            )
        },
        required=("data",),
    ),
}

SONG_ID = path("id", "The song's id.")
NO_FILE = error_response(
    "No such song, or one made through the API (it has no file).",
    "not_found",
    "The song 3f1c… was made through the API: it has no file to play.",
)
FORMAT = query(
    "format",
    {"type": "string", "enum": list(FORMATS), "default": "original"},
    "The file as it is (original, with Range), or a copy ffmpeg transcodes.",
)
BITRATE = query(
    "bitrate",
    {"type": "integer", "minimum": MIN_BITRATE, "maximum": MAX_BITRATE, "default": DEFAULT_BITRATE},
    "kbit/s, for a transcoded format (the original ignores it, but it must still be valid).",
)
NEEDS_FFMPEG = error_response(
    "A transcoded format was asked for and ffmpeg is not installed on the server.",
    "invalid_input",
    "A transcoded stream needs ffmpeg, which is not installed on this server; ask for "
    "format=original.",
)
AUDIO = {
    "content": {kind: {"schema": {"type": "string", "format": "binary"}} for kind in AUDIO_TYPES}
}
MEDIA_HEADERS = {
    "Accept-Ranges": {
        "description": "`bytes` for the original file, `none` for a transcode.",
        "schema": STRING,
    },
    "ETag": {"description": "Strong; of the song, the file's size and mtime.", "schema": STRING},
    "Last-Modified": {"description": "The file's mtime.", "schema": STRING},
    "Content-Disposition": {
        "description": 'With `download=1` (the /download URL): `attachment; filename="…"; '
        "filename*=UTF-8''…`, the file's own name.",
        "schema": STRING,
    },
}

PATHS: dict[str, Json] = {
    "/api/v1/songs/{id}/stream": {
        "get": operation(
            "streamSong",
            "A signed URL that plays the song",
            tag=LIBRARY,
            description="For any user. The URL is on wax itself and needs no Authorization "
            "header (an <audio> element cannot send one); `format` and `bitrate` are part of "
            "its signature.",
            parameters=[SONG_ID, FORMAT, BITRATE],
            responses={
                "200": response(
                    "The URL, and what it serves.",
                    ref("StreamLink"),
                    {
                        "data": {
                            "url": "http://127.0.0.1:8000/media/songs/3f1c…?expires=…&signature=…",
                            "audio_format": "FLAC",
                            "audio_length": 305.1,
                        }
                    },
                ),
                "404": NO_FILE,
                "422": {
                    "description": "A format or bitrate wax does not make (`{message, errors}`, "
                    "as Laravel answers), or a transcode without ffmpeg (`{error: "
                    "invalid_input, message}`).",
                    "content": {
                        "application/json": {
                            "schema": {"anyOf": [ref("ValidationError"), ref("Error")]},
                            "example": {
                                "message": "The selected format is invalid (one of original, "
                                "mp3, aac, opus).",
                                "errors": {"format": ["The selected format is invalid …"]},
                            },
                        }
                    },
                },
                "503": ref("MusicFolderNotConfigured", "responses"),
            },
        )
    },
    "/api/v1/songs/{id}/download": {
        "get": operation(
            "downloadSong",
            "Redirects to a signed URL that downloads the song's file",
            tag=LIBRARY,
            parameters=[SONG_ID],
            responses={
                "302": {
                    "description": "To the media route, whose answer is an attachment named as "
                    "the file is.",
                    "headers": {"Location": {"description": "The signed URL.", "schema": STRING}},
                },
                "404": NO_FILE,
            },
        )
    },
    "/media/songs/{song_id}": {
        "get": operation(
            "songMedia",
            "The song's file, or a transcode of it (a signed URL; no token)",
            tag=MEDIA,
            public=True,
            description="Only as /stream or /download signed it: the signature covers the song "
            "id, every parameter and the expiry. The original file answers Range (one range; "
            "several get the whole file), If-None-Match / If-Modified-Since (304), If-Range "
            "and HEAD. A transcode (`format=mp3|aac|opus`) is ffmpeg's output as it comes, "
            "without Range.",
            parameters=[
                path("song_id", "The song's id.", STRING),
                FORMAT,
                BITRATE,
                query("download", STRING, "`1`: sent as an attachment (the /download URL)."),
                query(
                    "expires",
                    {"type": "integer"},
                    "When the URL stops working (Unix time).",
                    required=True,
                ),
                query(
                    "signature", STRING, "The server's signature of all the rest.", required=True
                ),
            ],
            responses={
                "200": {
                    "description": "The whole file, or the transcode.",
                    **AUDIO,
                    "headers": MEDIA_HEADERS,
                },
                "206": {
                    "description": "The range asked for.",
                    **AUDIO,
                    "headers": {
                        **MEDIA_HEADERS,
                        "Content-Range": {
                            "description": "`bytes first-last/size`.",
                            "schema": STRING,
                        },
                    },
                },
                "304": {
                    "description": "The client already holds this version (If-None-Match, "
                    "If-Modified-Since)."
                },
                "403": error_response(
                    "The URL is expired, altered, or signed for another song.",
                    "forbidden",
                    "This media URL is invalid or has expired; ask for a new one.",
                ),
                "404": error_response(
                    "No such song, or its file has gone from the music folder since the last scan.",
                    "not_found",
                    "This song's file is no longer in the music folder; a new scan will notice.",
                ),
                "416": {
                    **error_response(
                        "The range starts past the end of the file.",
                        "range_not_satisfiable",
                        "The range asked for starts past the end of the file.",
                    ),
                    "headers": {
                        "Content-Range": {"description": "`bytes */size`.", "schema": STRING}
                    },
                },
                "422": NEEDS_FFMPEG,
                "503": error_response(
                    "The file is there but cannot be read (permissions, disk), WAX_MUSIC_DIR is "
                    "not set, or the database is unavailable right now.",
                    "media_file_unreadable",
                    "wax cannot read this song's file (Permission denied).",
                ),
            },
        )
    },
}
