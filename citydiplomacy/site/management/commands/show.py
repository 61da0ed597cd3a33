"""citydiplomacy show: print a registry record as JSON (the API's shape)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from citydiplomacy.core import extensions
from citydiplomacy.site import cli_records as records


class Command(BaseCommand):
    help = "Print a record as JSON, e.g.: citydiplomacy show organisation c40"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("entity", choices=sorted(extensions.entities.names()))
        parser.add_argument("key")
        parser.add_argument("--user", help="Read as this user (needed for office records).")

    def handle(self, *args: Any, **options: Any) -> None:
        entity = records.entity(options)
        obj = records.find(options)
        self.stdout.write(records.show(entity, obj, records.acting_user(options)))
