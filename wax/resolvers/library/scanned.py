"""What the API may not change of entries read from the music folder: their files' tags are
the truth, so an edit through the API would be undone, or fought, by the next scan.

A scanned song (one with a `path`) keeps its tag fields and cannot be deleted; a scanned
album keeps its name, artist and year, a scanned artist its name, and neither is deleted
while the files hold them. What no tag says (an album's cover, an artist's image) stays
editable, and so does everything about entries made through the API. Sending a field's
current value changes nothing and is no conflict. Call with the row locked, before writing.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from wax.errors import Conflict
from wax.models import Album, Artist, Song

SONG_TAGS = ("title", "album_id", "artist_id", "length", "track", "disc", "year", "genre")
ALBUM_TAGS = ("name", "artist_id", "year")
ARTIST_TAGS = ("name",)
RESCAN = "rescan the music folder"


def _same(field: str, current: object, wanted: object) -> bool:
    if field.endswith("_id") and current is not None and wanted is not None:
        return uuid.UUID(str(current)) == uuid.UUID(str(wanted))
    return current == wanted


def _changed(item: object, values: Mapping[str, object], tags: tuple[str, ...]) -> list[str]:
    return [f for f in tags if f in values and not _same(f, getattr(item, f), values[f])]


def _listed(fields: list[str]) -> str:
    """ "title comes", "title and year come": the changed fields, as a message's subject."""
    names = [field.replace("_", " ") for field in fields]
    if len(names) == 1:
        return f"{names[0]} comes"
    return f"{', '.join(names[:-1])} and {names[-1]} come"


def _quoted(path: str) -> str:
    return f'"{path}"'


async def _a_file_of(**song_filters: object) -> str | None:
    """The first path (in order) of a scanned song matching the filters, if any."""
    paths = await (
        Song.filter(path__isnull=False, **song_filters).order_by("path").limit(1)
    ).values_list("path", flat=True)
    return str(paths[0]) if paths else None


def refuse_song_tag_changes(song: Song, values: Mapping[str, object]) -> None:
    if song.path is None:
        return
    changed = _changed(song, values, SONG_TAGS)
    if changed:
        raise Conflict(
            f"The song's {_listed(changed)} from the tags of its file {_quoted(song.path)}"
            f" in the music folder: edit the file's tags and {RESCAN}."
        )


def refuse_song_deletion(song: Song) -> None:
    if song.path is not None:
        raise Conflict(
            f"The song is read from the file {_quoted(song.path)} in the music folder:"
            f" remove the file and {RESCAN}."
        )


async def refuse_album_tag_changes(album: Album, values: Mapping[str, object]) -> None:
    changed = _changed(album, values, ALBUM_TAGS) if album.scanned else []
    if changed:
        found = await _a_file_of(album_id=album.id)
        raise Conflict(
            f"The album's {_listed(changed)} from the tags of its files in the music"
            f" folder{_such_as(found)}: edit the files' tags and {RESCAN}."
        )


async def refuse_album_deletion(album: Album) -> None:
    """A scanned album, or one holding scanned songs (deleting it would delete them)."""
    found = await _a_file_of(album_id=album.id)
    if album.scanned or found is not None:
        raise Conflict(
            f"The album is read from files in the music folder{_such_as(found)}:"
            f" remove its files and {RESCAN}."
        )


async def refuse_artist_tag_changes(artist: Artist, values: Mapping[str, object]) -> None:
    changed = _changed(artist, values, ARTIST_TAGS) if artist.scanned else []
    if changed:
        found = await _a_file_of(artist_id=artist.id) or await _a_file_of(
            album__artist_id=artist.id
        )
        raise Conflict(
            f"The artist's {_listed(changed)} from the tags of files in the music"
            f" folder{_such_as(found)}: edit the files' tags and {RESCAN}."
        )


async def refuse_artist_deletion(artist: Artist) -> None:
    """A scanned artist, or one with scanned songs or albums (deleting it deletes them)."""
    found = await _a_file_of(artist_id=artist.id) or await _a_file_of(album__artist_id=artist.id)
    if artist.scanned or found is not None or await Album.exists(artist_id=artist.id, scanned=True):
        raise Conflict(
            f"The artist is read from files in the music folder{_such_as(found)}:"
            f" remove its files and {RESCAN}."
        )


def _such_as(path: str | None) -> str:
    return f" (such as {_quoted(path)})" if path is not None else ""
