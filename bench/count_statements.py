"""Run in its own process: count the SQL statements wax runs per request.

The app runs in-process (its lifespan, httpx's ASGI transport). Every statement is seen:
on PostgreSQL through Tortoise's `tortoise.db_client` debug log, on SQLite through sqlite3's
trace callback (which also sees BEGIN / COMMIT and what wax sends past Tortoise). Prints JSON:
{name: {"status": int, "count": int, "statements": [...], "error": str | None}}.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any

import httpx
import orjson
from tortoise import Tortoise

from wax.app import create_app
from wax.settings import Settings

SQL_KEYWORDS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")


class StatementLog(logging.Handler):
    """Tortoise's debug log of what it sends (PostgreSQL: every statement goes through it)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []
        self.listening = True

    def emit(self, record: logging.LogRecord) -> None:
        query = record.args[0] if isinstance(record.args, tuple) and record.args else record.msg
        text = str(query).lstrip()
        if self.listening and text.upper().startswith(SQL_KEYWORDS):
            self.statements.append(text)

    def traced(self, statement: str) -> None:
        self.statements.append(statement.strip())


async def trace_sqlite(statement_log: StatementLog) -> None:
    """On SQLite, sqlite3's own trace: it also sees what wax sends past Tortoise (BEGIN ...)."""
    client: Any = Tortoise.get_connection("default")
    if client.capabilities.dialect != "sqlite":
        return
    await client.create_connection(with_db=True)
    raw = client._connection  # aiosqlite: the sqlite3 connection lives in its thread
    await raw._execute(raw._conn.set_trace_callback, statement_log.traced)
    # wax's inline reads (the token, the watermark, a page) go through a second connection
    inline = getattr(client, "inline", None)
    if inline is not None:
        inline.trace(statement_log.traced)
    statement_log.listening = False


async def count(url: str, token: str, requests: dict[str, dict[str, Any]]) -> dict[str, Any]:
    statement_log = StatementLog()
    logger = logging.getLogger("tortoise.db_client")
    logger.addHandler(statement_log)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    app = create_app(Settings(database_url=url, discogs_api_url="http://127.0.0.1:9"))
    answers: dict[str, Any] = {}
    async with app.router.lifespan_context(app):
        await trace_sqlite(statement_log)
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://wax.bench", headers=headers
        ) as client:
            for name, spec in requests.items():
                # once unmeasured: the token's first use of the day writes last_used_at
                await client.request(spec["method"], spec["path"], json=spec.get("json"))
                statement_log.statements.clear()
                response = await client.request(spec["method"], spec["path"], json=spec.get("json"))
                statements = list(statement_log.statements)
                try:
                    body = response.json()
                except ValueError:
                    body = None
                error = None
                if response.status_code != 200:
                    error = f"{response.status_code}: {response.text[:300]}"
                elif isinstance(body, dict) and body.get("errors"):
                    error = str(body["errors"][0].get("message"))
                answers[name] = {
                    "status": response.status_code,
                    "count": len(statements),
                    "statements": statements,
                    "error": error,
                }
    return answers


if __name__ == "__main__":
    spec = orjson.loads(sys.stdin.buffer.read())
    result = asyncio.run(count(spec["url"], spec["token"], spec["requests"]))
    sys.stdout.write(orjson.dumps(result).decode() + "\n")
