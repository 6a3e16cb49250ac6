"""The Record declaration (wax/resolvers/record_fields.py) agrees with the table it describes."""

from __future__ import annotations

import uuid
from datetime import datetime

from tortoise import fields

from wax.models import Record
from wax.resolvers.record_fields import RECORD_FIELDS, WRITABLE_FIELDS

COLUMNS = Record._meta.fields_map
KIND_OF_COLUMN: dict[type, type] = {
    fields.UUIDField: uuid.UUID,
    fields.DatetimeField: datetime,
    fields.CharField: str,
    fields.IntField: int,
    fields.BooleanField: bool,
    fields.JSONField: list,
}


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


def test_the_declaration_names_every_column_of_the_records_table_and_no_other() -> None:
    assert [field.name for field in RECORD_FIELDS] != []
    assert sorted(field.name for field in RECORD_FIELDS) == sorted(COLUMNS)


def test_each_declared_field_has_its_columns_kind_and_nullability() -> None:
    for field in RECORD_FIELDS:
        column = COLUMNS[field.name]
        assert (field.name, field.kind) == (field.name, KIND_OF_COLUMN[type(column)])
        assert (field.name, field.nullable) == (field.name, column.null)


def test_every_text_a_write_accepts_fits_its_column() -> None:
    for field in WRITABLE_FIELDS:
        column = COLUMNS[field.name]
        if isinstance(column, fields.CharField):
            assert field.max_length is not None, field.name
            assert field.max_length <= column.max_length, field.name


def test_a_write_must_give_exactly_the_columns_that_have_no_default() -> None:
    without_default = {
        field.name
        for field in WRITABLE_FIELDS
        if not COLUMNS[field.name].null and COLUMNS[field.name].default is None
    }
    assert {field.name for field in WRITABLE_FIELDS if field.required} == without_default


def test_the_camel_case_name_spells_the_snake_case_one() -> None:
    for field in RECORD_FIELDS:
        assert field.api_name == camel(field.name)
