"""A page of a REST listing costs at most two round trips to the database, whatever its size:
one for the token (with the safe watermark), one for the page (with its total and stats)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import asgi_client
from tests.round_trips import MOST_ROUND_TRIPS, PAGE_SIZES, Setup, setup

__all__ = ["setup"]


async def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("per_page", PAGE_SIZES)
@pytest.mark.parametrize("plural", ["songs", "albums", "artists"])
async def test_a_rest_listing_page_takes_at_most_two_round_trips(
    setup: Setup, plural: str, per_page: int
) -> None:
    async def page(client: httpx.AsyncClient) -> None:
        body = await _ok(await client.get(f"/api/v1/{plural}", params={"per_page": per_page}))
        assert body["meta"]["total"] >= 1

    assert 1 <= await setup.round_trips_of(page) <= MOST_ROUND_TRIPS


@pytest.mark.parametrize("per_page", PAGE_SIZES)
async def test_a_rest_page_reached_by_cursor_takes_at_most_two_round_trips(
    setup: Setup, per_page: int
) -> None:
    async with asgi_client(setup.app, setup.admin) as client:
        first = await _ok(await client.get("/api/v1/songs", params={"per_page": per_page}))
    cursor = first["meta"]["next_cursor"]
    assert cursor

    async def page(client: httpx.AsyncClient) -> None:
        body = await _ok(await client.get("/api/v1/songs", params={"cursor": cursor}))
        assert body["data"]

    assert 1 <= await setup.round_trips_of(page) <= MOST_ROUND_TRIPS


async def test_the_deleted_ids_take_at_most_two_round_trips(setup: Setup) -> None:
    async def deleted(client: httpx.AsyncClient) -> None:
        body = await _ok(await client.get("/api/v1/deleted", params={"since": "2024-01-01"}))
        assert "queried_at" in body["meta"]

    assert 1 <= await setup.round_trips_of(deleted) <= MOST_ROUND_TRIPS
