"""Case 5: many websocket watchers of one Discogs sync."""

from __future__ import annotations

from bench.context import Bench
from bench.report import not_available

CASE = "5 watchers"


async def run(bench: Bench, engine: str) -> None:
    bench.add(not_available(CASE, engine, "watchers of one sync", "the sync is not merged"))
