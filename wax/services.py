"""The resources one running wax owns, opened and closed by the app's lifespan."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp
from starlette.requests import HTTPConnection

from wax import database
from wax.discogs.client import DiscogsClient
from wax.discogs.ratelimit import RateLimiter
from wax.open_sockets import OpenSockets, watched_sockets
from wax.pruning import daily_pruning
from wax.resolvers.discogs_sync.jobs import SyncJobs
from wax.resolvers.library_scan.jobs import ScanJobs
from wax.resolvers.library_scan.watch import LibraryWatch, watched_library
from wax.resolvers.media.signing import MediaSigner, shared_secret
from wax.settings import Settings


@dataclass
class Services:
    settings: Settings
    http: aiohttp.ClientSession
    discogs: DiscogsClient  # holds the process-wide Discogs rate limiter
    pruner: asyncio.Task[None]  # forgets old tombstones daily
    discogs_sync: SyncJobs  # the one Discogs sync at a time
    library_scan: ScanJobs  # the one library scan at a time
    sockets: OpenSockets  # open websockets, closed when their token is revoked
    media: MediaSigner  # signs and checks stream, download and cover URLs
    # WAX_LIBRARY_WATCH: the music folder watched (by one process per database); None: off
    library_watch: LibraryWatch | None = None


def services_of(connection: HTTPConnection) -> Services:
    """The running app's services, for a request or a websocket (REST and GraphQL alike)."""
    services: Services = connection.app.state.services
    return services


def discogs_client(
    settings: Settings, http: aiohttp.ClientSession, *, limiter: RateLimiter | None = None
) -> DiscogsClient:
    """A Discogs client as the settings say; clients sharing `limiter` share the rate limit."""
    return DiscogsClient(
        http,
        base_url=settings.discogs_api_url,
        token=settings.discogs_token,
        user_agent=settings.discogs_user_agent,
        limiter=limiter or RateLimiter(settings.discogs_requests_per_minute),
        retry_base_delay=settings.discogs_retry_base_delay,
    )


@asynccontextmanager
async def open_services(settings: Settings) -> AsyncIterator[Services]:
    async with (
        database.open_database(settings.database_url),
        aiohttp.ClientSession() as http,
        daily_pruning(settings.tombstone_retention_days) as pruner,
        watched_sockets(settings.socket_token_check_seconds) as sockets,
    ):
        discogs = discogs_client(settings, http)
        sync_jobs = SyncJobs(settings, discogs)
        scan_jobs = ScanJobs(settings)
        media = MediaSigner(
            await shared_secret(settings.secret_key), settings.media_url_ttl_seconds
        )
        await sync_jobs.open()
        await scan_jobs.open()
        try:
            async with watched_library(settings, scan_jobs) as library_watch:
                yield Services(
                    settings=settings,
                    http=http,
                    discogs=discogs,
                    pruner=pruner,
                    discogs_sync=sync_jobs,
                    library_scan=scan_jobs,
                    sockets=sockets,
                    media=media,
                    library_watch=library_watch,
                )
        finally:
            await scan_jobs.close()
            await sync_jobs.close()
