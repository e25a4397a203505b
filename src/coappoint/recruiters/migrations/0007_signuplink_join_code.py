"""Every sign-up link gets a short join code (/join/ABCD-2345); existing links get one here."""

import secrets

from django.db import migrations, models

# Copied from coappoint.rules.join_codes as it was when this ran, so the migration never changes.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8


def give_every_link_a_join_code(apps, schema_editor):
    SignUpLink = apps.get_model("recruiters", "SignUpLink")
    taken = set()
    for link in SignUpLink.objects.filter(join_code__isnull=True).order_by("pk"):
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        while code in taken:
            code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        taken.add(code)
        link.join_code = code
        link.save(update_fields=["join_code"])


class Migration(migrations.Migration):

    dependencies = [
        ("recruiters", "0006_sign_in_reissue"),
    ]

    operations = [
        migrations.AddField(
            model_name="signuplink",
            name="join_code",
            field=models.CharField(max_length=8, null=True),
        ),
        migrations.RunPython(give_every_link_a_join_code, migrations.RunPython.noop),
    ]
