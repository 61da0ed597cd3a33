"""API and CLI input (ids, slugs, codes, usernames) turned into engagement service calls.

Who may write is the services' write gate's answer (`core.history.gate`), the same for the
CLI's `--user` as for the API's signed-in user; these functions only parse.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Model

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.contacts.models import Contact
from citydiplomacy.core.history.services import Actor
from citydiplomacy.engagements.models import Engagement, FollowUp
from citydiplomacy.engagements.schemas import (
    EngagementIn,
    EngagementPatch,
    FollowUpIn,
    FollowUpPatch,
)
from citydiplomacy.engagements.services import (
    engagement_create,
    engagement_delete,
    engagement_update,
    follow_up_create,
    follow_up_delete,
    follow_up_update,
)
from citydiplomacy.geo.models import City, Country
from citydiplomacy.geo.services import city_by_id
from citydiplomacy.offices.inputs import member_by_username, office_for_writing
from citydiplomacy.offices.models import Office
from citydiplomacy.offices.visibility import visible
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.organisations.services import topics_by_slug


def _all_found[M: Model](
    model: type[M], keys: Sequence[Any], field: str, *, by: str = "pk", within: Any = None
) -> list[M]:
    """The records named by `keys`, in order, or a ValidationError naming the missing ones."""
    rows = model._default_manager.all() if within is None else within
    found = rows.in_bulk(list(keys), field_name=by)
    missing = [key for key in keys if key not in found]
    if missing:
        raise ValidationError(
            {field: f"Unknown {field}: {', '.join(map(str, missing))}."}, code="unknown"
        )
    return [found[key] for key in keys]


def _staff(office: Office, usernames: Sequence[str]) -> list[User]:
    return [member_by_username(office, name, "staff") for name in usernames]


def _relations(office: Office, values: dict[str, Any], actor: Actor) -> dict[str, Any]:
    """Resolve the relation fields present in `values` (API and CLI names) to records."""
    contacts = visible(Contact.objects.filter(office=office), actor.user)
    resolvers: dict[str, Callable[[Any], list[Any]]] = {
        "staff": lambda keys: _staff(office, keys),
        "contacts": lambda keys: _all_found(Contact, keys, "contacts", within=contacts),
        "cities": lambda keys: _all_found(City, keys, "cities"),
        "countries": lambda keys: _all_found(
            Country, [k.strip().upper() for k in keys], "countries"
        ),
        "organisations": lambda keys: _all_found(Organisation, keys, "organisations", by="slug"),
        "agreements": lambda keys: _all_found(Agreement, keys, "agreements"),
        "topics": lambda keys: topics_by_slug(keys, "topics"),
    }
    resolved = dict(values)
    for name, resolve in resolvers.items():
        if resolved.get(name) is not None:
            resolved[name] = resolve(resolved[name])
    if resolved.get("city") is not None:
        resolved["city"] = city_by_id(resolved["city"], "city")
    return resolved


def create_engagement(data: EngagementIn, actor: Actor) -> Engagement:
    office = office_for_writing(data.office, actor)
    values = _relations(office, data.model_dump(exclude={"office"}), actor)
    return engagement_create(office=office, actor=actor, **values)


def update_engagement(engagement: Engagement, data: EngagementPatch, actor: Actor) -> Engagement:
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    changes = _relations(engagement.office, changes, actor)
    return engagement_update(engagement, actor=actor, expected_version=data.version, **changes)


def delete_engagement(engagement: Engagement, actor: Actor, version: int | None) -> None:
    engagement_delete(engagement, actor=actor, expected_version=version)


def create_follow_up(data: FollowUpIn, actor: Actor) -> FollowUp:
    engagement = (
        visible(Engagement.objects.select_related("office"), actor.user)
        .filter(pk=data.engagement)
        .first()
    )
    if engagement is None:
        raise ValidationError(
            {"engagement": f"No engagement {data.engagement} in your offices."}, code="unknown"
        )
    return follow_up_create(
        engagement=engagement,
        what=data.what,
        owner=member_by_username(engagement.office_id, data.owner, "owner"),
        due_on=data.due_on,
        status=data.status,
        actor=actor,
    )


def update_follow_up(follow_up: FollowUp, data: FollowUpPatch, actor: Actor) -> FollowUp:
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    if changes.get("owner") is not None:
        changes["owner"] = member_by_username(follow_up.office_id, changes["owner"], "owner")
    return follow_up_update(follow_up, actor=actor, expected_version=data.version, **changes)


def delete_follow_up(follow_up: FollowUp, actor: Actor, version: int | None) -> None:
    follow_up_delete(follow_up, actor=actor, expected_version=version)
