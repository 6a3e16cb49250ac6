"""Writing tags with mutagen, per tag family, for tests/music.py. A value of None removes the tag.

The names of tests/music.py's keyword arguments are mapped here to each format's tags as
MusicBrainz Picard writes them, so the reader is tested against the spelling found in the wild.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import mutagen.id3
from mutagen.aiff import AIFF
from mutagen.flac import FLAC, Picture
from mutagen.id3 import APIC, ID3, TXXX, UFID, ID3NoHeaderError
from mutagen.mp4 import MP4, MP4Cover, MP4FreeForm
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

TAG_NAMES = frozenset(
    {
        "title",
        "artist",
        "album",
        "album_artist",
        "track",
        "track_total",
        "disc",
        "disc_total",
        "date",
        "genre",
        "compilation",
        "musicbrainz_recording_id",
        "musicbrainz_track_id",
        "musicbrainz_album_id",
        "musicbrainz_artist_id",
        "musicbrainz_album_artist_id",
    }
)
MUSICBRAINZ_TXXX = {  # Picard's TXXX descriptions and MP4 freeform names
    "musicbrainz_track_id": "MusicBrainz Release Track Id",
    "musicbrainz_album_id": "MusicBrainz Album Id",
    "musicbrainz_artist_id": "MusicBrainz Artist Id",
    "musicbrainz_album_artist_id": "MusicBrainz Album Artist Id",
}
MUSICBRAINZ_RECORDING = "MusicBrainz Track Id"
UFID_OWNER = "http://musicbrainz.org"
ID3_TEXT = {
    "title": "TIT2",
    "artist": "TPE1",
    "album": "TALB",
    "album_artist": "TPE2",
    "genre": "TCON",
    "date": "TDRC",
}
VORBIS = {
    "title": "TITLE",
    "artist": "ARTIST",
    "album": "ALBUM",
    "album_artist": "ALBUMARTIST",
    "track": "TRACKNUMBER",
    "track_total": "TRACKTOTAL",
    "disc": "DISCNUMBER",
    "disc_total": "DISCTOTAL",
    "date": "DATE",
    "genre": "GENRE",
    "musicbrainz_recording_id": "MUSICBRAINZ_TRACKID",
    "musicbrainz_track_id": "MUSICBRAINZ_RELEASETRACKID",
    "musicbrainz_album_id": "MUSICBRAINZ_ALBUMID",
    "musicbrainz_artist_id": "MUSICBRAINZ_ARTISTID",
    "musicbrainz_album_artist_id": "MUSICBRAINZ_ALBUMARTISTID",
}
MP4_TEXT = {
    "title": "\xa9nam",
    "artist": "\xa9ART",
    "album": "\xa9alb",
    "album_artist": "aART",
    "date": "\xa9day",
    "genre": "\xa9gen",
}
FREEFORM = "----:com.apple.iTunes:"
PNG = "image/png"
FRONT_COVER = 3


def check_names(tags: Mapping[str, object]) -> None:
    unknown = set(tags) - TAG_NAMES
    if unknown:
        raise TypeError(f"unknown tag names {sorted(unknown)}; known: {sorted(TAG_NAMES)}")


def write_tags(path: Path, tags: Mapping[str, Any], *, id3_version: int | None = None) -> None:
    """id3_version None keeps the version of the file's ID3 tag (4 for a new one)."""
    check_names(tags)
    suffix = path.suffix.lower()
    if suffix == ".mp3":
        id3 = _mp3_id3(path)
        _apply_id3(id3, tags)
        id3.save(path, v1=1, v2_version=_prepare(id3, id3_version))
    elif suffix in {".wav", ".aif", ".aiff"}:
        riff = WAVE(path) if suffix == ".wav" else AIFF(path)
        if riff.tags is None:
            riff.add_tags()
        assert riff.tags is not None
        _apply_id3(riff.tags, tags)
        riff.save(v2_version=_prepare(riff.tags, id3_version))
    elif suffix == ".m4a":
        mp4 = MP4(path)
        if mp4.tags is None:
            mp4.add_tags()
        _apply_mp4(mp4.tags, tags)
        mp4.save()
    else:
        vorbis = _vorbis_file(path)
        if vorbis.tags is None:
            vorbis.add_tags()
        _apply_vorbis(vorbis.tags, tags)
        vorbis.save()


def write_id3v1_only(path: Path, tags: Mapping[str, Any]) -> None:
    """An MP3 with an ID3v1 tag and no ID3v2 (title, artist, album, year, track, genre)."""
    check_names(tags)
    id3 = ID3()
    _apply_id3(id3, tags)
    id3.save(path, v1=2)
    mutagen.id3.delete(path, delete_v1=False, delete_v2=True)


