"""Users and their API tokens. Tokens are stored as SHA-256 digests only."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from wax.errors import Conflict, InvalidInput, NotFound
from wax.models import ApiToken, User
from wax.resolvers import watermark
from wax.resolvers.sql import Statement, connection, immediate_read, is_postgres, read_rows
from wax.resolvers.text import refuse_unstorable
from wax.tortoise_internals import model_field, model_from_row

TOKEN_PREFIX = "wax_"
# a token's last use is written at most this often, to keep reads read-only
LAST_USED_RESOLUTION = timedelta(minutes=5)
LAST_USED_AT = model_field(ApiToken, "last_used_at")


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once, never stored
    record: ApiToken


def digest_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


async def create_user(name: str, *, is_admin: bool = False) -> tuple[User, IssuedToken]:
    """Create a user with a first token. The first user of an instance is an admin."""
    name = name.strip()
    if not name:
        raise InvalidInput("A user needs a name.", field="name")
    refuse_unstorable("name", name)
    async with in_transaction():
        first = not await User.exists()
        try:
            user = await User.create(name=name, is_admin=is_admin or first)
        except IntegrityError:
            raise Conflict(f"A user named {name!r} already exists.") from None
        issued = await issue_token(user, label="created with the user")
    return user, issued


async def get_user_by_name(name: str) -> User:
    user = await User.get_or_none(name=name)
    if user is None:
        raise NotFound(f"No user named {name!r}.")
    return user


async def issue_token(user: User, *, label: str | None = None) -> IssuedToken:
    token = new_token()
    record = await ApiToken.create(
        user=user, digest=digest_token(token), prefix=token[: len(TOKEN_PREFIX) + 6], label=label
    )
    return IssuedToken(token=token, record=record)


async def revoke_token(token_or_id: str) -> ApiToken:
    """Revoke a token given the token itself or its id (as `wax tokens list` shows it)."""
    query = ApiToken.filter(revoked_at=None)
    if token_or_id.startswith(TOKEN_PREFIX):
        record = await query.get_or_none(digest=digest_token(token_or_id))
    else:
        try:
            record = await query.get_or_none(id=token_or_id)
        except (ValueError, Exception):
            record = None
    if record is None:
        raise NotFound("No such active token.")
    record.revoked_at = datetime.now(UTC)
    await record.save(update_fields=["revoked_at"])
    return record


async def tokens_of(user: User) -> list[ApiToken]:
    return await ApiToken.filter(user=user).order_by("created_at")


# every request runs it: one hand-written statement, about a fifth of the ORM query's cost
TOKEN_OWNER_COLUMNS = (
    't."id", t."digest", t."last_used_at", u."id", u."name", u."is_admin", u."created_at"'
)
TOKEN_OWNER = (
    f"SELECT {TOKEN_OWNER_COLUMNS}"
    ' FROM "api_tokens" t JOIN "users" u ON u."id" = t."user_id"'
    ' WHERE t."digest" = {digest} AND t."revoked_at" IS NULL'
)
# the same with the safe watermark, in one round trip: the clock's row always comes, the
# token's columns are null when it matches no active token
POSTGRES_TOKEN_OWNER_AND_WATERMARK = (
    f"SELECT owner.*, w.now, w.oldest FROM ({watermark.POSTGRES_WATERMARK}) w"
    f" LEFT JOIN ({TOKEN_OWNER}) owner ON true"
)
SQLITE_TOKEN_OWNER_AND_WATERMARK = (
    f"SELECT owner.*, w.now FROM (SELECT {watermark.SQLITE_NOW} AS now) w"
    f" LEFT JOIN ({TOKEN_OWNER}) owner ON 1"
)


async def user_for_token(token: str) -> User | None:
    """The user a bearer token belongs to, or None for an unknown or revoked token."""
    if not _well_formed(token):
        return None
    return await user_for_digest(digest_token(token))


def _well_formed(token: str) -> bool:
    return token.startswith(TOKEN_PREFIX) and len(token) <= 256


async def user_for_digest(digest: str) -> User | None:
    """The user whose active token has this digest (a socket keeps the digest, not the token)."""
    client = connection()
    statement = Statement(is_postgres(client))
    query = TOKEN_OWNER.format(digest=statement.param(digest))
    rows = await read_rows(client, query, statement.values)
    return await _owner(tuple(rows[0]) if rows else None, digest)


async def user_and_watermark(token: str) -> tuple[User | None, datetime | None]:
    """user_for_token's answer with the safe watermark, read in the same round trip.

    The watermark is taken before anything the request reads next, so it bounds those reads
    (wax.resolvers.watermark); None when the token is refused."""
    if not _well_formed(token):
        return None, None
    digest = digest_token(token)
    client = connection()
    postgres = is_postgres(client)
    statement = Statement(postgres)
    if postgres:
        query = POSTGRES_TOKEN_OWNER_AND_WATERMARK.format(digest=statement.param(digest))
        _, rows = await client.execute_query(query, statement.values)
        row = tuple(rows[0])
        moment = watermark.postgres_watermark(row[7], row[8])
    else:
        query = SQLITE_TOKEN_OWNER_AND_WATERMARK.format(digest=statement.param(digest))
        row = tuple((await immediate_read(client, query, statement.values))[0])
        moment = watermark.sqlite_watermark(row[7])
    user = await _owner(row[:7] if row[0] is not None else None, digest)
    return user, None if user is None else moment


async def _owner(row: Sequence[Any] | None, digest: str) -> User | None:
    # the lookup is by digest; compare again in constant time so no shortcut leaks
    if row is None or not hmac.compare_digest(row[1], digest):
        return None
    token_id, _, last_used_at, user_id, name, is_admin, created_at = row
    last_used = LAST_USED_AT.to_python_value(last_used_at)
    now = datetime.now(UTC)
    if last_used is None or now - last_used > LAST_USED_RESOLUTION:
        await ApiToken.filter(id=token_id).update(last_used_at=now)
    # as Tortoise makes a model of a fetched row
    return model_from_row(User, id=user_id, name=name, is_admin=is_admin, created_at=created_at)


# well under SQLite's limit on one statement's parameters
DIGESTS_PER_STATEMENT = 500


async def active_digests(digests: Collection[str]) -> set[str]:
    """Those of `digests` whose token is neither revoked nor gone with its user."""
    client = connection()
    postgres = is_postgres(client)
    wanted = sorted(set(digests))
    active: set[str] = set()
    for start in range(0, len(wanted), DIGESTS_PER_STATEMENT):
        statement = Statement(postgres)
        chunk = wanted[start : start + DIGESTS_PER_STATEMENT]
        placeholders = ", ".join(statement.param(digest) for digest in chunk)
        _, rows = await client.execute_query(
            'SELECT t."digest" FROM "api_tokens" t JOIN "users" u ON u."id" = t."user_id"'
            f' WHERE t."revoked_at" IS NULL AND t."digest" IN ({placeholders})',
            statement.values,
        )
        active.update(row[0] for row in rows)
    return active


async def ensure_first_admin(name: str = "admin") -> IssuedToken | None:
    """Create an admin when the instance has no user yet; None when one exists."""
    if await User.exists():
        return None
    _, issued = await create_user(name, is_admin=True)
    return issued
