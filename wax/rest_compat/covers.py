"""GET /media/albums/{id}/cover: an album's found cover, by a signed URL (no token needed).

The URL comes from `cover` / `album_cover` in the JSON (wax.resolvers.library.cover_links):
a bad or expired signature answers 403, an album with no cover (or whose file has gone since
the scan) 404, both with a JSON body. The answer carries its ETag and may be cached
privately until the URL expires; If-None-Match answers 304.
"""

from __future__ import annotations

import time
import uuid

from starlette.requests import HTTPConnection, Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from wax.errors import NotFound
from wax.resolvers.library.cover_files import NO_COVER, embedded_picture, find_cover
from wax.resolvers.library.cover_links import COVERS_PATH, ROUTE, CoverLinks, cover_links
from wax.resolvers.media.signing import EXPIRES
from wax.services import services_of


def request_covers(connection: HTTPConnection) -> CoverLinks:
    """The cover links of a request (REST or GraphQL, a websocket's too), signed once,
    pointing where the client reached wax."""
    root = connection.base_url
    if root.scheme in ("ws", "wss"):  # an <img> loads them over HTTP
        root = root.replace(scheme="https" if root.scheme == "wss" else "http")
    return cover_links(services_of(connection).media, str(root))


def _matches(if_none_match: str, etag: str) -> bool:
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


async def album_cover(request: Request) -> Response:
    services = services_of(request)
    query = dict(request.query_params)
    services.media.verify(COVERS_PATH, query)
    try:
        album_id = uuid.UUID(request.path_params["id"])
    except ValueError:
        raise NotFound(NO_COVER) from None
    cover = await find_cover(album_id, services.settings.music_dir)
    max_age = max(0, int(query[EXPIRES]) - int(time.time()))
    headers = {
        "ETag": cover.etag,
        "Cache-Control": f"private, max-age={max_age}",
        "X-Content-Type-Options": "nosniff",
    }
    if _matches(request.headers.get("if-none-match", ""), cover.etag):
        return Response(status_code=304, headers=headers)
    if cover.embedded:
        data, mime = await embedded_picture(cover)
        return Response(data, media_type=mime, headers=headers)
    return FileResponse(
        cover.path, media_type=cover.image_type, headers=headers, stat_result=cover.status
    )


routes = [Route(ROUTE, album_cover, methods=["GET"])]
