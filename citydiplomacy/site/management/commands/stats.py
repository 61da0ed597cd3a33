"""citydiplomacy stats: what the registry holds."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from citydiplomacy.core import extensions
from citydiplomacy.site.selectors import registry_counts


class Command(BaseCommand):
    help = "Print counts of each kind of record, the best-connected cities and largest networks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args: Any, **options: Any) -> None:
        data: dict[str, Any] = {"counts": registry_counts()}
        for panel in extensions.panels_for("home"):
            result = panel.data(None, None)
            if result is not None:
                data.update(result.data)
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        for name, value in data["counts"].items():
            self.stdout.write(f"{extensions.counts.get(name).label:>16}: {value:,}")
        for name, rows in data.items():
            if name != "counts" and isinstance(rows, list):  # the panels' rankings
                self.stdout.write(f"\n{name.replace('_', ' ').capitalize()}:")
                for row in rows:
                    self.stdout.write(f"  {row['figure']:>5}  {row['name']}")
