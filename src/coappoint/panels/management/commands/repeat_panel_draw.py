"""`coappoint manage repeat_panel_draw <draw id>`: run a panel's draw again and compare."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coappoint.panels.models import PanelDraw
from coappoint.panels.queries import repeat_draw


class Command(BaseCommand):
    help = "Run a panel's draw again from its seed, quotas and pool, and say if it is the same."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("draw_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        draw = PanelDraw.objects.filter(pk=options["draw_id"]).first()
        if draw is None:
            raise CommandError(f"There is no draw {options['draw_id']}.")
        repeat = repeat_draw(draw)
        self.stdout.write(f"Seed {draw.seed}, {draw.library} {draw.library_version}")
        self.stdout.write(f"Same pool as kept: {'yes' if repeat.same_pool else 'no'}")
        self.stdout.write(f"Same library version: {'yes' if repeat.same_library_version else 'no'}")
        self.stdout.write(f"Same panel: {'yes' if repeat.same_panel else 'no'}")
        self.stdout.write("Drawn: " + ", ".join(str(pk) for pk in sorted(repeat.drawn)))
        if not repeat.same_panel:
            raise CommandError("The repeat did not give the same panel.")
