"""API and CLI input naming an office or one of its members.

Who may write is not decided here: the services' write gate (`core.history.gate`, with the
offices' policy) refuses a viewer or an outsider at every door. These functions only turn
names into records, and report an office the actor does not belong to as unknown.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from citydiplomacy.core.history.services import Actor
from citydiplomacy.offices.models import Office, OfficeMembership
from citydiplomacy.offices.visibility import can_read


def office_for_writing(slug: Any, actor: Actor, field: str = "office") -> Office:
    """The office named by `slug`, among the actor's offices.

    An office the actor does not belong to is reported like one that does not exist; whether
    the actor's role lets them write there is the gate's answer when the service writes.
    """
    office = Office.objects.select_related("city").filter(slug=str(slug or "").strip()).first()
    if office is None or not can_read(actor.user, office):
        raise ValidationError(
            {field: f"No office {slug!r} that you are a member of."}, code="unknown"
        )
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
