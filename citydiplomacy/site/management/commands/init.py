"""citydiplomacy init: set up the database and run every app's init step (the gazetteer,
the starter data, ...)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from citydiplomacy.core import extensions
from citydiplomacy.site.selectors import registry_counts
from citydiplomacy.site.services import registry_init


class Command(BaseCommand):
    help = (
        "Create or update the database, load the GeoNames gazetteer (countries with their UN "
        "M49 regions, and cities) and the starter data. Running it twice changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        for step in extensions.init_steps:
            if step.add_arguments is not None:
                step.add_arguments(parser)
        parser.add_argument(
            "--no-starter-data", action="store_true", help="Load only the gazetteer."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        options["starter_data"] = not options["no_starter_data"]
        options["progress"] = options["verbosity"] > 0
        try:
            lines = registry_init(options)
        except extensions.InitFailed as error:
            raise CommandError(str(error)) from None
        for line in lines:
            self.stdout.write(line)
        counts = registry_counts()
        self.stdout.write(
            self.style.SUCCESS("Registry: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
        )
