"""Records: the vinyl collection's CRUD and its list, sorted and filtered as the original app did.

Field names in InvalidInput are the API's (camelCase), as both faces show them to clients.
Reads need any user; writes need an admin.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from wax.errors import Conflict, Forbidden, InvalidInput, NotFound
from wax.models import Record, User
from wax.models.records import DATA_SOURCE_MANUAL
from wax.resolvers.record_fields import MAX_DISCOGS_ID_DIGITS, WRITABLE_FIELDS, RecordField
from wax.resolvers.text import refuse_unstorable, shown
from wax.resolvers.tombstones import record_deletions

SORT_KEYS = ("artist", "title", "year", "createdAt")
SORT_DIRECTIONS = ("asc", "desc")

# the writable Record fields, by model name, with the API name clients use
FIELD_RULES: dict[str, RecordField] = {field.name: field for field in WRITABLE_FIELDS}
REQUIRED_FIELDS = tuple(field.name for field in WRITABLE_FIELDS if field.required)


def require_admin(user: User, action: str) -> None:
    if not user.is_admin:
        raise Forbidden(f"Only an admin may {action}.")


def parse_record_id(raw: object, field: str = "id") -> uuid.UUID:
    if isinstance(raw, uuid.UUID):
        return raw
    if isinstance(raw, str):
        try:
            return uuid.UUID(raw.strip())
        except ValueError:
            pass
    raise InvalidInput(f"{field} must be a record id (a UUID).", field=field)


def parse_discogs_id(raw: object, field: str = "discogsId") -> str:
    """A Discogs release id as Records store it: a string of digits."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # JSON does not tell 5.0 from 5
    text = str(raw).strip() if isinstance(raw, str | int) and not isinstance(raw, bool) else ""
    if not text.isdigit() or len(text) > MAX_DISCOGS_ID_DIGITS or int(text) < 1:
        raise InvalidInput(f"{field} must be a Discogs release id (a positive number).", field)
    return str(int(text))


