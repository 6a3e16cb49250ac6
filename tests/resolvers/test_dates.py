from datetime import UTC, datetime, timedelta, timezone

import pytest

from wax.errors import InvalidInput
from wax.resolvers.dates import (
    as_utc,
    ceil_to_second,
    client_moment,
    floor_to_second,
    parse_client_timestamp,
)

MIDNIGHT_UTC = datetime(2024, 1, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-15T00:00:00Z",
        "2024-01-15T00:00:00+00:00",
        "2024-01-15T00:00:00-00:00",
        "2024-01-15T02:00:00+02:00",
        "2024-01-14T19:00:00-05:00",
        "2024-01-15T05:30:00+05:30",
        "2024-01-15T23:59:00+23:59",
        "2024-01-15T00:00:00.000000Z",
        "2024-01-15T00:00:00.000000001Z",
        "2024-01-15",
    ],
)
def test_every_spelling_the_contract_lists_means_the_same_moment(text: str) -> None:
    assert as_utc(parse_client_timestamp(text)) == MIDNIGHT_UTC


def test_fractional_seconds_are_kept_to_the_microsecond() -> None:
    parsed = parse_client_timestamp("2024-01-15T00:00:00.123456789+00:00")
    assert parsed == datetime(2024, 1, 15, 0, 0, 0, 123456, tzinfo=UTC)


def test_a_date_alone_is_midnight_utc() -> None:
    parsed = parse_client_timestamp("2024-01-15")
    assert parsed.tzinfo is not None
    assert parsed.utcoffset() is not None
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
        "2024-01-15T00:00:00Zjunk",
        "20240115",
        "2024-01-15T00:00:00",
        "2024-01-15T00:00",
        "2024-01-15 00:00:00Z",
        "2024-01-15T00:00:00z",
        "2024-01-15T24:00:00Z",
        "2024-01-15T23:59:60Z",
        "2024-01-15T00:00:00+0200",
        "2024-01-15T00:00:00+02",
        "2024-01-15T00:00:00+00:60",
        "2024-01-15T00:00:00,5Z",
        "2024-01-15T00:00:00.Z",
        "2024-01-15T00:00:00.1234567890Z",
        "2024-01-15T00:00:00 02:00",
        " 2024-01-15",
        "2024-01-15\n",
        "\u0662\u0660\u0662\u0664-01-15",
    ],
)
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"^(Write 2024-01-15T00:00:00Z|The calendar has no such)"):
        parse_client_timestamp(text)


def test_watermarks_round_down_and_upper_bounds_round_up() -> None:
    moment = datetime(2024, 1, 15, 0, 0, 0, 500, tzinfo=UTC)
    assert floor_to_second(moment) == MIDNIGHT_UTC
    assert ceil_to_second(moment) == datetime(2024, 1, 15, 0, 0, 1, tzinfo=UTC)
    assert ceil_to_second(MIDNIGHT_UTC) == MIDNIGHT_UTC


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
        datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-1))),
    ],
    ids=["before year 1 in UTC", "after year 9999 in UTC"],
)
def test_a_moment_outside_the_calendar_in_utc_is_invalid_input(moment: datetime) -> None:
    with pytest.raises(InvalidInput) as refused:
        client_moment(moment, "since")
    assert refused.value.field == "since"
    assert parse_client_timestamp(moment.isoformat()) == moment  # parsed; only UTC leaves


def test_a_moment_at_the_edge_of_the_calendar_is_kept() -> None:
    edge = datetime(1, 1, 1, 1, tzinfo=timezone(timedelta(hours=1)))
    assert client_moment(edge, "since") == datetime(1, 1, 1, tzinfo=UTC)
