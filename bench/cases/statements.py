"""Case 3: SQL statements per request do not grow with the page (no N+1)."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import orjson

from bench.cases.throughput import SONGS_QUERY
from bench.context import Bench, is_missing_in_schema
from bench.databases import BenchDatabase, log
from bench.report import Measure, failed, not_available

CASE = "3 statements"
SMALL_PAGE, LARGE_PAGE = 10, 100


def _graphql(first: int) -> dict[str, Any]:
    return {
        "method": "POST",
        "path": "/graphql",
        "json": {"query": SONGS_QUERY, "variables": {"first": first}},
    }


def _rest(per_page: int) -> dict[str, Any]:
    return {"method": "GET", "path": f"/api/v1/songs?per_page={per_page}"}


REQUESTS = {
    "graphql_small": _graphql(SMALL_PAGE),
    "graphql_large": _graphql(LARGE_PAGE),
    "rest_small": _rest(SMALL_PAGE),
    "rest_large": _rest(LARGE_PAGE),
}
LABELS = {
    "graphql": f"GraphQL songs(first: {SMALL_PAGE} / {LARGE_PAGE}) + album, artist: SQL statements",
    "rest": f"REST songs?per_page={SMALL_PAGE} / {LARGE_PAGE}: SQL statements",
}


async def count_statements(db: BenchDatabase) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.count_statements",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    spec = {"url": db.url, "token": db.token, "requests": REQUESTS}
    out, err = await process.communicate(orjson.dumps(spec))
    if process.returncode != 0:
        last_line = (err.decode().strip().splitlines() or ["?"])[-1]
        raise RuntimeError(f"bench.count_statements failed: {last_line}")
    answers: dict[str, Any] = orjson.loads(out.splitlines()[-1])
    return answers


def _unavailable(answer: dict[str, Any]) -> str | None:
    error = answer.get("error") or ""
    if answer["status"] in (404, 405) or is_missing_in_schema(error):
        return error or f"answers {answer['status']}"
    return None


async def run(bench: Bench, db: BenchDatabase) -> None:
    try:
        answers = await count_statements(db)
    except Exception as error:
        for label in LABELS.values():
            bench.add(failed(CASE, db.engine, label, error))
        return
    for face, label in LABELS.items():
        small, large = answers[f"{face}_small"], answers[f"{face}_large"]
        missing = _unavailable(small) or _unavailable(large)
        if missing:
            bench.add(not_available(CASE, db.engine, label, missing))
            continue
        if small["error"] or large["error"]:
            bench.add(
                Measure(CASE, db.engine, label, f"failed: {small['error'] or large['error']}")
            )
            continue
        log(f"case 3 {db.engine} {face}: {small['count']} / {large['count']} statements")
        bench.add(
            Measure(
                CASE,
                db.engine,
                label,
                f"{small['count']} / {large['count']}",
                "equal",
                met=small["count"] == large["count"],
                data={
                    "small": [s[:300] for s in small["statements"]],
                    "large": [s[:300] for s in large["statements"]],
                },
            )
        )
