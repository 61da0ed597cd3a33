"""citydiplomacy office: create offices and manage their members from the command line."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from citydiplomacy.core.errors import describe
from citydiplomacy.core.history.models import Via
from citydiplomacy.core.history.services import Actor, EditConflict
from citydiplomacy.geo.services import city_by_id
from citydiplomacy.offices.models import Office, OfficeMembership, OfficeRole
from citydiplomacy.offices.services import (
    office_by_slug,
    office_create,
    office_member_add,
    office_member_remove,
    office_member_set_role,
)


class Command(BaseCommand):
    help = (
        "Create an office (create SLUG NAME --city GEONAMES_ID [--admin USER]), list offices "
        "(list), list an office's members (members SLUG), add a member (add-member SLUG USER "
        "--role viewer|editor|admin), change a role (set-role SLUG USER ROLE) or remove a "
        "member (remove-member SLUG USER). Changes are recorded under --by USER, or as the "
        "command line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create an office of a city.")
        create.add_argument("slug", help="Short name used in URLs, e.g. la-international.")
        create.add_argument(
            "name", help='e.g. "Los Angeles Mayor\'s Office of International Affairs".'
        )
        create.add_argument("--city", required=True, type=int, help="GeoNames id of its city.")
        create.add_argument("--description", default="")
        create.add_argument("--admin", help="Make this user the office's first admin.")
        sub.add_parser("list", help="List the offices.")
        members = sub.add_parser("members", help="List an office's members and roles.")
        members.add_argument("slug")
        add = sub.add_parser("add-member", help="Make a user a member of an office.")
        add.add_argument("slug")
        add.add_argument("username")
        add.add_argument("--role", choices=OfficeRole.values, default=OfficeRole.VIEWER)
        role = sub.add_parser("set-role", help="Change a member's role.")
        role.add_argument("slug")
        role.add_argument("username")
        role.add_argument("role", choices=OfficeRole.values)
        remove = sub.add_parser("remove-member", help="Remove a member from an office.")
        remove.add_argument("slug")
        remove.add_argument("username")
        for action in (create, add, role, remove):
            action.add_argument("--by", help="Record the change under this user's name.")

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}: create it with `citydiplomacy createuser`.")
        return user

    def _actor(self, options: dict[str, Any]) -> Actor:
        if options.get("by"):
            return Actor(via=Via.CLI, user=self._user(options["by"]), label="command line")
        return Actor(via=Via.CLI, label="command line")

    def _membership(self, office: Office, username: str) -> OfficeMembership:
        found = OfficeMembership.objects.filter(office=office, user=self._user(username)).first()
        if found is None:
            raise CommandError(f"{username} is not a member of {office.slug}.")
        return found

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["action"].replace("-", "_"))(options)
        except ValidationError as error:
            raise CommandError(describe(error)) from None
        except EditConflict as error:
            raise CommandError(str(error)) from None

    def _create(self, options: dict[str, Any]) -> None:
        actor = self._actor(options)
        admin = self._user(options["admin"]) if options["admin"] else None
        with transaction.atomic():
            office = self._create_with_admin(options, actor, admin)
        self.stdout.write(f"Created office {office.slug}: {office} ({office.city}).")
        if admin is not None:
            self.stdout.write(f"{admin.get_username()} is its admin.")

    def _create_with_admin(self, options: dict[str, Any], actor: Actor, admin: Any) -> Office:
        office = office_create(
            slug=options["slug"],
            name=options["name"],
            city=city_by_id(options["city"], "city"),
            description=options["description"],
            actor=actor,
        )
        if admin is not None:
            office_member_add(office=office, user=admin, role=OfficeRole.ADMIN, actor=actor)
        return office

    def _list(self, options: dict[str, Any]) -> None:
        for office in Office.objects.select_related("city"):
            self.stdout.write(f"{office.slug}  {office.name}  ({office.city})")

    def _members(self, options: dict[str, Any]) -> None:
        office = office_by_slug(options["slug"])
        for membership in office.members.select_related("user").order_by("user__username"):
            self.stdout.write(f"{membership.user.get_username()}  {membership.role}")

    def _add_member(self, options: dict[str, Any]) -> None:
        office = office_by_slug(options["slug"])
        user = self._user(options["username"])
        office_member_add(
            office=office, user=user, role=options["role"], actor=self._actor(options)
        )
        self.stdout.write(f"{user.get_username()} is now {options['role']} in {office.slug}.")

    def _set_role(self, options: dict[str, Any]) -> None:
        membership = self._membership(office_by_slug(options["slug"]), options["username"])
        office_member_set_role(
            membership, role=options["role"], actor=self._actor(options), expected_version=None
        )
        self.stdout.write(f"{options['username']} is now {options['role']}.")

    def _remove_member(self, options: dict[str, Any]) -> None:
        membership = self._membership(office_by_slug(options["slug"]), options["username"])
        office_member_remove(membership, actor=self._actor(options), expected_version=None)
        self.stdout.write(f"Removed {options['username']} from {options['slug']}.")
