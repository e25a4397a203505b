# campaigns.PanelMember now holds who sits on the panel (campaigns 0004, ADR 0008): only
# Django's record of the model goes from here; the table and its rows stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('interviews', '0001_initial'),
        ('campaigns', '0004_panel_member_moved_from_interviews'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='PanelMember')],
            database_operations=[],
        ),
    ]
