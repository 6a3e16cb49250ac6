"""The kept row counts (migration 0004) beside COUNT(*), for tests that check they agree."""

from __future__ import annotations

from wax.models import User
from wax.resolvers.row_counts import SHARED, count_rows
from wax.resolvers.sql import Statement, connection, is_postgres


async def counted(table: str, *, owner: object = None) -> int:
    statement = Statement(is_postgres())
    where = "" if owner is None else f' WHERE "user_id" = {statement.param(str(owner))}'
    _, rows = await connection().execute_query(
        f'SELECT COUNT(*) FROM "{table}"{where}', statement.values
    )
    return int(rows[0][0])


async def kept_and_counted() -> dict[str, tuple[int, int]]:
    """Each shared table's kept count beside its COUNT(*), and each user's playlists'."""
    both = {table: (await count_rows(table), await counted(table)) for table in SHARED}
    for user in await User.all():
        both[f"playlists of {user.name}"] = (
            await count_rows("playlists", owner=user.id),
            await counted("playlists", owner=user.id),
        )
    return both


def disagreeing(both: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    return {name: pair for name, pair in both.items() if pair[0] != pair[1]}
