"""Listing in (updated_at, id) order: by page number, or by an opaque keyset cursor.

A cursor walk is bounded: the first page notes the safe watermark, and later pages return
only rows stamped before it. A row that changes during the walk moves past the bound and is
left to the next sync (which starts from a watermark no later than this one), so no walk
returns a row twice, and every row that matched and did not change comes exactly once.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar, cast

from pypika_tortoise.terms import Term
from tortoise.expressions import Q, RawSQL, Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from wax.errors import InvalidInput
from wax.models.base import TimestampedModel
from wax.resolvers.dates import as_utc, client_moment
from wax.resolvers.row_counts import count_rows, kept_count_sql
from wax.resolvers.sql import Statement
from wax.resolvers.watermark import safe_watermark

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
MAX_PAGE = 10_000_000
CURSOR_VERSION = "1"


class Keyed(Protocol):
    """What a listed item must have for its place in the order."""

    @property
    def id(self) -> uuid.UUID | str: ...

    @property
    def updated_at(self) -> datetime: ...


M = TypeVar("M", bound=TimestampedModel)
K = TypeVar("K", bound=Keyed)
T_co = TypeVar("T_co", bound=Keyed, covariant=True)


@dataclass(frozen=True)
class Cursor:
    kind: str  # which list it belongs to: songs, albums, ...
    bound: datetime  # the walk's watermark
    updated_at: datetime
    id: str  # canonical text

    def encode(self) -> str:
        text = "|".join(
            (
                CURSOR_VERSION,
                self.kind,
                self.bound.isoformat(),
                self.updated_at.isoformat(),
                str(self.id),
            )
        )
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, kind: str) -> Cursor:
        """The cursor a client sent back; InvalidInput when it is not one of ours for `kind`."""
        invalid = InvalidInput("The cursor is invalid.", field="cursor")
        try:
            padded = token.strip() + "=" * (-len(token.strip()) % 4)
            text = base64.urlsafe_b64decode(padded.encode("ascii")).decode()
            version, cursor_kind, bound, updated_at, item_id = text.split("|")
            cursor = cls(
                kind=cursor_kind,
                bound=as_utc(datetime.fromisoformat(bound)),
                updated_at=as_utc(datetime.fromisoformat(updated_at)),
                id=str(uuid.UUID(item_id)),
            )
        except (ValueError, OverflowError, UnicodeError, binascii.Error):
            raise invalid from None
        if version != CURSOR_VERSION or cursor.kind != kind:
            raise invalid
        return cursor


@dataclass(frozen=True)
class PageRequest:
    updated_since: datetime | None = None
    per_page: int = DEFAULT_PER_PAGE
    page: int = 1
    cursor: str | None = None

    def __post_init__(self) -> None:
        if self.updated_since is not None:
            utc = client_moment(self.updated_since, "updated_since")
            object.__setattr__(self, "updated_since", utc)
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise InvalidInput(
                f"The per page field must be between 1 and {MAX_PER_PAGE}.", field="per_page"
            )
        if not 1 <= self.page <= MAX_PAGE:
            raise InvalidInput(f"The page field must be between 1 and {MAX_PAGE}.", field="page")


@dataclass(frozen=True)
class Page(Generic[K]):
    kind: str
    items: list[K]
    total: int  # rows matching updated_since, whatever the page
    per_page: int
    page: int | None  # None for a page reached by cursor
    bound: datetime  # the walk's watermark, carried by every cursor handed out
    has_next: bool  # another row follows within the walk

    def cursor_of(self, item: K) -> str:
        return Cursor(self.kind, self.bound, item.updated_at, str(item.id)).encode()

    @property
    def last_cursor(self) -> str | None:
        return self.cursor_of(self.items[-1]) if self.items else None

    @property
    def next_cursor(self) -> str | None:
        return self.last_cursor if self.has_next else None

    @property
    def last_page(self) -> int:
        return max(1, -(-self.total // self.per_page))


class PageSource(Protocol[T_co]):
    """Where a listing's rows come from: `paginate` decides which rows, the source reads them.

    `rows` gives the window's rows and, read in the same statement, the total; a source may
    leave the total to `count` (None) when the window is empty."""

    async def count(self, updated_since: datetime | None) -> int: ...

    async def rows(self, window: Window) -> tuple[Sequence[T_co], int | None]: ...


@dataclass(frozen=True)
class Window:
    """Which rows to read, in (updated_at, id) order: at most `limit`, from `offset`, or, on a
    cursor walk, those after `after` and stamped before the walk's `bound`."""

    updated_since: datetime | None
    limit: int
    offset: int
    after: Cursor | None
    bound: datetime


