"""Listing the music folder: every audio file with the size and modification time it has now,
and the cover images beside them (cover.*, folder.*, front.*: see wax.music_files.names).

Hidden files and folders are skipped, and so are names that are neither. A subfolder that
cannot be read is reported and remembered, so the songs under it are kept rather than deleted.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from wax.music_files import cover_image_rank, is_music_file_name

# PostgreSQL cannot index a longer key (songs.path is unique); no real library comes near it
MAX_PATH_BYTES = 2000


class FolderUnavailable(Exception):
    """The music folder itself is missing, not a folder, or cannot be read."""


@dataclass(frozen=True, slots=True)
class FileFacts:
    size: int
    mtime_ns: int


@dataclass
class FolderListing:
    # by path relative to the music folder, with / between parts
    files: dict[str, FileFacts] = field(default_factory=dict)
    # the cover images' paths, likewise
    images: list[str] = field(default_factory=list)
    # what could not be read: files by their path, folders by their path and a /
    unreadable: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def covers(self, path: str) -> bool:
        """Whether the listing can tell if `path` is still there (its folder was read)."""
        return not any(
            path == place or (place.endswith("/") and path.startswith(place))
            for place in self.unreadable
        )


def list_music_folder(music_dir: Path) -> FolderListing:
    """Blocking: walk `music_dir`, following links to folders but never in a loop."""
    try:
        root = os.stat(music_dir)
        if not stat.S_ISDIR(root.st_mode):
            raise FolderUnavailable(f"The music folder {music_dir} is not a folder.")
        with os.scandir(music_dir):
            pass
    except FileNotFoundError:
        raise FolderUnavailable(f"The music folder {music_dir} does not exist.") from None
    except OSError as exc:
        raise FolderUnavailable(
            f"The music folder {music_dir} cannot be read: {exc.strerror or exc}."
        ) from None
    listing = FolderListing()
    _walk(music_dir, "", listing, {(root.st_dev, root.st_ino)})
    return listing


def _walk(folder: Path, prefix: str, listing: FolderListing, seen: set[tuple[int, int]]) -> None:
    try:
        with os.scandir(folder) as entries:
            children = sorted(entries, key=lambda entry: entry.name)
    except OSError as exc:
        listing.unreadable.append(prefix)
        listing.errors.append(f"{prefix or '.'}: cannot read the folder ({exc.strerror or exc})")
        return
    for entry in children:
        name = entry.name
        if name.startswith("."):
            continue
        relative = prefix + name
        try:
            facts = entry.stat()  # follows links
        except FileNotFoundError:
            if not entry.is_symlink():
                continue  # gone since the folder was listed
            # a link to a folder or file not there now (an unmounted drive): keep its songs
            listing.unreadable.extend((relative, relative + "/"))
            listing.errors.append(f"{relative}: links to {_target(entry.path)}, which is missing")
            continue
        except OSError as exc:
            listing.unreadable.extend((relative, relative + "/"))
            listing.errors.append(f"{relative}: cannot be read ({exc.strerror or exc})")
            continue
        if stat.S_ISDIR(facts.st_mode):
            identity = (facts.st_dev, facts.st_ino)
            if identity not in seen:
                _walk(Path(entry.path), relative + "/", listing, seen | {identity})
        elif stat.S_ISREG(facts.st_mode):
            if is_music_file_name(name):
                problem = _unstorable(relative)
                if problem:
                    shown = relative.encode("utf-8", "replace").decode()
                    listing.errors.append(f"{shown}: {problem}")
                    continue
                listing.files[relative] = FileFacts(facts.st_size, facts.st_mtime_ns)
            elif cover_image_rank(name) is not None and _unstorable(relative) is None:
                listing.images.append(relative)


def _target(link: str) -> str:
    try:
        return os.readlink(link)
    except OSError:
        return "a place"


def _unstorable(relative: str) -> str | None:
    try:
        encoded = relative.encode("utf-8")
    except UnicodeEncodeError:
        return "skipped: its name is not valid UTF-8"
    if len(encoded) > MAX_PATH_BYTES:
        return f"skipped: its path is longer than {MAX_PATH_BYTES} bytes"
    return None
