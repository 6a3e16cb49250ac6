import httpx

from tests.conftest import Account

VIEWER_QUERY = {"query": "{ viewer { name isAdmin } }"}


async def test_healthz_answers_without_a_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_rest_without_a_token_is_401_with_the_documented_body(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated."}


async def test_rest_with_a_bad_or_malformed_token_is_401(client: httpx.AsyncClient) -> None:
    for header in ("Bearer wax_wrong", "Basic abc", "Bearer", "wax_token"):
        response = await client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.json() == {"message": "Unauthenticated."}


async def test_rest_with_a_valid_token_knows_the_user(
    client: httpx.AsyncClient, admin: Account
) -> None:
    response = await client.get("/api/v1/me", headers=admin.headers)
    assert response.status_code == 200
    assert response.json()["name"] == "ann"


async def test_graphql_viewer_answers_with_a_token(
    client: httpx.AsyncClient, member: Account
) -> None:
    response = await client.post("/graphql", json=VIEWER_QUERY, headers=member.headers)
    assert response.status_code == 200
    assert response.json() == {"data": {"viewer": {"name": "bob", "isAdmin": False}}}


async def test_graphql_without_a_token_is_an_authentication_error(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/graphql", json=VIEWER_QUERY)
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"] == "Unauthenticated."


async def test_graphql_queries_by_get_need_a_token_too(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params=VIEWER_QUERY)
    assert response.status_code == 401


async def test_a_browser_opening_graphql_gets_graphiql(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_revoked_tokens_stop_working_at_once(
    client: httpx.AsyncClient, admin: Account
) -> None:
    from wax.resolvers.users import revoke_token

    assert (await client.get("/api/v1/me", headers=admin.headers)).status_code == 200
    await revoke_token(admin.token)
    assert (await client.get("/api/v1/me", headers=admin.headers)).status_code == 401
