from django.db import migrations

from alliances.organisations.causes_data import load_causes


def forwards(apps, schema_editor):
    load_causes(apps.get_model("organisations", "Cause"))


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
