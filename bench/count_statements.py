"""Run in its own process: count the SQL statements wax runs per request.

The app runs in-process (its lifespan, httpx's ASGI transport) and every statement Tortoise
sends is seen through its `tortoise.db_client` debug log. Prints JSON:
{name: {"status": int, "count": int, "statements": [...], "error": str | None}}.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any

import httpx
import orjson

from wax.app import create_app
from wax.settings import Settings

SQL_KEYWORDS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")


class StatementLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        query = record.args[0] if isinstance(record.args, tuple) and record.args else record.msg
        text = str(query).lstrip()
        if text.upper().startswith(SQL_KEYWORDS):
            self.statements.append(text)


async def count(url: str, token: str, requests: dict[str, dict[str, Any]]) -> dict[str, Any]:
    statement_log = StatementLog()
    logger = logging.getLogger("tortoise.db_client")
    logger.addHandler(statement_log)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    app = create_app(Settings(database_url=url, discogs_api_url="http://127.0.0.1:9"))
    answers: dict[str, Any] = {}
    async with app.router.lifespan_context(app):
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
