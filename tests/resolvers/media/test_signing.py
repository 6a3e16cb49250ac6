"""Signed media URLs: valid until they expire, and only exactly as signed."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from starlette.applications import Starlette

from wax.errors import Forbidden
from wax.models import ServerSecret
from wax.resolvers.media.signing import MediaSigner, shared_secret

NOW = 1_800_000_000.0


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def test_a_signed_url_verifies_until_it_expires() -> None:
    signer = MediaSigner(b"k" * 32, ttl_seconds=60)
    url = signer.sign("/media/songs/1", {"format": "mp3"}, now=NOW)

    signer.verify("/media/songs/1", query_of(url), now=NOW + 59)
    with pytest.raises(Forbidden):
        signer.verify("/media/songs/1", query_of(url), now=NOW + 61)


@pytest.mark.parametrize(
    ("path", "change"),
    [
        ("/media/songs/2", {}),  # another song's URL
        ("/media/songs/1", {"format": "opus"}),  # another format than signed
        ("/media/songs/1", {"expires": str(int(NOW) + 10**6)}),  # a later expiry
        ("/media/songs/1", {"signature": "AAAA"}),
        ("/media/songs/1", {"bitrate": "320"}),  # a parameter added
    ],
)
def test_a_url_changed_in_any_part_is_refused(path: str, change: dict[str, str]) -> None:
    signer = MediaSigner(b"k" * 32, ttl_seconds=60)
    query = query_of(signer.sign("/media/songs/1", {"format": "mp3"}, now=NOW))

    with pytest.raises(Forbidden):
        signer.verify(path, {**query, **change}, now=NOW)


def test_another_servers_signature_is_refused() -> None:
    url = MediaSigner(b"a" * 32, ttl_seconds=60).sign("/media/songs/1", now=NOW)
    with pytest.raises(Forbidden):
        MediaSigner(b"b" * 32, ttl_seconds=60).verify("/media/songs/1", query_of(url), now=NOW)


async def test_without_a_configured_key_every_process_gets_the_one_kept_in_the_database(
    app: Starlette,
) -> None:
    first = await shared_secret(None)
    assert await shared_secret(None) == first
    assert await ServerSecret.all().count() == 1
    assert await shared_secret("configured-secret-key") == b"configured-secret-key"
