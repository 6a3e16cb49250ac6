"""The server's daily tombstone prune, run by the app lifespan (see Services)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from wax import database
from wax.resolvers.tombstones import prune_tombstones
from wax.settings import Settings

logger = logging.getLogger("wax.pruning")

DAY = 24 * 60 * 60.0
# not at start-up itself: a server that starts is busy enough
FIRST_PRUNE_AFTER = 60.0


async def prune_periodically(retention_days: int, *, first: float, interval: float) -> None:
    await asyncio.sleep(first)
    while True:
        try:
            pruned = await prune_tombstones(retention_days)
            logger.info("pruned %d tombstones older than %d days", pruned, retention_days)
        except Exception:
            logger.exception("pruning tombstones failed; trying again at the next interval")
        await asyncio.sleep(interval)


@contextlib.asynccontextmanager
async def daily_pruning(
    retention_days: int, *, first: float = FIRST_PRUNE_AFTER, interval: float = DAY
) -> AsyncIterator[asyncio.Task[None]]:
    task = asyncio.create_task(
        prune_periodically(retention_days, first=first, interval=interval),
        name="wax-prune-tombstones",
    )
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def add_prune_command(commands: Any) -> None:
    parser = commands.add_parser(
        "prune", help="forget tombstones older than WAX_TOMBSTONE_RETENTION_DAYS (default 30)"
    )
    parser.add_argument("--days", type=_positive, help="keep this many days instead of the setting")
    parser.set_defaults(handler=prune_command)


def _positive(raw: str) -> int:
    try:
        days = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {raw!r}") from None
    if days < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return days


async def prune_command(args: argparse.Namespace, settings: Settings) -> int:
    days: int = args.days or settings.tombstone_retention_days
    async with database.open_database(settings.database_url):
        pruned = await prune_tombstones(days)
    print(f"Pruned {pruned} tombstones older than {days} days.")
    return 0