def embed_picture(path: Path, data: bytes) -> None:
    suffix = path.suffix.lower()
    if suffix in {".mp3", ".wav", ".aif", ".aiff"}:
        tagged = _id3_file(path)
        if tagged.tags is None:
            tagged.add_tags()
        tagged.tags.add(APIC(encoding=3, mime=PNG, type=FRONT_COVER, desc="cover", data=data))
        tagged.save(v2_version=_prepare(tagged.tags, None))
    elif suffix == ".m4a":
        mp4 = MP4(path)
        if mp4.tags is None:
            mp4.add_tags()
        assert mp4.tags is not None
        mp4.tags["covr"] = [MP4Cover(data, imageformat=MP4Cover.FORMAT_PNG)]
        mp4.save()
    else:
        picture = Picture()
        picture.type, picture.mime, picture.data = FRONT_COVER, PNG, data
        vorbis = _vorbis_file(path)
        if isinstance(vorbis, FLAC):
            vorbis.add_picture(picture)
        else:
            if vorbis.tags is None:
                vorbis.add_tags()
            vorbis.tags["METADATA_BLOCK_PICTURE"] = [base64.b64encode(picture.write()).decode()]
        vorbis.save()


def _prepare(id3: ID3, version: int | None) -> int:
    """The minor version to save with (None: 3 for a v2.3 tag read from the file, else 4),
    the frames converted for v2.3 as mutagen asks (TDRC to TYER and TDAT, ...)."""
    minor = version or (3 if id3.version[:2] == (2, 3) else 4)
    if minor == 3:
        id3.update_to_v23()
    return minor


def _mp3_id3(path: Path) -> ID3:
    try:
        return ID3(path)
    except ID3NoHeaderError:
        return ID3()


def _id3_file(path: Path) -> Any:
    suffix = path.suffix.lower()
    if suffix == ".mp3":
        return mutagen.File(path)
    return WAVE(path) if suffix == ".wav" else AIFF(path)


def _vorbis_file(path: Path) -> Any:
    suffix = path.suffix.lower()
    if suffix == ".flac":
        return FLAC(path)
    return OggOpus(path) if suffix == ".opus" else OggVorbis(path)


def _apply_id3(id3: ID3, tags: Mapping[str, Any]) -> None:
    for name, frame_id in ID3_TEXT.items():
        if name in tags:
            _set_id3(id3, frame_id, tags[name])
    if "compilation" in tags:
        _set_id3(id3, "TCMP", "1" if tags["compilation"] else None)
    for number, total, frame_id in (
        ("track", "track_total", "TRCK"),
        ("disc", "disc_total", "TPOS"),
    ):
        if number in tags or total in tags:
            old_number, _, old_total = str(
                id3[frame_id].text[0] if frame_id in id3 else ""
            ).partition("/")
            _set_id3(id3, frame_id, _pair(tags.get(number, old_number), tags.get(total, old_total)))
    if "musicbrainz_recording_id" in tags:
        id3.delall(f"UFID:{UFID_OWNER}")
        if tags["musicbrainz_recording_id"] is not None:
            id3.add(UFID(owner=UFID_OWNER, data=tags["musicbrainz_recording_id"].encode()))
    for name, description in MUSICBRAINZ_TXXX.items():
        if name in tags:
            id3.delall(f"TXXX:{description}")
            if tags[name] is not None:
                id3.add(TXXX(encoding=3, desc=description, text=[tags[name]]))


def _set_id3(id3: ID3, frame_id: str, value: object) -> None:
    id3.delall(frame_id)
    if value is not None and value != "":
        id3.add(getattr(mutagen.id3, frame_id)(encoding=3, text=[str(value)]))


def _pair(number: object, total: object) -> str | None:
    """ID3's "n/m" from its parts; a str number is written as it is ("03/12")."""
    if isinstance(number, str) and "/" in number:
        return number
    number_text = "" if number is None else str(number)
    total_text = "" if total is None else str(total)
    if not number_text and not total_text:
        return None
    return f"{number_text}/{total_text}" if total_text else number_text


def _apply_vorbis(comments: Any, tags: Mapping[str, Any]) -> None:
    for name, key in VORBIS.items():
        if name in tags:
            _set_vorbis(comments, key, tags[name])
    if "compilation" in tags:
        _set_vorbis(comments, "COMPILATION", "1" if tags["compilation"] else None)


def _set_vorbis(comments: Any, key: str, value: object) -> None:
    if key in comments:
        del comments[key]
    if value is not None:
        comments[key] = [str(value)]


def _apply_mp4(atoms: Any, tags: Mapping[str, Any]) -> None:
    for name, key in MP4_TEXT.items():
        if name in tags:
            _set_mp4(atoms, key, None if tags[name] is None else [str(tags[name])])
    if "compilation" in tags:
        _set_mp4(atoms, "cpil", True if tags["compilation"] else None)
    for number, total, key in (("track", "track_total", "trkn"), ("disc", "disc_total", "disk")):
        if number in tags or total in tags:
            old_number, old_total = (atoms.get(key) or [(0, 0)])[0]
            new = (tags.get(number, old_number) or 0, tags.get(total, old_total) or 0)
            _set_mp4(atoms, key, [(int(new[0]), int(new[1]))] if any(new) else None)
    names = {"musicbrainz_recording_id": MUSICBRAINZ_RECORDING, **MUSICBRAINZ_TXXX}
    for name, freeform in names.items():
        if name in tags:
            value = tags[name]
            _set_mp4(
                atoms, FREEFORM + freeform, None if value is None else [MP4FreeForm(value.encode())]
            )


def _set_mp4(atoms: Any, key: str, value: object) -> None:
    if key in atoms:
        del atoms[key]
    if value is not None:
        atoms[key] = value
