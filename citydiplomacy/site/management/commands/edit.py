"""citydiplomacy edit: change fields of a registry record (recorded in its history)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from citydiplomacy.site import cli_records as records


class Command(BaseCommand):
    help = "Change a record, e.g.: citydiplomacy edit agreement 3 status=dormant --user alice"

    def add_arguments(self, parser: CommandParser) -> None:
        records.add_common_arguments(parser, with_key=True, with_fields=True)

    def handle(self, *args: Any, **options: Any) -> None:
        entity = records.entity(options)
        obj = records.find(options)
        data = records.payload(entity.patch_schema, options, version=obj.version)
        obj = records.run(lambda: entity.update(obj, data, records.actor(options)))
        self.stdout.write(records.show(entity, obj, records.acting_user(options)))
