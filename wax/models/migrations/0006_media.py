"""Media: the signing secret every process shares, and where an album's cover was found."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_library_scan')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ServerSecret',
            fields=[
                ('name', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('value', fields.CharField(max_length=128)),
            ],
            options={'table': 'server_secrets', 'app': 'models', 'pk_attr': 'name'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Album',
            name='cover_path',
            field=fields.CharField(null=True, max_length=4096),
        ),
    ]
