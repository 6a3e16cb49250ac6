from __future__ import annotations

import uuid

import strawberry

from wax.schema.context import Info


@strawberry.type(description="The user whose token made this request.")
class Viewer:
    id: uuid.UUID
    name: str
    is_admin: bool


@strawberry.type
class ViewerQuery:
    @strawberry.field(description="Who you are, as your token says.")
    def viewer(self, info: Info) -> Viewer:
        user = info.context.require_viewer()
        return Viewer(id=user.id, name=user.name, is_admin=user.is_admin)
