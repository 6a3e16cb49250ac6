from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests import databases


@pytest.fixture
async def empty_database_url(tmp_path: Path) -> AsyncIterator[str]:
    """A database nothing has touched yet, not even migrations."""
    if databases.using_postgres():
        url = await databases.create_postgres_database(migrated=False)
        yield url
        await databases.drop_postgres_database(url)
    else:
        yield f"sqlite://{tmp_path / 'cli.sqlite3'}"


def run_wax(
    *args: str, env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wax", *args],
        env={**os.environ, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
