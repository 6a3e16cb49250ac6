from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class ServerSecret(Model):
    # A secret every wax process on the database shares (the media URL signing key when
    # WAX_SECRET_KEY is not set), made once by whichever process starts first.

    name = fields.CharField(max_length=64, primary_key=True)
    value = fields.CharField(max_length=128)

    class Meta:
        table = "server_secrets"
