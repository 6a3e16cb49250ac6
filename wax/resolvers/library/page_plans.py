"""What a client asked of a library listing, as plain data: which columns and relations go
under which response keys. The GraphQL face translates a selection into a ConnectionPlan;
wax.resolvers.library.json_pages answers it with JSON text the database builds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

# how a column's value is written in JSON; COVER: an album's cover (see cover_links.py)
ID, TEXT, INT, FLOAT, STAMP, COVER = "id", "text", "int", "float", "stamp", "cover"


@dataclass(frozen=True)
class Table:
    name: str
    columns: Mapping[str, str]  # column: its kind
    relations: Mapping[str, tuple[str, str]]  # relation: (table, foreign key column)


_STAMPS = {"created_at": STAMP, "updated_at": STAMP}
TABLES: Mapping[str, Table] = {
    "artists": Table("artists", {"id": ID, "name": TEXT, "image": TEXT, **_STAMPS}, {}),
    "albums": Table(
        "albums",
        {"id": ID, "name": TEXT, "year": INT, "cover": COVER, **_STAMPS},
        {"artist": ("artists", "artist_id")},
    ),
    "songs": Table(
        "songs",
        {
            "id": ID,
            "title": TEXT,
            "length": FLOAT,
            "track": INT,
            "disc": INT,
            "year": INT,
            "genre": TEXT,
            "audio_format": TEXT,
            "bitrate": INT,
            "sample_rate": INT,
            "size": INT,
            "path": TEXT,
            **_STAMPS,
        },
        {"album": ("albums", "album_id"), "artist": ("artists", "artist_id")},
    ),
}


@dataclass(frozen=True)
class Constant:
    """A value known beforehand (a __typename)."""

    key: str
    value: str


@dataclass(frozen=True)
class Column:
    key: str
    column: str
    seconds: bool = False  # a stamp to the whole second, as the REST contract writes them


@dataclass(frozen=True)
class Related:
    """A to-one relation: an object of the related row's fields."""

    key: str
    relation: str
    fields: tuple[NodeField, ...]


@dataclass(frozen=True)
class RelatedColumn:
    """A column of a to-one relation's row, beside the row's own (REST's `artist_name`)."""

    key: str
    relation: str
    column: str
    seconds: bool = False


NodeField = Column | Related | RelatedColumn | Constant


@dataclass(frozen=True)
class Node:
    key: str
    fields: tuple[NodeField, ...]


@dataclass(frozen=True)
class EdgeCursor:
    key: str


EdgeField = Node | EdgeCursor | Constant


@dataclass(frozen=True)
class Edges:
    key: str
    fields: tuple[EdgeField, ...]


@dataclass(frozen=True)
class TotalCount:
    key: str


@dataclass(frozen=True)
class HasNextPage:
    key: str


@dataclass(frozen=True)
class EndCursor:
    key: str


PageInfoField = HasNextPage | EndCursor | Constant


@dataclass(frozen=True)
class PageInfo:
    key: str
    fields: tuple[PageInfoField, ...]


ConnectionField = Edges | TotalCount | PageInfo | Constant


@dataclass(frozen=True)
class ConnectionPlan:
    table: str  # a key of TABLES, and the cursors' kind
    fields: tuple[ConnectionField, ...]

    # worked out once per plan: plans are cached and read on every request

    @cached_property
    def edges(self) -> list[Edges]:
        return [field for field in self.fields if isinstance(field, Edges)]

    @cached_property
    def page_infos(self) -> list[PageInfo]:
        return [field for field in self.fields if isinstance(field, PageInfo)]

    @cached_property
    def counts(self) -> bool:
        return any(isinstance(field, TotalCount) for field in self.fields)

    @cached_property
    def asks_next(self) -> bool:
        return any(
            isinstance(field, HasNextPage) for info in self.page_infos for field in info.fields
        )

    @cached_property
    def asks_cursors(self) -> bool:
        """Whether a cursor is handed out (an edge's, or endCursor)."""
        return any(
            isinstance(field, EndCursor) for info in self.page_infos for field in info.fields
        ) or any(isinstance(field, EdgeCursor) for edges in self.edges for field in edges.fields)

    @cached_property
    def nodes(self) -> list[Node]:
        """Every node selection, in order: each is one JSON column of the statement."""
        return [field for edges in self.edges for field in edges.fields if isinstance(field, Node)]
