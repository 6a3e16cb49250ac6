"""ETag, Last-Modified, and the conditional headers a player or a cache sends."""

from __future__ import annotations

import uuid

import pytest

from wax.resolvers.media.validators import entity_tag, http_date, not_modified, range_applies

SONG = uuid.UUID("00000000-0000-0000-0000-000000000001")
MTIME_NS = 1_700_000_000_123_456_789  # Tue, 14 Nov 2023 22:13:20 GMT
ETAG = entity_tag(SONG, 1000, MTIME_NS)
LAST_MODIFIED = http_date(MTIME_NS)


def test_the_etag_is_strong_and_changes_with_the_file_and_the_song() -> None:
    assert ETAG[0] == ETAG[-1] == '"'
    assert entity_tag(SONG, 1000, MTIME_NS) == ETAG
    assert entity_tag(SONG, 1001, MTIME_NS) != ETAG
    assert entity_tag(SONG, 1000, MTIME_NS + 1) != ETAG
    assert entity_tag(uuid.uuid4(), 1000, MTIME_NS) != ETAG


def test_last_modified_is_an_http_date() -> None:
    assert LAST_MODIFIED == "Tue, 14 Nov 2023 22:13:20 GMT"


@pytest.mark.parametrize(
    ("if_none_match", "if_modified_since", "expected"),
    [
        (ETAG, None, True),
        (f'"other", {ETAG}', None, True),
        (f"W/{ETAG}", None, True),  # If-None-Match compares weakly
        ("*", None, True),
        ('"other"', None, False),
        ('"other"', LAST_MODIFIED, False),  # If-None-Match wins over If-Modified-Since
        (None, LAST_MODIFIED, True),
        (None, "Wed, 15 Nov 2023 00:00:00 GMT", True),
        (None, "Tue, 14 Nov 2023 22:13:19 GMT", False),
        (None, "not a date", False),
        (None, None, False),
    ],
)
def test_a_conditional_get_is_not_modified_when_the_client_has_this_version(
    if_none_match: str | None, if_modified_since: str | None, expected: bool
) -> None:
    assert not_modified(if_none_match, if_modified_since, ETAG, MTIME_NS) is expected


@pytest.mark.parametrize(
    ("if_range", "expected"),
    [
        (None, True),
        (ETAG, True),
        (LAST_MODIFIED, True),
        (f"W/{ETAG}", False),  # a weak tag never matches for a range
        ('"other"', False),
        ("Wed, 15 Nov 2023 00:00:00 GMT", False),
    ],
)
def test_if_range_lets_the_range_through_only_for_this_version(
    if_range: str | None, expected: bool
) -> None:
    assert range_applies(if_range, ETAG, LAST_MODIFIED) is expected
