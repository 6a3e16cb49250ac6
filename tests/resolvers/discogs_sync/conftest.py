from __future__ import annotations

import pytest
from starlette.applications import Starlette

from wax.resolvers.discogs_sync import SyncJobs
from wax.settings import Settings


@pytest.fixture
def settings(discogs_settings: Settings) -> Settings:
    return discogs_settings


@pytest.fixture
def jobs(app: Starlette) -> SyncJobs:
    sync_jobs: SyncJobs = app.state.services.discogs_sync
    return sync_jobs
