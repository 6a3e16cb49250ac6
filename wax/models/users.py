from __future__ import annotations

import uuid

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model


class User(Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    name = fields.CharField(max_length=150, unique=True)
    is_admin = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    tokens: fields.ReverseRelation[ApiToken]

    class Meta:
        table = "users"


class ApiToken(Model):
    # An API token, kept only as its SHA-256 digest; the plain token is shown once.

    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="tokens", on_delete=fields.CASCADE
    )
    user_id: str
    digest = fields.CharField(max_length=64, unique=True)
    # the first characters, so a person can tell their tokens apart
    prefix = fields.CharField(max_length=16)
    label = fields.CharField(max_length=150, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_tokens"
        indexes = (Index(fields=("user_id",), name="api_tokens_user"),)
