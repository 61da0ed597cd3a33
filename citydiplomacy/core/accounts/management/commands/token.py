"""citydiplomacy token: create, list and revoke API tokens."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from citydiplomacy.core.accounts.models import ApiToken
from citydiplomacy.core.accounts.services import token_create, token_revoke
from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor


class Command(BaseCommand):
    help = "Create (create USER NAME), list (list USER) or revoke (revoke ID) API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token; it is shown once.")
        create.add_argument("username")
        create.add_argument("name", help="What the token is for.")
        listing = sub.add_parser("list", help="List a user's tokens.")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Revoke a token by its id.")
        revoke.add_argument("token_id", type=int)

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        return user

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = self._user(options["username"])
            actor = Actor(via=Via.CLI, user=user, label="token command")
            token, value = token_create(user=user, name=options["name"], actor=actor)
            self.stdout.write(f"Token {token.pk} for {user.get_username()}: {value}")
            self.stdout.write("Keep it secret; it is not shown again.")
        elif action == "list":
            for token in ApiToken.objects.filter(user=self._user(options["username"])):
                state = "active" if token.is_active else f"revoked {token.revoked_at:%Y-%m-%d}"
                self.stdout.write(f"{token.pk:>5}  {token.hint}…  {token.name}  ({state})")
        else:
            found = ApiToken.objects.filter(pk=options["token_id"]).first()
            if found is None:
                raise CommandError(f"No token {options['token_id']}.")
            token_revoke(found, actor=Actor(via=Via.CLI, label="token command"))
            self.stdout.write(f"Revoked token {found.pk}.")
