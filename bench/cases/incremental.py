"""Case 2: incremental sync near the newest rows is as fast on a big library as on a small one."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from bench.config import LATENCY_RATIO_TARGET
from bench.context import Bench, NotAvailable, check_rest
from bench.databases import BenchDatabase, fetch_value, log
from bench.load import HttpRequest, LoadResult
from bench.report import Measure, failed, not_available
from bench.servers import Server

CASE = "2 incremental"
# "near the newest": the client last synced just before the newest NEWEST rows changed
NEWEST = 50


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value).replace(" ", "T", 1)


async def newest_since(db: BenchDatabase, table: str, column: str) -> str:
    sql = f'SELECT "{column}" FROM "{table}" ORDER BY "{column}" DESC LIMIT 1 OFFSET {NEWEST - 1}'
    value = await fetch_value(db.url, sql)
    return _iso(value)


async def requests_for(db: BenchDatabase) -> dict[str, HttpRequest]:
    songs_since = quote(await newest_since(db, "songs", "updated_at"), safe="")
    deleted_since = quote(await newest_since(db, "deleted_items", "deleted_at"), safe="")
    return {
        "songs": HttpRequest(
            "GET", f"/api/v1/songs?updated_since={songs_since}&per_page=100", db.headers
        ),
        "deleted": HttpRequest("GET", f"/api/v1/deleted?since={deleted_since}", db.headers),
    }


def _label(kind: str, small: BenchDatabase, large: BenchDatabase) -> str:
    if kind == "songs":
        return (
            f"songs?updated_since= newest {NEWEST}, {small.size.songs:,} vs "
            f"{large.size.songs:,} songs (p50)"
        )
    return (
        f"deleted?since= newest {NEWEST}, {small.size.tombstones:,} vs "
        f"{large.size.tombstones:,} tombstones (p50)"
    )


def _returned(kind: str, body: object) -> int:
    data = body.get("data") if isinstance(body, dict) else None
    if kind == "songs":
        return len(data) if isinstance(data, list) else -1
    return sum(len(ids) for ids in data.values()) if isinstance(data, dict) else -1


async def run(
    bench: Bench,
    small: tuple[BenchDatabase, Server],
    large: tuple[BenchDatabase, Server],
) -> None:
    (small_db, small_wax), (large_db, large_wax) = small, large
    engine = small_db.engine
    small_requests = await requests_for(small_db)
    large_requests = await requests_for(large_db)
    for kind in ("songs", "deleted"):
        label = _label(kind, small_db, large_db)
        try:
            returned = []
            for server, request in (
                (small_wax, small_requests[kind]),
                (large_wax, large_requests[kind]),
            ):
                returned.append(_returned(kind, await check_rest(server.url, request)))
            latencies: list[LoadResult] = []
            for server, request in (
                (small_wax, small_requests[kind]),
                (large_wax, large_requests[kind]),
            ):
                latencies.append(
                    await bench.load.measure(
                        server.url, request, 1, bench.plan.warmup_s, bench.plan.latency_duration_s
                    )
                )
        except NotAvailable as missing:
            bench.add(not_available(CASE, engine, label, str(missing)))
            continue
        except Exception as error:
            bench.add(failed(CASE, engine, label, error))
            continue
        small_result, large_result = latencies
        ratio = large_result.p50_ms / small_result.p50_ms if small_result.p50_ms else 0.0
        log(f"case 2 {engine} {kind}: {small_result.summary()} vs {large_result.summary()}")
        bench.add(
            Measure(
                CASE,
                engine,
                label,
                f"{small_result.p50_ms:.1f} ms vs {large_result.p50_ms:.1f} ms: x{ratio:.2f}"
                f" (rows returned {returned[0]} / {returned[1]})",
                f"≤ x{LATENCY_RATIO_TARGET}",
                met=small_result.ok and large_result.ok and ratio <= LATENCY_RATIO_TARGET,
                data={
                    "ratio": round(ratio, 3),
                    "small": small_result.as_dict(),
                    "large": large_result.as_dict(),
                    "rows_returned": returned,
                    "paths": [small_requests[kind].path, large_requests[kind].path],
                },
            )
        )
