"""Case 4: Discogs against the fake server with 50 ms latency."""

from __future__ import annotations

import importlib.util

from bench.context import Bench
from bench.report import not_available

CASE = "4 discogs"
LABELS = (
    "search with 10 enrichments: wall time in round trips",
    "pull of the collection: requests, wall time, peak memory",
    "push of local records: wall time",
)


def fake_server_available() -> bool:
    return importlib.util.find_spec("tests.fakes.discogs_server") is not None


async def run(bench: Bench, engine: str) -> None:
    if not fake_server_available():
        for label in LABELS:
            bench.add(not_available(CASE, engine, label, "tests/fakes/discogs_server.py missing"))
        return
