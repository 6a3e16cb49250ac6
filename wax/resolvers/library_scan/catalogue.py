"""The artists and albums the scanner files songs under, read once per scan.

An artist is its name (names_key: case, NFC and spaces aside). An album is its album artist
(the album artist tag; "Various Artists" for a compilation without one; else the track's
artist), its name, and its MusicBrainz album id when tagged: two albums of one name by two
artists stay apart, and a compilation stays one album whatever its tracks' artists. The
scanner makes what is missing (marked scanned) inside the writing transaction; a transaction
that rolls back takes its new rows with it, and `discard` forgets them here too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from wax.models import Album, Artist
from wax.music_files import MusicFile
from wax.resolvers.library_scan.names import VARIOUS_ARTISTS, name_key


@dataclass
class KnownAlbum:
    id: uuid.UUID
    musicbrainz_id: str | None
    year: int | None


@dataclass
class Changes:
    """What a batch changed besides its songs, for the rows that show it."""

    albums: set[uuid.UUID] = field(default_factory=set)
    artists: set[uuid.UUID] = field(default_factory=set)


class Catalogue:
    def __init__(self) -> None:
        self.artists: dict[str, uuid.UUID] = {}
        self.albums: dict[tuple[uuid.UUID, str], list[KnownAlbum]] = {}
        self._made_artists: list[str] = []
        self._made_albums: list[tuple[tuple[uuid.UUID, str], KnownAlbum]] = []
        # albums whose release or year a batch filled in, with what they had before
        self._filled: list[tuple[KnownAlbum, str | None, int | None]] = []

    @classmethod
    async def load(cls) -> Catalogue:
        catalogue = cls()
        for artist_id, name in (
            await Artist.all().order_by("created_at", "id").values_list("id", "name")
        ):
            catalogue.artists.setdefault(name_key(name), uuid.UUID(str(artist_id)))
        rows = (
            await Album.all()
            .order_by("created_at", "id")
            .values_list("id", "artist_id", "name", "musicbrainz_id", "year")
        )
        for album_id, artist_id, name, musicbrainz_id, year in rows:
            key = (uuid.UUID(str(artist_id)), name_key(name))
            known = KnownAlbum(uuid.UUID(str(album_id)), musicbrainz_id, year)
            catalogue.albums.setdefault(key, []).append(known)
        return catalogue

    def commit(self) -> None:
        self._made_artists.clear()
        self._made_albums.clear()
        self._filled.clear()

    def discard(self) -> None:
        """Forget what the last transaction made: it rolled back."""
        for key in self._made_artists:
            self.artists.pop(key, None)
        for album_key, album in self._made_albums:
            self.albums[album_key].remove(album)
        for album, musicbrainz_id, year in self._filled:
            album.musicbrainz_id, album.year = musicbrainz_id, year
        self.commit()

    async def artist_id(self, name: str, musicbrainz_id: str | None) -> uuid.UUID:
        key = name_key(name)
        artist_id = self.artists.get(key)
        if artist_id is None:
            artist = await Artist.create(
                name=name.strip(), musicbrainz_id=musicbrainz_id, scanned=True
            )
            artist_id = self.artists[key] = artist.id
            self._made_artists.append(key)
        return artist_id

    async def album_id(self, file: MusicFile, changes: Changes) -> uuid.UUID:
        if file.album_artist:
            artist = await self.artist_id(file.album_artist, file.musicbrainz_album_artist_id)
        elif file.compilation:
            artist = await self.artist_id(VARIOUS_ARTISTS, None)
        else:
            artist = await self.artist_id(file.artist, file.musicbrainz_artist_id)
        key = (artist, name_key(file.album))
        albums = self.albums.setdefault(key, [])
        album = self._pick(albums, file.musicbrainz_album_id)
        if album is None:
            made = await Album.create(
                name=file.album.strip(),
                artist_id=artist,
                year=file.year,
                musicbrainz_id=file.musicbrainz_album_id,
                scanned=True,
            )
            album = KnownAlbum(made.id, file.musicbrainz_album_id, file.year)
            albums.append(album)
            self._made_albums.append((key, album))
            changes.artists.add(artist)  # its album count
            return album.id
        updates: dict[str, object] = {}
        before = (album, album.musicbrainz_id, album.year)
        if file.musicbrainz_album_id and album.musicbrainz_id is None:
            updates["musicbrainz_id"] = album.musicbrainz_id = file.musicbrainz_album_id
        if file.year is not None and album.year is None:
            updates["year"] = album.year = file.year
            changes.albums.add(album.id)
        if updates:
            self._filled.append(before)
            await Album.filter(id=album.id).update(**updates)
        return album.id

    @staticmethod
    def _pick(albums: list[KnownAlbum], musicbrainz_id: str | None) -> KnownAlbum | None:
        """The album of that release; else one not yet tied to a release; else, for a file
        naming no release, the first of that name."""
        if musicbrainz_id:
            for album in albums:
                if album.musicbrainz_id == musicbrainz_id:
                    return album
        for album in albums:
            if album.musicbrainz_id is None:
                return album
        if not musicbrainz_id and albums:
            return albums[0]
        return None
