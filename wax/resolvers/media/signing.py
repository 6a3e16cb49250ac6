"""Signed media URLs: a path on wax that works without a token until it expires.

An <audio> element cannot send an Authorization header, so a client asks (with its token)
for a URL and plays that. The signature covers the path, every query parameter and the
expiry, so nothing can be changed without it failing; the path names a song or an album
by id, never a file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Mapping
from urllib.parse import urlencode

from wax.errors import Forbidden
from wax.models import ServerSecret

SECRET_NAME = "media_url_signing"
EXPIRES = "expires"
SIGNATURE = "signature"
INVALID = "This media URL is invalid or has expired; ask for a new one."


class MediaSigner:
    def __init__(self, secret: bytes, ttl_seconds: int) -> None:
        self._secret = secret
        self.ttl_seconds = ttl_seconds

    def _signature(self, path: str, params: Mapping[str, str]) -> str:
        canonical = path + "?" + urlencode(sorted(params.items()))
        digest = hmac.new(self._secret, canonical.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def sign(
        self,
        path: str,
        params: Mapping[str, str] | None = None,
        *,
        now: float | None = None,
        expires: int | None = None,
    ) -> str:
        """`path` with its query: the parameters, the expiry, and the signature of them all.
        `expires` (a Unix time) in place of now + the TTL."""
        if expires is None:
            expires = int(now if now is not None else time.time()) + self.ttl_seconds
        signed = {**(params or {}), EXPIRES: str(expires)}
        query = {**signed, SIGNATURE: self._signature(path, signed)}
        return f"{path}?{urlencode(query)}"

    def verify(self, path: str, query: Mapping[str, str], *, now: float | None = None) -> None:
        """Forbidden unless `query` carries a valid, unexpired signature of `path` and itself."""
        params = dict(query)
        signature = params.pop(SIGNATURE, "")
        expected = self._signature(path, params)
        if not hmac.compare_digest(signature.encode(), expected.encode()):
            raise Forbidden(INVALID)
        try:
            expires = int(params.get(EXPIRES, ""))
        except ValueError:
            raise Forbidden(INVALID) from None
        if expires < (now if now is not None else time.time()):
            raise Forbidden(INVALID)


async def shared_secret(configured: str | None) -> bytes:
    """WAX_SECRET_KEY, or the database's: made by the first process to ask, kept for all.

    Read first, so a process starting while another holds the write lock (SQLite) or the
    database is read-only to it starts all the same once the secret exists."""
    if configured:
        return configured.encode()
    kept = await ServerSecret.get_or_none(name=SECRET_NAME)
    if kept is None:
        made = secrets.token_urlsafe(48)
        await ServerSecret.bulk_create(
            [ServerSecret(name=SECRET_NAME, value=made)], ignore_conflicts=True
        )
        kept = await ServerSecret.get(name=SECRET_NAME)
    return kept.value.encode()
