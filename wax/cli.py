"""The `wax` command: serve, migrate, users, tokens, discogs, library and prune."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from wax import __version__, cli_discogs, cli_library, database, pruning
from wax.errors import WaxError
from wax.resolvers import users
from wax.settings import Settings, SettingsError, redact

Command = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_environ()
    except SettingsError as exc:
        print(f"wax: {exc}", file=sys.stderr)
        return 2
    if args.command == "serve":
        return serve(args, settings)
    command: Command = args.handler
    try:
        return asyncio.run(command(args, settings))
    except WaxError as exc:
        print(f"wax: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wax", description="A self-hosted API for music collectors."
    )
    parser.add_argument("--version", action="version", version=f"wax {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve_parser = commands.add_parser("serve", help="serve the API")
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=8000)
    serve_parser.add_argument("--workers", type=int, default=1)

    commands.add_parser("migrate", help="apply database migrations").set_defaults(handler=migrate)

    user_commands = commands.add_parser("users", help="manage users").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    create = user_commands.add_parser("create", help="create a user; prints a token last")
    create.add_argument("name")
    create.add_argument("--admin", action="store_true", help="make the user an admin")
    create.set_defaults(handler=create_user)
    user_commands.add_parser("list", help="list users").set_defaults(handler=list_users)
    bootstrap = user_commands.add_parser(
        "bootstrap", help="create an admin if there is no user yet; prints its token once"
    )
    bootstrap.add_argument("--name", default="admin")
    bootstrap.set_defaults(handler=bootstrap_admin)

    token_commands = commands.add_parser("tokens", help="manage API tokens").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    token_create = token_commands.add_parser("create", help="new token for a user; printed last")
    token_create.add_argument("name", help="the user's name")
    token_create.add_argument("--label", help="what the token is for")
    token_create.set_defaults(handler=create_token)
    token_list = token_commands.add_parser("list", help="list a user's tokens")
    token_list.add_argument("name", help="the user's name")
    token_list.set_defaults(handler=list_tokens)
    revoke = token_commands.add_parser("revoke", help="revoke a token (the token or its id)")
    revoke.add_argument("token", help="the token itself, or its id from `wax tokens list`")
    revoke.set_defaults(handler=revoke_token)

    for extend in EXTENSIONS:
        extend(commands)
    return parser


# feature modules register further commands here: fn(subparsers) -> None
EXTENSIONS: list[Callable[[Any], None]] = [
    pruning.add_prune_command,
    cli_discogs.register,
    cli_library.register,
]


MAX_PORT = 65535


def serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from wax.slow_clients import http_protocol

    mistake = serve_option_mistake(args)
    if mistake is not None:
        print(f"wax: {mistake}", file=sys.stderr)
        return 2
    try:
        database.check_workers(settings.database_url, args.workers)
    except SettingsError as exc:
        print(f"wax: {exc}", file=sys.stderr)
        return 2
    # before uvicorn starts its workers, so a database mistake is one line, not one per worker
    try:
        asyncio.run(database.check_database(settings.database_url))
    except WaxError as exc:
        print(f"wax: {exc.message}", file=sys.stderr)
        return 1
    uvicorn.run(
        "wax.app:app_from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=settings.log_level,
        proxy_headers=True,
        http=http_protocol(settings),
    )
    return 0


def serve_option_mistake(args: argparse.Namespace) -> str | None:
    # port 0 would make the OS pick a random port, which no client could find
    if not 1 <= args.port <= MAX_PORT:
        return f"--port must be between 1 and {MAX_PORT} (got {args.port})"
    if args.workers < 1:
        return f"--workers must be at least 1 (got {args.workers})"
    return None


async def migrate(args: argparse.Namespace, settings: Settings) -> int:
    url = redact(settings.database_url)
    applied = await database.migrate(
        settings.database_url, on_applied=lambda name: print(f"Applied {name}.", flush=True)
    )
    if applied:
        count = f"{len(applied)} migration{'s' if len(applied) > 1 else ''}"
        print(f"Database is up to date ({url}): applied {count}.")
    else:
        print(f"No migrations were pending; the database is up to date ({url}).")
    return 0


async def create_user(args: argparse.Namespace, settings: Settings) -> int:
    async with database.open_database(settings.database_url):
        user, issued = await users.create_user(args.name, is_admin=args.admin)
    role = "admin" if user.is_admin else "user"
    print(f"Created {role} {user.name} ({user.id}). Their API token, shown only this once:")
    print(issued.token)
    return 0


async def list_users(args: argparse.Namespace, settings: Settings) -> int:
    from wax.models import User

    async with database.open_database(settings.database_url):
        for user in await User.all().order_by("created_at"):
            print(f"{user.id}  {user.name}{'  (admin)' if user.is_admin else ''}")
    return 0


async def bootstrap_admin(args: argparse.Namespace, settings: Settings) -> int:
    async with database.open_database(settings.database_url):
        issued = await users.ensure_first_admin(args.name)
    if issued is not None:
        print(f"No user existed, so wax created the admin {args.name!r}. Its API token:")
        print(issued.token)
    return 0


async def create_token(args: argparse.Namespace, settings: Settings) -> int:
    async with database.open_database(settings.database_url):
        user = await users.get_user_by_name(args.name)
        issued = await users.issue_token(user, label=args.label)
    print(f"New token {issued.record.id} for {user.name}, shown only this once:")
    print(issued.token)
    return 0


async def list_tokens(args: argparse.Namespace, settings: Settings) -> int:
    async with database.open_database(settings.database_url):
        user = await users.get_user_by_name(args.name)
        tokens = await users.tokens_of(user)
    for token in tokens:
        state = "revoked" if token.revoked_at else "active"
        label = f"  {token.label}" if token.label else ""
        print(f"{token.id}  {token.prefix}…  {state}  created {token.created_at:%Y-%m-%d}{label}")
    return 0


async def revoke_token(args: argparse.Namespace, settings: Settings) -> int:
    async with database.open_database(settings.database_url):
        record = await users.revoke_token(args.token)
    print(f"Revoked token {record.id}.")
    return 0
