"""Waiting for something observable to happen: a poll with a deadline, never a bare sleep."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from datetime import datetime

from wax.resolvers.watermark import database_now

POLL_SECONDS = 0.005


async def until(
    condition: Callable[[], bool | Awaitable[bool]], *, what: str, within: float = 10.0
) -> None:
    """Return once `condition` holds; fail naming `what` if it does not within `within` s."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        held = condition()
        if inspect.isawaitable(held):
            held = await held
        if held:
            return
        assert asyncio.get_running_loop().time() < deadline, f"{what} did not happen"
        await asyncio.sleep(POLL_SECONDS)


async def the_database_clock_passes(moment: datetime | None = None) -> None:
    """Until the database clock (milliseconds on SQLite) is past `moment`, by default its
    reading now: what is stamped afterwards is stamped later than anything before."""
    start = moment if moment is not None else await database_now()

    async def passed() -> bool:
        return await database_now() > start

    await until(passed, what=f"the database clock passing {start}")


async def holds_throughout(
    condition: Callable[[], bool | Awaitable[bool]], *, what: str, seconds: float
) -> None:
    """For what must not happen (a second scan): `condition` checked all along for `seconds`,
    failing naming `what` the moment it stops holding."""
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        held = condition()
        if inspect.isawaitable(held):
            held = await held
        assert held, f"{what} stopped holding"
        await asyncio.sleep(POLL_SECONDS * 10)
