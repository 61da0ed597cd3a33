"""Creating offices and managing their members (admins add, re-role and remove members)."""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from citydiplomacy.core.history.services import (
    Actor,
    create_recorded,
    delete_recorded,
    update_recorded,
)
from citydiplomacy.geo.models import City
from citydiplomacy.offices.models import Office, OfficeMembership, OfficeRole


def office_by_slug(value: Any, field: str = "office") -> Office:
    office = Office.objects.select_related("city").filter(slug=str(value or "").strip()).first()
    if office is None:
        raise ValidationError({field: f"No office {value!r}."}, code="unknown")
    return office


def office_create(
    *, slug: str, name: str, city: City, description: str = "", actor: Actor
) -> Office:
    office = Office(slug=slug, name=name, city=city, description=description)
    return create_recorded(office, actor=actor)


def _check_role(role: str) -> None:
    if role not in OfficeRole.values:
        raise ValidationError(
            {"role": f"Unknown role {role!r}; choose one of {', '.join(OfficeRole.values)}."},
            code="invalid",
        )


def office_member_add(
    *, office: Office, user: User, role: str = OfficeRole.VIEWER, actor: Actor
) -> OfficeMembership:
    _check_role(role)
    return create_recorded(OfficeMembership(office=office, user=user, role=role), actor=actor)


def _keep_an_admin(membership: OfficeMembership, new_role: str | None) -> None:
    """Refuse a change that would leave the office without an admin to manage it."""
    if membership.role != OfficeRole.ADMIN or new_role == OfficeRole.ADMIN:
        return
    # Locked, so that two admins demoting each other at once cannot both succeed.
    others = OfficeMembership.objects.select_for_update().filter(
        office_id=membership.office_id, role=OfficeRole.ADMIN
    )
    if not [m for m in others if m.pk != membership.pk]:
        raise ValidationError(
            {"role": "An office keeps at least one admin: make someone else admin first."},
            code="last_admin",
        )


def office_member_set_role(
    membership: OfficeMembership, *, role: str, actor: Actor, expected_version: int | None
) -> OfficeMembership:
    _check_role(role)
    with transaction.atomic():
        _keep_an_admin(membership, role)
        membership.role = role
        update_recorded(membership, actor=actor, expected_version=expected_version)
    return membership


def office_member_remove(
    membership: OfficeMembership, *, actor: Actor, expected_version: int | None
) -> None:
    with transaction.atomic():
        _keep_an_admin(membership, None)
        delete_recorded(membership, actor=actor, expected_version=expected_version)


def office_set_dormancy(
    office: Office, *, months: int, actor: Actor, expected_version: int | None
) -> Office:
    """Set after how many months without an engagement a partner counts as dormant on the
    office's dashboard. Only the office's admins may change it."""
    from citydiplomacy.offices.visibility import role_in

    if role_in(actor.user, office) != OfficeRole.ADMIN:
        raise PermissionDenied("Setting the dormancy threshold needs the office admin role.")
    office.dormant_after_months = months
    update_recorded(office, actor=actor, expected_version=expected_version)
    return office


def office_found(
    *, slug: str, name: str, city: City, admin: User, description: str = "", actor: Actor
) -> Office:
    """A site administrator founds an office and names its first admin, in one step (both
    or neither are written)."""
    user = actor.user
    if user is None or not user.is_superuser:
        raise PermissionDenied("Creating an office needs a site administrator.")
    with transaction.atomic():
        office = office_create(
            slug=slug, name=name, city=city, description=description, actor=actor
        )
        office_member_add(office=office, user=admin, role=OfficeRole.ADMIN, actor=actor)
    return office
