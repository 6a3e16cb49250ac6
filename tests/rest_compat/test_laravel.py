"""Dates in REST query strings: a `+` the query string lost is put back before parsing."""

from __future__ import annotations

import pytest

from wax.rest_compat.laravel import with_lost_plus_restored


@pytest.mark.parametrize(
    ("text", "restored"),
    [
        ("2024-01-15T02:00:00 02:00", "2024-01-15T02:00:00+02:00"),
        ("2024-01-15T02:00:00.5 02:00", "2024-01-15T02:00:00.5+02:00"),
        ("2024-01-15T02:00:00+02:00", "2024-01-15T02:00:00+02:00"),
        ("2024-01-15T02:00:00-02:00", "2024-01-15T02:00:00-02:00"),
        ("2024-01-15", "2024-01-15"),
        ("2024-01-15 02:00", "2024-01-15 02:00"),
    ],
)
def test_the_plus_a_query_string_lost_comes_back(text: str, restored: str) -> None:
    assert with_lost_plus_restored(text) == restored
