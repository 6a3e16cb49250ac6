"""The short path for plain fields answers exactly as graphql-core's own execution does."""

from __future__ import annotations

import enum
import uuid
from collections import Counter
from typing import Annotated, Any

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from wax.schema.execution import WaxExecutionContext


@strawberry.enum
class Speed(enum.Enum):
    SLOW = 33
    FAST = 45


@strawberry.type
class Label:
    name: str
    country: str | None


@strawberry.type
class Track:
    number: int
    title: str | None
    label: Label


@strawberry.type
class Pressing:
    title: str
    year: int
    speed: Speed
    notes: str | None
    label: Label  # a plain non-null object
    maybe_label: Label | None
    catalog: uuid.UUID  # its scalar serialises anything with str()

    @strawberry.field
    def shout(self, suffix: str = "!") -> str:
        return self.title.upper() + suffix

    @strawberry.field
    async def tracks(self, first: int = 2) -> list[Track]:
        """A nested list with `first`, as wax's Album.songs: a resolver, then plain rows."""
        return [Track(number=n, title=f"{self.title} {n}", label=self.label) for n in range(first)]


class Eventually:
    """A value GraphQL awaits (and nothing if nobody asks for it)."""

    def __init__(self, value: object) -> None:
        self.value = value

    def __await__(self) -> Any:
        async def value() -> object:
            return self.value

        return value().__await__()


CATALOG = uuid.UUID("6f1c1f36-2f42-4d4e-9d59-0f6c2b4f5e7a")


def pressings() -> list[Any]:
    good = Pressing(
        title="Abbey Road",
        year=1969,
        speed=Speed.SLOW,
        notes=None,
        label=Label(name="Apple", country="UK"),
        maybe_label=None,
        catalog=CATALOG,
    )
    # values the schema does not allow, as a buggy resolver might hand them over
    bad_leaf = Pressing(
        title=None,  # type: ignore[arg-type]
        year="nineteen",  # type: ignore[arg-type]
        speed=Speed.FAST,
        notes="mono",
        label=Label(name=None, country=None),  # type: ignore[arg-type]
        maybe_label=Label(name=None, country="US"),  # type: ignore[arg-type]
        catalog=CATALOG,
    )
    awaiting = Pressing(
        title="Let It Be",
        year=Eventually(1969),  # type: ignore[arg-type]
        speed=Speed.SLOW,
        notes=None,
        label=None,  # type: ignore[arg-type]
        maybe_label=None,
        catalog=Eventually(CATALOG),  # type: ignore[arg-type]
    )
    later_label = Pressing(
        title="Help!",
        year=1965,
        speed=Speed.FAST,
        notes=None,
        label=Eventually(Label(name="Parlophone", country="UK")),  # type: ignore[arg-type]
        maybe_label=Eventually(None),  # type: ignore[arg-type]
        catalog=CATALOG,
    )
    return [good, bad_leaf, awaiting, later_label]


@strawberry.interface
class Problem:
    message: str


@strawberry.type
class Missing(Problem):
    index: int


@strawberry.type
class Refused(Problem):
    reason: str | None


# as wax's result unions (RecordResult etc.): the object, or one of the errors
PressingResult = Annotated[Pressing | Missing | Refused, strawberry.union("PressingResult")]


def results() -> list[Pressing | Missing | Refused]:
    return [
        *pressings(),
        Missing(message="no such pressing", index=9),
        Refused(message="not yours", reason=None),
        Refused(message=None, reason="broken"),  # type: ignore[arg-type]
    ]


@strawberry.type
class Query:
    @strawberry.field
    def pressings(self) -> list[Pressing | None]:
        return pressings()

    @strawberry.field
    def results(self) -> list[PressingResult | None]:
        return results()

    @strawberry.field
    def result(self, index: int) -> PressingResult | None:
        found = results()
        return found[index] if 0 <= index < len(found) else Missing(message="none", index=index)

    @strawberry.field
    def problems(self) -> list[Problem | None]:
        return [r for r in results() if isinstance(r, Problem)]


