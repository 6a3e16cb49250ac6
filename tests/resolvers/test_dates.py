from datetime import UTC, datetime

import pytest

from wax.resolvers.dates import ceil_to_second, floor_to_second, parse_client_timestamp

MIDNIGHT_UTC = datetime(2024, 1, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-15T00:00:00Z",
        "2024-01-15T00:00:00z",
        "2024-01-15T00:00:00+00:00",
        "2024-01-15T02:00:00+02:00",
        "2024-01-14T19:00:00-05:00",
        "2024-01-15T05:30:00+0530",
        "2024-01-15T00:00:00.000000Z",
        "2024-01-15T00:00:00.000000001Z",
        "2024-01-15",
        "2024-01-15T00:00",
        "2024-01-15 00:00:00",
        # a `+` sent unencoded in a query string arrives as a space
        "2024-01-15T02:00:00 02:00",
    ],
)
def test_every_documented_spelling_means_the_same_moment(text: str) -> None:
    assert parse_client_timestamp(text) == MIDNIGHT_UTC


def test_fractional_seconds_are_kept_to_the_microsecond() -> None:
    parsed = parse_client_timestamp("2024-01-15T00:00:00.123456789+00:00")
    assert parsed == datetime(2024, 1, 15, 0, 0, 0, 123456, tzinfo=UTC)


def test_a_date_alone_is_midnight_utc() -> None:
    parsed = parse_client_timestamp("2024-01-15")
    assert parsed.tzinfo is not None and parsed.utcoffset() is not None
    assert parsed == MIDNIGHT_UTC


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yesterday",
        "2024-13-01",
        "2024-02-30",
        "2024-01-15T25:00:00Z",
        "2024-1-5",
        "1705276800",
        "2024-01-15T00:00:00+25:00",
        "0000-01-01",
        "9999-12-31T23:00:00-05:00",
        "2024-01-15T00:00:00Zjunk",
    ],
)
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_client_timestamp(text)


def test_watermarks_round_down_and_upper_bounds_round_up() -> None:
    moment = datetime(2024, 1, 15, 0, 0, 0, 500, tzinfo=UTC)
    assert floor_to_second(moment) == MIDNIGHT_UTC
    assert ceil_to_second(moment) == datetime(2024, 1, 15, 0, 0, 1, tzinfo=UTC)
    assert ceil_to_second(MIDNIGHT_UTC) == MIDNIGHT_UTC