def clean_fields(data: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
    """Validate and normalise Record fields given by model name; InvalidInput names the culprit."""
    cleaned: dict[str, Any] = {}
    for name, value in data.items():
        rule = FIELD_RULES.get(name)
        if rule is None:
            raise InvalidInput(f"{shown(name)} is not a record field.", field=shown(name))
        refuse_unstorable(rule.api_name, value)
        cleaned[name] = _clean_value(rule, value)
    if not partial:
        for name in REQUIRED_FIELDS:
            if cleaned.get(name) is None:
                api_name = FIELD_RULES[name].api_name
                raise InvalidInput(f"{api_name} is required.", field=api_name)
    return cleaned


def _clean_value(rule: RecordField, value: Any) -> Any:
    name = rule.api_name
    if rule.kind is str and isinstance(value, str):
        value = value.strip() or None
    if value is None:
        if not rule.nullable:
            raise InvalidInput(f"{name} cannot be empty.", field=name)
        return None
    if rule.kind is bool:
        if not isinstance(value, bool):
            raise InvalidInput(f"{name} must be true or false.", field=name)
        return value
    if rule.kind is int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # JSON does not tell 5.0 from 5
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(f"{name} must be a whole number.", field=name)
        if (rule.minimum is not None and value < rule.minimum) or (
            rule.maximum is not None and value > rule.maximum
        ):
            raise InvalidInput(
                f"{name} must be between {rule.minimum} and {rule.maximum}.", field=name
            )
        return value
    if rule.kind is list:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise InvalidInput(f"{name} must be a list of strings.", field=name)
        # the length as sent, as the OpenAPI document states it; stored trimmed
        if any(len(item) > (rule.max_length or 255) for item in value):
            raise InvalidInput(f"{name} has an entry that is too long.", field=name)
        return [item.strip() for item in value if item.strip()]
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be a string.", field=name)
    if rule.max_length is not None and len(value) > rule.max_length:
        raise InvalidInput(f"{name} is longer than {rule.max_length} characters.", field=name)
    if name == "discogsId":
        return parse_discogs_id(value)
    return value


async def get_record(user: User, record_id: object) -> Record:
    record = await find_record(user, record_id)
    if record is None:
        raise NotFound(f"No record with id {record_id}.")
    return record


async def find_record(user: User, record_id: object) -> Record | None:
    return await Record.get_or_none(id=parse_record_id(record_id))


async def list_records(
    user: User,
    *,
    sort_by: str | None = None,
    sort_dir: str | None = None,
    sizes: Iterable[str] = (),
    shaped: bool | None = None,
) -> list[Record]:
    """Every record; `sizes` keeps those of the given sizes, `shaped` those (not) shaped.

    Defaults as the original list: newest first; `desc` for createdAt and year, `asc` else.
    Sorting happens here, not in SQL, so SQLite and PostgreSQL agree on case and nulls.
    """
    key = sort_by or "createdAt"
    if key not in SORT_KEYS:
        raise InvalidInput(f"sortBy must be one of {', '.join(SORT_KEYS)}.", field="sortBy")
    direction = sort_dir or ("desc" if key in ("createdAt", "year") else "asc")
    if direction not in SORT_DIRECTIONS:
        raise InvalidInput("sortDir must be asc or desc.", field="sortDir")
    query = Record.all()
    wanted_sizes = [_size_filter(size) for size in sizes if size]
    if wanted_sizes:
        query = query.filter(record_size__in=wanted_sizes)
    if shaped is not None:
        query = query.filter(is_shaped_vinyl=shaped)
    records = await query
    return sort_records(records, key, descending=direction == "desc")


def _size_filter(size: str) -> str:
    """A size to filter by: one a record could have, so the database can compare it."""
    refuse_unstorable("size", size)
    longest = FIELD_RULES["record_size"].max_length or 0
    if len(size) > longest:
        raise InvalidInput(f"size is longer than {longest} characters.", field="size")
    return size


def sort_records(records: list[Record], sort_by: str, *, descending: bool) -> list[Record]:
    """Stable: ties go by creation and id; records without a year come last either way."""
    records = sorted(records, key=lambda r: (r.created_at, str(r.id)), reverse=descending)
    primary: Callable[[Record], Any] = {
        "artist": lambda r: r.artist_name.casefold(),
        "title": lambda r: r.album_title.casefold(),
        "year": lambda r: r.year_released or 0,
        "createdAt": lambda r: r.created_at,
    }[sort_by]
    records.sort(key=primary, reverse=descending)
    if sort_by == "year":
        records.sort(key=lambda r: r.year_released is None)
    return records


async def create_record(user: User, data: Mapping[str, Any]) -> Record:
    """A record entered by hand (dataSource "manual")."""
    require_admin(user, "add records")
    fields = clean_fields(data, partial=False)
    await _refuse_duplicate_discogs_id(fields.get("discogs_id"), None)
    try:
        return await Record.create(**fields, data_source=DATA_SOURCE_MANUAL)
    except IntegrityError:
        raise await duplicate_discogs_id(fields.get("discogs_id")) from None


async def update_record(user: User, record_id: object, data: Mapping[str, Any]) -> Record:
    """Change the given fields only; the others, dataSource and createdAt stay as they are."""
    require_admin(user, "change records")
    record_uuid = parse_record_id(record_id)
    changes = clean_fields(data, partial=True)
    record = await Record.get_or_none(id=record_uuid)
    if record is None:
        raise NotFound(f"No record with id {record_id}.")
    if not changes:
        return record
    await _refuse_duplicate_discogs_id(changes.get("discogs_id"), record.id)
    record.update_from_dict(changes)
    try:
        await record.save()
    except IntegrityError:
        raise await duplicate_discogs_id(changes.get("discogs_id")) from None
    return record


async def delete_record(user: User, record_id: object) -> uuid.UUID:
    """Delete a record and leave its tombstone in the same transaction."""
    require_admin(user, "delete records")
    record_uuid = parse_record_id(record_id)
    async with in_transaction() as connection:
        deleted = await Record.filter(id=record_uuid).using_db(connection).delete()
        if not deleted:
            raise NotFound(f"No record with id {record_id}.")
        await record_deletions("records", [record_uuid], using=connection)
    return record_uuid


async def _refuse_duplicate_discogs_id(discogs_id: str | None, own_id: uuid.UUID | None) -> None:
    if discogs_id is None:
        return
    query = Record.filter(discogs_id=discogs_id)
    if own_id is not None:
        query = query.exclude(id=own_id)
    existing = await query.first()
    if existing is not None:
        raise conflict_with(existing)


async def duplicate_discogs_id(discogs_id: str | None) -> Conflict:
    """The Conflict for an insert or update that lost a race on the unique discogsId."""
    existing = await Record.get_or_none(discogs_id=discogs_id) if discogs_id else None
    if existing is None:
        return Conflict("The record would duplicate one that exists.")
    return conflict_with(existing)


def conflict_with(existing: Record) -> Conflict:
    return Conflict(
        f"Discogs release {existing.discogs_id} is already in the collection "
        f"as record {existing.id}.",
        existing=existing,
    )
