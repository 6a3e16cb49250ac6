"""A toy schema built by wax's own build_schema, for limits wax's schema cannot reach yet."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from dataclasses import dataclass

import strawberry

from wax.schema import build_schema
from wax.schema.limits import RELATED, limited
from wax.schema.viewer import ViewerQuery

SECRET = "the database password is hunter2"


@dataclass
class StreamCount:
    running: int = 0


# ticks streams running in this process, so a test can see a subscription end on the server
TICK_STREAMS = StreamCount()


@strawberry.type
class Node:
    name: str = "node"

    @strawberry.field
    def child(self) -> Node:
        return Node()

    @strawberry.field(metadata=limited(RELATED))
    def children(self, first: int | None = RELATED.default) -> list[Node]:
        return [Node() for _ in range(RELATED.first(first))]


@strawberry.type
class ToyQuery:
    @strawberry.field
    def node(self) -> Node:
        return Node()

    @strawberry.field
    def echo(self, text: str) -> str:
        return text

    @strawberry.field
    def boom(self) -> str:
        raise RuntimeError(SECRET)


@strawberry.type
class ToySubscription:
    @strawberry.subscription
    async def ticks(self) -> AsyncGenerator[int, None]:
        TICK_STREAMS.running += 1
        try:
            tick = 0
            while True:
                yield tick
                tick += 1
                await asyncio.sleep(0.2)
        finally:
            TICK_STREAMS.running -= 1

    @strawberry.subscription
    async def nodes(self) -> AsyncGenerator[Node, None]:
        yield Node()

    @strawberry.subscription
    async def boom_stream(self) -> AsyncGenerator[int, None]:
        yield 1
        raise RuntimeError(SECRET)


def toy_schema(*, introspection: bool = True, fast_path: bool = True) -> strawberry.Schema:
    return build_schema(
        introspection=introspection,
        queries=(ViewerQuery, ToyQuery),
        subscriptions=(ToySubscription,),
        fast_path=fast_path,
    )


def nested_query(depth: int) -> str:
    """`{ node { child { ... name } } }` with `depth` levels of selection sets."""
    return "{ node { " + "child { " * (depth - 1) + "name" + " }" * depth + " }"
