"""The consensus-shift threshold in points of the community stage's scale, and its rule.

Each campaign's percentage of the span becomes the same threshold in points, exactly: percent x
span / 100 always fits two decimal places. The span is the community stage's, or 4 (the 1 to 5
scale the deliberation falls back to, scoring.queries.get_scale) when the campaign has none yet.
Campaigns whose rules were locked before keep the rule they were locked with, exactly: a shift
must be more than the threshold ("more_than"); the others get the current rule at their lock.
"""

from decimal import Decimal

from django.db import migrations, models

DEFAULT_SPAN = 4


def _span(apps, campaign):
    stage = (
        apps.get_model("campaigns", "Stage")
        .objects.filter(campaign_id=campaign.pk, kind="community")
        .first()
    )
    return DEFAULT_SPAN if stage is None else stage.scale_max - stage.scale_min


def _was_locked(campaign):
    # A campaign closed while being set up (a vacancy withdrawn) never had its rules locked.
    if campaign.state == "closed":
        return campaign.rules_locked_at is not None
    return campaign.state != "setting_up"


def to_points(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    for campaign in Campaign.objects.all():
        points = Decimal(campaign.consensus_shift_percent * _span(apps, campaign)) / 100
        assert points == points.quantize(Decimal("0.01"))  # exact, so nothing changes
        campaign.consensus_shift_points = points
        campaign.consensus_shift_rule = "more_than" if _was_locked(campaign) else ""
        campaign.save(update_fields=["consensus_shift_points", "consensus_shift_rule"])


def to_percent(apps, schema_editor):
    # Back to a whole percentage of the span, rounded half up when points no percentage fits
    # were typed after the change.
    Campaign = apps.get_model("campaigns", "Campaign")
    for campaign in Campaign.objects.all():
        percent = campaign.consensus_shift_points * 100 / _span(apps, campaign)
        campaign.consensus_shift_percent = min(
            100, int(percent.quantize(Decimal(1), rounding="ROUND_HALF_UP"))
        )
        campaign.save(update_fields=["consensus_shift_percent"])


class Migration(migrations.Migration):

    dependencies = [
        ("campaigns", "0009_campaign_closing_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="consensus_shift_points",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal(1),
                help_text=(
                    "A consensus this many points or more (on the community stage's scale) from "
                    "the mean of private scores must be explained in the rationale; more than "
                    "this many under the rule of campaigns locked before 'at or above' "
                    "(consensus_shift_rule)."
                ),
                max_digits=7,
            ),
        ),
        migrations.AddField(
            model_name="campaign",
            name="consensus_shift_rule",
            field=models.CharField(
                blank=True,
                choices=[
                    ("more_than", "More than the threshold"),
                    ("at_or_above", "At or above the threshold"),
                ],
                help_text=(
                    "The rule fixed when the rules were locked; empty until then, when the "
                    "current rule (rules.consensus.CURRENT_SHIFT_RULE) applies."
                ),
                max_length=20,
            ),
        ),
        migrations.RunPython(to_points, to_percent),
        migrations.RemoveField(
            model_name="campaign",
            name="consensus_shift_percent",
        ),
    ]