def schema(execution_context_class: type) -> strawberry.Schema:
    return strawberry.Schema(Query, execution_context_class=execution_context_class)


QUERIES = [
    "{ pressings { title year speed notes catalog } }",
    "{ pressings { title label { name country } } }",
    "{ pressings { maybeLabel { name country } } }",
    "{ pressings { t: title y: year again: title } }",
    '{ pressings { shout shout2: shout(suffix: "?") } }',
    "{ pressings { __typename label { __typename name } } }",
    "{ pressings { ... on Pressing { title label { ... on Label { name } } } } }",
    "{ pressings { title tracks { number title } } }",
    "{ pressings { few: tracks(first: 1) { title } more: tracks(first: 3) { label { name } } } }",
]


UNION_QUERIES = [
    "{ results { __typename } }",
    "{ results { ... on Pressing { title label { name } } ... on Missing { index message } } }",
    "{ results { ... on Problem { message } ... on Refused { reason } ... on Pressing { year } } }",
    "{ results { ...Plain ...Trouble } } fragment Plain on Pressing { title speed notes }"
    " fragment Trouble on Problem { __typename message }",
    "{ problems { __typename message ... on Missing { index } ... on Refused { reason } } }",
    # errors inside unions, under aliases
    "{ a: results { ... on Pressing { t: title y: year l: label { n: name } } }"
    " b: results { ... on Refused { m: message r: reason } } c: result(index: 1) { __typename"
    " ... on Pressing { maybeLabel { name } } } }",
    "{ results { ... on Pressing { tracks(first: 3) { number label { name } } } } }",
]

WITH_VARIABLES = [
    (
        "query ($suffix: String!, $n: Int!) { pressings { shout(suffix: $suffix)"
        " tracks(first: $n) { number title } } }",
        {"suffix": "?!", "n": 2},
    ),
    (
        "query ($yes: Boolean!, $no: Boolean!) { pressings { title @include(if: $yes)"
        " year @include(if: $no) notes @skip(if: $yes) label @skip(if: $no) { name } } }",
        {"yes": True, "no": False},
    ),
    (
        "query ($yes: Boolean!) { results { ... on Pressing @include(if: $yes) { title }"
        " ... on Problem @skip(if: $yes) { message } ...More @include(if: $yes) } }"
        " fragment More on Missing { index }",
        {"yes": True},
    ),
    (
        "query ($yes: Boolean!) { results { ... on Pressing @include(if: $yes) { title }"
        " ... on Problem @skip(if: $yes) { message } } }",
        {"yes": False},
    ),
    (
        "query ($i: Int!, $j: Int!) { first: result(index: $i) { ... on Pressing { title } }"
        " second: result(index: $j) { ... on Problem { message } ... on Pressing { title } } }",
        {"i": 0, "j": 6},
    ),
    (
        "{ pressings { title @include(if: true) year @skip(if: true)"
        " label { name @skip(if: false) country @include(if: false) } } }",
        {},
    ),
]


def _answer(result: Any) -> tuple[Any, list[tuple[str, list[Any]]]]:
    errors = sorted((e.message, list(e.path or [])) for e in result.errors or [])
    return result.data, errors


@pytest.mark.parametrize("query", QUERIES)
async def test_plain_fields_answer_as_graphql_core_does(query: str) -> None:
    stock = await schema(StrawberryGraphQLCoreExecutionContext).execute(query)
    short = await schema(WaxExecutionContext).execute(query)
    assert _answer(short) == _answer(stock)


@pytest.mark.parametrize("query", UNION_QUERIES)
async def test_fragments_on_unions_and_interfaces_answer_as_graphql_core_does(query: str) -> None:
    stock = await schema(StrawberryGraphQLCoreExecutionContext).execute(query)
    short = await schema(WaxExecutionContext).execute(query)
    assert stock.data is not None
    assert _answer(short) == _answer(stock)


