"""format and bitrate: checked once, the same for REST and GraphQL."""

from __future__ import annotations

import pytest

from wax.errors import InvalidInput
from wax.resolvers.media.formats import TRANSCODES, StreamChoice, content_type, stream_choice


def test_the_original_is_the_default_and_transcodes_default_to_256_kbps() -> None:
    assert stream_choice(None, None) == StreamChoice()
    assert stream_choice("", "") == StreamChoice()
    assert stream_choice("ORIGINAL", None) == StreamChoice()
    assert stream_choice("mp3", None) == StreamChoice(TRANSCODES["mp3"], 256)
    assert stream_choice("opus", "64") == StreamChoice(TRANSCODES["opus"], 64)
    assert stream_choice("aac", 320) == StreamChoice(TRANSCODES["aac"], 320)
    assert stream_choice("original", "128") == StreamChoice()  # the file's own bitrate


@pytest.mark.parametrize(
    ("format_name", "bitrate", "field"),
    [
        ("wma", None, "format"),
        ("../../etc/passwd", None, "format"),
        ("mp3", "63", "bitrate"),
        ("mp3", "321", "bitrate"),
        ("mp3", "fast", "bitrate"),
        ("mp3", "128.5", "bitrate"),
        ("original", "999", "bitrate"),
    ],
)
def test_a_format_or_bitrate_wax_does_not_make_is_refused_naming_the_field(
    format_name: str | None, bitrate: str | None, field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        stream_choice(format_name, bitrate)
    assert caught.value.field == field


def test_the_choice_is_spelled_as_the_query_parameters_that_ask_for_it() -> None:
    assert StreamChoice().as_params() == {}
    assert stream_choice("mp3", "128").as_params() == {"format": "mp3", "bitrate": "128"}


@pytest.mark.parametrize(
    ("audio_format", "expected"),
    [
        ("MP3", "audio/mpeg"),
        ("FLAC", "audio/flac"),
        ("OGG", "audio/ogg"),
        ("OPUS", "audio/ogg; codecs=opus"),
        ("M4A", "audio/mp4"),
        ("WAV", "audio/wav"),
        ("AIFF", "audio/aiff"),
        (None, "application/octet-stream"),
    ],
)
def test_each_format_has_its_content_type(audio_format: str | None, expected: str) -> None:
    assert content_type(audio_format) == expected
