# Who sits on a campaign's interview panel moves from interviews to campaigns, so that every app
# can ask who scores in a campaign (ADR 0008). Only Django's record of the models changes here:
# the table keeps its rows, and is renamed in 0005 once interviews has let go of it.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0003_decision_locked_at'),
        ('interviews', '0001_initial'),
        ('organisations', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PanelMember',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('added_at', models.DateTimeField()),
                        ('added_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='panel_members', to='campaigns.campaign')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'interviews_panelmember',
                        'ordering': ('campaign', 'user__full_name', 'pk'),
                        'constraints': [models.UniqueConstraint(fields=('campaign', 'user'), name='one_panel_seat_per_user')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
