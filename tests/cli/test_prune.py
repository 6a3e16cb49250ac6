import uuid
from datetime import timedelta

from tests.cli.conftest import run_wax
from wax import database
from wax.models import DeletedItem
from wax.resolvers.tombstones import record_deletions
from wax.resolvers.watermark import database_now


async def tombstones(database_url: str, *, old: int, recent: int, age_days: int) -> None:
    async with database.open_database(database_url):
        await record_deletions("songs", [uuid.uuid4() for _ in range(old + recent)])
        aged = await DeletedItem.all().limit(old).values_list("id", flat=True)
        now = await database_now()
        await DeletedItem.filter(id__in=list(aged)).update(
            deleted_at=now - timedelta(days=age_days)
        )


async def remaining(database_url: str) -> int:
    async with database.open_database(database_url):
        return await DeletedItem.all().count()


async def test_prune_forgets_tombstones_older_than_the_retention(database_url: str) -> None:
    await tombstones(database_url, old=3, recent=2, age_days=31)
    pruned = run_wax("prune", env={"DATABASE_URL": database_url})
    assert pruned.returncode == 0, pruned.stderr
    assert pruned.stdout.strip() == "Pruned 3 tombstones older than 30 days."
    assert await remaining(database_url) == 2


async def test_prune_follows_the_retention_setting_and_the_days_option(database_url: str) -> None:
    await tombstones(database_url, old=2, recent=1, age_days=10)
    env = {"DATABASE_URL": database_url, "WAX_TOMBSTONE_RETENTION_DAYS": "30"}
    assert "Pruned 0" in run_wax("prune", env=env).stdout
    env["WAX_TOMBSTONE_RETENTION_DAYS"] = "7"
    assert "Pruned 2" in run_wax("prune", env=env).stdout
    assert await remaining(database_url) == 1
    bad = run_wax("prune", "--days", "0", env=env)
    assert bad.returncode != 0 and "at least 1" in bad.stderr
