"""Running a scan in a test, and reading the library back through the REST face."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from wax.resolvers.library_scan.progress import ScanProgress
from wax.resolvers.library_scan.scanner import ScanOutcome, scan_music_folder


class Scans:
    """Scans of one folder, with every progress report they made."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.reports: list[ScanProgress] = []

    async def run(self, *, full: bool = False) -> ScanOutcome:
        async def report(progress: ScanProgress) -> None:
            self.reports.append(progress)

        outcome = await scan_music_folder(self.folder, full=full, report=report)
        assert outcome.progress.is_done
        return outcome

    async def clean(self, *, full: bool = False) -> ScanOutcome:
        """A scan that must succeed without an error."""
        outcome = await self.run(full=full)
        assert not outcome.aborted, outcome
        assert not outcome.progress.errors, outcome
        return outcome


async def listed(client: httpx.AsyncClient, kind: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    params = {"per_page": 100, **params}
    while True:
        response = await client.get(f"/api/v1/{kind}", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        items.extend(body["data"])
        if not body["meta"]["next_cursor"]:
            return items
        params["cursor"] = body["meta"]["next_cursor"]


async def songs_by_title(client: httpx.AsyncClient) -> dict[str, dict[str, Any]]:
    return {song["title"]: song for song in await listed(client, "songs")}


async def deleted(client: httpx.AsyncClient, since: str = "1970-01-01") -> dict[str, list[str]]:
    response = await client.get("/api/v1/deleted", params={"since": since})
    assert response.status_code == 200, response.text
    data: dict[str, list[str]] = response.json()["data"]
    return data


async def playlist_with(client: httpx.AsyncClient, *song_ids: str) -> dict[str, Any]:
    response = await client.post("/api/v1/playlists", json={"name": "Sunday"})
    assert response.status_code == 201, response.text
    playlist: dict[str, Any] = response.json()["data"]
    for song_id in song_ids:
        added = await client.post(
            f"/api/v1/playlists/{playlist['id']}/songs", json={"song_id": song_id}
        )
        assert added.status_code == 201, added.text
    return playlist


async def playlist_songs(client: httpx.AsyncClient, playlist_id: str) -> list[str]:
    response = await client.get(f"/api/v1/playlists/{playlist_id}", params={"include": "songs"})
    assert response.status_code == 200, response.text
    song_ids: list[str] = response.json()["data"]["song_ids"]
    return song_ids
