"""How many items each GraphQL list returns: its `first`, with a default and a maximum.

A list field declares its ListLimit in its metadata (`limited`), which the query cost
(wax/schema/cost.py) reads to count the rows the list could return; a connection's edges
(and searchDiscogs's results) are as many as the enclosing field's `first` (`PAGE`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError

from wax.resolvers.discogs_records import SEARCH_LIMIT
from wax.resolvers.jobs.records import MAX_RUNS_LISTED
from wax.resolvers.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE

LIMIT_KEY = "wax.list_limit"
PAGE_KEY = "wax.page"


@dataclass(frozen=True)
class ListLimit:
    default: int
    maximum: int

    @property
    def description(self) -> str:
        return f"How many to return, 1 to {self.maximum} (default {self.default})."

    def first(self, value: int | None) -> int:
        """How many to fetch; a GraphQL error (as for connections) outside 1..maximum."""
        count = self.default if value is None else value
        if not 1 <= count <= self.maximum:
            raise GraphQLError(
                f"first must be between 1 and {self.maximum}.",
                extensions={"code": "BAD_USER_INPUT", "field": "first"},
            )
        return count


# the top-level connections: songs, albums, artists, records
CONNECTION = ListLimit(DEFAULT_PER_PAGE, MAX_PER_PAGE)
# a list inside an object: Artist.albums, Album.songs, Playlist.songs (a long playlist
# must be readable whole; the query cost still bounds what one request may ask)
RELATED = ListLimit(50, 1000)
PLAYLISTS = ListLimit(100, 1000)
SYNC_RUNS = ListLimit(10, MAX_RUNS_LISTED)
SCAN_RUNS = ListLimit(10, MAX_RUNS_LISTED)
# searchDiscogs: Discogs is asked for this many, each then looked up
SEARCH_RESULTS = ListLimit(SEARCH_LIMIT, SEARCH_LIMIT)


def limited(limit: ListLimit) -> dict[str, Any]:
    """A list field's metadata: how many items it may return."""
    return {LIMIT_KEY: limit}


# a connection's edges, a search's results: as many as the enclosing field's first
PAGE: dict[str, Any] = {PAGE_KEY: True}
