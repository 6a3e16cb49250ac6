"""Run in its own process: many websocket watchers of one Discogs sync (graphql-transport-ws).

Reads a JSON spec on stdin's first line ({url, token, watchers}), connects every watcher and
prints READY; on a GO line subscribes them all to `discogsSync` at once, follows each to its
DONE update and prints a JSON summary (times are time.monotonic(), comparable across
processes on Linux).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any

import orjson
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

SUBSCRIPTION = (
    "subscription { discogsSync { phase pulled pushed skipped errors totalDiscogsItems } }"
)
CONNECTING_AT_ONCE = 50
TIMEOUT_S = 180


@dataclass
class Watcher:
    connection: ClientConnection
    done_at: float | None = None
    final: dict[str, Any] | None = None
    updates: int = 0
    error: str | None = None


async def open_watcher(url: str, token: str, gate: asyncio.Semaphore) -> Watcher:
    async with gate:
        connection = await connect(
            url, subprotocols=[Subprotocol("graphql-transport-ws")], open_timeout=60, max_queue=None
        )
        init = {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}
        await connection.send(orjson.dumps(init).decode())
        ack = orjson.loads(await connection.recv())
        if ack.get("type") != "connection_ack":
            raise RuntimeError(f"no connection_ack: {ack}")
        return Watcher(connection)


async def follow(watcher: Watcher) -> None:
    subscribe = {"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}}
    try:
        await watcher.connection.send(orjson.dumps(subscribe).decode())
        async for raw in watcher.connection:
            message = orjson.loads(raw)
            kind = message.get("type")
            if kind == "next":
                payload = message["payload"]
                if payload.get("errors"):
                    watcher.error = str(payload["errors"][0].get("message"))
                    return
                progress = payload["data"]["discogsSync"]
                watcher.updates += 1
                if progress["phase"] == "DONE":
                    watcher.done_at = time.monotonic()
                    watcher.final = progress
                    return
            elif kind in ("error", "complete"):
                watcher.error = f"{kind} before DONE: {message.get('payload')}"
                return
    except Exception as error:
        watcher.error = f"{type(error).__name__}: {error}"
    finally:
        await watcher.connection.close()


async def main() -> dict[str, Any]:
    spec = orjson.loads(sys.stdin.readline())
    gate = asyncio.Semaphore(CONNECTING_AT_ONCE)
    opened = await asyncio.gather(
        *(open_watcher(spec["url"], spec["token"], gate) for _ in range(spec["watchers"])),
        return_exceptions=True,
    )
    watchers = [w for w in opened if isinstance(w, Watcher)]
    failures = [f"{type(e).__name__}: {e}" for e in opened if isinstance(e, BaseException)]
    print(f"READY {len(watchers)}", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    subscribed_at = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*(follow(w) for w in watchers)), TIMEOUT_S)
    done = [w for w in watchers if w.done_at is not None]
    done_times = sorted(w.done_at for w in done if w.done_at is not None)
    finals = {orjson.dumps(w.final, option=orjson.OPT_SORT_KEYS) for w in done}
    errors = failures + [w.error for w in watchers if w.error]
    return {
        "watchers": spec["watchers"],
        "connected": len(watchers),
        "done": len(done),
        "subscribed_at": subscribed_at,
        "first_done": done_times[0] if done_times else None,
        "last_done": done_times[-1] if done_times else None,
        "distinct_finals": [orjson.loads(final) for final in finals],
        "median_updates": statistics.median(w.updates for w in watchers) if watchers else 0,
        "errors": errors[:5],
        "error_count": len(errors),
    }


if __name__ == "__main__":
    result = asyncio.run(main())
    sys.stdout.write(orjson.dumps(result).decode() + "\n")
