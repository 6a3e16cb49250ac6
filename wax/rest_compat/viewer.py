from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from wax.auth import scope_user
from wax.responses import JSONResponse


async def me(request: Request) -> Response:
    user = scope_user(request.scope)
    return JSONResponse({"id": str(user.id), "name": user.name, "is_admin": user.is_admin})


routes = [Route("/v1/me", me, methods=["GET"])]
