"""Responses shared by the HTTP faces."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse as StarletteJSONResponse

from wax.resolvers.text import shown

# on a 503 for the database: a dropped connection is replaced on the next request
RETRY_AFTER = {"Retry-After": "1"}
OPTIONS = orjson.OPT_NON_STR_KEYS


def dumps(content: Any) -> bytes:
    """JSON via orjson; text echoing a client's lone surrogate goes out escaped, not as a 500."""
    try:
        return orjson.dumps(content, option=OPTIONS)
    except orjson.JSONEncodeError:
        return orjson.dumps(_escaped(content), option=OPTIONS)


def _escaped(content: Any) -> Any:
    if isinstance(content, str):
        return shown(content)
    if isinstance(content, dict):
        return {_escaped(key): _escaped(value) for key, value in content.items()}
    if isinstance(content, list | tuple):
        return [_escaped(item) for item in content]
    return content


class JSONResponse(StarletteJSONResponse):
    """JSON via orjson: faster, and it knows datetimes and UUIDs."""

    def render(self, content: Any) -> bytes:
        return dumps(content)
