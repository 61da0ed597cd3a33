"""citydiplomacy export: registry datasets, or an office's own records, as files."""

import sys
from collections.abc import Iterator
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
        "Export agreements or memberships (CSV, JSON, GeoJSON, GraphML), the network's layers "
        "(network-LAYER: GraphML, GEXF, Parquet; --filter 'as_of=2020-01-01&table=edges'), or "
        "an office's engagements (CSV, JSON, iCalendar), follow-ups, contacts or engagement "
        "ties (network-engagements) as one of its members: --office SLUG --user NAME. Filter "
        "with the list pages' query parameters, e.g. --filter 'country=US&kind=sister-city'. "
        "Writes to standard output unless -o is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dataset", choices=sorted(extensions.exports.names()))
        parser.add_argument(
            "--format", choices=FORMATS, help="Default: the dataset's first (csv, or graphml)."
        )
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
        spec = extensions.exports.get(options["dataset"])
        fmt = options["format"] or spec.formats[0]
        if spec.private:
            filters, user = self._office_filters(options)
        elif options["office"]:
            raise CommandError(f"{options['dataset']} are the registry's, not an office's.")
        else:
            filters, user = QueryDict(options["filter"]), None
        try:
            chunks = export(options["dataset"], fmt, filters, user=user)
            if options["output"]:
                _write_file(options["output"], chunks)
                self.stderr.write(f"Wrote {options['output']}.")
            else:
                _write_stdout(chunks)
        except ExportError as error:
            raise CommandError(str(error)) from None


def _write_file(path: Path, chunks: Iterator[Any]) -> None:
    """Text chunks as UTF-8, byte chunks (Parquet) as they are."""
    first = next(chunks, "")
    if isinstance(first, bytes):
        with path.open("wb") as binary:
            binary.write(first)
            binary.writelines(chunks)
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(first)
        handle.writelines(chunks)


def _write_stdout(chunks: Iterator[Any]) -> None:
    for chunk in chunks:
        if isinstance(chunk, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(chunk)
        else:
            sys.stdout.write(chunk)
