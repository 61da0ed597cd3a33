"""citydiplomacy forecast: the likely next adopters of a practice, with the reasons."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from citydiplomacy.practices.forecast_data import forecast_for_practice
from citydiplomacy.practices.models import Practice


class Command(BaseCommand):
    help = (
        "Rank the jurisdictions most likely to adopt a practice next (event-history logit "
        "trained on every dated adoption in the registry), each with its chance and reasons."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("practice", help="The practice's slug, e.g. spid-aboldeapen.")
        parser.add_argument("--top", type=int, default=10, help="How many (default: 10).")

    def handle(self, *args: Any, **options: Any) -> None:
        practice = Practice.objects.filter(slug=options["practice"]).first()
        if practice is None:
            raise CommandError(f"No practice {options['practice']!r}.")
        result = forecast_for_practice(practice, top=options["top"])
        if not result["candidates"]:
            self.stdout.write(result.get("note", "No candidates."))
            return
        trained = result["trained_on"]
        self.stdout.write(
            f"{practice.title}: likely adopters in {result['year']} (trained on "
            f"{trained['practices']} practices, {trained['jurisdictions']} jurisdictions)"
        )
        for rank, row in enumerate(result["candidates"], 1):
            reasons = "; ".join(row["reasons"]) or "no strong reason"
            self.stdout.write(f"{rank:>3}. {row['name']:<30} {row['probability']:.3f}  {reasons}")
