"""citydiplomacy contact: export or erase one person's data (subject access and erasure)."""

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from citydiplomacy.contacts.erasure import contact_erase, erasure_refusal
from citydiplomacy.contacts.models import Contact
from citydiplomacy.contacts.selectors import contact_export, visible_contacts
from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor
from citydiplomacy.offices.visibility import can_write


class Command(BaseCommand):
    help = (
        "Export everything an office holds about one contact (export ID --user NAME, office "
        "editors and admins), or erase the person on request (erase ID --user NAME --yes, "
        "office admins): the contact, mentions of them and their values in the history."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Print the person's data as JSON.")
        export.add_argument("contact_id", type=int)
        export.add_argument("--user", required=True, help="Act as this member of the office.")
        export.add_argument("-o", "--output", type=Path, help="File to write.")
        erase = sub.add_parser("erase", help="Erase the person's data; cannot be undone.")
        erase.add_argument("contact_id", type=int)
        erase.add_argument("--user", required=True, help="Act as this admin of the office.")
        erase.add_argument("--yes", action="store_true", help="Confirm the erasure.")

    def _contact(self, options: dict[str, Any]) -> tuple[Contact, Any]:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        contact = visible_contacts(user).filter(pk=options["contact_id"]).first()
        if contact is None:
            raise CommandError(f"No contact {options['contact_id']} in {user}'s offices.")
        return contact, user

    def handle(self, *args: Any, **options: Any) -> None:
        contact, user = self._contact(options)
        if options["action"] == "export":
            if not can_write(user, contact.office_id):
                raise CommandError("Exporting a person's data needs the office editor role.")
            text = json.dumps(
                contact_export(contact), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
            )
            if options["output"]:
                options["output"].write_text(text + "\n", encoding="utf-8")
                self.stderr.write(f"Wrote {options['output']}.")
            else:
                self.stdout.write(text)
            return
        refused = erasure_refusal(user, contact)
        if refused:
            raise CommandError(refused)
        if not options["yes"]:
            raise CommandError("Erasure cannot be undone: add --yes to confirm.")
        contact_erase(contact, actor=Actor(via=Via.CLI, user=user))
        self.stdout.write(f"Erased contact {options['contact_id']} and every mention of them.")
