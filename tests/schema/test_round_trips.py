"""A page of a GraphQL connection costs at most two round trips to the database, whatever its
size: one for the token (with the safe watermark), one for the page (with its total)."""

from __future__ import annotations

import httpx
import pytest

from tests.library import graphql
from tests.round_trips import MOST_ROUND_TRIPS, PAGE_SIZES, Setup, setup

__all__ = ["setup"]

SONGS_QUERY = """
query Songs($first: Int!, $after: String) {
  songs(first: $first, after: $after) {
    totalCount
    edges { cursor node { id title length updatedAt album { name } artist { name } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
ALBUMS_QUERY = """
query Albums($first: Int!) {
  albums(first: $first) { totalCount edges { node { id name artist { name } } }
  pageInfo { hasNextPage endCursor } }
}
"""


@pytest.mark.parametrize("per_page", PAGE_SIZES)
async def test_a_graphql_songs_page_takes_at_most_two_round_trips(
    setup: Setup, per_page: int
) -> None:
    async def page(client: httpx.AsyncClient) -> None:
        data = await graphql(client, SONGS_QUERY, first=per_page)
        assert len(data["songs"]["edges"]) == per_page
        assert data["songs"]["pageInfo"]["hasNextPage"]

    assert 1 <= await setup.round_trips_of(page) <= MOST_ROUND_TRIPS


@pytest.mark.parametrize("per_page", PAGE_SIZES)
async def test_a_graphql_albums_page_takes_at_most_two_round_trips(
    setup: Setup, per_page: int
) -> None:
    async def page(client: httpx.AsyncClient) -> None:
        data = await graphql(client, ALBUMS_QUERY, first=per_page)
        assert data["albums"]["totalCount"] == 1

    assert 1 <= await setup.round_trips_of(page) <= MOST_ROUND_TRIPS
