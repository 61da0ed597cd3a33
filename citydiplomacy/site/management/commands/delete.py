"""citydiplomacy delete: delete a registry record (its values stay in the history)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from citydiplomacy.site import cli_records as records


class Command(BaseCommand):
    help = "Delete a record, e.g.: citydiplomacy delete membership 12 --user alice"

    def add_arguments(self, parser: CommandParser) -> None:
        records.add_common_arguments(parser, with_key=True, with_fields=False)

    def handle(self, *args: Any, **options: Any) -> None:
        entity = records.entity(options)
        obj = records.find(options)
        records.run(lambda: entity.delete(obj, records.actor(options), obj.version))
        self.stdout.write(f"Deleted {obj}.")
