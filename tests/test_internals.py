"""The private internals wax reads were checked against the installed versions of their
libraries, and those versions are the ones pyproject.toml pins."""

from __future__ import annotations

import inspect
import tomllib
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

import pytest
from tortoise.backends.asyncpg.client import AsyncpgDBClient
from tortoise.backends.sqlite.client import SqliteClient

from wax import tortoise_internals
from wax.schema import internals as schema_internals

PYPROJECT = Path(__file__).parent.parent / "pyproject.toml"
CHECKS = [
    (module, distribution, checked)
    for module in (schema_internals, tortoise_internals)
    for distribution, checked in module.CHECKED_AGAINST.items()
]


@pytest.mark.parametrize(("module", "distribution", "checked"), CHECKS)
def test_the_internals_were_checked_against_the_installed_version(
    module: ModuleType, distribution: str, checked: str
) -> None:
    installed = version(distribution)
    assert installed == checked, (
        f"{distribution} {installed} is installed, but {module.__name__} was checked against"
        f" {checked}: check every private attribute its docstring lists against {installed},"
        f" then update CHECKED_AGAINST and the pin in pyproject.toml"
    )


@pytest.mark.parametrize(("module", "distribution", "checked"), CHECKS)
def test_pyproject_pins_the_checked_version(
    module: ModuleType, distribution: str, checked: str
) -> None:
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    pins = [
        dependency
        for dependency in dependencies
        if dependency.split("[")[0].split("=")[0].strip() == distribution
    ]
    assert len(pins) == 1, f"pyproject.toml must depend on {distribution} once"
    assert pins[0].endswith(f"=={checked}"), (
        f"pyproject.toml has {pins[0]!r}; {module.__name__} was checked against {checked} only"
    )


@pytest.mark.parametrize(("name", "parameters"), schema_internals.OVERRIDDEN_METHODS.items())
def test_the_executor_methods_wax_overrides_take_the_parameters_it_passes(
    name: str, parameters: tuple[str, ...]
) -> None:
    method = getattr(schema_internals.ExecutionContext, name, None)
    assert method is not None, f"graphql-core's executor has no {name} any more"
    assert tuple(inspect.signature(method).parameters) == parameters


@pytest.mark.parametrize(
    ("function", "parameters"),
    schema_internals.CALLED_FUNCTIONS.items(),
    ids=lambda item: getattr(item, "__name__", ""),
)
def test_the_functions_wax_calls_positionally_take_the_parameters_first(
    function: object, parameters: tuple[str, ...]
) -> None:
    leading = tuple(inspect.signature(function).parameters)[: len(parameters)]  # type: ignore[arg-type]
    assert leading == parameters


def test_tortoise_still_makes_transactions_in_the_hook_wax_overrides() -> None:
    for client in (SqliteClient, AsyncpgDBClient):
        assert callable(getattr(client, "_in_transaction", None)), client
