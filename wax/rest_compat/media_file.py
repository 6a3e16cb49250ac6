"""Serving a song's original file: Range, conditional requests and HEAD.

- `Accept-Ranges: bytes`; one range is answered 206 with Content-Range (`bytes=0-99`,
  `bytes=100-`, `bytes=-100`); a range past the end 416 with `Content-Range: bytes */size`.
  A request for several ranges gets the whole file (200): RFC 9110 lets a server ignore
  Range, and players ask for one at a time (wax.resolvers.media.ranges).
- A strong `ETag` (of the song id, size and mtime) and `Last-Modified`; `If-None-Match`, or
  else `If-Modified-Since`, answers 304; `If-Range` lets the range through only when it
  still names this version of the file (otherwise the whole file, 200).
- The file is read in chunks as it is sent, never whole.
"""

from __future__ import annotations

import os
import unicodedata
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

import anyio
from starlette.requests import Request
from starlette.responses import Response

from wax.resolvers.media.files import OpenedFile
from wax.resolvers.media.formats import content_type
from wax.resolvers.media.ranges import ByteRange, RangeNotSatisfiable, requested_range
from wax.resolvers.media.validators import entity_tag, http_date, not_modified, range_applies
from wax.responses import dumps
from wax.rest_compat.media_response import MediaResponse

CHUNK_BYTES = 256 * 1024
RANGE_NOT_SATISFIABLE = {
    "error": "range_not_satisfiable",
    "message": "The range asked for starts past the end of the file.",
}


def attachment(filename: str) -> str:
    """Content-Disposition for a download: the name as it is (RFC 5987), and an ASCII one."""
    # accents dropped (Jóga: Joga) for clients that only read filename=, as curl -J does
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", filename) if not unicodedata.combining(c)
    )
    fallback = "".join(
        char if " " <= char < "\x7f" and char not in '"\\%' else "_" for char in plain
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _cached(fd: int, size: int, offset: int) -> bytes | None:
    """What the page cache holds from `offset` (up to `size` bytes), read without waiting for
    the disk; None when it holds nothing there, or the system cannot tell (RWF_NOWAIT)."""
    buffer = bytearray(size)
    try:
        read = os.preadv(fd, [buffer], offset, os.RWF_NOWAIT)
    except OSError:  # EAGAIN: not in memory; EOPNOTSUPP: this file system cannot say
        return None
    return bytes(memoryview(buffer)[:read]) if read else None


def _chunks(opened: OpenedFile, start: int, length: int) -> AsyncIterator[bytes]:
    async def read() -> AsyncIterator[bytes]:
        offset, end = start, start + length
        fd = opened.file.fileno()
        while offset < end:
            size = min(CHUNK_BYTES, end - offset)
            # a read the page cache answers costs less than the hop to a worker thread; one
            # that would wait for the disk goes to the thread, never blocking the event loop
            chunk = _cached(fd, size, offset)
            if chunk is None:
                chunk = await anyio.to_thread.run_sync(os.pread, fd, size, offset)
            if not chunk:  # the file shrank since it was opened
                return
            offset += len(chunk)
            yield chunk

    return read()


def file_response(
    request: Request,
    opened: OpenedFile,
    song_id: uuid.UUID,
    audio_format: str | None,
    *,
    download_name: str | None = None,
) -> Response:
    """The response for `opened` (which it closes once sent) to `request`."""
    etag = entity_tag(song_id, opened.size, opened.mtime_ns)
    last_modified = http_date(opened.mtime_ns)
    headers = {"Accept-Ranges": "bytes", "ETag": etag, "Last-Modified": last_modified}
    if download_name is not None:
        headers["Content-Disposition"] = attachment(download_name)

    def answer(status: int, byte_range: ByteRange | None = None) -> MediaResponse:
        start, length = (0, opened.size)
        if byte_range is not None:
            start, length = byte_range.start, byte_range.length

        @asynccontextmanager
        async def chunks() -> AsyncIterator[AsyncIterator[bytes]]:
            yield _chunks(opened, start, length)

        return MediaResponse(
            status_code=status,
            headers={**headers, "Content-Length": str(length)},
            media_type=content_type(audio_format),
            chunks=chunks,
            close=opened.close,
        )

    asked = request.headers
    if_none_match, if_modified_since = asked.get("if-none-match"), asked.get("if-modified-since")
    if not_modified(if_none_match, if_modified_since, etag, opened.mtime_ns):
        opened.close()
        return MediaResponse(status_code=304, headers=headers)
    if not range_applies(asked.get("if-range"), etag, last_modified):
        return answer(200)
    try:
        byte_range = requested_range(asked.get("range"), opened.size)
    except RangeNotSatisfiable as exc:
        opened.close()
        body = dumps(RANGE_NOT_SATISFIABLE)
        return Response(
            body,
            status_code=416,
            headers={**headers, "Content-Range": f"bytes */{exc.size}"},
            media_type="application/json",
        )
    if byte_range is None:
        return answer(200)
    response = answer(206, byte_range)
    response.headers["Content-Range"] = byte_range.content_range(opened.size)
    return response
