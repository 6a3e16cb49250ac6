"""The library entities' fields agree across the model, the write checks and both faces.

Their shapes are still written out per face (wax/schema/library.py, rest_compat/library_json.py,
rest_compat/openapi/library_shapes.py); this test fails when one of them misses a column, or
a write check does not fit the column it fills.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from tortoise import fields
from tortoise.models import Model

from wax import models
from wax.resolvers.library.fields import (
    ALBUM_FIELDS,
    ARTIST_FIELDS,
    PLAYLIST_FIELDS,
    SONG_FIELDS,
    Check,
    Integer,
    Reference,
    Seconds,
    Text,
)
from wax.rest_compat.openapi import document
from wax.schema import schema

ENTITIES: dict[type[Model], Mapping[str, Check]] = {
    models.Artist: ARTIST_FIELDS,
    models.Album: ALBUM_FIELDS,
    models.Song: SONG_FIELDS,
    models.Playlist: PLAYLIST_FIELDS,
}
# set by wax, never by clients
NOT_WRITTEN = {"id", "created_at", "updated_at", "user"}
# the library scanner's bookkeeping: read from files or kept to match them, shown on no face
SCANNER_BOOKKEEPING = {
    *(
        (models.Song, name)
        for name in (
            "track_total",
            "disc_total",
            "channels",
            "file_mtime_ns",
            "audio_digest",
            "musicbrainz_recording_id",
            "musicbrainz_track_id",
            "compilation",
        )
    ),
    *(
        (model, name)
        for model in (models.Album, models.Artist)
        for name in ("musicbrainz_id", "scanned")
    ),
    (models.Album, "cover_path"),  # shown as `cover`, a signed URL to the cover route
}
# shown on every face, written only by the scanner (a song's file facts)
SCANNER_WRITTEN = {
    (models.Song, name) for name in ("audio_format", "bitrate", "sample_rate", "size", "path")
}
# GraphQL lists only the viewer's own playlists, so a playlist does not name its owner
NOT_ON_GRAPHQL = {(models.Playlist, "user")}
# optional to clients though the column is not: wax fills it (a song takes its album's artist)
FILLED_IN = {(models.Song, "artist_id")}
COLUMN_OF_CHECK: dict[type, tuple[type, ...]] = {
    Text: (fields.CharField, fields.TextField),
    Integer: (fields.IntField,),
    Seconds: (fields.FloatField,),
    Reference: (fields.relational.ForeignKeyFieldInstance,),
}
IDS = [model.__name__ for model in ENTITIES]


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


def columns(model: type[Model]) -> dict[str, Any]:
    """The model's own columns, a foreign key by its relation's name."""
    return {
        name: column
        for name, column in model._meta.fields_map.items()
        if not isinstance(column, fields.relational.BackwardFKRelation | fields.ManyToManyRelation)
        and not name.endswith("_id")
    }


def graphql_fields(type_name: str) -> set[str]:
    result = schema.execute_sync(f'{{ __type(name: "{type_name}") {{ fields {{ name }} }} }}')
    assert result.errors is None
    assert result.data is not None
    return {field["name"] for field in result.data["__type"]["fields"]}


def rest_keys(name: str, column: Any) -> str:
    return f"{name}_id" if isinstance(column, fields.relational.ForeignKeyFieldInstance) else name


@pytest.mark.parametrize("model", ENTITIES, ids=IDS)
def test_every_column_shows_on_graphql_and_on_api_v1(model: type[Model]) -> None:
    shown = graphql_fields(model.__name__)
    documented = document()["components"]["schemas"][model.__name__]
    for name, column in columns(model).items():
        if (model, name) in SCANNER_BOOKKEEPING:
            assert rest_keys(name, column) not in documented["properties"], name
            assert camel(name) not in shown, name
            continue
        assert rest_keys(name, column) in documented["properties"], name
        assert rest_keys(name, column) in documented["required"], name
        if (model, name) not in NOT_ON_GRAPHQL:
            assert camel(name) in shown, name


@pytest.mark.parametrize("model", ENTITIES, ids=IDS)
def test_every_column_a_client_sets_has_a_write_check_that_fits_it(model: type[Model]) -> None:
    checks = ENTITIES[model]
    own = {
        rest_keys(n, c): c
        for n, c in columns(model).items()
        if n not in NOT_WRITTEN and (model, n) not in SCANNER_BOOKKEEPING | SCANNER_WRITTEN
    }
    assert set(checks) == set(own)
    for key, check in checks.items():
        column = own[key]
        assert isinstance(column, COLUMN_OF_CHECK[type(check)]), key
        if isinstance(check, Text | Reference) and (model, key) not in FILLED_IN:
            assert check.required == (not column.null), key
        if isinstance(check, Text) and isinstance(column, fields.CharField):
            assert check.max_length <= column.max_length, key


def test_the_file_facts_are_read_only_on_every_face() -> None:
    facts = {name for model, name in SCANNER_WRITTEN}
    documented = document()["components"]["schemas"]
    for shape in ("SongInput", "SongChanges"):
        assert not facts & set(documented[shape]["properties"]), shape
    for input_type in ("SongInput", "SongPatch"):
        result = schema.execute_sync(
            f'{{ __type(name: "{input_type}") {{ inputFields {{ name }} }} }}'
        )
        assert result.data is not None
        shown = {field["name"] for field in result.data["__type"]["inputFields"]}
        assert not {camel(name) for name in facts} & shown, input_type
