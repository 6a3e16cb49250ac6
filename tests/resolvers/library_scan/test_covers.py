"""The scanner finds each album's cover: an image beside its songs, else a picture they embed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.images import JPEG, png
from tests.music import add_picture, make_song
from tests.resolvers.library_scan.scanning import Scans
from wax.models import Album, Song

ALBUM = "Artist/Album"


def song(music: Path, name: str, *, audio: int = 0, album: str = "Album") -> Path:
    return make_song(
        music, f"{ALBUM}/{name}", audio=audio, title=name, artist="Artist", album=album
    )


async def cover_of(name: str = "Album") -> tuple[str | None, datetime]:
    album = await Album.get(name=name)
    return album.cover_path or None, album.updated_at


async def test_a_picture_a_song_embeds_is_its_album_cover(music: Path, scans: Scans) -> None:
    song(music, "01.flac", audio=1)
    add_picture(song(music, "02.mp3", audio=2), png())
    song(music, "03.ogg", audio=3)
    await scans.clean()

    assert (await cover_of())[0] == f"{ALBUM}/02.mp3"


async def test_an_album_without_any_picture_has_no_cover(music: Path, scans: Scans) -> None:
    song(music, "01.flac")
    await scans.clean()

    assert (await cover_of())[0] is None


async def test_an_image_beside_the_songs_wins_over_an_embedded_picture(
    music: Path, scans: Scans
) -> None:
    add_picture(song(music, "01.flac"), png())
    (music / ALBUM / "Cover.JPG").write_bytes(JPEG)
    await scans.clean()

    assert (await cover_of())[0] == f"{ALBUM}/Cover.JPG"


@pytest.mark.parametrize(
    ("names", "chosen"),
    [
        (["front.png", "folder.webp", "cover.png"], "cover.png"),
        (["front.jpg", "folder.png"], "folder.png"),
        (["FRONT.jpeg"], "FRONT.jpeg"),
        (["cover.png", "cover.jpg"], "cover.jpg"),
    ],
)
async def test_cover_comes_before_folder_before_front(
    music: Path, scans: Scans, names: list[str], chosen: str
) -> None:
    song(music, "01.flac")
    for name in names:
        (music / ALBUM / name).write_bytes(png())
    (music / ALBUM / "back.jpg").write_bytes(JPEG)  # not a cover's name
    (music / ALBUM / "cover.gif").write_bytes(b"GIF89a")  # not a cover's type
    await scans.clean()

    assert (await cover_of())[0] == f"{ALBUM}/{chosen}"


async def test_an_image_added_later_is_found_and_moves_the_album(music: Path, scans: Scans) -> None:
    add_picture(song(music, "01.flac"), png())
    await scans.clean()
    before = await cover_of()
    assert before[0] == f"{ALBUM}/01.flac"

    (music / ALBUM / "cover.jpg").write_bytes(JPEG)
    outcome = await scans.clean()

    after = await cover_of()
    assert after[0] == f"{ALBUM}/cover.jpg"
    assert after[1] > before[1]
    assert (await Song.get(title="01.flac")).updated_at > before[1]  # it shows album_cover
    assert (outcome.progress.new_songs, outcome.progress.updated_songs) == (0, 0)


async def test_a_deleted_image_falls_back_to_the_embedded_picture_then_to_none(
    music: Path, scans: Scans
) -> None:
    first = song(music, "01.flac", audio=1)
    add_picture(first, png())
    song(music, "02.flac", audio=2)
    (music / ALBUM / "folder.png").write_bytes(png(4, 4))
    await scans.clean()
    assert (await cover_of())[0] == f"{ALBUM}/folder.png"

    (music / ALBUM / "folder.png").unlink()
    await scans.clean()
    embedded = await cover_of()
    assert embedded[0] == f"{ALBUM}/01.flac"

    song(music, "01.flac", audio=1)  # the file again, without its picture
    await scans.clean()
    none = await cover_of()
    assert none[0] is None
    assert none[1] > embedded[1]


async def test_the_cover_song_deleted_hands_the_cover_to_another_with_a_picture(
    music: Path, scans: Scans
) -> None:
    add_picture(song(music, "01.flac", audio=1), png())
    add_picture(song(music, "02.flac", audio=2), JPEG)
    await scans.clean()
    assert (await cover_of())[0] == f"{ALBUM}/01.flac"

    (music / ALBUM / "01.flac").unlink()
    await scans.clean()

    assert (await cover_of())[0] == f"{ALBUM}/02.flac"


async def test_an_unchanged_rescan_leaves_every_cover_and_album_as_it_was(
    music: Path, scans: Scans
) -> None:
    add_picture(song(music, "01.flac", audio=1), png())
    song(music, "02.flac", audio=2, album="Other")
    (music / ALBUM / "x").mkdir()
    await scans.clean()
    before = [await cover_of("Album"), await cover_of("Other")]

    await scans.clean()

    assert [await cover_of("Album"), await cover_of("Other")] == before


async def test_albums_never_looked_at_find_the_pictures_their_unchanged_songs_embed(
    music: Path, scans: Scans
) -> None:
    add_picture(song(music, "01.flac"), png())
    await scans.clean()
    await Album.all().update(cover_path=None)  # as scanned before covers were looked for

    await scans.clean()

    assert (await cover_of())[0] == f"{ALBUM}/01.flac"


async def test_songs_in_two_folders_take_the_image_of_either(music: Path, scans: Scans) -> None:
    make_song(music, "Artist/Album/CD1/01.flac", audio=1, artist="Artist", album="Album")
    make_song(music, "Artist/Album/CD2/01.flac", audio=2, artist="Artist", album="Album")
    (music / "Artist/Album/CD2/cover.png").write_bytes(png())
    await scans.clean()

    assert (await cover_of())[0] == "Artist/Album/CD2/cover.png"
