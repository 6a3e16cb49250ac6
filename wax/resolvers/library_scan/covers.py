"""Each album's cover, found after a scan's writes: Album.cover_path.

An image file beside the album's songs wins over the pictures its songs embed: a picture put
in the folder is a deliberate choice, usually the larger one, and it is served without
opening a song. Of several, cover.* comes before folder.* before front.* (jpg, jpeg, png,
webp, case aside), then the album's first folder. Without one, the first song (by path)
that embeds a picture; the song already chosen stays chosen while it still has one.

cover_path holds the image's or the song's path (relative to the music folder); an empty
string says the scan looked and found none, null that it has not looked yet. So a picture is
looked for only in files the scan read anyway, or, when an album's cover is lost or was
never looked for, in its other songs' tags (never their audio). An album whose cover changes
(found, lost or another one) moves its updated_at and its songs' (they show album_cover),
so clients sync them again.
"""

from __future__ import annotations

import asyncio
import posixpath
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from wax.models import Album, Song
from wax.music_files import cover_image_rank, embeds_picture, is_music_file_name
from wax.resolvers.library.writes import chunks, touch, touch_where, write
from wax.resolvers.library_scan.folder import FolderListing
from wax.resolvers.sql import connection, read_rows

NONE_FOUND = ""
SONGS = 'SELECT "album_id", "path" FROM "songs" WHERE "path" IS NOT NULL'
ALBUMS = 'SELECT "id", "cover_path" FROM "albums"'


def best_images(images: Sequence[str]) -> dict[str, tuple[int, str]]:
    """By folder ("" or "A/B/"), its best cover image: (rank, path)."""
    best: dict[str, tuple[int, str]] = {}
    for path in images:
        folder, _, name = path.rpartition("/")
        rank = cover_image_rank(name)
        key = folder + "/" if folder else ""
        if rank is not None and (key not in best or (rank, path) < best[key]):
            best[key] = (rank, path)
    return best


def _folder(path: str) -> str:
    folder = posixpath.dirname(path)
    return folder + "/" if folder else ""


class CoverChoice:
    """What the scan knows: the folder's images, and which files it read embed a picture."""

    def __init__(self, music_dir: Path, listing: FolderListing, read: Mapping[str, bool]) -> None:
        self.music_dir = music_dir
        self.listing = listing
        self.read = read
        self.images = best_images(listing.images)

    def image(self, songs: Sequence[str]) -> str | None:
        folders = {_folder(path) for path in songs}
        found = [self.images[folder] for folder in folders if folder in self.images]
        return min(found)[1] if found else None

    def still_embeds(self, path: str, songs: Sequence[str]) -> bool:
        """Whether the album's chosen song `path` still has its picture."""
        if path not in songs:
            return False
        return self.read.get(path, True)  # unread: unchanged since it was chosen

    async def embedded(self, songs: Sequence[str], current: str | None) -> str:
        song = current if current and is_music_file_name(posixpath.basename(current)) else None
        if song is not None and self.still_embeds(song, songs):
            return song
        # an album whose cover was nothing is known: unread songs had no picture then
        probe = current != NONE_FOUND
        for path in songs:
            known = self.read.get(path)
            if known is None and probe:
                known = await asyncio.to_thread(embeds_picture, self.music_dir / path)
            if known:
                return path
        return NONE_FOUND

    async def cover(self, songs: Sequence[str], current: str | None) -> str:
        if current and not self.listing.covers(current):
            return current  # in a folder that could not be read: kept, as its songs are
        return self.image(songs) or await self.embedded(songs, current)


async def refresh_covers(music_dir: Path, listing: FolderListing, read: Mapping[str, bool]) -> int:
    """Every album with scanned songs given its cover; how many albums' covers changed.
    `read`: the paths of the files this scan read, and whether each embeds a picture."""
    client = connection()
    # plain rows, ids as the driver gives them: an unchanged rescan reads every song here
    songs: dict[str, list[str]] = defaultdict(list)
    for album_id, path in await read_rows(client, SONGS, []):
        songs[str(album_id)].append(path)
    choice = CoverChoice(music_dir, listing, read)
    changed: dict[uuid.UUID, str] = {}
    quiet: dict[uuid.UUID, str] = {}  # looked, found none, as before: no client sees it
    for album_id, current in await read_rows(client, ALBUMS, []):
        paths = songs.get(str(album_id))
        if paths is None:
            # an album the API made keeps no cover of songs it no longer holds
            wanted = NONE_FOUND if current else current
        else:
            wanted = await choice.cover(sorted(paths), current)
        if wanted != current:
            target = changed if wanted or current else quiet
            target[uuid.UUID(str(album_id))] = wanted
    if changed or quiet:
        await write(lambda: _store({**changed, **quiet}, changed))
    return len(changed)


async def _store(covers: Mapping[uuid.UUID, str], seen: Mapping[uuid.UUID, str]) -> None:
    by_cover: dict[str, list[uuid.UUID]] = defaultdict(list)
    for album_id, cover in covers.items():
        by_cover[cover].append(album_id)
    for cover, ids in by_cover.items():
        for chunk in chunks(ids):
            await Album.filter(id__in=chunk).update(cover_path=cover)
    await touch(Album, seen)
    for chunk in chunks(seen):  # their songs show the cover too (album_cover)
        await touch_where(Song, album_id__in=chunk)
