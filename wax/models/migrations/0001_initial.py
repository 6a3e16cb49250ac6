from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Artist',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('name', fields.CharField(db_index=True, max_length=512)),
                ('image', fields.CharField(null=True, max_length=2048)),
            ],
            options={'table': 'artists', 'app': 'models', 'indexes': [Index(fields=['updated_at', 'id'], name='artists_updated_at_id')], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='Album',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('name', fields.CharField(max_length=512)),
                ('artist', fields.ForeignKeyField('models.Artist', source_field='artist_id', db_constraint=True, to_field='id', related_name='albums', on_delete=OnDelete.CASCADE)),
                ('cover', fields.CharField(null=True, max_length=2048)),
                ('year', fields.IntField(null=True)),
            ],
            options={'table': 'albums', 'app': 'models', 'indexes': [Index(fields=['updated_at', 'id'], name='albums_updated_at_id'), Index(fields=['artist_id'], name='albums_artist')], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='DeletedItem',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('entity_type', fields.CharField(max_length=16)),
                ('entity_id', fields.UUIDField()),
                ('owner_id', fields.UUIDField(null=True)),
                ('deleted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'deleted_items', 'app': 'models', 'unique_together': (('entity_type', 'entity_id'),), 'indexes': [Index(fields=['entity_type', 'deleted_at'], name='deleted_items_type_time'), Index(fields=['deleted_at'], name='deleted_items_time')], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Record',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('artist_name', fields.CharField(max_length=512)),
                ('album_title', fields.CharField(max_length=512)),
                ('year_released', fields.IntField(null=True)),
                ('label_name', fields.CharField(null=True, max_length=512)),
                ('catalog_number', fields.CharField(null=True, max_length=255)),
                ('discogs_id', fields.CharField(null=True, unique=True, max_length=32)),
                ('discogs_uri', fields.CharField(null=True, max_length=1024)),
                ('is_synced_with_discogs', fields.BooleanField(default=False)),
                ('thumbnail_url', fields.CharField(null=True, max_length=2048)),
                ('cover_image_url', fields.CharField(null=True, max_length=2048)),
                ('genres', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('styles', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('upc_code', fields.CharField(null=True, max_length=64)),
                ('record_size', fields.CharField(null=True, max_length=16)),
                ('vinyl_color', fields.CharField(null=True, max_length=255)),
                ('is_shaped_vinyl', fields.BooleanField(default=False)),
                ('speed_rpm', fields.CharField(null=True, max_length=16)),
                ('disc_count', fields.IntField(null=True)),
                ('is_picture_disc', fields.BooleanField(default=False)),
                ('weight_grams', fields.IntField(null=True)),
                ('data_source', fields.CharField(default='manual', max_length=16)),
            ],
            options={'table': 'records', 'app': 'models', 'indexes': [Index(fields=['updated_at', 'id'], name='records_updated_at_id')], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='Song',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('title', fields.CharField(max_length=512)),
                ('album', fields.ForeignKeyField('models.Album', source_field='album_id', db_constraint=True, to_field='id', related_name='songs', on_delete=OnDelete.CASCADE)),
                ('artist', fields.ForeignKeyField('models.Artist', source_field='artist_id', db_constraint=True, to_field='id', related_name='songs', on_delete=OnDelete.CASCADE)),
                ('length', fields.FloatField(null=True)),
                ('track', fields.IntField(null=True)),
                ('disc', fields.IntField(null=True)),
                ('year', fields.IntField(null=True)),
                ('genre', fields.CharField(null=True, max_length=255)),
            ],
            options={'table': 'songs', 'app': 'models', 'indexes': [Index(fields=['updated_at', 'id'], name='songs_updated_at_id'), Index(fields=['album_id'], name='songs_album'), Index(fields=['artist_id'], name='songs_artist')], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='SyncRun',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('status', fields.CharField(default='running', max_length=16)),
                ('phase', fields.CharField(default='pull', max_length=8)),
                ('pulled', fields.IntField(default=0)),
                ('pushed', fields.IntField(default=0)),
                ('skipped', fields.IntField(default=0)),
                ('total_discogs_items', fields.IntField(default=0)),
                ('errors', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('started_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sync_runs', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=150)),
                ('is_admin', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'users', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ApiToken',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='tokens', on_delete=OnDelete.CASCADE)),
                ('digest', fields.CharField(unique=True, max_length=64)),
                ('prefix', fields.CharField(max_length=16)),
                ('label', fields.CharField(null=True, max_length=150)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'api_tokens', 'app': 'models', 'indexes': [Index(fields=['user_id'], name='api_tokens_user')], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Playlist',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='playlists', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=512)),
                ('description', fields.TextField(null=True, unique=False)),
            ],
            options={'table': 'playlists', 'app': 'models', 'indexes': [Index(fields=['user_id', 'updated_at', 'id'], name='playlists_user_updated')], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='PlaylistSong',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('playlist', fields.ForeignKeyField('models.Playlist', source_field='playlist_id', db_constraint=True, to_field='id', related_name='entries', on_delete=OnDelete.CASCADE)),
                ('song', fields.ForeignKeyField('models.Song', source_field='song_id', db_constraint=True, to_field='id', related_name='playlist_entries', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField()),
            ],
            options={'table': 'playlist_songs', 'app': 'models', 'unique_together': (('playlist', 'song'),), 'indexes': [Index(fields=['playlist_id', 'position'], name='playlist_songs_order'), Index(fields=['song_id'], name='playlist_songs_song')], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
    ]
