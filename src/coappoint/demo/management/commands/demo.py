"""`manage.py demo [--links] [--format json|text]`: load the demo; print fresh sign-in links."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coappoint.demo.services import demo_is_loaded, issue_demo_links, load_demo


class Command(BaseCommand):
    help = "Load the demo council unless it is loaded; with --links, print fresh sign-in links."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--links", action="store_true", help="Issue and print sign-in links.")
        parser.add_argument("--format", choices=("json", "text"), default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["links"]:
            if demo_is_loaded():
                self.stderr.write("The demo is already loaded.")
            else:
                load_demo()
                self.stderr.write("Loaded the demo.")
            return
        load_demo()
        links = issue_demo_links()
        if options["format"] == "json":
            for link in links:
                self.stdout.write(
                    json.dumps({"role": link.role, "name": link.name, "url": link.url})
                )
            return
        self.stdout.write("Demo sign-in links (each works once; run `make links` for fresh ones):")
        for link in links:
            self.stdout.write(f"  {link.role.replace('_', ' '):<22} {link.name:<18} {link.url}")