def window_conditions(statement: Statement, window: Window, alias: str = "s") -> list[str]:
    """SQL conditions on the rows of `alias` for `window` (its updated_since, its cursor)."""
    conditions = []
    if window.updated_since is not None:
        since = statement.param(as_utc(window.updated_since))
        conditions.append(f'{alias}."updated_at" >= {since}')
    if window.after is not None:
        at, last = window.after.updated_at, window.after.id
        later = f'{alias}."updated_at" > {statement.param(at)}'
        tied = (
            f'{alias}."updated_at" = {statement.param(at)}'
            f' AND {alias}."id" > {statement.param(last)}'
        )
        conditions.append(f"({later} OR ({tied}))")
        conditions.append(f'{alias}."updated_at" < {statement.param(window.bound)}')
    return conditions


def changed_since(query: QuerySet[M], updated_since: datetime | None) -> QuerySet[M]:
    if updated_since is None:
        return query
    return query.filter(updated_at__gte=as_utc(updated_since))


class QuerySetSource(Generic[M]):
    """A Tortoise queryset as a page source; `table` names the table it lists whole, whose
    kept count (wax.resolvers.row_counts) is then the listing's."""

    def __init__(self, query: QuerySet[M], *, table: str | None = None) -> None:
        self.query = query
        self.table = table

    async def count(self, updated_since: datetime | None) -> int:
        if self.table is not None:
            return await count_rows(self.table, updated_since)
        return await changed_since(self.query, updated_since).count()

    async def rows(self, window: Window) -> tuple[Sequence[M], int | None]:
        matching = changed_since(self.query, window.updated_since)
        total: Term = Subquery(matching.annotate(n=Count("id")).values("n"))
        if self.table is not None and window.updated_since is None:
            total = RawSQL(kept_count_sql(self.table))
        ordered = matching.annotate(wax_total=total).order_by("updated_at", "id")
        if window.after is not None:
            after = Q(updated_at__gt=window.after.updated_at) | Q(
                updated_at=window.after.updated_at, id__gt=window.after.id
            )
            ordered = ordered.filter(after, updated_at__lt=window.bound)
        rows = await ordered.offset(window.offset).limit(window.limit)
        return rows, int(cast(Any, rows[0]).wax_total) if rows else None


async def paginate(source: PageSource[K], kind: str, request: PageRequest) -> Page[K]:
    """One page of `source` in (updated_at, id) order, by cursor when given, else by number."""
    cursor = Cursor.decode(request.cursor, kind) if request.cursor else None
    # the watermark comes first: every row stamped before it is visible to the reads below
    bound = cursor.bound if cursor else await safe_watermark()
    window = Window(
        updated_since=request.updated_since,
        limit=request.per_page + 1,
        offset=0 if cursor else (request.page - 1) * request.per_page,
        after=cursor,
        bound=bound,
    )
    rows, total = await source.rows(window)
    if total is None:
        # no row matched from the start, so none matched at all (seen in the same snapshot)
        from_start = window.offset == 0 and cursor is None
        total = 0 if from_start else await source.count(request.updated_since)
    items = list(rows[: request.per_page])
    # past the bound, later pages of a walk would be empty
    has_next = len(rows) > request.per_page and rows[request.per_page].updated_at < bound
    return Page(
        kind=kind,
        items=items,
        total=total,
        per_page=request.per_page,
        page=None if cursor else request.page,
        bound=bound,
        has_next=has_next,
    )
