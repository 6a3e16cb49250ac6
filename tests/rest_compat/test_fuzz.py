"""schemathesis over /openapi.json, every check, as an admin and as a member.

Bounded and derandomised, so a run takes a few minutes and fails the same way twice;
the Discogs routes talk to the fake Discogs. What must hold: no 5xx, every status code
and content type documented for its operation, every body matching its schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.schemas import BaseSchema

from tests.conftest import Account
from tests.rest_compat.threaded_server import ThreadedWax, threaded_wax

pytestmark = pytest.mark.slow

EXAMPLES_PER_OPERATION = 30
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,  # nothing written to .hypothesis/
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def wax(migrated_database: str | Path, tmp_path: Path) -> Iterator[ThreadedWax]:
    with threaded_wax(migrated_database, tmp_path) as running:
        yield running


@pytest.fixture
def openapi(wax: ThreadedWax) -> BaseSchema:
    return schemathesis.openapi.from_url(f"{wax.url}/openapi.json")


schema = schemathesis.pytest.from_fixture("openapi")


def call_as(case: Case, account: Account) -> None:
    case.call_and_validate(headers=account.headers, timeout=30)


@schema.parametrize()
@FUZZ_SETTINGS
def test_an_admin_fuzzing_every_route_gets_only_documented_answers(
    case: Case, wax: ThreadedWax
) -> None:
    call_as(case, wax.admin)


@schema.parametrize()
@FUZZ_SETTINGS
def test_a_member_fuzzing_every_route_gets_only_documented_answers(
    case: Case, wax: ThreadedWax
) -> None:
    call_as(case, wax.member)
