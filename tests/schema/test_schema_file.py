"""schema.graphql at the repository's root is the schema the code builds, to the byte."""

from __future__ import annotations

import difflib
from pathlib import Path

import httpx
import pytest
from graphql import build_client_schema, get_introspection_query
from graphql import print_schema as print_graphql_schema
from strawberry.printer import print_schema

from wax.schema import schema

SCHEMA_FILE = Path(__file__).parents[2] / "schema.graphql"
HOW_TO_FIX = (
    "schema.graphql differs from the schema the code builds. If the change is meant, re-export it:\n"
    "    make schema\n"
    "(that is: .venv/bin/strawberry export-schema wax.schema:schema --output schema.graphql)\n"
    "and commit schema.graphql with the change."
)


def exported() -> str:
    # what `strawberry export-schema --output` writes
    return print_schema(schema) + "\n"


def test_schema_graphql_matches_the_code() -> None:
    on_disk = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    if on_disk != exported():
        diff = difflib.unified_diff(
            on_disk.splitlines(),
            exported().splitlines(),
            "schema.graphql (committed)",
            "schema (from the code)",
            lineterm="",
        )
        pytest.fail(HOW_TO_FIX + "\n\n" + "\n".join(list(diff)[:80]), pytrace=False)


async def test_the_server_serves_the_schema_that_is_exported(
    admin_client: httpx.AsyncClient,
) -> None:
    query = get_introspection_query(descriptions=True)
    response = await admin_client.post("/graphql", json={"query": query})
    served = build_client_schema(response.json()["data"])
    assert print_graphql_schema(served) == print_graphql_schema(schema._schema)
