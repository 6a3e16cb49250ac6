from __future__ import annotations

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

ENTITY_TYPES = ("songs", "albums", "artists", "playlists", "records")


class DeletedItem(Model):
    # A tombstone: this id was deleted at this time, so clients can forget it.

    id = fields.BigIntField(primary_key=True)
    entity_type = fields.CharField(max_length=16)
    entity_id = fields.UUIDField()
    # set for playlists only: tombstones of private things are private too
    owner_id = fields.UUIDField(null=True)
    deleted_at = fields.DatetimeField()

    class Meta:
        table = "deleted_items"
        unique_together = (("entity_type", "entity_id"),)
        indexes = (
            Index(fields=("entity_type", "deleted_at"), name="deleted_items_type_time"),
            Index(fields=("deleted_at",), name="deleted_items_time"),
        )
