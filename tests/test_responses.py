"""JSON responses never fail on what a client sent: a lone surrogate echoed goes out escaped."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from wax.responses import dumps


def test_a_lone_surrogate_in_a_message_goes_out_as_its_escape() -> None:
    body = json.loads(dumps({"message": "x\ud800 is not a field", "x\udfff": ["\ud800"]}))
    assert body == {"message": "x\\ud800 is not a field", "x\\udfff": ["\\ud800"]}


def test_everything_else_goes_out_as_orjson_writes_it() -> None:
    moment = datetime(2024, 1, 15, tzinfo=UTC)
    item = uuid.UUID(int=1)
    assert json.loads(dumps({"at": moment, "id": item, "n": [1, "\U0001f3b5"]})) == {
        "at": "2024-01-15T00:00:00+00:00",
        "id": str(item),
        "n": [1, "\U0001f3b5"],
    }
