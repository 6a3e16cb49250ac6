"""Album covers as signed URLs to wax's cover route, signed once per request, not per album.

An <img> cannot send a token, so `cover` in the JSON is a URL that works without one until
it expires. One signature serves every album's cover: it signs the route's pattern
(COVERS_PATH) and the expiry, so a listing's JSON can be written by the database with the
signed query as a statement parameter. Covers are instance-wide, like the albums every
client lists; a cover URL opens any album's cover, and only until it expires.

The expiry is rounded to half the TTL: URLs stay the same for a while, so clients' image
caches keep working across listings, and each one works for at least half the TTL (and never
more than the TTL).

An album's `cover`: the URL a client set (PUT /albums/{id} or updateAlbum), which is theirs
to keep; else, when the scanner found a picture (Album.cover_path), the signed URL; else null.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from wax.resolvers.media.signing import MediaSigner

COVERS_PATH = "/media/albums/*/cover"  # what a cover URL's signature covers
ROUTE = "/media/albums/{id}/cover"


class HasCover(Protocol):
    @property
    def id(self) -> object: ...
    @property
    def cover(self) -> str | None: ...
    @property
    def cover_path(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class CoverLinks:
    base: str  # the origin and root path, then /media/albums/
    query: str  # /cover?expires=...&signature=...

    def url(self, album_id: object) -> str:
        return f"{self.base}{album_id}{self.query}"

    def of(self, album: HasCover) -> str | None:
        """The album's `cover` as every face shows it."""
        if album.cover is not None:
            return album.cover
        return self.url(album.id) if album.cover_path else None


def cover_expiry(ttl_seconds: int, now: float) -> int:
    """A Unix time between half the TTL and the TTL from `now`, the same for a while."""
    step = ttl_seconds // 2
    if step < 1:
        return int(now) + ttl_seconds
    return (int(now) // step + 2) * step


def cover_links(signer: MediaSigner, root_url: str, *, now: float | None = None) -> CoverLinks:
    """The links of one request; `root_url`: where wax is served, as the client reached it."""
    expires = cover_expiry(signer.ttl_seconds, time.time() if now is None else now)
    signed = signer.sign(COVERS_PATH, expires=expires)
    return CoverLinks(
        base=root_url.rstrip("/") + "/media/albums/",
        query="/cover" + signed[len(COVERS_PATH) :],
    )
