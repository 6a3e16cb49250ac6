"""The scan: the library brought in step with the music folder, nothing lost on the way.

A scan lists the folder (sizes and modification times only), reads the files that are new
or changed since the last scan (every file when `full`), and writes them batch by batch,
each batch one transaction. Songs whose files vanished are deleted last, once every new
file has had its chance to turn out to be one of them moved; then the albums and artists
the scanner made that no song is left on. A folder that is missing, unreadable or empty
while the library holds scanned songs stops the scan before anything is written. Killed at
any point, a scan leaves the library consistent, and the next one finishes the work (what
was not written still differs from the files). Each album's cover is found last (covers.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from wax.music_files import MusicFile, UnreadableFile, read_music_file
from wax.resolvers.library_scan.catalogue import Catalogue
from wax.resolvers.library_scan.covers import refresh_covers
from wax.resolvers.library_scan.folder import FolderListing, FolderUnavailable, list_music_folder
from wax.resolvers.library_scan.known import KnownSong, Vanished, load_known_songs
from wax.resolvers.library_scan.progress import DONE, ScanProgress
from wax.resolvers.library_scan.writing import (
    FileChange,
    delete_emptied,
    delete_songs,
    write_changes,
)

Report = Callable[[ScanProgress], Awaitable[None]]

# files read (in a thread) and written (in one transaction) together
BATCH = 100
NOTHING_DELETED = "Nothing was deleted."


@dataclass(frozen=True)
class ScanOutcome:
    progress: ScanProgress  # the final counts and errors, status done
    # the folder was missing, unreadable or empty while the library held scanned songs:
    # nothing was deleted, and progress.errors says why, naming the folder
    aborted: bool = False


@dataclass(frozen=True)
class ScanPlan:
    unchanged: int
    to_read: list[str]  # paths, known ones first
    vanished: list[KnownSong]


def plan_scan(listing: FolderListing, known: dict[str, KnownSong], *, full: bool) -> ScanPlan:
    unchanged = 0
    changed: list[str] = []
    new: list[str] = []
    for path, facts in listing.files.items():
        song = known.get(path)
        if song is None:
            new.append(path)
        elif full or (song.size, song.mtime_ns) != (facts.size, facts.mtime_ns):
            changed.append(path)
        else:
            unchanged += 1
    vanished = [
        song for path, song in known.items() if path not in listing.files and listing.covers(path)
    ]
    return ScanPlan(unchanged, changed + new, vanished)


async def scan_music_folder(music_dir: Path, *, full: bool, report: Report) -> ScanOutcome:
    """Bring the library in step with the files under `music_dir`."""
    known = await load_known_songs()
    try:
        listing = await asyncio.to_thread(list_music_folder, music_dir)
    except FolderUnavailable as exc:
        return await _abort(report, f"{exc} {NOTHING_DELETED}")
    if not listing.files and known:
        return await _abort(
            report,
            f"The music folder {music_dir} holds no audio file, but the library holds"
            f" {len(known)} scanned songs: is the folder mounted? {NOTHING_DELETED}",
        )
    plan = plan_scan(listing, known, full=full)
    progress = ScanProgress(total_files=len(listing.files), scanned_files=plan.unchanged)
    for error in listing.errors:
        progress = progress.with_error(error)
    await report(progress)

    vanished = Vanished(plan.vanished)
    catalogue: Catalogue | None = None
    read: dict[str, bool] = {}  # the files read, and whether each embeds a picture
    for paths in _batches(plan.to_read):
        files = await asyncio.to_thread(_read_files, music_dir, paths)
        changes: list[FileChange] = []
        for path, file in zip(paths, files, strict=True):
            if isinstance(file, UnreadableFile):
                progress = progress.with_error(f"{path}: {file.reason}")
                continue
            read[path] = file.has_picture
            song = known.get(path) or vanished.claim(path, file)
            changes.append(FileChange(path, file, song))
        if changes:
            catalogue = catalogue or await Catalogue.load()
            written = await write_changes(changes, catalogue)
            progress = replace(
                progress,
                new_songs=progress.new_songs + written.new,
                updated_songs=progress.updated_songs + written.updated,
            )
        progress = replace(progress, scanned_files=progress.scanned_files + len(paths))
        await report(progress)

    if len(vanished):
        removed = await delete_songs(vanished.remaining())
        progress = replace(progress, removed_songs=removed)
    await delete_emptied()
    await refresh_covers(music_dir, listing, read)
    progress = replace(progress, status=DONE)
    await report(progress)
    return ScanOutcome(progress)


async def _abort(report: Report, message: str) -> ScanOutcome:
    progress = ScanProgress(status=DONE).with_error(message)
    await report(progress)
    return ScanOutcome(progress, aborted=True)


def _batches(paths: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(paths), BATCH):
        yield list(paths[start : start + BATCH])


def _read_files(music_dir: Path, paths: Sequence[str]) -> list[MusicFile | UnreadableFile]:
    """Blocking: each file read, or why it could not be."""
    files: list[MusicFile | UnreadableFile] = []
    for path in paths:
        try:
            files.append(read_music_file(music_dir / path))
        except UnreadableFile as exc:
            files.append(exc)
    return files