@pytest.mark.parametrize(("query", "variables"), WITH_VARIABLES)
async def test_variables_and_include_or_skip_answer_as_graphql_core_does(
    query: str, variables: dict[str, Any]
) -> None:
    stock = await schema(StrawberryGraphQLCoreExecutionContext).execute(
        query, variable_values=variables
    )
    short = await schema(WaxExecutionContext).execute(query, variable_values=variables)
    assert stock.data is not None
    assert _answer(short) == _answer(stock)


async def test_an_error_inside_a_union_nulls_its_member_under_its_alias() -> None:
    result = await schema(WaxExecutionContext).execute(
        "{ r: results { ... on Pressing { t: title } ... on Refused { m: message } } }"
    )
    data, errors = _answer(result)
    assert data is not None
    assert data["r"][:2] == [{"t": "Abbey Road"}, None]
    assert data["r"][-2:] == [{"m": "not yours"}, None]
    assert [path for _, path in errors] == [["r", 1, "t"], ["r", 6, "m"]]


async def test_a_null_in_a_plain_non_null_object_nulls_the_nearest_nullable_parent() -> None:
    result = await schema(WaxExecutionContext).execute("{ pressings { label { name } } }")
    data, errors = _answer(result)
    assert data == {
        "pressings": [{"label": {"name": "Apple"}}, None, None, {"label": {"name": "Parlophone"}}]
    }
    assert [path for _, path in errors] == [
        ["pressings", 1, "label", "name"],
        ["pressings", 2, "label"],
    ]


async def test_an_awaitable_value_is_awaited_before_it_is_serialised() -> None:
    result = await schema(WaxExecutionContext).execute("{ pressings { catalog } }")
    assert result.data == {"pressings": [{"catalog": str(CATALOG)}] * 4}


async def test_a_value_that_fails_to_serialise_is_an_error_at_its_field() -> None:
    result = await schema(WaxExecutionContext).execute("{ pressings { year } }")
    data, errors = _answer(result)
    assert data == {"pressings": [{"year": 1969}, None, {"year": 1969}, {"year": 1965}]}
    assert len(errors) == 1
    assert errors[0][1] == ["pressings", 1, "year"]
    assert "Int cannot represent" in errors[0][0]


async def test_plain_fields_skip_the_resolve_info_graphql_core_builds_per_field(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[str] = []
    build = StrawberryGraphQLCoreExecutionContext.build_resolve_info

    def counting(self: Any, field_def: Any, field_nodes: Any, *args: Any) -> Any:
        built.append(field_nodes[0].name.value)
        return build(self, field_def, field_nodes, *args)

    monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "build_resolve_info", counting)
    result = await schema(WaxExecutionContext).execute(
        "{ pressings { title label { name } shout } }"
    )
    assert result.data is not None
    # the resolvers (the list; `shout` on rows 1 and 4, as a forbidden null ends rows 2 and 3),
    # those nulls (row 2's title, row 3's label), and row 4's awaitable label; the plain values
    # build none
    assert Counter(built) == {"pressings": 1, "shout": 2, "title": 1, "label": 2}


async def test_an_object_of_plain_fields_is_answered_in_one_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    walked: list[str] = []
    execute_fields = StrawberryGraphQLCoreExecutionContext.execute_fields

    def counting(self: Any, parent_type: Any, *args: Any, **kwargs: Any) -> Any:
        walked.append(parent_type.name)
        return execute_fields(self, parent_type, *args, **kwargs)

    monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "execute_fields", counting)
    result = await schema(WaxExecutionContext).execute(
        "{ pressings { title speed label { name country } } }"
    )
    assert result.data is not None
    assert result.data["pressings"][0] == {
        "title": "Abbey Road",
        "speed": "SLOW",
        "label": {"name": "Apple", "country": "UK"},
    }
    # graphql-core walks the query root and the three rows with a forbidden null or an
    # awaitable; row 1, and row 4's label once awaited, take the one pass
    assert Counter(walked) == {"Query": 1, "Pressing": 3}
