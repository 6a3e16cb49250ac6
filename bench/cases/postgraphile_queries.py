"""Case 7's requests, on wax and on PostGraphile, and the checks that both answer the same rows.

PostGraphile names wax's tables its own way: `songs` is `allSongs`, the uuid column `id` is
`rowId` (its Node interface takes `id`), the foreign keys are `albumByAlbumId` and
`artistByArtistId`, one song by id is `songByRowId`. Both list in (updated_at, id) order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import orjson

from bench.context import check_graphql, check_rest, graphql_request
from bench.databases import BenchDatabase, fetch_value
from bench.load import HttpRequest

PAGE = 100
SINCE_PAGE = 50
# case 3's moment: the second of the newest rows' SINCE_ROWS-th, so that more than a page matches
SINCE_ROWS = 60
ORDER = "orderBy: [UPDATED_AT_ASC, ROW_ID_ASC]"

WAX_LIST = (
    "query Songs($first: Int!) { songs(first: $first)"
    " { edges { node { id title album { name } artist { name } } } } }"
)
POSTGRAPHILE_LIST = (
    f"query Songs($first: Int!) {{ allSongs(first: $first, {ORDER})"
    " { nodes { rowId title albumByAlbumId { name } artistByArtistId { name } } } }"
)
POSTGRAPHILE_ONE = (
    "query Song($id: UUID!) { songByRowId(rowId: $id)"
    " { rowId title albumByAlbumId { name } artistByArtistId { name } } }"
)
WAX_SINCE = (
    f"query Since($t: DateTime!) {{ songs(first: {SINCE_PAGE}, updatedSince: $t)"
    " { edges { node { id title updatedAt } } pageInfo { hasNextPage endCursor } } }"
)
POSTGRAPHILE_SINCE = (
    f"query Since($t: Datetime!) {{ allSongs(first: {SINCE_PAGE}, {ORDER},"
    " filter: {updatedAt: {greaterThanOrEqualTo: $t}})"
    " { nodes { rowId title updatedAt } pageInfo { hasNextPage endCursor } } }"
)


@dataclass(frozen=True)
class Pair:
    """One case: what wax is asked, what PostGraphile is asked, the throughput target."""

    key: str
    label: str
    wax: HttpRequest
    postgraphile: HttpRequest | None  # None: wax only, compared with `against`'s PostGraphile
    target: float | None = None
    against: str | None = None


def _anonymous(query: str, variables: dict[str, Any]) -> HttpRequest:
    body = orjson.dumps({"query": query, "variables": variables})
    return HttpRequest("POST", "/graphql", {"Content-Type": "application/json"}, body)


async def since_moment(db: BenchDatabase) -> str:
    sql = (
        "SELECT to_char(date_trunc('second', updated_at) AT TIME ZONE 'UTC',"
        ' \'YYYY-MM-DD"T"HH24:MI:SS"Z"\')'
        f' FROM "songs" ORDER BY "updated_at" DESC, "id" DESC LIMIT 1 OFFSET {SINCE_ROWS - 1}'
    )
    return str(await fetch_value(db.url, sql))


def pairs(db: BenchDatabase, song_id: str, since: str) -> list[Pair]:
    token = db.token
    return [
        Pair(
            "1",
            f"case 1: {PAGE} songs with album and artist names",
            graphql_request(token, WAX_LIST, {"first": PAGE}),
            _anonymous(POSTGRAPHILE_LIST, {"first": PAGE}),
            target=1.0,
        ),
        Pair(
            "2",
            "case 2: one song (songs(first: 1) / allSongs(first: 1))",
            graphql_request(token, WAX_LIST, {"first": 1}),
            _anonymous(POSTGRAPHILE_LIST, {"first": 1}),
            target=0.5,
        ),
        Pair(
            "2b",
            "case 2b: one song by id (REST /api/v1/songs/{id} / songByRowId)",
            HttpRequest("GET", f"/api/v1/songs/{quote(song_id)}", db.headers),
            _anonymous(POSTGRAPHILE_ONE, {"id": song_id}),
        ),
        Pair(
            "3",
            f"case 3: first {SINCE_PAGE} songs updated since {since}",
            graphql_request(token, WAX_SINCE, {"t": since}),
            _anonymous(POSTGRAPHILE_SINCE, {"t": since}),
            target=1.0,
        ),
        Pair(
            "rest",
            f"REST GET /api/v1/songs?per_page={PAGE} (against PostGraphile's case 1)",
            HttpRequest("GET", f"/api/v1/songs?per_page={PAGE}", db.headers),
            None,
            against="1",
        ),
    ]


def _wax_ids(data: Any) -> list[str]:
    return [edge["node"]["id"] for edge in data["songs"]["edges"]]


def _postgraphile_ids(data: Any) -> list[str]:
    return [node["rowId"] for node in data["allSongs"]["nodes"]]


def _compare(wax: list[str], other: list[str], expected: int) -> tuple[bool, str]:
    if wax == other and len(wax) == expected:
        return (
            True,
            "yes, the same id"
            if expected == 1
            else f"yes, the same {expected} ids in the same order",
        )
    if len(wax) != len(other) or len(wax) != expected:
        return False, f"no: wax {len(wax)} ids, PostGraphile {len(other)} (expected {expected})"
    first = next(i for i, (a, b) in enumerate(zip(wax, other, strict=True)) if a != b)
    return False, f"no: they differ from position {first}"


async def same_rows(wax_url: str, postgraphile_url: str, pair: Pair) -> tuple[bool, str]:
    """Whether wax and PostGraphile answer the pair's request with the same songs, in order."""
    assert pair.postgraphile is not None
    other = await check_graphql(postgraphile_url, pair.postgraphile)
    if pair.key == "2b":
        body = await check_rest(wax_url, pair.wax)
        song = other["songByRowId"] or {}
        return _compare([body["data"]["id"]], [str(song.get("rowId"))], 1)
    data = await check_graphql(wax_url, pair.wax)
    if pair.key == "3":
        same, text = _compare(_wax_ids(data), _postgraphile_ids(other), SINCE_PAGE)
        wax_next = data["songs"]["pageInfo"]["hasNextPage"]
        other_next = other["allSongs"]["pageInfo"]["hasNextPage"]
        if wax_next != other_next:
            return False, f"{text}; hasNextPage {wax_next} vs {other_next}"
        return same, f"{text}; hasNextPage {wax_next} on both"
    expected = PAGE if pair.key == "1" else 1
    return _compare(_wax_ids(data), _postgraphile_ids(other), expected)


async def a_song_id(wax_url: str, db: BenchDatabase) -> str:
    """Case 2b's song: the middle one of the first page."""
    data = await check_graphql(wax_url, graphql_request(db.token, WAX_LIST, {"first": PAGE}))
    return str(_wax_ids(data)[PAGE // 2])


async def check_wax(wax_url: str, pair: Pair) -> None:
    """wax answers the pair's request without errors (NotAvailable when the field is missing)."""
    if pair.wax.method == "GET":
        body = await check_rest(wax_url, pair.wax)
        if not body.get("data"):
            raise RuntimeError(f"{pair.wax.path} answered no data: {str(body)[:200]}")
    else:
        await check_graphql(wax_url, pair.wax)
