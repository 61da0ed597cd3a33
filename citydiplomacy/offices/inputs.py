"""API and CLI input naming an office, checked against the acting user's role in it.

The API checks roles before it calls an app's `inputs`; these checks repeat them for every
door, so the CLI (`--user`) refuses exactly what the API refuses.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from citydiplomacy.core.history.services import Actor
from citydiplomacy.offices.models import Office, OfficeMembership
from citydiplomacy.offices.visibility import can_read, can_write


def require_writer(actor: Actor, office: Office | int) -> None:
    """Refuse unless the actor is an editor or admin of `office`."""
    if not can_write(actor.user, office):
        who = actor.user.get_username() if actor.user is not None else "Nobody signed in"
        raise PermissionDenied(
            f"{who} cannot change this office's records: that needs the office editor or "
            "admin role (on the command line, give --user)."
        )


def office_for_writing(slug: Any, actor: Actor, field: str = "office") -> Office:
    """The office named by `slug`, if the actor is a member who may write in it.

    An office the actor does not belong to is reported like one that does not exist.
    """
    office = Office.objects.select_related("city").filter(slug=str(slug or "").strip()).first()
    if office is None or not can_read(actor.user, office):
        raise ValidationError(
            {field: f"No office {slug!r} that you are a member of."}, code="unknown"
        )
    require_writer(actor, office)
    return office


def member_by_username(office: Office | int, value: Any, field: str) -> User:
    """The user called `value`, who must be a member of `office`."""
    user = get_user_model().objects.filter(username=str(value or "").strip()).first()
    office_id = office if isinstance(office, int) else office.pk
    if user is None or not OfficeMembership.objects.filter(office_id=office_id, user=user).exists():
        raise ValidationError(
            {field: f"{value!r} is not a member of this office."}, code="not_member"
        )
    return user
