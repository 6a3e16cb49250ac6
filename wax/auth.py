"""Bearer-token authentication at the HTTP edge, shared by REST and GraphQL."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from starlette.types import ASGIApp, Receive, Scope, Send

from wax.errors import DatabaseUnavailable
from wax.models import User
from wax.resolvers.users import user_and_watermark, user_for_token
from wax.resolvers.watermark import watermark_read_first
from wax.responses import RETRY_AFTER, JSONResponse
from wax.rest_compat.errors import error_body

USER_SCOPE_KEY = "wax.user"
UNAUTHENTICATED_BODY = {"message": "Unauthenticated."}


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def authenticate(authorization: str | None) -> User | None:
    token = bearer_token(authorization)
    return None if token is None else await user_for_token(token)


async def authenticate_with_watermark(
    authorization: str | None,
) -> tuple[User | None, datetime | None]:
    """authenticate(), with the safe watermark read in the same round trip (for listings)."""
    token = bearer_token(authorization)
    return (None, None) if token is None else await user_and_watermark(token)


def never(scope: Scope) -> bool:
    return False


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class RequireToken:
    """Lets a request through only with a valid bearer token; puts its user in the scope.

    With `under`, only paths below that prefix need the token, checked before routing: an
    unknown path there is a 401 to a stranger, never a 404 that tells what exists.
    For requests `lists` says will page through a listing, the safe watermark comes with the
    token, saving the listing a round trip.
    """

    def __init__(
        self,
        app: ASGIApp,
        body: Mapping[str, object] = UNAUTHENTICATED_BODY,
        *,
        under: str | None = None,
        lists: Callable[[Scope], bool] = never,
    ) -> None:
        self.app = app
        self.body = body
        self.under = under
        self.lists = lists

    def guards(self, scope: Scope) -> bool:
        if scope["type"] != "http":
            return False
        if self.under is None:
            return True
        path: str = scope["path"]
        return path == self.under or path.startswith(self.under + "/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.guards(scope):
            await self.app(scope, receive, send)
            return
        moment: datetime | None = None
        try:
            authorization = header(scope, b"authorization")
            if self.lists(scope):
                user, moment = await authenticate_with_watermark(authorization)
            else:
                user = await authenticate(authorization)
        except DatabaseUnavailable as exc:
            # outside the app's exception handlers, so answered here as they would
            status, body = error_body(exc)
            await JSONResponse(body, status_code=status, headers=RETRY_AFTER)(scope, receive, send)
            return
        if user is None:
            response = JSONResponse(
                self.body, status_code=401, headers={"WWW-Authenticate": "Bearer"}
            )
            await response(scope, receive, send)
            return
        scope[USER_SCOPE_KEY] = user
        with watermark_read_first(moment):
            await self.app(scope, receive, send)


def scope_user(scope: Scope) -> User:
    user = scope.get(USER_SCOPE_KEY)
    if not isinstance(user, User):
        raise RuntimeError("route mounted without RequireToken")
    return user
