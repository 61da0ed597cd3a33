"""citydiplomacy add: create a registry record through the same checks as the API."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from citydiplomacy.site import cli_records as records


class Command(BaseCommand):
    help = (
        "Create a record, e.g.: citydiplomacy add agreement city_a=5128581 city_b=1850147 "
        "kind=sister-city signed=1960 --source seed-004-stren-friendly-mayors"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        records.add_common_arguments(parser, with_key=False, with_fields=True)

    def handle(self, *args: Any, **options: Any) -> None:
        entity = records.entity(options)
        data = records.payload(entity.in_schema, options)
        obj = records.run(lambda: entity.create(data, records.actor(options)))
        self.stdout.write(records.show(entity, obj, records.acting_user(options)))
