"""Pictures embedded in music files: told by read_music_file, read by read_picture."""

from __future__ import annotations

from pathlib import Path

import pytest
from mutagen.flac import FLAC
from mutagen.flac import Picture as FlacPicture
from mutagen.id3 import APIC, ID3

from tests.images import JPEG, png
from tests.music import add_picture, corrupt_file, make_song
from tests.music_files.formats import Kind, every_kind
from wax.music_files import UnreadableFile, image_type, read_music_file, read_picture


@every_kind
def test_an_embedded_picture_is_told_and_read_back_in_every_format(
    tmp_path: Path, kind: Kind
) -> None:
    path = make_song(tmp_path, kind.name, title="Song", **kind.options)
    add_picture(path, png(3, 2))

    assert read_music_file(path).has_picture
    picture = read_picture(path)
    assert picture is not None
    assert (picture.data, picture.mime) == (png(3, 2), "image/png")


@every_kind
def test_a_file_without_a_picture_says_so(tmp_path: Path, kind: Kind) -> None:
    path = make_song(tmp_path, kind.name, title="Song", **kind.options)

    assert not read_music_file(path).has_picture
    assert read_picture(path) is None


def test_the_type_is_told_by_the_bytes_when_the_tag_says_otherwise(tmp_path: Path) -> None:
    path = make_song(tmp_path, "song.flac", title="Song")
    add_picture(path, JPEG)  # the test helper declares every picture image/png

    picture = read_picture(path)
    assert picture is not None
    assert (picture.data, picture.mime) == (JPEG, "image/jpeg")


def test_the_front_cover_is_preferred_to_a_picture_before_it_in_an_id3_tag(
    tmp_path: Path,
) -> None:
    path = make_song(tmp_path, "song.mp3", title="Song")
    id3 = ID3(path)
    id3.add(APIC(encoding=3, mime="image/png", type=8, desc="artist", data=png(1, 1)))
    id3.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="front", data=JPEG))
    id3.save(path)

    picture = read_picture(path)
    assert picture is not None
    assert picture.data == JPEG


def test_a_flac_picture_that_is_not_the_front_cover_is_used_when_it_is_the_only_one(
    tmp_path: Path,
) -> None:
    path = make_song(tmp_path, "song.flac", title="Song")
    flac = FLAC(path)
    picture = FlacPicture()
    picture.type, picture.mime, picture.data = 4, "image/png", png(5, 5)
    flac.add_picture(picture)
    flac.save()

    assert read_music_file(path).has_picture
    found = read_picture(path)
    assert found is not None
    assert found.data == png(5, 5)


def test_a_file_that_is_not_music_is_unreadable(tmp_path: Path) -> None:
    path = make_song(tmp_path, "song.ogg", title="Song")
    corrupt_file(path)

    with pytest.raises(UnreadableFile):
        read_picture(path)
    with pytest.raises(UnreadableFile):
        read_picture(tmp_path / "missing.mp3")


@pytest.mark.parametrize(
    ("data", "declared", "mime"),
    [
        (png(), "", "image/png"),
        (JPEG, "image/png", "image/jpeg"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "", "image/webp"),
        (b"GIF89a...", "", "image/gif"),
        (b"\x00\x01 unknown", "image/jpg", "image/jpeg"),
        (b"\x00\x01 unknown", "image/x-icon", "image/x-icon"),
        (b"\x00\x01 unknown", "-->", "application/octet-stream"),
        (b"\x00\x01 unknown", "", "application/octet-stream"),
    ],
)
def test_an_image_type_comes_from_its_bytes_else_its_declared_type(
    data: bytes, declared: str, mime: str
) -> None:
    assert image_type(data, declared) == mime
