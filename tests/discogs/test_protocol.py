from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wax.discogs import protocol
from wax.discogs.errors import (
    DiscogsAuthError,
    DiscogsBadResponse,
    DiscogsError,
    DiscogsNotFound,
    DiscogsRateLimited,
)


def test_headers_carry_the_token_user_agent_and_discogs_media_type() -> None:
    headers = protocol.build_headers("s3cret", "wax/0.1 +https://example.org")

    assert headers == {
        "Authorization": "Discogs token=s3cret",
        "User-Agent": "wax/0.1 +https://example.org",
        "Accept": "application/vnd.discogs.v2.discogs+json",
    }


def test_headers_without_a_token_send_no_authorization() -> None:
    assert "Authorization" not in protocol.build_headers(None, "wax/0.1")
    assert "Authorization" not in protocol.build_headers("", "wax/0.1")


def test_a_successful_body_is_decoded_json() -> None:
    assert protocol.decode_body(200, {}, b'{"id": 1, "title": "Stockholm"}') == {
        "id": 1,
        "title": "Stockholm",
    }


def test_an_empty_successful_body_decodes_to_none() -> None:
    assert protocol.decode_body(204, {}, b"") is None


@pytest.mark.parametrize("body", [b"<html>oops</html>", b'{"id": 1', b"\xff\xfe"])
def test_a_successful_status_with_garbage_is_a_bad_response(body: bytes) -> None:
    with pytest.raises(DiscogsBadResponse, match="not JSON"):
        protocol.decode_body(200, {}, body)


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (404, DiscogsNotFound),
        (401, DiscogsAuthError),
        (403, DiscogsAuthError),
        (429, DiscogsRateLimited),
        (500, DiscogsError),
        (503, DiscogsError),
        (422, DiscogsError),
    ],
)
def test_error_statuses_raise_the_matching_discogs_error(
    status: int, error: type[DiscogsError]
) -> None:
    with pytest.raises(error) as raised:
        protocol.decode_body(status, {}, b'{"message": "Release not found."}')

    assert raised.value.status == status


def test_an_error_message_quotes_what_discogs_said() -> None:
    with pytest.raises(DiscogsNotFound, match=r"404.*Release not found\."):
        protocol.decode_body(404, {}, b'{"message": "Release not found."}')


def test_an_error_with_a_non_json_body_still_says_what_happened() -> None:
    with pytest.raises(DiscogsError, match=r"server error \(502\)"):
        protocol.decode_body(502, {}, b"<html>Bad Gateway</html>")


def test_a_429_carries_the_retry_after_it_came_with() -> None:
    with pytest.raises(DiscogsRateLimited) as raised:
        protocol.decode_body(429, {"Retry-After": "7"}, b"")

    assert raised.value.retry_after == 7.0


def test_rate_limit_remaining_is_read_from_the_discogs_header() -> None:
    assert protocol.rate_limit_remaining({"X-Discogs-Ratelimit-Remaining": "42"}) == 42


def test_rate_limit_remaining_ignores_header_case() -> None:
    assert protocol.rate_limit_remaining({"x-discogs-ratelimit-remaining": "3"}) == 3


@pytest.mark.parametrize("headers", [{}, {"X-Discogs-Ratelimit-Remaining": "lots"}])
def test_rate_limit_remaining_is_none_when_absent_or_unreadable(headers: dict[str, str]) -> None:
    assert protocol.rate_limit_remaining(headers) is None


def test_retry_after_in_seconds() -> None:
    assert protocol.retry_after({"Retry-After": "30"}) == 30.0
    assert protocol.retry_after({"retry-after": "0.5"}) == 0.5


def test_retry_after_as_an_http_date_counts_from_now() -> None:
    now = datetime(2024, 1, 15, 12, 0, 0, tzinfo=UTC)

    seconds = protocol.retry_after({"Retry-After": "Mon, 15 Jan 2024 12:00:20 GMT"}, now=now)

    assert seconds == 20.0


@pytest.mark.parametrize("value", ["", "soon", "nan", "inf"])
def test_unusable_retry_after_is_none(value: str) -> None:
    assert protocol.retry_after({"Retry-After": value}) is None


def test_retry_after_in_the_past_means_now() -> None:
    assert protocol.retry_after({"Retry-After": "-5"}) == 0.0


def test_next_page_follows_the_page_numbers() -> None:
    assert protocol.next_page({"page": 1, "pages": 48, "per_page": 2, "items": 95}) == 2
    assert protocol.next_page({"page": 48, "pages": 48}) is None


def test_next_page_ignores_a_wrong_next_url() -> None:
    # joalla's collection page: one page, yet urls.next points at page 1 again
    pagination = {"page": 1, "pages": 1, "urls": {"next": "/...?page=1&per_page=50"}}

    assert protocol.next_page(pagination) is None


@pytest.mark.parametrize("pagination", [None, {}, {"page": "x", "pages": 3}, []])
def test_next_page_is_none_without_usable_pagination(pagination: object) -> None:
    assert protocol.next_page(pagination) is None
