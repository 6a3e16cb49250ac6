"""Helpers for bad-input tests: text no database stores, raw JSON bodies, a snapshot of the data."""

from __future__ import annotations

import json
from typing import Any

import httpx

from wax.models import Album, Artist, Playlist, PlaylistSong, Record, Song

# a NUL, and a lone UTF-16 surrogate (json.dumps writes it as the escape \ud800)
UNSTORABLE = {"a NUL": "before\x00after", "a lone surrogate": "before\ud800after"}


async def snapshot() -> list[list[dict[str, Any]]]:
    """Every row of every resource, to show a refused request changed nothing."""
    return [
        await model.all().order_by("id").values()
        for model in (Artist, Album, Song, Playlist, PlaylistSong, Record)
    ]


def raw_json(body: object) -> bytes:
    """`body` as JSON text; lone surrogates go out as their escape, as a client would send them."""
    return json.dumps(body).encode()


async def send_json(
    client: httpx.AsyncClient, method: str, path: str, body: object
) -> httpx.Response:
    return await client.request(
        method, path, content=raw_json(body), headers={"Content-Type": "application/json"}
    )
