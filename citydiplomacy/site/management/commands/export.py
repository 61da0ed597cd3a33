"""citydiplomacy export: registry datasets, or an office's own records, as files."""

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict

from citydiplomacy.core import extensions
from citydiplomacy.core.privacy import is_member
from citydiplomacy.site.exports import FORMATS, ExportError, export


class Command(BaseCommand):
    help = (
        "Export agreements or memberships (CSV, JSON, GeoJSON, GraphML), or an office's "
        "engagements (CSV, JSON, iCalendar), follow-ups or contacts (CSV, JSON) as one of its "
        "members: --office SLUG --user NAME. Filter with the list pages' query parameters, e.g. "
        "--filter 'country=US&kind=sister-city'. Writes to standard output unless -o is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dataset", choices=sorted(extensions.exports.names()))
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--filter", default="", help="Query string of list-page filters.")
        parser.add_argument("--office", help="Office records: the office (slug) to export.")
        parser.add_argument("--user", help="Office records: export as this member of the office.")
        parser.add_argument("-o", "--output", type=Path, help="File to write.")

    def _office_filters(self, options: dict[str, Any]) -> tuple[QueryDict, Any]:
        """The filters and the user for an office dataset; refuses anyone but a member."""
        filters = QueryDict(options["filter"], mutable=True)
        if not options["user"]:
            raise CommandError(f"{options['dataset']} belong to an office: give --user NAME.")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        if options["office"]:
            if not is_member(user, options["office"]):
                raise CommandError(
                    f"{user.get_username()} is not a member of an office {options['office']!r}."
                )
            filters["office"] = options["office"]
        return filters, user

    def handle(self, *args: Any, **options: Any) -> None:
        if extensions.exports.get(options["dataset"]).private:
            filters, user = self._office_filters(options)
        elif options["office"]:
            raise CommandError(f"{options['dataset']} are the registry's, not an office's.")
        else:
            filters, user = QueryDict(options["filter"]), None
        try:
            chunks = export(options["dataset"], options["format"], filters, user=user)
            if options["output"]:
                with options["output"].open("w", encoding="utf-8", newline="") as handle:
                    handle.writelines(chunks)
                self.stderr.write(f"Wrote {options['output']}.")
            else:
                sys.stdout.writelines(chunks)
        except ExportError as error:
            raise CommandError(str(error)) from None
