# A campaign's place in its lifecycle (rules.lifecycle): the state decides what may happen next;
# events 0004 derives it for every existing campaign from the timestamps and rows kept before.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0006_candidate_preferred_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="campaign",
            name="state",
            field=models.CharField(
                choices=[
                    ("setting_up", "Being set up"),
                    ("rules_locked", "Rules locked"),
                    ("interview", "Formal interview"),
                    ("decided", "Decided"),
                    ("closed", "Closed"),
                ],
                default="setting_up",
                max_length=20,
            ),
        ),
    ]
