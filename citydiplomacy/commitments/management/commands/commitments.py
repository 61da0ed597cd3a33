"""`citydiplomacy commitments load-starter-rules`: record the cited starter obligation rules."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from citydiplomacy.commitments.starter_rules import load_starter_rules
from citydiplomacy.core.history.services import Actor


class Command(BaseCommand):
    help = (
        "Record the starter obligation rules of networks (only rules whose source is in the "
        "registry; idempotent)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load-starter-rules"], help="What to do.")

    def handle(self, *args: Any, **options: Any) -> None:
        for line in load_starter_rules(Actor.system("citydiplomacy commitments")):
            self.stdout.write(line)
