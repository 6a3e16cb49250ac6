"""The one place REST turns domain errors into status codes and documented bodies."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from wax import errors
from wax.responses import RETRY_AFTER, JSONResponse

STATUS_BY_ERROR: list[tuple[type[errors.WaxError], int, str]] = [
    (errors.UnstorableText, 422, "invalid_input"),
    (errors.TranscoderMissing, 422, "invalid_input"),
    (errors.InvalidInput, 400, "invalid_input"),
    (errors.Unauthorized, 401, "unauthenticated"),
    (errors.Forbidden, 403, "forbidden"),
    (errors.NotFound, 404, "not_found"),
    (errors.Conflict, 409, "conflict"),
    (errors.DatabaseUnavailable, 503, "database_unavailable"),
    (errors.DiscogsNotConfigured, 503, "discogs_not_configured"),
    (errors.MusicFolderNotConfigured, 503, "music_folder_not_configured"),
    (errors.MediaFileUnreadable, 503, "media_file_unreadable"),
    (errors.UpstreamError, 502, "discogs_unavailable"),
]


def error_body(exc: errors.WaxError) -> tuple[int, dict[str, object]]:
    for error_type, status, code in STATUS_BY_ERROR:
        if isinstance(exc, error_type):
            return status, {"error": code, "message": exc.message}
    return 500, {"error": "internal_error", "message": "Something went wrong on our side."}


async def handle_wax_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.WaxError)
    if isinstance(exc, errors.Unauthorized):
        return JSONResponse({"message": "Unauthenticated."}, status_code=401)
    status, body = error_body(exc)
    headers = RETRY_AFTER if isinstance(exc, errors.DatabaseUnavailable) else None
    return JSONResponse(body, status_code=status, headers=headers)
