"""Small constructors for OpenAPI 3.1 pieces, so the paths read as declarations."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]


def ref(name: str, kind: str = "schemas") -> Json:
    return {"$ref": f"#/components/{kind}/{name}"}


def nullable(schema: Json) -> Json:
    """The schema, or null (3.1 spells it with a type list)."""
    if "type" in schema and isinstance(schema["type"], str):
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: Json, *, required: tuple[str, ...] = (), description: str = "") -> Json:
    schema: Json = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def array(items: Json) -> Json:
    return {"type": "array", "items": items}


STRING: Json = {"type": "string"}
INTEGER: Json = {"type": "integer"}
NUMBER: Json = {"type": "number"}
BOOLEAN: Json = {"type": "boolean"}
UUID: Json = {"type": "string", "format": "uuid"}
DATE_TIME: Json = {"type": "string", "format": "date-time"}
TEXT_OR_NULL: Json = {"type": ["string", "null"]}
INT_OR_NULL: Json = {"type": ["integer", "null"]}
WHEN: Json = {"type": ["string", "null"], "format": "date-time"}
# what wax reads as a moment (or, empty, as no moment): ISO 8601 date-times and bare dates
CLIENT_TIMESTAMP: Json = {
    "type": "string",
    "anyOf": [{"format": "date-time"}, {"format": "date"}, {"pattern": r"^\s*$"}],
}
# a query parameter sent empty (or blank) counts as not sent
BLANK: Json = {"type": "string", "pattern": r"^\s*$"}
# what str.strip() takes away but JSON Schema's \s does not match
# text no database stores is refused with a 422 everywhere: NUL here, and lone UTF-16
# surrogates, which JSON can carry but a pattern cannot name in every regex engine
STORABLE_CHAR = r"[^\x00]"
STORABLE = rf"^{STORABLE_CHAR}*$"
# and a required field must hold more than whitespace
NOT_BLANK = rf"^{STORABLE_CHAR}*[^\s\x1c-\x1f\x00]{STORABLE_CHAR}*$"


def text(max_length: int, *, required: bool = False) -> Json:
    """A string field: a required one must hold more than whitespace; others may be null."""
    if required:
        return {"type": "string", "minLength": 1, "maxLength": max_length, "pattern": NOT_BLANK}
    return {"type": ["string", "null"], "maxLength": max_length, "pattern": STORABLE}


def whole(minimum: int, maximum: int, *, nullable: bool = True) -> Json:
    return {
        "type": ["integer", "null"] if nullable else "integer",
        "minimum": minimum,
        "maximum": maximum,
    }


def json_content(schema: Json, example: Any = None) -> Json:
    media: Json = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {"application/json": media}


def response(description: str, schema: Json | None = None, example: Any = None) -> Json:
    answer: Json = {"description": description}
    if schema is not None:
        answer["content"] = json_content(schema, example)
    return answer


def body(schema: Json, description: str = "", *, required: bool = True) -> Json:
    request: Json = {"required": required, "content": json_content(schema)}
    if description:
        request["description"] = description
    return request


def query(
    name: str, schema: Json, description: str, *, required: bool = False, explode: bool = True
) -> Json:
    parameter: Json = {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }
    if schema.get("type") == "array":
        parameter["style"] = "form"
        parameter["explode"] = explode
    return parameter


def path(name: str, description: str, schema: Json = UUID) -> Json:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema,
    }


def operation(
    operation_id: str,
    summary: str,
    *,
    tag: str,
    responses: Json,
    parameters: list[Json] | None = None,
    request_body: Json | None = None,
    description: str = "",
    public: bool = False,
) -> Json:
    """One operation; every one but the public ones needs the bearer token (and may say 401),
    and may find the database unavailable (503)."""
    op: Json = {"operationId": operation_id, "summary": summary, "tags": [tag]}
    if description:
        op["description"] = description
    if parameters:
        op["parameters"] = parameters
    if request_body is not None:
        op["requestBody"] = request_body
    answers = dict(responses)
    if public:
        op["security"] = []
    else:
        answers.setdefault("401", ref("Unauthenticated", "responses"))
        answers.setdefault("503", ref("DatabaseUnavailable", "responses"))
    op["responses"] = dict(sorted(answers.items()))
    return op
