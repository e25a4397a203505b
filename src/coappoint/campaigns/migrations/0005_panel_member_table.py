# The panel's table takes the name of the app that now holds it (after interviews 0002).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0004_panel_member_moved_from_interviews'),
        ('interviews', '0002_panel_member_moved_to_campaigns'),
    ]

    operations = [
        migrations.AlterModelTable(name='panelmember', table=None),
    ]
