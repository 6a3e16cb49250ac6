"""schemathesis over /openapi.json with every check, as an admin and as a member.

A bounded, seeded run (schemathesis.toml beside this file holds its configuration) against
a real server whose Discogs is the fake one, on the suite's database. It must end with no
5xx, every status code and content type documented for its operation, and every body and
event matching its schema. (schemathesis's own pytest plugin does not run under pytest 9.2,
so the test drives its command line and shows its report when it fails.)
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.rest_compat.threaded_server import ThreadedWax, threaded_wax

pytestmark = pytest.mark.slow

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
CONFIG = Path(__file__).parent / "schemathesis.toml"
EXAMPLES_PER_OPERATION = 50
RUN_TIMEOUT_SECONDS = 600


@pytest.fixture
def wax(migrated_database: str | Path, tmp_path: Path) -> Iterator[ThreadedWax]:
    with threaded_wax(migrated_database, tmp_path) as running:
        yield running


def fuzz(wax: ThreadedWax, token: str, directory: Path) -> subprocess.CompletedProcess[str]:
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(CONFIG),
        "run",
        f"{wax.url}/openapi.json",
        "--checks",
        "all",
        "--header",
        f"Authorization: Bearer {token}",
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        # derandomised (the same cases every run), and so no example database written
        "--generation-deterministic",
        "--request-timeout",
        "30",
        "--workers",
        "1",
        "--no-color",
    ]
    # run in a scratch directory: nothing (reports, caches) lands in the repository
    return subprocess.run(
        command,
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECONDS,
        check=False,
    )


@pytest.mark.parametrize("who", ["admin", "member"])
def test_fuzzing_every_route_finds_only_documented_answers(
    wax: ThreadedWax, who: str, tmp_path: Path
) -> None:
    account = wax.admin if who == "admin" else wax.member
    run = fuzz(wax, account.token, tmp_path)
    report = run.stdout[run.stdout.find("=" * 10) :] if "=" * 10 in run.stdout else run.stdout
    assert run.returncode == 0, f"schemathesis found failures:\n{report}\n{run.stderr[-3000:]}"
    assert "No issues found" in run.stdout or "passed" in run.stdout
