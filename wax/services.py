"""The resources one running wax owns, opened and closed by the app's lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp

from wax import database
from wax.discogs.client import DiscogsClient
from wax.settings import Settings


@dataclass
class Services:
    settings: Settings
    http: aiohttp.ClientSession
    discogs: DiscogsClient  # holds the process-wide Discogs rate limiter


@asynccontextmanager
async def open_services(settings: Settings) -> AsyncIterator[Services]:
    async with (
        database.open_database(settings.database_url),
        aiohttp.ClientSession() as http,
    ):
        yield Services(
            settings=settings, http=http, discogs=DiscogsClient.from_settings(settings, http)
        )
