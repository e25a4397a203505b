"""Audit rows name people by kind and id, never by name, and `at` is the time the service gave.

Existing rows are rewritten once, before migration 0003 makes the table refuse UPDATE:
- the actor becomes a kind and an id (`actor_user` for staff; "Recruiter: NAME" and
  "Candidate: NAME" are looked up in the row's organisation, and are "unknown" when no single
  record matches; "System" is the service, "A candidate" an unnamed candidate);
- `target_label` (the record's name in words) is dropped: the page looks the record up;
- names, emails and free text about a person are taken out of `before` and `after`
  (the values withheld here are never shown again; the records themselves still hold them).
"""

from django.db import migrations, models

WITHHELD = "[withheld]"
# Keys whose values name a person or are free text about one; each is replaced by a mark.
PERSONAL_KEYS = {"email", "appointed", "full_name", "for"}
FREE_TEXT_KEYS = {"rationale", "tie_break_justification", "reason", "change_reason", "message"}
PEOPLE_LISTS = {"facilitators", "panel"}


def _actor(apps, row):
    label = row.actor_label or ""
    if row.actor_user_id is not None:
        return "staff", row.actor_user_id
    if label == "System":
        return "system", None
    if label == "A candidate":
        return "unnamed_candidate", None
    for prefix, model, kind in (
        ("Recruiter: ", ("recruiters", "CommunityRecruiter"), "recruiter"),
        ("Candidate: ", ("campaigns", "Candidate"), "candidate"),
    ):
        if label.startswith(prefix):
            name = label[len(prefix) :]
            Model = apps.get_model(*model)
            rows = Model.objects.filter(organisation_id=row.organisation_id)
            if kind == "recruiter":
                ids = list(rows.filter(full_name=name).values_list("pk", flat=True)[:2])
            else:
                ids = [
                    pk
                    for pk, first, last in rows.values_list("pk", "first_name", "last_name")
                    if f"{first} {last}" == name
                ][:2]
            return (kind, ids[0]) if len(ids) == 1 else ("unknown", None)
    return "unknown", None


def _scrub(values):
    if not isinstance(values, dict):
        return values
    clean = {}
    for key, value in values.items():
        if key in PERSONAL_KEYS:
            continue
        if key in FREE_TEXT_KEYS and isinstance(value, str):
            clean[f"{key}_characters"] = len(value)
        elif key in PEOPLE_LISTS and isinstance(value, list):
            clean[key] = WITHHELD
        elif key in ("first_name", "last_name", "chosen_name", "phone"):
            clean[key] = WITHHELD
        else:
            clean[key] = value
    return clean


def references_not_names(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    for row in AuditEvent.objects.iterator():
        row.actor_kind, row.actor_id = _actor(apps, row)
        row.before = _scrub(row.before)
        row.after = _scrub(row.after)
        row.save(update_fields=["actor_kind", "actor_id", "before", "after"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        # Reads actor_user, which this migration removes.
        ("signin", "0002_credentials_issued_by_staff"),
        ("recruiters", "0006_sign_in_reissue"),
        ("campaigns", "0006_candidate_preferred_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="actor_kind",
            field=models.CharField(default="unknown", max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="actor_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(references_not_names, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="auditevent", name="actor_user"),
        migrations.RemoveField(model_name="auditevent", name="actor_label"),
        migrations.RemoveField(model_name="auditevent", name="target_label"),
    ]
