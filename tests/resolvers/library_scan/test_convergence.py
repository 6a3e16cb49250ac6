"""Random file operations and scans, with a sync client after each scan: nothing drifts.

Each file carries audio of its own, so the test knows which song every file must stay:
a file renamed, moved or retagged keeps its song id, and the client's replica, built by the
documented sync flow (status, deleted, updated_since), always equals a full download.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import httpx

from tests.library import Replica, RestSyncClient
from tests.music import make_song, retag
from tests.resolvers.library_scan.scanning import Scans, playlist_with
from tests.test_convergence import differences
from wax.models import Song

ROUNDS = 12
OPERATIONS_PER_ROUND = 6
ARTISTS = ("Low", "Björk", "Sigur Rós", "Nina Simone")
ALBUMS = ("One", "Two", "Three")
FOLDERS = ("a", "a/b", "c", "d/e/f")


class Folder:
    """The music folder and, for every file in it, the song id it must keep."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root = root
        self.rng = rng
        self.files: dict[str, str | None] = {}  # relative path -> song id (None until scanned)
        self.next_audio = 0

    def _fresh_path(self) -> str:
        extension = self.rng.choice(("wav", "aiff"))
        return f"{self.rng.choice(FOLDERS)}/{self.rng.randrange(10**6):06}.{extension}"

    def add(self) -> None:
        path = self._fresh_path()
        self.next_audio += 1
        make_song(
            self.root,
            path,
            audio=self.next_audio,
            title=f"Song {self.next_audio}",
            artist=self.rng.choice(ARTISTS),
            album=self.rng.choice(ALBUMS),
        )
        self.files[path] = None

    def delete(self, path: str) -> None:
        (self.root / path).unlink()
        del self.files[path]

    def move(self, path: str) -> None:
        target = self._fresh_path().rsplit(".", 1)[0] + "." + path.rsplit(".", 1)[1]
        (self.root / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(self.root / path, self.root / target)
        self.files[target] = self.files.pop(path)

    def retag(self, path: str) -> None:
        retag(
            self.root / path,
            title=f"Retitled {self.rng.randrange(1000)}",
            artist=self.rng.choice(ARTISTS),
            album=self.rng.choice(ALBUMS),
        )

    def step(self) -> None:
        roll = self.rng.random()
        if roll < 0.35 or len(self.files) < 3:
            self.add()
            return
        path = self.rng.choice(sorted(self.files))
        if roll < 0.5:
            self.delete(path)
        elif roll < 0.75:
            self.move(path)
        else:
            self.retag(path)
            if self.rng.random() < 0.5:
                self.move(path)


async def test_a_client_syncing_after_every_scan_converges_and_files_keep_their_songs(
    tmp_path: Path, admin_client: httpx.AsyncClient
) -> None:
    root = tmp_path / "music"
    root.mkdir()
    folder = Folder(root, random.Random(14))
    scans = Scans(root)
    client = RestSyncClient(admin_client, per_page=5)
    replica = Replica()
    playlist: dict[str, object] | None = None

    for round_number in range(ROUNDS):
        for _ in range(OPERATIONS_PER_ROUND):
            folder.step()
        await scans.clean(full=round_number % 4 == 3)

        songs = {song.path: str(song.id) for song in await Song.filter(path__isnull=False)}
        assert set(songs) == set(folder.files)
        for path, song_id in folder.files.items():
            if song_id is not None:
                assert songs[path] == song_id, f"{path} became another song"
            folder.files[path] = songs[path]
        if playlist is None and songs:
            playlist = await playlist_with(admin_client, *sorted(songs.values())[:3])

        await client.sync(replica)
        assert differences(replica, await client.full_download()) == {}
