"""The legacy graphql-ws protocol (subscriptions-transport-ws), as its own server spoke it.

Strawberry's handler runs subscriptions only, and a query or mutation ends in a masked,
logged error; the protocol runs every operation: `data` with the result, then `complete`.
A malformed message gets an `error` message back instead of ending the connection.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler
from strawberry.subscriptions.protocols.graphql_ws.types import (
    CompleteMessage,
    ErrorMessage,
    OperationMessage,
)
from strawberry.types.execution import ExecutionResult, PreExecutionError

from wax.schema.context import Context

KNOWN_TYPES = frozenset({"connection_init", "connection_terminate", "start", "stop"})


def _start_problem(message: dict[str, Any]) -> str | None:
    payload = message.get("payload")
    if not isinstance(payload, dict):
        return "A start message needs a payload object."
    if not isinstance(payload.get("query"), str):
        return "A start message needs a query (a string)."
    if not isinstance(payload.get("variables"), dict | None):
        return "The variables must be an object."
    if not isinstance(payload.get("operationName"), str | None):
        return "The operationName must be a string."
    return None


class LegacyGraphQLWSHandler(BaseGraphQLWSHandler[Context, None]):
    async def handle_message(self, message: OperationMessage) -> None:
        raw = cast(object, message)
        if not isinstance(raw, dict):
            await self._error(None, "A message must be a JSON object.")
            return
        kind = raw.get("type")
        if kind not in KNOWN_TYPES:
            await self._error(raw.get("id"), "Invalid message type!")
            return
        if kind in ("start", "stop") and not isinstance(raw.get("id"), str):
            await self._error(None, f"A {kind} message needs an id (a string).")
            return
        if kind == "start" and (problem := _start_problem(raw)):
            await self._error(raw["id"], problem)
            return
        await super().handle_message(message)

    async def _error(self, operation_id: object, text: str) -> None:
        error: dict[str, Any] = {"type": "error", "payload": {"message": text}}
        if isinstance(operation_id, str):
            error["id"] = operation_id
        await self.send_message(cast(OperationMessage, error))

    async def handle_async_results(
        self,
        operation_id: str,
        query: str,
        operation_name: str | None,
        variables: dict[str, object] | None,
    ) -> None:
        # as upstream's, with schema.stream (any operation) in place of schema.subscribe
        try:
            result_source = await self.schema.stream(
                query=query,
                variable_values=variables,
                operation_name=operation_name,
                context_value=self.context,
                root_value=self.root_value,
            )
            self.subscriptions[operation_id] = result_source
            is_first_result = True
            async for result in result_source:
                if is_first_result and isinstance(result, PreExecutionError):
                    assert result.errors
                    await self.send_message(
                        ErrorMessage(
                            type="error", id=operation_id, payload=result.errors[0].formatted
                        )
                    )
                    return
                if not isinstance(result, ExecutionResult):  # @defer / @stream frames
                    await self._error(operation_id, "Incremental delivery is not supported.")
                    return
                await self.send_data_message(result, operation_id)
                is_first_result = False
            await self.send_message(CompleteMessage(type="complete", id=operation_id))
        except asyncio.CancelledError:
            await self.send_message(CompleteMessage(type="complete", id=operation_id))
        finally:
            self.subscriptions.pop(operation_id, None)
            self.tasks.pop(operation_id, None)
