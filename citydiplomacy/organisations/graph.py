"""The organisation layers of the network: cities and the organisations they belong to.

Two layers come from memberships. `membership` is the bipartite graph (a city, an
organisation, and the city's service value in it as the weight). `co-membership` projects it
onto cities: two cities are tied by the organisations they share, weighted as in Taylor's
interlocking network model, r(a,b) = sum over shared organisations j of v(a,j) * v(b,j), so a
shared chair weighs more than two ordinary members.

Service values come from the membership role (`DEFAULT_SERVICE_VALUES`, overridable with the
setting CITYDIPLOMACY_SERVICE_VALUES, e.g. "member=1,chair=4"). A city with several
memberships of one organisation (a member who later chaired it) counts once, at its highest
value on the date.

Projecting a very large organisation (the Covenant of Mayors has over 10,000 signatories)
would tie every pair of its members and swamp every other tie, so organisations with more
members than CO_MEMBERSHIP_MAX_MEMBERS are left out of the city-city projection (they stay
in the bipartite layer and in the connectivity model). `projection_skipped` names them.
"""

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from citydiplomacy.core.extensions import Edge
from citydiplomacy.core.partial_dates import is_current
from citydiplomacy.organisations.models import Membership, MembershipRole, Organisation

DEFAULT_SERVICE_VALUES: dict[str, int] = {
    MembershipRole.OBSERVER: 1,
    MembershipRole.ASSOCIATE: 1,
    MembershipRole.MEMBER: 1,
    MembershipRole.PARTNER: 1,
    MembershipRole.FOUNDER: 2,
    MembershipRole.BOARD: 3,
    MembershipRole.STEERING_COMMITTEE: 3,
    MembershipRole.VICE_CHAIR: 3,
    MembershipRole.LEAD_PARTNER: 4,
    MembershipRole.CHAIR: 4,
}
SECRETARIAT_VALUE = 5  # the city hosting an organisation's secretariat
CO_MEMBERSHIP_MAX_MEMBERS = 300


def parse_service_values(text: str) -> dict[str, int]:
    """'member=1,chair=4' -> {'member': 1, 'chair': 4}, refusing unknown roles and values."""
    values: dict[str, int] = {}
    roles = set(MembershipRole.values) | {"secretariat"}
    for item in filter(None, (part.strip() for part in text.split(","))):
        role, sep, raw = item.partition("=")
        role = role.strip()
        if not sep or role not in roles:
            raise ValueError(
                f"Service value {item!r}: write role=value with a role among "
                f"{', '.join(sorted(roles))}."
            )
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"Service value {item!r}: the value must be a whole number.") from None
        if not 0 <= value <= 5:
            raise ValueError(f"Service value {item!r}: values run from 0 to 5.")
        values[role] = value
    return values


def service_values(overrides: dict[str, int] | None = None) -> dict[str, int]:
    """The role -> service value mapping in use: defaults, the setting, then `overrides`."""
    values: dict[str, int] = {**DEFAULT_SERVICE_VALUES, "secretariat": SECRETARIAT_VALUE}
    configured = getattr(settings, "CITYDIPLOMACY_SERVICE_VALUES", "")
    if configured:
        try:
            values.update(parse_service_values(configured))
        except ValueError as error:
            raise ImproperlyConfigured(f"CITYDIPLOMACY_SERVICE_VALUES: {error}") from None
    values.update(overrides or {})
    return values


def membership_values(
    as_of: dt.date | None, overrides: dict[str, int] | None = None
) -> dict[tuple[int, str], int]:
    """(city id, organisation slug) -> the city's service value in it on `as_of`."""
    mapping = service_values(overrides)
    on = as_of or dt.date.today()
    values: dict[tuple[int, str], int] = {}
    rows = Membership.objects.order_by().values_list(
        "city_id", "organisation__slug", "role", "joined", "left"
    )
    for city_id, slug, role, joined, left in rows.iterator(chunk_size=5000):
        if not is_current(joined, left, on):
            continue
        key = (city_id, slug)
        values[key] = max(values.get(key, 0), mapping.get(role, 1))
    hosts = Organisation.objects.exclude(secretariat_city=None).values_list(
        "secretariat_city_id", "slug"
    )
    for city_id, slug in hosts:
        # Hosting the secretariat is the highest service a city gives an organisation, but
        # only for organisations the city belongs to (a host city need not be a member).
        if (city_id, slug) in values:
            values[(city_id, slug)] = max(values[(city_id, slug)], mapping["secretariat"])
    return values


def membership_edges(as_of: dt.date | None, user: Any) -> Iterator[Edge]:
    for (city_id, slug), value in membership_values(as_of).items():
        yield Edge(city_id, f"org:{slug}", float(value), {"organisation": slug})


def projection_skipped(values: dict[tuple[int, str], int]) -> list[str]:
    sizes: dict[str, int] = defaultdict(int)
    for _, slug in values:
        sizes[slug] += 1
    return sorted(slug for slug, n in sizes.items() if n > CO_MEMBERSHIP_MAX_MEMBERS)


def co_membership_edges(as_of: dt.date | None, user: Any) -> Iterator[Edge]:
    values = membership_values(as_of)
    skipped = set(projection_skipped(values))
    members: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for (city_id, slug), value in values.items():
        if slug not in skipped and value > 0:
            members[slug].append((city_id, value))
    weights: dict[tuple[int, int], float] = defaultdict(float)
    shared: dict[tuple[int, int], list[str]] = defaultdict(list)
    for slug, rows in members.items():
        rows.sort()
        for (a, va), (b, vb) in itertools.combinations(rows, 2):
            weights[(a, b)] += va * vb
            shared[(a, b)].append(slug)
    for (a, b), weight in weights.items():
        organisations = shared[(a, b)]
        yield Edge(
            a, b, weight, {"shared": len(organisations), "organisations": ",".join(organisations)}
        )
