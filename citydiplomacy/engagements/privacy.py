"""The engagement log's private kinds for the privacy matrix: engagements and follow-ups,
each with a made-up example and the pages that show it."""

import datetime as dt
from typing import Any

from citydiplomacy.core.extensions import PrivateKind, PrivatePath
from citydiplomacy.engagements.models import Engagement, FollowUp
from citydiplomacy.geo.models import City


def _engagement(office: Any, actor: Any, marker: str) -> Engagement:
    from citydiplomacy.engagements.services import engagement_create

    partner = City.objects.exclude(pk=office.city_id).order_by("-population").first()
    return engagement_create(
        office=office,
        kind="bilateral-meeting",
        title=f"{marker} harbour talks",
        starts_on=dt.date(2026, 3, 2),
        cities=[partner] if partner else [],
        summary=f"Met about the port ({marker}).",
        actor=actor,
    )


def _engagement_paths(engagement: Engagement) -> list[PrivatePath]:
    page = f"/engagements/{engagement.pk}/"
    office = engagement.office.slug
    paths = [
        PrivatePath(page),
        PrivatePath(f"{page}?format=json"),
        PrivatePath(f"{page}edit/", member_sees=False),
        PrivatePath(f"{page}follow-ups/new/", member_sees=False),
        PrivatePath(f"/offices/{office}/?format=json"),
    ]
    for city in engagement.cities.all():
        partner_page = f"/offices/{office}/timeline/cities/{city.pk}/"
        paths += [PrivatePath(partner_page), PrivatePath(f"{partner_page}?format=json")]
    return paths


def _follow_up(office: Any, actor: Any, marker: str) -> FollowUp:
    from citydiplomacy.engagements.services import follow_up_create
    from citydiplomacy.offices.models import OfficeMembership

    engagement = _engagement(office, actor, f"{marker}-meeting")
    owner = OfficeMembership.objects.filter(office=office).order_by("pk").first()
    assert owner is not None, "a follow-up needs an owner: give the office a member first"
    return follow_up_create(
        engagement=engagement,
        what=f"{marker} memorandum draft",
        owner=owner.user,
        due_on=dt.date(2026, 3, 10),
        actor=actor,
    )


def _follow_up_paths(follow_up: FollowUp) -> list[PrivatePath]:
    page = f"/follow-ups/{follow_up.pk}/"
    return [
        PrivatePath(page),
        PrivatePath(f"{page}?format=json"),
        PrivatePath(f"{page}edit/", member_sees=False),
        PrivatePath("/me/follow-ups/?format=json", member_sees=False, outsider=(200, 302)),
    ]


KINDS = [
    PrivateKind("engagement", Engagement, _engagement, _engagement_paths, True, order=30),
    PrivateKind("follow-up", FollowUp, _follow_up, _follow_up_paths, order=40),
]
