"""Run in its own process: migrate a database and create the bench user (prints JSON).

Tortoise keeps one global context per process and does not switch engines within one,
so everything that goes through Tortoise runs in a child process like this one.
"""

from __future__ import annotations

import asyncio
import sys

import orjson

from wax import database
from wax.resolvers import users


async def prepare(url: str, user_name: str) -> dict[str, str]:
    await database.migrate(url)
    async with database.open_database(url):
        user, issued = await users.create_user(user_name, is_admin=True)
    return {"user_id": str(user.id), "token": issued.token}


if __name__ == "__main__":
    sys.stdout.write(orjson.dumps(asyncio.run(prepare(sys.argv[1], sys.argv[2]))).decode() + "\n")
