"""What the library scanner keeps: file facts and MusicBrainz ids per song, scan runs."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.data import JSON_DUMPS
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0004_row_counts')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ScanRun',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('status', fields.CharField(default='running', max_length=16)),
                ('full', fields.BooleanField(default=False)),
                ('total_files', fields.IntField(default=0)),
                ('scanned_files', fields.IntField(default=0)),
                ('new_songs', fields.IntField(default=0)),
                ('updated_songs', fields.IntField(default=0)),
                ('removed_songs', fields.IntField(default=0)),
                ('errors', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('started_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'scan_runs', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Album',
            name='musicbrainz_id',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name='Album',
            name='scanned',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Artist',
            name='musicbrainz_id',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name='Artist',
            name='scanned',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Song',
            name='audio_digest',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name='Song',
            name='audio_format',
            field=fields.CharField(null=True, max_length=8),
        ),
        ops.AddField(
            model_name='Song',
            name='bitrate',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Song',
            name='channels',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Song',
            name='compilation',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Song',
            name='disc_total',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Song',
            name='file_mtime_ns',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='Song',
            name='musicbrainz_recording_id',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name='Song',
            name='musicbrainz_track_id',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name='Song',
            name='path',
            field=fields.CharField(null=True, unique=True, max_length=4096),
        ),
        ops.AddField(
            model_name='Song',
            name='sample_rate',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Song',
            name='size',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='Song',
            name='track_total',
            field=fields.IntField(null=True),
        ),
        ops.AddIndex(
            model_name='Song',
            index=Index(fields=['audio_digest'], name='songs_audio_digest'),
        ),
    ]
