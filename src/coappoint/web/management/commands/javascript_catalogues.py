"""`coappoint manage javascript_catalogues`: build each language's JavaScript catalogue file."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from coappoint.web.javascript_catalogues import build_folder, write_catalogues


class Command(BaseCommand):
    help = (
        "Write each language's JavaScript translation catalogue into the static files' build "
        "folder (assets/build/jsi18n/), from the compiled .mo files. Run by `make install`, "
        "before collectstatic."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for path in write_catalogues(build_folder()):
            self.stdout.write(str(path))
