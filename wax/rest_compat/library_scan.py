"""The library scan's admin routes under /api/v1, as the original music server had them."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from wax.auth import scope_user
from wax.resolvers import library_scan
from wax.responses import JSONResponse
from wax.rest_compat import laravel
from wax.rest_compat.serialize import timestamp
from wax.services import services_of

FORCE_NOT_BOOLEAN = "The force field must be true or false."


def force_of(data: dict[str, Any]) -> bool:
    """`force` (a full scan) from the body: absent means false, anything but a boolean is a 422."""
    force = data.get("force", False)
    if not isinstance(force, bool):
        raise laravel.field_error("force", FORCE_NOT_BOOLEAN)
    return force


@laravel.laravel
async def start_scan(request: Request) -> Response:
    full = force_of(await laravel.json_object(request))
    jobs = services_of(request).library_scan
    started = await library_scan.start_or_attach(jobs, scope_user(request.scope), full)
    body = {"job_id": str(started.run_id), "status": "started", "attached": started.attached}
    return JSONResponse({"data": body}, status_code=202)


async def scan_status(request: Request) -> Response:
    jobs = services_of(request).library_scan
    running = await library_scan.current_scan(jobs, scope_user(request.scope))
    if running is None:
        return JSONResponse({"data": {"status": "idle"}})
    return JSONResponse(
        {
            "data": {
                "status": running.progress.status,
                "progress": running.progress.as_json(),
                "started_at": timestamp(running.run.started_at),
                "job_id": str(running.run.id),
            }
        }
    )


routes = [
    Route("/v1/admin/library/scan", start_scan, methods=["POST"]),
    Route("/v1/admin/library/scan/status", scan_status, methods=["GET"]),
]
