"""Does a real answer match what /openapi.json says the route answers?"""

from __future__ import annotations

import re
from typing import Any

import httpx
from openapi_schema_validator import OAS31Validator

from wax.rest_compat.openapi import document


def documented_path(path: str) -> str:
    """The document's path template that a concrete request path falls under."""
    for template in document()["paths"]:
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return template
    raise AssertionError(f"{path} is not in the OpenAPI document")


def response_schema(path: str, method: str, status: int) -> dict[str, Any] | None:
    doc = document()
    answers = doc["paths"][documented_path(path)][method.lower()]["responses"]
    assert str(status) in answers, f"{method} {path} may not answer {status} by the document"
    answer = answers[str(status)]
    if "$ref" in answer:
        answer = doc["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
    content = answer.get("content")
    if content is None:
        return None
    schema: dict[str, Any] = content["application/json"]["schema"]
    return schema


def assert_documented(response: httpx.Response) -> None:
    """The status is one the document lists for the route, and the JSON body fits its schema."""
    request = response.request
    schema = response_schema(request.url.path, request.method, response.status_code)
    if schema is None:
        assert not response.content, f"{request.method} {request.url.path} should have no body"
        return
    components = document()["components"]
    OAS31Validator({**schema, "components": components}).validate(response.json())
