"""citydiplomacy stats: what the registry holds."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from citydiplomacy.site.selectors import (
    best_connected_cities,
    largest_organisations,
    registry_counts,
)

# "offices" in the counts are terms in office (a person holding a role), not the
# international offices that use the platform: say so in words.
LABELS = {"offices": "terms in office"}


class Command(BaseCommand):
    help = "Print counts of each kind of record, the best-connected cities and largest networks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args: Any, **options: Any) -> None:
        data: dict[str, Any] = {
            "counts": registry_counts(),
            "most_agreements": [
                {
                    "city": str(row["city"]),
                    "geonames_id": row["city"].pk,
                    "agreements": row["agreements"],
                }
                for row in best_connected_cities()
            ],
            "largest_organisations": [
                {"organisation": str(org), "slug": org.slug, "member_cities": org.member_count}  # type: ignore[attr-defined]
                for org in largest_organisations()
            ],
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        for name, value in data["counts"].items():
            self.stdout.write(f"{LABELS.get(name, name):>16}: {value:,}")
        self.stdout.write("\nMost agreements:")
        for row in data["most_agreements"]:
            self.stdout.write(f"  {row['agreements']:>5}  {row['city']}")
        self.stdout.write("\nLargest organisations (current member cities):")
        for row in data["largest_organisations"]:
            self.stdout.write(f"  {row['member_cities']:>5}  {row['organisation']}")
