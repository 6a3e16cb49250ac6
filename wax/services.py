"""The resources one running wax owns, opened and closed by the app's lifespan."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp

from wax import database
from wax.discogs.client import DiscogsClient
from wax.open_sockets import OpenSockets, watched_sockets
from wax.pruning import daily_pruning
from wax.resolvers.discogs_sync.jobs import SyncJobs
from wax.settings import Settings


@dataclass
class Services:
    settings: Settings
    http: aiohttp.ClientSession
    discogs: DiscogsClient  # holds the process-wide Discogs rate limiter
    pruner: asyncio.Task[None]  # forgets old tombstones daily
    discogs_sync: SyncJobs  # the one Discogs sync at a time
    sockets: OpenSockets  # open websockets, closed when their token is revoked


@asynccontextmanager
async def open_services(settings: Settings) -> AsyncIterator[Services]:
    async with (
        database.open_database(settings.database_url),
        aiohttp.ClientSession() as http,
        daily_pruning(settings.tombstone_retention_days) as pruner,
        watched_sockets(settings.socket_token_check_seconds) as sockets,
    ):
        discogs = DiscogsClient.from_settings(settings, http)
        sync_jobs = SyncJobs(settings, discogs)
        await sync_jobs.open()
        try:
            yield Services(
                settings=settings,
                http=http,
                discogs=discogs,
                pruner=pruner,
                discogs_sync=sync_jobs,
                sockets=sockets,
            )
        finally:
            await sync_jobs.close()
