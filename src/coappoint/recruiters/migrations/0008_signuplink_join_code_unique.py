"""A sign-up link's join code is required and unique across every organisation."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("recruiters", "0007_signuplink_join_code"),
    ]

    operations = [
        migrations.AlterField(
            model_name="signuplink",
            name="join_code",
            field=models.CharField(
                help_text="Canonical, without the hyphen: unique across every organisation.",
                max_length=8,
                unique=True,
            ),
        ),
    ]
