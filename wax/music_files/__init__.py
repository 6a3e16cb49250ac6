"""Reading music files with mutagen: tags, stream facts and a digest of the audio.

A library of its own, like wax.discogs: no database, no web framework, plain values in and
out; read_music_file is blocking (callers run it in a thread).
"""

from .errors import UnreadableFile
from .music_file import MusicFile
from .names import AUDIO_EXTENSIONS, cover_image_rank, is_music_file_name
from .pictures import Picture, embeds_picture, image_type, read_picture
from .reader import read_music_file

__all__ = [
    "AUDIO_EXTENSIONS",
    "MusicFile",
    "Picture",
    "UnreadableFile",
    "cover_image_rank",
    "embeds_picture",
    "image_type",
    "is_music_file_name",
    "read_music_file",
    "read_picture",
]
