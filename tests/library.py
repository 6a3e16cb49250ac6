"""Helpers for library and sync tests: seeding through the API, and two sync clients."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

KINDS = ("songs", "albums", "artists")


async def create(client: httpx.AsyncClient, plural: str, **fields: Any) -> dict[str, Any]:
    response = await client.post(f"/api/v1/{plural}", json=fields)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


@dataclass
class Seeded:
    artist: dict[str, Any]
    album: dict[str, Any]
    songs: list[dict[str, Any]]


async def seed(client: httpx.AsyncClient, *, songs: int = 2, name: str = "Miles Davis") -> Seeded:
    artist = await create(client, "artists", name=name)
    album = await create(client, "albums", name=f"{name}: Kind of Blue", artist_id=artist["id"])
    made = [
        await create(
            client, "songs", title=f"Song {n}", album_id=album["id"], length=100 + n, track=n
        )
        for n in range(1, songs + 1)
    ]
    return Seeded(artist=artist, album=album, songs=made)


async def graphql(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


class StatementLog(logging.Handler):
    """Counts the SQL statements Tortoise sends (it logs each at DEBUG on tortoise.db_client)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.statements.append(record.getMessage())


@contextmanager
def counting_statements() -> Iterator[StatementLog]:
    logger = logging.getLogger("tortoise.db_client")
    handler = StatementLog()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


@dataclass
class Replica:
    """What a sync client keeps: items by kind and id, and its last watermark."""

    items: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {kind: {} for kind in (*KINDS, "playlists")}
    )
    last_sync: str | None = None


class RestSyncClient:
    """Follows the documented flow: status, deleted, updated lists, store queried_at."""

    def __init__(self, client: httpx.AsyncClient, per_page: int = 100) -> None:
        self.client = client
        self.per_page = per_page

    async def get(self, path: str, **params: Any) -> dict[str, Any]:
        response = await self.client.get(path, params=params)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def walk(self, kind: str, updated_since: str | None) -> list[dict[str, Any]]:
        """Every page of a list, following meta.next_cursor."""
        params: dict[str, Any] = {"per_page": self.per_page}
        if updated_since:
            params["updated_since"] = updated_since
        items: list[dict[str, Any]] = []
        while True:
            body = await self.get(f"/api/v1/{kind}", **params)
            items.extend(body["data"])
            cursor = body["meta"]["next_cursor"]
            if not cursor:
                return items
            params["cursor"] = cursor

    async def playlists(self, updated_since: str | None) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"include": "songs"}
        if updated_since:
            params["updated_since"] = updated_since
        data: list[dict[str, Any]] = (await self.get("/api/v1/playlists", **params))["data"]
        return data

    async def sync(self, replica: Replica) -> None:
        since = replica.last_sync
        await self.get("/api/v1/sync/status")
        if since is None:
            deleted = await self.get("/api/v1/deleted", since="1970-01-01")
        else:
            deleted = await self.get("/api/v1/deleted", since=since)
            for kind, ids in deleted["data"].items():
                for item_id in ids:
                    replica.items.get(kind, {}).pop(item_id, None)
        for kind in KINDS:
            for item in await self.walk(kind, since):
                replica.items[kind][item["id"]] = item
        for playlist in await self.playlists(since):
            replica.items["playlists"][playlist["id"]] = playlist
        replica.last_sync = deleted["meta"]["queried_at"]

    async def full_download(self) -> Replica:
        replica = Replica()
        for kind in KINDS:
            replica.items[kind] = {item["id"]: item for item in await self.walk(kind, None)}
        replica.items["playlists"] = {p["id"]: p for p in await self.playlists(None)}
        return replica
