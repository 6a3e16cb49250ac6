"""The scanner's tests: a music folder of their own, and scans of it in the app's database."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette

from tests.resolvers.library_scan.scanning import Scans


@pytest.fixture
def music(tmp_path: Path) -> Path:
    folder = tmp_path / "music"
    folder.mkdir()
    return folder


@pytest.fixture
def scans(music: Path, app: Starlette) -> Scans:
    """Scans of `music`, in the app's database."""
    return Scans(music)
