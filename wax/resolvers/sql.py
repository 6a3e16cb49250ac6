"""Hand-written statements for the hottest reads, in the connection's placeholder style."""

from __future__ import annotations

import sqlite3
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

from wax.database_clients.sqlite import WaxSqliteClient
from wax.tortoise_internals import in_driver_thread


def connection() -> BaseDBAsyncClient:
    return Tortoise.get_connection("default")


def is_postgres(client: BaseDBAsyncClient | None = None) -> bool:
    return (client or connection()).capabilities.dialect == "postgres"


class Statement:
    """Collects a statement's parameters; `param` gives the placeholder to write in their place."""

    def __init__(self, postgres: bool) -> None:
        self.postgres = postgres
        self.values: list[Any] = []

    def param(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}" if self.postgres else "?"


async def read_rows(client: BaseDBAsyncClient, query: str, values: list[Any]) -> list[Any]:
    """The rows of a read (SQLite: on the event loop when it need not wait)."""
    if isinstance(client, WaxSqliteClient):
        rows = client.inline.read(query, values)
        if rows is not None:
            return rows
    _, found = await client.execute_query(query, values)
    return list(found)


async def immediate_read(client: BaseDBAsyncClient, query: str, values: list[Any]) -> list[Any]:
    """SQLite: `query`'s rows, read in a transaction begun IMMEDIATE, so once no other
    connection is writing: on the event loop when none is, else in one hop to the driver's
    thread (BEGIN, the read and COMMIT together), waiting as long as the busy timeout allows."""
    if isinstance(client, WaxSqliteClient):
        rows = client.inline.read(query, values, immediate=True)
        if rows is not None:
            return rows

    def read(raw: sqlite3.Connection) -> list[Any]:
        raw.execute("BEGIN IMMEDIATE")
        try:
            return raw.execute(query, values).fetchall()
        finally:
            raw.execute("COMMIT")

    async with client.acquire_connection() as connection:
        return await in_driver_thread(connection, read)
