"""citydiplomacy import KIND PATH: bring a dataset into the registry, all or nothing."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from citydiplomacy.core import extensions
from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.gazetteer import GAZETTEER_SIZES
from citydiplomacy.imports.runs import ImportFailed, ImportOptions, run_import
from citydiplomacy.imports.tabular import FileRefused


class Command(BaseCommand):
    help = (
        "Import a dataset. Names are resolved to GeoNames cities; --report writes what was "
        "matched, ambiguous (with candidates), unmatched, not a city or a duplicate, with row "
        "numbers. Nothing is written if any part fails, or with --dry-run."
    )
    # Django's system checks (about a second of every run) check the code's configuration,
    # as starting the server and `migrate` already do: an import need not check it again.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind", choices=extensions.importers.names(), help="What the file holds."
        )
        parser.add_argument("path", type=Path, nargs="?", help="The file (not with --live).")
        parser.add_argument("--report", type=Path, help="Write the row-by-row report (CSV).")
        parser.add_argument("--dry-run", action="store_true", help="Resolve and report only.")
        parser.add_argument("--overrides", type=Path, help="CSV of names settled by hand.")
        parser.add_argument(
            "--ignore-coordinates",
            action="store_true",
            help="Do not use the file's coordinates to choose among namesakes.",
        )
        parser.add_argument(
            "--gazetteer",
            type=int,
            choices=GAZETTEER_SIZES,
            default=500,
            help="Match against GeoNames places of at least this population (default: 500).",
        )
        parser.add_argument(
            "--geonames-file",
            type=Path,
            help="A GeoNames dump (allCountries, cities500 or a country file such as FR.zip, "
            "from download.geonames.org) whose populated places join the gazetteer.",
        )
        parser.add_argument("--encoding", default="utf-8-sig", help="The file's text encoding.")
        parser.add_argument("--user", help="Record the import under this user's name.")
        self.own_options: dict[str, list[str]] = {}
        for entry in extensions.importers:
            if entry.add_arguments is None:
                continue
            group = parser.add_argument_group(f"{entry.name} options")
            entry.add_arguments(group)
            self.own_options[entry.name] = [action.dest for action in group._group_actions]

    def handle(self, *args: Any, **options: Any) -> None:
        importer = extensions.importers.get(options["kind"]).importer
        own = self._own_options(options["kind"])
        settings = ImportOptions(
            dry_run=options["dry_run"],
            use_coordinates=not options["ignore_coordinates"],
            gazetteer=options["gazetteer"],
            overrides=options["overrides"],
            geonames_file=options["geonames_file"],
            encoding=options["encoding"],
            progress=options["verbosity"] > 0,
            report_path=options["report"],
            extra={key: options[key] for key in own if options.get(key)},
        )
        if options["path"] is None and not options.get("live"):
            raise CommandError("Give the file to import (or --live for a live Wikidata query).")
        try:
            outcome = run_import(
                importer, options["path"], actor=self._actor(options), options=settings
            )
        except (FileRefused, ImportFailed) as error:
            raise CommandError(str(error)) from None
        if options["report"]:
            try:
                outcome.report.write(options["report"])
            except OSError as error:  # checked before the import; the disk may still fail
                raise CommandError(
                    f"The import was written, but the report {options['report']} could not be: "
                    f"{error.strerror}."
                ) from None
        for note in outcome.report.notes:
            self.stdout.write(f"Note: {note}")
        prefix = "Dry run, nothing written: " if settings.dry_run else ""
        run = f" (import run {outcome.run.pk})" if outcome.run else ""
        self.stdout.write(f"{prefix}{outcome.report.text()}{run}.")

    def _own_options(self, kind: str) -> list[str]:
        """The options the chosen importer declared; others' options given are refused."""
        own: dict[str, list[str]] = getattr(self, "own_options", {})
        return own.get(kind, [])

    def _actor(self, options: dict[str, Any]) -> Actor:
        username = options.get("user")
        if not username:
            return Actor(via=Via.IMPORT, label="command line")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        return Actor(via=Via.IMPORT, user=user)
