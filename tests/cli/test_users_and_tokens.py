import dataclasses

import httpx

from tests.cli.conftest import run_wax
from tests.servers import running_app
from wax.settings import Settings


async def get_me(settings: Settings, token: str) -> int:
    async with running_app(settings) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://wax.test") as client:
            response = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
            return response.status_code


async def test_users_create_prints_a_token_that_works_until_revoked(
    empty_database_url: str,
) -> None:
    env = {"DATABASE_URL": empty_database_url}
    assert run_wax("migrate", env=env).returncode == 0
    created = run_wax("users", "create", "ann", "--admin", env=env)
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().splitlines()[-1]
    settings = Settings(database_url=empty_database_url)

    assert await get_me(settings, token) == 200
    revoked = run_wax("tokens", "revoke", token, env=env)
    assert revoked.returncode == 0, revoked.stderr
    assert await get_me(settings, token) == 401


async def test_tokens_create_prints_another_working_token_last(empty_database_url: str) -> None:
    env = {"DATABASE_URL": empty_database_url}
    run_wax("migrate", env=env)
    first = run_wax("users", "create", "ann", env=env).stdout.strip().splitlines()[-1]
    second = run_wax("tokens", "create", "ann", "--label", "phone", env=env)
    assert second.returncode == 0, second.stderr
    token = second.stdout.strip().splitlines()[-1]
    assert token != first
    settings = Settings(database_url=empty_database_url)
    assert await get_me(settings, token) == 200
    listed = run_wax("tokens", "list", "ann", env=env).stdout
    assert listed.count("active") == 2
    assert "phone" in listed


async def test_the_first_user_is_an_admin_even_without_the_flag(empty_database_url: str) -> None:
    env = {"DATABASE_URL": empty_database_url}
    run_wax("migrate", env=env)
    assert "Created admin ann" in run_wax("users", "create", "ann", env=env).stdout
    assert "Created user bob" in run_wax("users", "create", "bob", env=env).stdout


async def test_bootstrap_creates_an_admin_only_once(empty_database_url: str) -> None:
    env = {"DATABASE_URL": empty_database_url}
    run_wax("migrate", env=env)
    first = run_wax("users", "bootstrap", env=env)
    assert first.returncode == 0
    token = first.stdout.strip().splitlines()[-1]
    assert token.startswith("wax_")
    again = run_wax("users", "bootstrap", env=env)
    assert again.returncode == 0
    assert again.stdout == ""
    settings = dataclasses.replace(Settings(), database_url=empty_database_url)
    assert await get_me(settings, token) == 200


def test_migrate_is_idempotent(empty_database_url: str) -> None:
    env = {"DATABASE_URL": empty_database_url}
    assert run_wax("migrate", env=env).returncode == 0
    again = run_wax("migrate", env=env)
    assert again.returncode == 0, again.stderr


def test_a_bad_setting_stops_the_command_with_one_line_naming_it() -> None:
    result = run_wax("migrate", env={"DATABASE_URL": "mysql://localhost/wax"})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "DATABASE_URL" in result.stderr


def test_an_unknown_user_is_a_clear_error(empty_database_url: str) -> None:
    env = {"DATABASE_URL": empty_database_url}
    run_wax("migrate", env=env)
    result = run_wax("tokens", "create", "nobody", env=env)
    assert result.returncode == 1
    assert "No user named 'nobody'" in result.stderr
