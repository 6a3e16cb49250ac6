"""The audio digest: the same whatever happens to the tags, different for different audio."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import mutagen.id3
from mutagen.apev2 import APEv2
from mutagen.mp4._atom import Atoms
from mutagen.ogg import OggPage

from tests.music import AUDIO_CONTENTS, add_picture, make_song, retag
from tests.music_files.formats import KINDS, Kind, every_kind
from wax.music_files import read_music_file
from wax.music_files.digest import SAMPLE, stream_digest

COVER = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 800  # 200 KB, larger than any fixture
LONG_TEXT = "A title long enough to outgrow the padding of the tags " * 100  # FLAC pads 8 KB


def digest(path: Path) -> str:
    return read_music_file(path).audio_digest


@every_kind
def test_every_audio_content_has_its_own_digest(tmp_path: Path, kind: Kind) -> None:
    paths = [
        make_song(tmp_path, f"{audio}/{kind.name}", audio=audio, **kind.options)
        for audio in range(AUDIO_CONTENTS)
    ]

    assert len({digest(path) for path in paths}) == AUDIO_CONTENTS


def test_hundreds_of_wav_and_aiff_contents_have_their_own_digests(tmp_path: Path) -> None:
    paths = [
        make_song(tmp_path, f"{audio}.{suffix}", audio=audio)
        for audio, suffix in itertools.product(range(300), ("wav", "aiff"))
    ]

    assert len({digest(path) for path in paths}) == 600


@every_kind
def test_the_digest_does_not_depend_on_the_tags(tmp_path: Path, kind: Kind) -> None:
    bare = make_song(tmp_path, f"bare/{kind.name}", audio=5, **kind.options)
    tagged = make_song(
        tmp_path, f"tagged/{kind.name}", audio=5, **kind.options, title="Song", artist="Band"
    )

    assert tagged.read_bytes() != bare.read_bytes()
    assert digest(tagged) == digest(bare)


@every_kind
def test_the_digest_stays_when_the_tags_grow_and_shrink(tmp_path: Path, kind: Kind) -> None:
    path = make_song(tmp_path, kind.name, audio=2, **kind.options, title="Short", genre="Pop")
    first, first_size = digest(path), path.stat().st_size

    retag(path, title=LONG_TEXT, album=LONG_TEXT)
    grown_size = path.stat().st_size
    after_growing = digest(path)
    retag(path, title="S", album=None, genre=None)
    after_shrinking = digest(path)

    assert grown_size > first_size
    assert after_growing == after_shrinking == first


@every_kind
def test_the_digest_stays_when_a_cover_is_embedded(tmp_path: Path, kind: Kind) -> None:
    path = make_song(tmp_path, kind.name, audio=4, **kind.options, title="Song")
    before, size_before = digest(path), path.stat().st_size

    add_picture(path, COVER)

    assert path.stat().st_size > size_before + len(COVER) // 2  # padding took some
    assert digest(path) == before


def test_adding_and_removing_an_id3v1_tag_keeps_the_mp3_digest(tmp_path: Path) -> None:
    path = make_song(tmp_path, "song.mp3", audio=1, title="Song")
    without = digest(path)

    mutagen.id3.ID3(path).save(path, v1=2)
    with_v1 = path.read_bytes()
    tagged = digest(path)
    mutagen.id3.delete(path, delete_v1=True, delete_v2=False)

    assert with_v1[-128:][:3] == b"TAG"
    assert path.read_bytes()[-128:][:3] != b"TAG"
    assert tagged == digest(path) == without


def test_a_replaygain_apev2_tag_keeps_the_mp3_digest(tmp_path: Path) -> None:
    path = make_song(tmp_path, "song.mp3", audio=2, title="Song")
    without = digest(path)

    ape = APEv2()
    ape["REPLAYGAIN_TRACK_GAIN"] = "-6.20 dB"
    ape.save(path)
    with_ape = digest(path)
    mutagen.id3.ID3(path).save(path, v1=2)  # and an ID3v1 tag after it

    assert b"APETAGEX" in path.read_bytes()[-300:]
    assert path.read_bytes()[-128:][:3] == b"TAG"
    assert with_ape == digest(path) == without


def test_an_mp3_with_only_id3v1_has_the_digest_of_the_same_audio_untagged(tmp_path: Path) -> None:
    old = make_song(tmp_path, "old.mp3", audio=6, id3v1_only=True, title="Old")
    bare = make_song(tmp_path, "bare.mp3", audio=6)

    assert digest(old) == digest(bare)


def page_sequences(path: Path) -> list[int]:
    with path.open("rb") as file:
        sequences = []
        while file.tell() < path.stat().st_size:
            sequences.append(OggPage(file).sequence)
        return sequences


def test_an_ogg_comment_edit_renumbers_the_pages_and_keeps_the_digest(tmp_path: Path) -> None:
    for name in ("song.ogg", "song.opus"):
        path = make_song(tmp_path, name, audio=3, title="Song")
        before, pages_before = digest(path), page_sequences(path)

        add_picture(path, COVER)  # the comment packet now spans many pages
        pages_after = page_sequences(path)

        assert pages_after[-1] > pages_before[-1] + 2, name
        assert digest(path) == before, name


def mdat_offset(path: Path) -> int:
    with path.open("rb") as file:
        return next(atom.offset for atom in Atoms(file).atoms if atom.name == b"mdat")


def test_an_m4a_whose_moov_grows_before_its_audio_keeps_the_digest(tmp_path: Path) -> None:
    for codec in ("aac", "alac"):
        path = make_song(tmp_path, f"{codec}.m4a", audio=7, codec=codec, title="Song")
        before, offset_before = digest(path), mdat_offset(path)

        add_picture(path, COVER)

        assert mdat_offset(path) > offset_before + len(COVER), codec
        assert digest(path) == before, codec


@every_kind
def test_a_retag_that_keeps_the_mtime_keeps_the_digest(tmp_path: Path, kind: Kind) -> None:
    path = make_song(tmp_path, kind.name, audio=0, **kind.options, title="Before")
    before, mtime = digest(path), path.stat().st_mtime_ns

    retag(path, keep_mtime=True, title="After, a little longer")

    song = read_music_file(path)
    assert (song.title, song.mtime_ns, song.audio_digest) == (
        "After, a little longer",
        mtime,
        before,
    )


def test_the_same_tone_as_aac_and_as_alac_has_two_digests(tmp_path: Path) -> None:
    aac = make_song(tmp_path, "aac.m4a", audio=0)
    alac = make_song(tmp_path, "alac.m4a", audio=0, codec="alac")

    assert digest(aac) != digest(alac)


def test_the_same_tone_in_two_formats_has_two_digests(tmp_path: Path) -> None:
    paths = [make_song(tmp_path, f"{index}/{kind.name}", audio=0, **kind.options)
             for index, kind in enumerate(KINDS)]  # fmt: skip
    distinct_streams = {  # an ID3 version changes the tag, not the stream
        (kind.audio_format, kind.options.get("codec")) for kind in KINDS
    }

    assert len({digest(path) for path in paths}) == len(distinct_streams)


class CountingFile(io.BytesIO):
    """A file that counts the bytes read from it."""

    read_bytes = 0

    def read(self, size: int | None = -1, /) -> bytes:
        data = super().read(size)
        self.read_bytes += len(data)
        return data


def test_a_long_stream_is_sampled_not_read_whole() -> None:
    stream = bytes(range(256)) * (50 * 1024 * 1024 // 256)  # 50 MB of "audio"
    file = CountingFile(stream)

    stream_digest(file, "WAV", (0, len(stream)))

    assert file.read_bytes == 3 * SAMPLE


def test_a_long_stream_differs_by_its_length_its_start_its_middle_and_its_end() -> None:
    stream = bytes(range(256)) * (4 * 1024 * 1024 // 256)
    middle = len(stream) // 2

    def of(data: bytes) -> str:
        return stream_digest(io.BytesIO(data), "WAV", (0, len(data)))

    variants = [
        stream,
        stream[:-256],
        b"\x01" + stream[1:],
        stream[:middle] + b"\x01" + stream[middle + 1 :],
        stream[:-1] + b"\x01",
    ]
    assert len({of(variant) for variant in variants}) == len(variants)


def test_a_stream_shorter_than_three_samples_is_read_whole() -> None:
    stream = bytes(range(256)) * (3 * SAMPLE // 256)
    changed_late = stream[:-1] + b"\x01"
    file = CountingFile(stream)

    same = stream_digest(file, "FLAC", (0, len(stream)))

    assert file.read_bytes == len(stream)
    assert same != stream_digest(io.BytesIO(changed_late), "FLAC", (0, len(stream)))


def riff_chunks(data: bytes) -> list[bytes]:
    chunks, position = [], 12
    while position < len(data):
        length = int.from_bytes(data[position + 4 : position + 8], "little")
        end = position + 8 + length + (length & 1)
        chunks.append(data[position:end])
        position = end
    return chunks


def test_a_wav_with_its_id3_chunk_before_the_samples_keeps_the_digest(tmp_path: Path) -> None:
    path = make_song(tmp_path, "song.wav", audio=9, title="Song", artist="Band")
    before = digest(path)
    chunks = riff_chunks(path.read_bytes())
    names = [chunk[:4] for chunk in chunks]
    assert names == [b"fmt ", b"data", b"id3 "]  # where mutagen puts it

    body = b"WAVE" + chunks[0] + chunks[2] + chunks[1]  # as other taggers do
    path.write_bytes(b"RIFF" + len(body).to_bytes(4, "little") + body)

    assert (read_music_file(path).title, digest(path)) == ("Song", before)
