"""Case 1: songs listing throughput, GraphQL and REST, against the raw baseline."""

from __future__ import annotations

import base64
import statistics
from typing import Any

import orjson

from bench.config import GRAPHQL_SHARE_TARGET, REST_SHARE_TARGET
from bench.context import Bench, NotAvailable, check_graphql, check_rest, graphql_request
from bench.databases import BenchDatabase, log
from bench.load import HttpRequest, LoadResult
from bench.report import Measure, failed, not_available
from bench.servers import Server

CASE = "1 throughput"
PAGE = 100
SONGS_QUERY = (
    "query Songs($first: Int!) { songs(first: $first) { totalCount"
    " edges { node { id title album { name } artist { name } } } } }"
)
LABELS = {
    "baseline": f"raw baseline GET /api/v1/songs?per_page={PAGE}",
    "rest": f"REST GET /api/v1/songs?per_page={PAGE}",
    "graphql": f"GraphQL songs(first: {PAGE}) with album and artist names",
}
TARGETS = {"rest": REST_SHARE_TARGET, "graphql": GRAPHQL_SHARE_TARGET}


def rest_request(db: BenchDatabase) -> HttpRequest:
    return HttpRequest("GET", f"/api/v1/songs?per_page={PAGE}", db.headers)


def songs_query(db: BenchDatabase, first: int = PAGE) -> HttpRequest:
    return graphql_request(db.token, SONGS_QUERY, {"first": first})


async def _check(name: str, server: Server, request: HttpRequest) -> None:
    if name == "graphql":
        data = await check_graphql(server.url, request)
        edges = data["songs"]["edges"]
        if len(edges) != PAGE or not edges[0]["node"]["album"]["name"]:
            raise RuntimeError(f"songs(first: {PAGE}) gave {len(edges)} songs")
    else:
        body = await check_rest(server.url, request)
        if len(body["data"]) != PAGE or "album_name" not in body["data"][0]:
            raise RuntimeError(f"{request.path} gave an unexpected body: {str(body)[:200]}")


def _bound_blanked(body: Any) -> Any:
    """The body with next_cursor's watermark blanked: two requests read two watermarks."""
    meta = body.get("meta") if isinstance(body, dict) else None
    if not isinstance(meta, dict) or not meta.get("next_cursor"):
        return body
    token = str(meta["next_cursor"])
    parts = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode().split("|")
    if len(parts) == 5:
        parts[2] = "<watermark>"
    return {**body, "meta": {**meta, "next_cursor": "|".join(parts)}}


def _local(body: Any, base_url: str) -> Any:
    """The body with the server's own address (in the links) written as one placeholder."""
    return orjson.loads(orjson.dumps(body).replace(base_url.encode(), b"http://server"))


def _first_difference(mine: Any, theirs: Any, where: str = "") -> str | None:
    if isinstance(mine, dict) and isinstance(theirs, dict):
        for key in sorted(set(mine) | set(theirs)):
            found = _first_difference(mine.get(key), theirs.get(key), f"{where}.{key}")
            if found:
                return found
        if list(mine) != list(theirs):
            return f"{where}: keys in another order"
        return None
    if isinstance(mine, list) and isinstance(theirs, list):
        if len(mine) != len(theirs):
            return f"{where}: {len(mine)} items against {len(theirs)}"
        for index, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            found = _first_difference(a, b, f"{where}[{index}]")
            if found:
                return found
        return None
    if mine != theirs:
        return f"{where}: {str(mine)[:60]!r} against {str(theirs)[:60]!r}"
    return None


async def _same_json(
    bench: Bench, engine: str, wax: Server, baseline: Server, db: BenchDatabase
) -> None:
    """The baseline is a floor only if it writes what wax writes: compare the two bodies."""
    request = rest_request(db)
    mine = _bound_blanked(_local(await check_rest(wax.url, request), wax.url))
    theirs = _bound_blanked(_local(await check_rest(baseline.url, request), baseline.url))
    difference = _first_difference(mine, theirs)
    value = "yes" if difference is None else f"no, {difference}"
    what = "the raw baseline writes the same JSON as wax's REST listing"
    bench.add(Measure(CASE, engine, what, value, "the same", met=difference is None))


def _mean(results: list[LoadResult]) -> LoadResult:
    first = results[0]
    return LoadResult(
        requests=sum(r.requests for r in results),
        seconds=sum(r.seconds for r in results),
        non_2xx=sum(r.non_2xx for r in results),
        socket_errors=sum(r.socket_errors for r in results),
        p50_ms=statistics.fmean(r.p50_ms for r in results),
        p90_ms=statistics.fmean(r.p90_ms for r in results),
        p99_ms=statistics.fmean(r.p99_ms for r in results),
        mean_ms=statistics.fmean(r.mean_ms for r in results),
        connections=first.connections,
        tool=first.tool,
    )


async def run(bench: Bench, db: BenchDatabase, wax: Server, baseline: Server) -> None:
    engine = db.engine
    plan = bench.plan
    targets = {
        "baseline": (baseline, rest_request(db)),
        "rest": (wax, rest_request(db)),
        "graphql": (wax, songs_query(db)),
    }
    runnable: list[str] = []
    for name, (server, request) in targets.items():
        try:
            await _check(name, server, request)
            runnable.append(name)
        except NotAvailable as missing:
            bench.add(not_available(CASE, engine, LABELS[name], str(missing)))
        except Exception as error:
            bench.add(failed(CASE, engine, LABELS[name], error))
    if "baseline" not in runnable:
        return
    if "rest" in runnable:
        await _same_json(bench, engine, wax, baseline, db)
    results: dict[str, list[LoadResult]] = {name: [] for name in runnable}
    # alternate the order between rounds, so a drift in the machine's load evens out
    for round_index in range(plan.rounds):
        order = runnable if round_index % 2 == 0 else list(reversed(runnable))
        for name in order:
            server, request = targets[name]
            result = await bench.load.measure(
                server.url, request, plan.connections, plan.warmup_s, plan.duration_s
            )
            log(f"case 1 {engine} {name} round {round_index + 1}: {result.summary()}")
            results[name].append(result)
    base = _mean(results["baseline"])
    bench.add(
        Measure(
            CASE,
            engine,
            LABELS["baseline"],
            base.summary(),
            met=None if base.ok else False,
            data={"load": base.as_dict(), "rounds": [r.as_dict() for r in results["baseline"]]},
        )
    )
    for name in ("rest", "graphql"):
        if name not in results:
            continue
        mean = _mean(results[name])
        share = mean.rps / base.rps if base.rps else 0.0
        errors = "" if mean.ok else f" ({mean.non_2xx} non-2xx, {mean.socket_errors} errors)"
        bench.add(
            Measure(
                CASE,
                engine,
                LABELS[name],
                f"{mean.summary()}; {share:.0%} of baseline{errors}",
                f"≥ {TARGETS[name]:.0%} of baseline",
                met=mean.ok and share >= TARGETS[name],
                data={
                    "share": round(share, 3),
                    "load": mean.as_dict(),
                    "rounds": [r.as_dict() for r in results[name]],
                },
            )
        )
