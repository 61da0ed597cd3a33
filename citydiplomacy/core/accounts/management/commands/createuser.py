"""citydiplomacy createuser: create a user (the first one is an administrator)."""

import getpass
import os
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from citydiplomacy.core.accounts.services import user_create


class Command(BaseCommand):
    help = (
        "Create a user who can log in. The first user is an administrator; later users are "
        "registry editors with --editor, or readers. The password is asked for, or read from "
        "the CITYDIPLOMACY_PASSWORD environment variable, or from standard input with "
        "--password-stdin."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--editor", action="store_true", help="May edit the shared registry.")
        parser.add_argument("--admin", action="store_true", help="Make an administrator.")
        parser.add_argument("--password-stdin", action="store_true")

    def _password(self, options: dict[str, Any]) -> str:
        if options["password_stdin"]:
            return sys.stdin.readline().rstrip("\n")
        if os.environ.get("CITYDIPLOMACY_PASSWORD"):
            return os.environ["CITYDIPLOMACY_PASSWORD"]
        if not sys.stdin.isatty():
            raise CommandError("No password: set CITYDIPLOMACY_PASSWORD or pass --password-stdin.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first

    def handle(self, *args: Any, **options: Any) -> None:
        first_user = not get_user_model().objects.exists()
        admin = options["admin"] or first_user
        try:
            user = user_create(
                username=options["username"],
                password=self._password(options),
                email=options["email"],
                registry_editor=options["editor"],
                superuser=admin,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        role = "administrator" if admin else ("registry editor" if options["editor"] else "reader")
        self.stdout.write(self.style.SUCCESS(f"Created {user.get_username()} ({role})."))
