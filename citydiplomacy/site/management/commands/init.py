"""citydiplomacy init: set up the database, the gazetteer and the starter data."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from citydiplomacy.geo.gazetteer import GAZETTEER_SIZES
from citydiplomacy.site.selectors import registry_counts
from citydiplomacy.site.services import StarterDataError, registry_init


class Command(BaseCommand):
    help = (
        "Create or update the database, load the GeoNames gazetteer (countries with their UN "
        "M49 regions, and cities) and the starter data. Running it twice changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--gazetteer",
            type=int,
            choices=GAZETTEER_SIZES,
            default=settings.GAZETTEER_MIN_POPULATION,
            help="Load cities of at least this population (default: %(default)s).",
        )
        parser.add_argument(
            "--no-starter-data", action="store_true", help="Load only the gazetteer."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = registry_init(
                min_population=options["gazetteer"],
                starter_data=not options["no_starter_data"],
                progress=options["verbosity"] > 0,
            )
        except StarterDataError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Countries: {report.countries.created} new, {report.countries.updated} updated. "
            f"Cities (population >= {options['gazetteer']:,}): {report.cities.created} new, "
            f"{report.cities.updated} updated, {report.cities.names_created} new names. "
            f"Divisions (ISO 3166-2): {report.divisions.created} new, "
            f"{report.divisions.updated} updated."
        )
        for kind, summary in report.starter.items():
            self.stdout.write(
                f"Starter {kind}: {summary.created} new, {summary.merged} merged, "
                f"{summary.unchanged} unchanged."
            )
        counts = registry_counts()
        self.stdout.write(
            self.style.SUCCESS("Registry: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
        )
