# The decision lock is stored once: the campaign's state ("decided"), with the Decision's
# `recorded_at` saying when. events 0004 read `decision_locked_at` before it goes.

from django.db import migrations


def restore_decision_locked_at(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    Decision = apps.get_model("decisions", "Decision")
    for campaign_id, recorded_at in Decision.objects.values_list("campaign_id", "recorded_at"):
        Campaign.objects.filter(pk=campaign_id).update(decision_locked_at=recorded_at)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0007_campaign_state"),
        ("events", "0004_event_state"),
        ("decisions", "0001_initial"),
    ]

    operations = [
        # Going back, the lock's time is the decision's.
        migrations.RunPython(migrations.RunPython.noop, restore_decision_locked_at),
        migrations.RemoveField(
            model_name="campaign",
            name="decision_locked_at",
        ),
    ]
