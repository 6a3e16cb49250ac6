"""Tortoise models, one module per aggregate, and the versioned migrations."""

from wax.models.library import Album, Artist, Playlist, PlaylistSong, Song
from wax.models.records import Record
from wax.models.scan_runs import ScanRun
from wax.models.server_secrets import ServerSecret
from wax.models.sync_runs import SyncRun
from wax.models.tombstones import DeletedItem
from wax.models.users import ApiToken, User

__all__ = [
    "Album",
    "ApiToken",
    "Artist",
    "DeletedItem",
    "Playlist",
    "PlaylistSong",
    "Record",
    "ScanRun",
    "ServerSecret",
    "Song",
    "SyncRun",
    "User",
]
