from __future__ import annotations

from tortoise import fields
from tortoise.indexes import Index

from wax.models.base import TimestampedModel

DATA_SOURCE_DISCOGS = "discogs"
DATA_SOURCE_MANUAL = "manual"


class Record(TimestampedModel):
    # A vinyl record in the collection, instance-wide.

    artist_name = fields.CharField(max_length=512)
    album_title = fields.CharField(max_length=512)
    year_released = fields.IntField(null=True)
    label_name = fields.CharField(max_length=512, null=True)
    catalog_number = fields.CharField(max_length=255, null=True)
    discogs_id = fields.CharField(max_length=32, null=True, unique=True)
    discogs_uri = fields.CharField(max_length=1024, null=True)
    is_synced_with_discogs = fields.BooleanField(default=False)
    thumbnail_url = fields.CharField(max_length=2048, null=True)
    cover_image_url = fields.CharField(max_length=2048, null=True)
    genres: fields.Field[list[str]] = fields.JSONField(default=list)
    styles: fields.Field[list[str]] = fields.JSONField(default=list)
    upc_code = fields.CharField(max_length=64, null=True)
    record_size = fields.CharField(max_length=16, null=True)
    vinyl_color = fields.CharField(max_length=255, null=True)
    is_shaped_vinyl = fields.BooleanField(default=False)
    # cheap extras from the same format data
    speed_rpm = fields.CharField(max_length=16, null=True)
    disc_count = fields.IntField(null=True)
    is_picture_disc = fields.BooleanField(default=False)
    weight_grams = fields.IntField(null=True)
    data_source = fields.CharField(max_length=16, default=DATA_SOURCE_MANUAL)

    class Meta:
        table = "records"
        indexes = (Index(fields=("updated_at", "id"), name="records_updated_at_id"),)
