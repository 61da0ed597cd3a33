"""citydiplomacy export: agreements or memberships as CSV, JSON, GeoJSON or GraphML."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict

from citydiplomacy.registry.exports import DATASETS, FORMATS, ExportError, export


class Command(BaseCommand):
    help = (
        "Export agreements or memberships. Filter with the list pages' query parameters, e.g. "
        "--filter 'country=US&kind=sister-city'. Writes to standard output unless -o is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dataset", choices=sorted(DATASETS))
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--filter", default="", help="Query string of list-page filters.")
        parser.add_argument("-o", "--output", type=Path, help="File to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            chunks = export(options["dataset"], options["format"], QueryDict(options["filter"]))
            if options["output"]:
                with options["output"].open("w", encoding="utf-8", newline="") as handle:
                    handle.writelines(chunks)
                self.stderr.write(f"Wrote {options['output']}.")
            else:
                sys.stdout.writelines(chunks)
        except ExportError as error:
            raise CommandError(str(error)) from None
