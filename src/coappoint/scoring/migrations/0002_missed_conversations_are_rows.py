# A conversation that did not happen is a status of the conversation's row (timetables 0004),
# not a second record: every MissedConversation marks its pair's rows on the current timetable.

from django.db import migrations


def missed_to_status(apps, schema_editor):
    MissedConversation = apps.get_model("scoring", "MissedConversation")
    Timetable = apps.get_model("timetables", "Timetable")
    Conversation = apps.get_model("timetables", "Conversation")
    for missed in MissedConversation.objects.all():
        current = (
            Timetable.objects.filter(event_id=missed.event_id).order_by("-version").first()
        )
        if current is None:
            continue
        Conversation.objects.filter(
            timetable_id=current.pk,
            recruiter_id=missed.recruiter_id,
            candidate_id=missed.candidate_id,
        ).exclude(status="cancelled").update(
            status="did_not_happen", status_changed_at=missed.recorded_at
        )


def status_to_missed(apps, schema_editor):
    MissedConversation = apps.get_model("scoring", "MissedConversation")
    Timetable = apps.get_model("timetables", "Timetable")
    Conversation = apps.get_model("timetables", "Conversation")
    seen = set()
    for timetable in Timetable.objects.order_by("event_id", "-version"):
        if timetable.event_id in seen:
            continue
        seen.add(timetable.event_id)
        rows = Conversation.objects.filter(timetable_id=timetable.pk, status="did_not_happen")
        for recruiter_id, candidate_id, changed_at in rows.values_list(
            "recruiter_id", "candidate_id", "status_changed_at"
        ):
            MissedConversation.objects.get_or_create(
                recruiter_id=recruiter_id,
                candidate_id=candidate_id,
                defaults={
                    "organisation_id": timetable.organisation_id,
                    "event_id": timetable.event_id,
                    "recorded_at": changed_at or timetable.made_at,
                },
            )


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0001_initial"),
        ("timetables", "0004_conversations"),
    ]

    operations = [
        migrations.RunPython(missed_to_status, status_to_missed),
        migrations.DeleteModel(
            name="MissedConversation",
        ),
    ]
