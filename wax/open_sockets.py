"""Open websockets by the token that opened them, closed soon after that token stops working.

`wax tokens revoke` runs in another process and deleting a user only changes the database,
so each wax process asks the database about the tokens of all its open sockets, in one query,
every few seconds (WAX_SOCKET_TOKEN_CHECK_SECONDS).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Protocol

from wax.resolvers.users import active_digests

logger = logging.getLogger("wax.sockets")


class Revocable(Protocol):
    async def revoke(self) -> None:
        """Close the socket with 4403 and end its operations."""


class OpenSockets:
    def __init__(self) -> None:
        self._by_digest: dict[str, set[Revocable]] = {}

    def add(self, digest: str, socket: Revocable) -> None:
        self._by_digest.setdefault(digest, set()).add(socket)

    def discard(self, digest: str, socket: Revocable) -> None:
        sockets = self._by_digest.get(digest)
        if sockets is not None:
            sockets.discard(socket)
            if not sockets:
                del self._by_digest[digest]

    def __len__(self) -> int:
        return sum(len(sockets) for sockets in self._by_digest.values())

    async def close_revoked(self) -> int:
        """Revoke every socket whose token no longer works; how many there were."""
        digests = list(self._by_digest)
        if not digests:
            return 0
        active = await active_digests(digests)
        revoked = [
            socket
            for digest in digests
            if digest not in active
            for socket in self._by_digest.pop(digest, ())
        ]
        results = await asyncio.gather(*(s.revoke() for s in revoked), return_exceptions=True)
        for result in results:
            if isinstance(result, Exception):
                logger.warning("closing a revoked socket failed", exc_info=result)
        return len(revoked)


async def check_periodically(sockets: OpenSockets, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await sockets.close_revoked()
        except Exception:
            logger.warning("checking the tokens of open sockets failed", exc_info=True)


@contextlib.asynccontextmanager
async def watched_sockets(interval: float) -> AsyncIterator[OpenSockets]:
    sockets = OpenSockets()
    task = asyncio.create_task(
        check_periodically(sockets, interval), name="wax-check-socket-tokens"
    )
    try:
        yield sockets
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
