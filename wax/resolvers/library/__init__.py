"""The music library: artists, albums, songs and per-user playlists, and their sync listings."""
