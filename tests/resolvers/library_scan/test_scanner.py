"""The scanner against real files of every format, read back as clients see the library."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx

from tests.music import corrupt_file, make_song, retag
from tests.resolvers.library_scan.scanning import (
    Scans,
    deleted,
    listed,
    playlist_songs,
    playlist_with,
    songs_by_title,
)
from wax.models import Album, Artist, Playlist, Song

EVERY_FORMAT = {
    "mp3": "MP3",
    "flac": "FLAC",
    "ogg": "OGG",
    "opus": "OPUS",
    "m4a": "M4A",
    "wav": "WAV",
    "aiff": "AIFF",
}


async def test_a_first_scan_makes_a_song_of_every_format_with_its_tags_and_file_facts(
    music: Path, scans: Scans, admin_client: httpx.AsyncClient
) -> None:
    for n, extension in enumerate(EVERY_FORMAT, start=1):
        make_song(
            music,
            f"Radiohead/OK Computer/{n:02} {extension}.{extension}",
            audio=n,
            title=f"Track {extension}",
            artist="Radiohead",
            album="OK Computer",
            track=n,
            date="1997-05-21",
            genre="Rock",
        )
    outcome = await scans.clean()

    assert outcome.progress.new_songs == len(EVERY_FORMAT)
    assert outcome.progress.total_files == outcome.progress.scanned_files == len(EVERY_FORMAT)
    songs = await songs_by_title(admin_client)
    assert set(songs) == {f"Track {extension}" for extension in EVERY_FORMAT}
    for n, (extension, audio_format) in enumerate(EVERY_FORMAT.items(), start=1):
        song = await Song.get(title=f"Track {extension}")
        assert song.audio_format == audio_format
        assert song.path == f"Radiohead/OK Computer/{n:02} {extension}.{extension}"
        assert song.size == (music / song.path).stat().st_size
        assert (song.track, song.year, song.genre) == (n, 1997, "Rock")
        assert song.length is not None
        assert song.length > 0
        assert songs[song.title]["artist_name"] == "Radiohead"
        assert songs[song.title]["album_name"] == "OK Computer"
    assert (await Album.all().count(), await Artist.all().count()) == (1, 1)


async def test_files_without_tags_are_named_after_the_file_and_unknown_artist_and_album(
    music: Path, scans: Scans
) -> None:
    make_song(music, "loose/Field Recording.flac")
    await scans.clean()

    song = await Song.get().select_related("album", "artist")
    assert song.title == "Field Recording"
    assert song.artist.name == "Unknown Artist"
    assert song.album.name == "Unknown Album"


async def test_hidden_and_non_audio_files_are_ignored(music: Path, scans: Scans) -> None:
    make_song(music, "Album/01.mp3", title="Shown")
    make_song(music, "Album/.02.mp3", title="Hidden file", audio=2)
    make_song(music, ".hidden/03.mp3", title="Hidden folder", audio=3)
    (music / "Album" / "cover.jpg").write_bytes(b"\xff\xd8\xff not a song")
    (music / "Album" / "notes.txt").write_text("liner notes")
    outcome = await scans.clean()

    assert outcome.progress.total_files == 1
    assert [song.title for song in await Song.all()] == ["Shown"]


async def test_a_renamed_file_keeps_its_song_id_and_playlists_and_leaves_no_tombstone(
    music: Path, scans: Scans, admin_client: httpx.AsyncClient
) -> None:
    path = make_song(music, "Album/01 Intro.mp3", title="Intro", artist="Low", album="Things")
    await scans.clean()
    song_id = (await songs_by_title(admin_client))["Intro"]["id"]
    playlist = await playlist_with(admin_client, song_id)

    path.rename(music / "Album" / "01 - Intro (remaster).mp3")
    outcome = await scans.clean()

    assert outcome.progress.new_songs == outcome.progress.removed_songs == 0
    song = (await songs_by_title(admin_client))["Intro"]
    assert song["id"] == song_id
    assert (await Song.get(id=song_id)).path == "Album/01 - Intro (remaster).mp3"
    assert await playlist_songs(admin_client, playlist["id"]) == [song_id]
    assert (await deleted(admin_client))["songs"] == []


async def test_a_file_moved_to_another_folder_keeps_its_song_id_and_playlists(
    music: Path, scans: Scans, admin_client: httpx.AsyncClient
) -> None:
    path = make_song(music, "Inbox/track.flac", title="Halo", artist="Low", album="Double")
    await scans.clean()
    song_id = (await songs_by_title(admin_client))["Halo"]["id"]
    playlist = await playlist_with(admin_client, song_id)

    (music / "Low" / "Double").mkdir(parents=True)
    path.rename(music / "Low" / "Double" / "track.flac")
    (music / "Inbox").rmdir()
    await scans.clean()

    assert (await songs_by_title(admin_client))["Halo"]["id"] == song_id
    assert await playlist_songs(admin_client, playlist["id"]) == [song_id]
    assert (await deleted(admin_client))["songs"] == []


async def test_a_file_moved_and_retagged_between_two_scans_keeps_its_song_id(
    music: Path, scans: Scans, admin_client: httpx.AsyncClient
) -> None:
    path = make_song(music, "a/song.ogg", title="Untitled 3", artist="Sigur Ros", album="()")
    await scans.clean()
    song_id = (await songs_by_title(admin_client))["Untitled 3"]["id"]
    playlist = await playlist_with(admin_client, song_id)

    moved = music / "b" / "Samskeyti.ogg"
    moved.parent.mkdir()
    shutil.move(path, moved)
    retag(moved, title="Samskeyti", artist="Sigur Rós")
    outcome = await scans.clean()

    assert outcome.progress.updated_songs == 1
    assert outcome.progress.new_songs == outcome.progress.removed_songs == 0
    song = (await songs_by_title(admin_client))["Samskeyti"]
    assert song["id"] == song_id
    assert song["artist_name"] == "Sigur Rós"
    assert await playlist_songs(admin_client, playlist["id"]) == [song_id]
    assert (await deleted(admin_client))["songs"] == []


async def test_a_re_encoded_file_at_a_new_path_is_matched_by_its_musicbrainz_track_id(
    music: Path, scans: Scans, admin_client: httpx.AsyncClient
) -> None:
    track_id = "0b6d5c7e-3f9a-4a0e-9a55-2f4e2c9d1a11"
    old = make_song(music, "x/song.mp3", audio=1, title="Everything", musicbrainz_track_id=track_id)
    await scans.clean()
    song_id = (await songs_by_title(admin_client))["Everything"]["id"]

    old.unlink()  # replaced by a lossless copy: other audio bytes, same release track
    make_song(music, "x/song.flac", audio=5, title="Everything", musicbrainz_track_id=track_id)
    await scans.clean()

    song = await Song.get(id=song_id)
    assert (song.path, song.audio_format) == ("x/song.flac", "FLAC")
    assert (await deleted(admin_client))["songs"] == []


async def test_an_edit_that_keeps_the_modification_time_is_missed_by_a_quick_scan_and_found_by_a_full_one(  # noqa: E501
    music: Path, scans: Scans, admin_client: httpx.AsyncClient
) -> None:
    path = make_song(music, "x/01.flac", title="Teardrop", album="Mezzanine", artist="Massive")
    await scans.clean()
    song_id = (await songs_by_title(admin_client))["Teardrop"]["id"]
    size = path.stat().st_size

    retag(path, keep_mtime=True, artist="Massive Attack")
    assert path.stat().st_size == size  # written into the tags' padding, as editors do
    quick = await scans.clean()
    assert quick.progress.updated_songs == 0
    assert (await songs_by_title(admin_client))["Teardrop"]["artist_name"] == "Massive"

    full = await scans.clean(full=True)
    assert full.progress.updated_songs == 1
    song = (await songs_by_title(admin_client))["Teardrop"]
    assert (song["id"], song["artist_name"]) == (song_id, "Massive Attack")


async def test_a_missing_music_folder_deletes_nothing_and_the_error_names_it(
    music: Path, scans: Scans, admin_client: httpx.AsyncClient
) -> None:
    make_song(music, "a.mp3", title="Kept")
    await scans.clean()
    shutil.rmtree(music)  # an unmounted drive

    outcome = await scans.run()

    assert outcome.aborted
    assert str(music) in outcome.progress.errors[0]
    assert list(await songs_by_title(admin_client)) == ["Kept"]
    assert not any((await deleted(admin_client)).values())


async def test_an_empty_music_folder_deletes_nothing_while_the_library_holds_scanned_songs(
    music: Path, scans: Scans, admin_client: httpx.AsyncClient
) -> None:
    path = make_song(music, "disk/a.mp3", title="Kept")
    await scans.clean()
    path.unlink()  # the mount point is left, empty

    outcome = await scans.run()

    assert outcome.aborted
    assert str(music) in outcome.progress.errors[0]
    assert "Nothing was deleted" in outcome.progress.errors[0]
    assert list(await songs_by_title(admin_client)) == ["Kept"]


async def test_an_empty_folder_is_a_clean_scan_of_an_empty_library(scans: Scans) -> None:
    outcome = await scans.clean()
    assert outcome.progress.total_files == 0


async def test_a_deleted_file_deletes_its_song_album_and_artist_with_tombstones_and_leaves_playlists(  # noqa: E501
    music: Path, scans: Scans, admin_client: httpx.AsyncClient
) -> None:
    make_song(music, "keep.mp3", title="Kept", artist="A", album="One")
    gone = make_song(music, "gone.mp3", title="Gone", artist="B", album="Two", audio=2)
    await scans.clean()
    songs = await songs_by_title(admin_client)
    playlist = await playlist_with(admin_client, songs["Kept"]["id"], songs["Gone"]["id"])
    before = (await Playlist.get(id=playlist["id"])).updated_at

    gone.unlink()  # while wax was stopped: nothing watched it go
    outcome = await scans.clean()

    assert outcome.progress.removed_songs == 1
    tombstones = await deleted(admin_client)
    assert tombstones["songs"] == [songs["Gone"]["id"]]
    assert tombstones["albums"] == [songs["Gone"]["album_id"]]
    assert tombstones["artists"] == [songs["Gone"]["artist_id"]]
    assert await playlist_songs(admin_client, playlist["id"]) == [songs["Kept"]["id"]]
    assert (await Playlist.get(id=playlist["id"])).updated_at > before
    assert [artist["name"] for artist in await listed(admin_client, "artists")] == ["A"]


async def test_a_corrupt_file_is_reported_with_its_path_and_the_rest_are_scanned(
    music: Path, scans: Scans
) -> None:
    make_song(music, "good.flac", title="Good")
    bad = make_song(music, "bad.mp3", title="Bad", audio=2)
    corrupt_file(bad)

    outcome = await scans.run()

    assert not outcome.aborted
    assert [error.split(":")[0] for error in outcome.progress.errors] == ["bad.mp3"]
    assert [song.title for song in await Song.all()] == ["Good"]


async def test_a_known_file_gone_corrupt_keeps_its_song(
    music: Path, scans: Scans, admin_client: httpx.AsyncClient
) -> None:
    path = make_song(music, "a.mp3", title="Fragile")
    await scans.clean()
    corrupt_file(path)

    outcome = await scans.run()

    assert [error.split(":")[0] for error in outcome.progress.errors] == ["a.mp3"]
    assert list(await songs_by_title(admin_client)) == ["Fragile"]


async def test_a_linked_folder_whose_drive_is_unmounted_keeps_its_songs(
    music: Path, tmp_path: Path, scans: Scans, admin_client: httpx.AsyncClient
) -> None:
    drive = tmp_path / "nas"
    make_song(music, "local/a.mp3", title="Local")
    make_song(drive, "Album/b.mp3", title="On the drive", audio=2)
    (music / "nas").symlink_to(drive, target_is_directory=True)
    await scans.clean()
    assert set(await songs_by_title(admin_client)) == {"Local", "On the drive"}

    drive.rename(tmp_path / "unmounted")
    outcome = await scans.run()

    assert not outcome.aborted
    assert [error.split(":")[0] for error in outcome.progress.errors] == ["nas"]
    assert set(await songs_by_title(admin_client)) == {"Local", "On the drive"}
    assert (await deleted(admin_client))["songs"] == []


async def test_two_albums_of_one_name_by_two_artists_stay_apart(music: Path, scans: Scans) -> None:
    make_song(music, "a/1.mp3", title="A1", artist="Weezer", album="Greatest Hits", audio=1)
    make_song(music, "b/1.mp3", title="B1", artist="Queen", album="Greatest Hits", audio=2)
    await scans.clean()

    albums = await Album.filter(name="Greatest Hits").prefetch_related("artist")
    assert sorted(album.artist.name for album in albums) == ["Queen", "Weezer"]


async def test_a_compilation_stays_one_album_whatever_its_track_artists(
    music: Path, scans: Scans
) -> None:
    for n, artist in enumerate(("Nina Simone", "Otis Redding", "Aretha Franklin"), start=1):
        make_song(
            music,
            f"soul/{n}.mp3",
            audio=n,
            title=f"T{n}",
            artist=artist,
            album="Soul Classics",
            album_artist="Various Artists",
        )
    for n, artist in enumerate(("Björk", "Portishead"), start=4):
        make_song(
            music,
            f"trip/{n}.flac",
            audio=n,
            title=f"T{n}",
            artist=artist,
            album="Trip Hop",
            compilation=True,
        )
    await scans.clean()

    soul = await Album.get(name="Soul Classics").prefetch_related("artist", "songs")
    trip = await Album.get(name="Trip Hop").prefetch_related("artist", "songs")
    assert (soul.artist.name, len(soul.songs)) == ("Various Artists", 3)
    assert (trip.artist.name, len(trip.songs)) == ("Various Artists", 2)
    assert await Album.all().count() == 2
    track_artists = (
        await Artist.filter(songs__album_id=soul.id).distinct().values_list("name", flat=True)
    )
    assert sorted(track_artists) == ["Aretha Franklin", "Nina Simone", "Otis Redding"]


async def test_artist_names_match_whatever_their_case_spaces_and_unicode_form(
    music: Path, scans: Scans
) -> None:
    make_song(music, "1.mp3", audio=1, title="1", artist="Sigur Rós", album="Takk")  # NFC
    make_song(music, "2.mp3", audio=2, title="2", artist="sigur ro\u0301s ", album="takk")  # NFD
    make_song(music, "3.mp3", audio=3, title="3", artist="SIGUR RÓS", album="Takk ")
    await scans.clean()

    assert await Artist.all().count() == 1
    assert await Album.all().count() == 1


async def test_a_rescan_with_nothing_changed_changes_nothing_a_client_would_sync(
    music: Path, scans: Scans, admin_client: httpx.AsyncClient
) -> None:
    for n in range(3):
        make_song(music, f"{n}.mp3", audio=n, title=f"S{n}", artist="A", album="B")
    await scans.clean()
    status = (await admin_client.get("/api/v1/sync/status")).json()["data"]

    for full in (False, True):
        outcome = await scans.clean(full=full)
        assert (outcome.progress.new_songs, outcome.progress.updated_songs) == (0, 0)
        assert outcome.progress.removed_songs == 0
    assert (await admin_client.get("/api/v1/sync/status")).json()["data"] == status


async def test_songs_made_through_the_api_are_left_as_they_are(
    music: Path, scans: Scans, admin_client: httpx.AsyncClient
) -> None:
    artist = (await admin_client.post("/api/v1/artists", json={"name": "Hand Made"})).json()
    album = (
        await admin_client.post(
            "/api/v1/albums", json={"name": "Demo", "artist_id": artist["data"]["id"]}
        )
    ).json()["data"]
    made = await admin_client.post(
        "/api/v1/songs", json={"title": "Typed", "album_id": album["id"]}
    )
    assert made.status_code == 201
    make_song(music, "scanned.mp3", title="Scanned", artist="Hand Made", album="Demo")

    await scans.clean()
    await scans.clean(full=True)

    songs = await songs_by_title(admin_client)
    assert songs["Typed"]["id"] == made.json()["data"]["id"]
    assert songs["Scanned"]["album_id"] == album["id"]  # the files' album is the same album
    assert (await deleted(admin_client))["songs"] == []


async def test_a_scanned_change_reaches_the_sync_api_with_its_album_and_artist(
    music: Path, scans: Scans, admin_client: httpx.AsyncClient
) -> None:
    make_song(music, "a/1.mp3", title="One", artist="Low", album="Trust", audio=1)
    await scans.clean()
    album, artist = await Album.get(name="Trust"), await Artist.get(name="Low")
    watermark = (await admin_client.get("/api/v1/deleted", params={"since": "1970-01-01"})).json()[
        "meta"
    ]["queried_at"]

    make_song(music, "a/2.mp3", title="Two", artist="Low", album="Trust", audio=2)
    await scans.clean()

    updated = await listed(admin_client, "songs", updated_since=watermark)
    assert "Two" in {song["title"] for song in updated}
    # the album's and artist's song counts moved, so clients fetch them again too
    assert (await Album.get(id=album.id)).updated_at > album.updated_at
    assert (await Artist.get(id=artist.id)).updated_at > artist.updated_at
    assert album.name in {
        a["name"] for a in await listed(admin_client, "albums", updated_since=watermark)
    }
    albums = await listed(admin_client, "albums")
    assert [a["song_count"] for a in albums if a["id"] == str(album.id)] == [2]


async def test_an_album_keeps_its_id_while_it_keeps_songs(
    music: Path, scans: Scans, admin_client: httpx.AsyncClient
) -> None:
    make_song(music, "x/1.mp3", title="One", artist="Low", album="Trust", audio=1)
    two = make_song(music, "x/2.mp3", title="Two", artist="Low", album="Trust", audio=2)
    await scans.clean()
    album_id = (await songs_by_title(admin_client))["One"]["album_id"]

    retag(two, album="Trust (Bonus)")
    await scans.clean()

    songs = await songs_by_title(admin_client)
    assert songs["One"]["album_id"] == album_id
    assert songs["Two"]["album_id"] != album_id
    assert (await deleted(admin_client))["albums"] == []


async def test_two_releases_of_one_name_by_one_artist_stay_apart_by_their_musicbrainz_ids(
    music: Path, scans: Scans
) -> None:
    for n, release in enumerate(("8f0f2bd4-1111-4e0e-9c5c-000000000001",) * 2, start=1):
        make_song(
            music,
            f"1997/{n}.flac",
            audio=n,
            title=f"A{n}",
            artist="Low",
            album="Songs",
            musicbrainz_album_id=release,
        )
    make_song(
        music,
        "2005/1.flac",
        audio=3,
        title="B1",
        artist="Low",
        album="Songs",
        musicbrainz_album_id="8f0f2bd4-2222-4e0e-9c5c-000000000002",
    )
    await scans.clean()

    albums = await Album.filter(name="Songs").prefetch_related("songs")
    assert sorted(len(album.songs) for album in albums) == [1, 2]
    assert {album.musicbrainz_id for album in albums} == {
        "8f0f2bd4-1111-4e0e-9c5c-000000000001",
        "8f0f2bd4-2222-4e0e-9c5c-000000000002",
    }
