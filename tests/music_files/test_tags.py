"""Every field read right from every format: tags as Picard writes them, fallbacks, odd values."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mutagen.flac import FLAC
from mutagen.id3 import ID3, TCON, TPE1, TRCK, TYER

from tests.music import make_song, retag
from tests.music_files.formats import KINDS, Kind, every_kind, kind_id
from wax.music_files import read_music_file

RECORDING = "a1b2c3d4-0000-4000-8000-000000000001"
RELEASE_TRACK = "a1b2c3d4-0000-4000-8000-000000000002"
ALBUM = "a1b2c3d4-0000-4000-8000-000000000003"
ARTIST = "a1b2c3d4-0000-4000-8000-000000000004"
ALBUM_ARTIST = "a1b2c3d4-0000-4000-8000-000000000005"
EVERY_TAG = {
    "title": "Blue Monday",
    "artist": "New Order",
    "album": "Power, Corruption & Lies",
    "album_artist": "New Order & Friends",
    "track": 3,
    "track_total": 12,
    "disc": 1,
    "disc_total": 2,
    "date": "1983-05-02",
    "genre": "Synth-pop",
    "compilation": True,
    "musicbrainz_recording_id": RECORDING,
    "musicbrainz_track_id": RELEASE_TRACK,
    "musicbrainz_album_id": ALBUM,
    "musicbrainz_artist_id": ARTIST,
    "musicbrainz_album_artist_id": ALBUM_ARTIST,
}


@every_kind
def test_every_tag_is_read_in_every_format(tmp_path: Path, kind: Kind) -> None:
    path = make_song(tmp_path, kind.name, **kind.options, **EVERY_TAG)

    song = read_music_file(path)

    assert (song.title, song.artist, song.album, song.album_artist) == (
        "Blue Monday",
        "New Order",
        "Power, Corruption & Lies",
        "New Order & Friends",
    )
    assert (song.track, song.track_total, song.disc, song.disc_total) == (3, 12, 1, 2)
    assert (song.year, song.genre, song.compilation) == (1983, "Synth-pop", True)
    assert (
        song.musicbrainz_recording_id,
        song.musicbrainz_track_id,
        song.musicbrainz_album_id,
        song.musicbrainz_artist_id,
        song.musicbrainz_album_artist_id,
    ) == (RECORDING, RELEASE_TRACK, ALBUM, ARTIST, ALBUM_ARTIST)
    assert song.audio_format == kind.audio_format


@every_kind
def test_a_file_without_tags_is_named_after_its_file_by_an_unknown_artist(
    tmp_path: Path, kind: Kind
) -> None:
    path = make_song(tmp_path, f"Some Folder/07 Night Drive.{kind.suffix}", **kind.options)

    song = read_music_file(path)

    assert (song.title, song.artist, song.album) == (
        "07 Night Drive",
        "Unknown Artist",
        "Unknown Album",
    )
    assert song.album_artist is None
    assert song.genre is None
    assert song.year is None
    assert (song.track, song.track_total, song.disc, song.disc_total) == (None,) * 4
    assert song.compilation is False
    assert song.musicbrainz_recording_id is None
    assert song.musicbrainz_album_id is None


@every_kind
def test_blank_tags_count_as_missing(tmp_path: Path, kind: Kind) -> None:
    path = make_song(tmp_path, f"Track.{kind.suffix}", **kind.options, title="  ", artist=" ")

    song = read_music_file(path)

    assert (song.title, song.artist) == ("Track", "Unknown Artist")


@every_kind
def test_text_is_stripped_and_cut_to_the_column_sizes(tmp_path: Path, kind: Kind) -> None:
    path = make_song(
        tmp_path,
        kind.name,
        **kind.options,
        title="  Intro  ",
        album="A" * 600,
        genre="G" * 300,
        musicbrainz_album_id="f" * 100,
    )

    song = read_music_file(path)

    assert song.title == "Intro"
    assert song.album == "A" * 512
    assert song.genre == "G" * 255
    assert song.musicbrainz_album_id == "f" * 64


@every_kind
def test_a_track_without_a_total_and_a_total_without_a_track_are_read_apart(
    tmp_path: Path, kind: Kind
) -> None:
    path = make_song(tmp_path, kind.name, **kind.options, track=5, disc_total=3)

    song = read_music_file(path)

    assert (song.track, song.track_total, song.disc, song.disc_total) == (5, None, None, 3)


@every_kind
def test_a_removed_tag_is_missing_after_a_retag(tmp_path: Path, kind: Kind) -> None:
    path = make_song(tmp_path, kind.name, **kind.options, **EVERY_TAG)

    retag(path, genre=None, compilation=False, musicbrainz_album_id=None)
    song = read_music_file(path)

    assert (song.genre, song.compilation, song.musicbrainz_album_id) == (None, False, None)
    assert song.title == "Blue Monday"


DATED = [kind for kind in KINDS if kind.options.get("id3_version") != 3]


@pytest.mark.parametrize("kind", DATED, ids=kind_id)
@pytest.mark.parametrize("date", ["2001", "2001-05", "2001-05-03", "2001-05-03T10:20:30"])
def test_the_year_is_read_from_a_date_in_every_format(
    tmp_path: Path, kind: Kind, date: str
) -> None:
    path = make_song(tmp_path, kind.name, **kind.options, date=date)

    assert read_music_file(path).year == 2001


def test_an_id3v2_3_date_is_written_as_tyer_and_read_back(tmp_path: Path) -> None:
    path = make_song(tmp_path, "old.mp3", id3_version=3, date="1999-12-31")

    frames = ID3(path, translate=False)  # as stored, not upgraded to v2.4 frames

    assert frames.version[:2] == (2, 3)
    assert str(frames["TYER"]) == "1999"
    assert read_music_file(path).year == 1999


def test_a_tyer_frame_of_an_id3v2_3_tag_gives_the_year(tmp_path: Path) -> None:
    path = make_song(tmp_path, "tyer.mp3")
    frames = ID3()
    frames.add(TYER(encoding=0, text=["1977"]))
    frames.save(path, v2_version=3)

    assert read_music_file(path).year == 1977


def test_a_vorbis_date_of_eight_digits_gives_the_year(tmp_path: Path) -> None:
    path = make_song(tmp_path, "compact.flac", date="20010503")

    assert read_music_file(path).year == 2001


@pytest.mark.parametrize("name", ["song.flac", "song.ogg", "song.opus"])
def test_a_vorbis_track_number_with_its_total_is_split(tmp_path: Path, name: str) -> None:
    path = make_song(tmp_path, name, track="3/12", disc="1/2")

    song = read_music_file(path)

    assert (song.track, song.track_total, song.disc, song.disc_total) == (3, 12, 1, 2)


def test_an_id3_track_number_with_a_leading_zero_and_its_total_is_split(tmp_path: Path) -> None:
    path = make_song(tmp_path, "song.mp3", track="03/12")

    song = read_music_file(path)

    assert (song.track, song.track_total) == (3, 12)


def test_vorbis_totals_under_their_other_names_are_read(tmp_path: Path) -> None:
    path = make_song(tmp_path, "song.flac", track=4)
    flac = FLAC(path)
    flac["TOTALTRACKS"] = ["9"]
    flac["TOTALDISCS"] = ["2"]
    flac["ALBUM ARTIST"] = ["Various Artists"]
    flac.save()

    song = read_music_file(path)

    assert (song.track, song.track_total, song.disc_total) == (4, 9, 2)
    assert song.album_artist == "Various Artists"


@pytest.mark.parametrize("kind", [KINDS[0], KINDS[2]], ids=kind_id)
def test_numbers_out_of_range_are_missing(tmp_path: Path, kind: Kind) -> None:
    path = make_song(tmp_path, kind.name, track="200000", disc="10001", date="12345")

    song = read_music_file(path)

    assert (song.track, song.disc, song.year) == (None, None, None)


def test_an_mp3_with_only_an_id3v1_tag_is_read(tmp_path: Path) -> None:
    path = make_song(
        tmp_path,
        "v1.mp3",
        id3v1_only=True,
        title="Old Song",
        artist="Old Band",
        album="Old Album",
        date="1994",
        track=7,
        genre="Rock",
    )
    assert path.read_bytes()[:3] != b"ID3"
    assert path.read_bytes()[-128:][:3] == b"TAG"

    song = read_music_file(path)

    assert (song.title, song.artist, song.album, song.year) == (
        "Old Song",
        "Old Band",
        "Old Album",
        1994,
    )
    assert (song.track, song.genre) == (7, "Rock")


def test_id3v2_3_and_id3v2_4_tags_read_the_same(tmp_path: Path) -> None:
    four = read_music_file(make_song(tmp_path, "four.mp3", id3_version=4, **EVERY_TAG))
    three = read_music_file(make_song(tmp_path, "three.mp3", id3_version=3, **EVERY_TAG))

    assert ID3(tmp_path / "three.mp3").version[:2] == (2, 3)
    assert ID3(tmp_path / "four.mp3").version[:2] == (2, 4)
    fields = ("title", "artist", "album", "album_artist", "track", "track_total", "year")
    assert [getattr(three, name) for name in fields] == [getattr(four, name) for name in fields]
    assert three.musicbrainz_recording_id == four.musicbrainz_recording_id == RECORDING


def test_a_numeric_id3_genre_is_named(tmp_path: Path) -> None:
    path = make_song(tmp_path, "song.mp3")
    frames = ID3()
    frames.add(TCON(encoding=0, text=["(17)"]))
    frames.add(TRCK(encoding=0, text=["2"]))
    frames.save(path)

    assert read_music_file(path).genre == "Rock"


def test_several_artists_of_one_tag_are_joined(tmp_path: Path) -> None:
    path = make_song(tmp_path, "duet.flac")
    flac = FLAC(path)
    flac["ARTIST"] = ["Simon", "Garfunkel"]
    flac.save()

    assert read_music_file(path).artist == "Simon; Garfunkel"


def test_the_content_decides_the_format_not_the_name(tmp_path: Path) -> None:
    path = make_song(tmp_path, "real.flac", title="Lossless")
    misnamed = path.rename(tmp_path / "misnamed.mp3")

    song = read_music_file(misnamed)

    assert (song.audio_format, song.title) == ("FLAC", "Lossless")


STREAM_FACTS = {  # sample rate, channels as mutagen reports them for the fixtures
    "MP3": (8000, 1),
    "FLAC": (8000, 1),
    "OGG": (8000, 1),
    "OPUS": (48000, 1),  # Opus always decodes at 48 kHz
    "WAV": (8000, 1),
    "AIFF": (8000, 1),
}


@every_kind
def test_the_stream_facts_are_read_in_every_format(tmp_path: Path, kind: Kind) -> None:
    path = make_song(tmp_path, kind.name, **kind.options)

    song = read_music_file(path)

    # 0.3 s of audio; MP3 (no Xing header: estimated) and AAC (encoder delay) read longer
    assert song.length is not None
    assert 0.29 <= song.length <= 0.55
    assert song.bitrate is not None
    assert 5 <= song.bitrate <= 200
    if kind.audio_format in STREAM_FACTS:
        assert (song.sample_rate, song.channels) == STREAM_FACTS[kind.audio_format]
    else:  # M4A: mono AAC may hide Parametric Stereo, so mutagen falls back to the sample
        # entry's channel count, which ffmpeg writes as 2 (ALAC says 1, tested below)
        assert song.sample_rate == 8000
        assert song.channels in (1, 2)


def test_alac_and_aac_are_both_m4a_with_their_own_bitrates(tmp_path: Path) -> None:
    aac = read_music_file(make_song(tmp_path, "aac.m4a"))
    alac = read_music_file(make_song(tmp_path, "alac.m4a", codec="alac"))

    assert aac.audio_format == alac.audio_format == "M4A"
    assert alac.channels == 1
    assert alac.bitrate == 128  # 8000 Hz x 16 bits, lossless
    assert aac.bitrate is not None
    assert aac.bitrate < 32


def test_size_and_mtime_are_those_of_the_file_as_read(tmp_path: Path) -> None:
    path = make_song(tmp_path, "song.ogg", title="Now")
    os.utime(path, ns=(1_600_000_000_123_456_789, 1_600_000_000_123_456_789))

    song = read_music_file(path)

    assert song.size == path.stat().st_size
    assert song.mtime_ns == 1_600_000_000_123_456_789


@every_kind
def test_text_beyond_ascii_is_read_as_written(tmp_path: Path, kind: Kind) -> None:
    path = make_song(
        tmp_path, kind.name, **kind.options, title="Jóga ♫ 夜", artist="Björk", album="Homogénic"
    )

    song = read_music_file(path)

    assert (song.title, song.artist, song.album) == ("Jóga ♫ 夜", "Björk", "Homogénic")


def test_a_file_name_that_is_not_utf8_gives_a_readable_title(tmp_path: Path) -> None:
    path = tmp_path / os.fsdecode(b"caf\xe9.flac")  # Latin-1 bytes, as old copies have
    make_song(tmp_path, "source.flac").rename(path)

    assert read_music_file(path).title == "caf\ufffd"


def test_several_artists_of_an_id3v2_4_frame_are_joined(tmp_path: Path) -> None:
    path = make_song(tmp_path, "duet.mp3")
    frames = ID3()
    frames.add(TPE1(encoding=3, text=["Simon", "Garfunkel"]))
    frames.save(path, v2_version=4)

    assert read_music_file(path).artist == "Simon; Garfunkel"
