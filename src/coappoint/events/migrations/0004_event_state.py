# Each event's and each campaign's place in its lifecycle (rules.lifecycle), derived from what
# was kept before there was a state:
#   campaign: decided if it has a Decision (or `decision_locked_at`); at its interview if its
#     rules are locked and the panel has sent a sheet or its scoring was closed or revealed;
#     rules locked if `rules_locked_at` is set; else being set up.
#   event: done if its campaign is decided; deliberation once its ScoringRound is revealed
#     (closing reveals too); scoring while a ScoringRound is open; running once its Rotation
#     has started; else planned.
# Going back, the state is simply dropped: the timestamps it came from are still there.

from django.db import migrations, models


def campaign_state(campaign, *, decided, panel_started):
    if decided:
        return "decided"
    if campaign.rules_locked_at is None:
        return "setting_up"
    return "interview" if panel_started else "rules_locked"


def event_state(event, *, campaign_decided, scoring_round, rotation):
    if campaign_decided:
        return "done"
    if scoring_round is not None:
        return "deliberation" if scoring_round.revealed_at is not None else "scoring"
    if rotation is not None and rotation.state != "not_started":
        return "running"
    return "planned"


def derive_states(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    Event = apps.get_model("events", "Event")
    Decision = apps.get_model("decisions", "Decision")
    PanelRound = apps.get_model("interviews", "PanelRound")
    PanelScoreSheet = apps.get_model("interviews", "PanelScoreSheet")
    ScoringRound = apps.get_model("scoring", "ScoringRound")
    Rotation = apps.get_model("timetables", "Rotation")
    with_decision = set(Decision.objects.values_list("campaign_id", flat=True))
    panel_started = set(PanelScoreSheet.objects.values_list("campaign_id", flat=True)) | set(
        PanelRound.objects.filter(revealed_at__isnull=False).values_list("campaign_id", flat=True)
    )
    decided = set()
    for campaign in Campaign.objects.all():
        state = campaign_state(
            campaign,
            decided=campaign.pk in with_decision or campaign.decision_locked_at is not None,
            panel_started=campaign.pk in panel_started,
        )
        if state == "decided":
            decided.add(campaign.pk)
        Campaign.objects.filter(pk=campaign.pk).update(state=state)
    rounds = {r.event_id: r for r in ScoringRound.objects.all()}
    rotations = {r.event_id: r for r in Rotation.objects.all()}
    for event in Event.objects.all():
        state = event_state(
            event,
            campaign_decided=event.campaign_id in decided,
            scoring_round=rounds.get(event.pk),
            rotation=rotations.get(event.pk),
        )
        Event.objects.filter(pk=event.pk).update(state=state)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_event_facilitators"),
        ("campaigns", "0007_campaign_state"),
        ("decisions", "0001_initial"),
        ("interviews", "0002_panel_member_moved_to_campaigns"),
        ("scoring", "0003_scoresheet_sent_from_session"),
        ("timetables", "0004_conversations"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="state",
            field=models.CharField(
                choices=[
                    ("planned", "Planned"),
                    ("running", "Conversations under way"),
                    ("scoring", "Private scoring"),
                    ("deliberation", "Deliberation"),
                    ("done", "Done"),
                ],
                default="planned",
                max_length=20,
            ),
        ),
        migrations.RunPython(derive_states, migrations.RunPython.noop),
    ]
