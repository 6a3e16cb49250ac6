"""The cover route: an album's found picture by a signed URL (issue 15)."""

from __future__ import annotations

from wax.rest_compat.openapi.build import STRING, Json, operation, path, query, ref
from wax.rest_compat.openapi.components import error_response

IMAGE = {"type": "string", "contentMediaType": "image/*"}

PATHS: dict[str, Json] = {
    "/media/albums/{id}/cover": {
        "get": operation(
            "albumCover",
            "An album's cover image, by the signed URL in its `cover`",
            tag="Library",
            public=True,
            description="The URL comes from `cover` (albums) or `album_cover` (songs): it needs "
            "no token, so an <img> can load it, and works until `expires`. Serves the image "
            "file found beside the album's songs, or the picture a song embeds, with its type. "
            "The answer carries an ETag and `Cache-Control: private, max-age=` up to the "
            "URL's expiry; `If-None-Match` with the ETag answers 304.",
            parameters=[
                path("id", "The album."),
                query("expires", STRING, "Unix time the URL stops working at.", required=True),
                query("signature", STRING, "The server's signature of the URL.", required=True),
            ],
            responses={
                "200": {
                    "description": "The image.",
                    "headers": {
                        "ETag": {"schema": STRING},
                        "Cache-Control": {"schema": STRING},
                    },
                    "content": {"image/*": {"schema": IMAGE}},
                },
                "304": {"description": "Unchanged since the ETag sent in If-None-Match."},
                "403": error_response(
                    "The signature is wrong, or the URL has expired: ask for the album again.",
                    "forbidden",
                    "This media URL is invalid or has expired; ask for a new one.",
                ),
                "404": error_response(
                    "No such album, it has no cover, or its file is gone since the last scan.",
                    "not_found",
                    "This album has no cover.",
                ),
                "503": ref("MusicFolderNotConfigured", "responses"),
            },
        )
    },
}
