"""Responses shared by the HTTP faces."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse as StarletteJSONResponse

# on a 503 for the database: a dropped connection is replaced on the next request
RETRY_AFTER = {"Retry-After": "1"}


class JSONResponse(StarletteJSONResponse):
    """JSON via orjson: faster, and it knows datetimes and UUIDs."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)
