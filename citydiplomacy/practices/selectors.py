"""Reading practices: the practice page (lineage, map, curve), search with facets, and a
jurisdiction's practices (adopted, passed on, and what its partners adopted)."""

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Q, QuerySet

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.core.partial_dates import year_of
from citydiplomacy.core.schemas import dump
from citydiplomacy.geo.models import City, Division
from citydiplomacy.organisations.models import Membership
from citydiplomacy.practices.diffusion import curve_chart, fit_logistic
from citydiplomacy.practices.models import Adoption, AdoptionStatus, Channel, Practice
from citydiplomacy.practices.schemas import AdoptionOut, PracticeOut, PracticeRef, jurisdiction
from citydiplomacy.practices.search import ranked_practice_ids
from citydiplomacy.sources.selectors import with_sources

SEARCH_LIMIT = 50
TAKEN_UP = (AdoptionStatus.PILOTED, AdoptionStatus.ADOPTED, AdoptionStatus.SCALED)


def practices() -> QuerySet[Practice]:
    return Practice.objects.select_related(
        "origin_city__country",
        "origin_division__country",
        "evidence_source",
        "variant_of",
        "successor_of",
    ).prefetch_related("topics", with_sources())


def adoptions() -> QuerySet[Adoption]:
    return Adoption.objects.select_related(
        "practice", "city__country", "division__country", "channel_organisation"
    ).prefetch_related(with_sources())


def division_positions(divisions: list[Division]) -> dict[str, tuple[float, float]]:
    """Where to draw a division: its most populous city in the gazetteer (GeoNames admin1
    codes equal the ISO 3166-2 suffix for the US and a few other countries; elsewhere a
    division without such a city is left off the map)."""
    if not divisions:
        return {}
    wanted = {(d.country_id, d.local_code): d.code for d in divisions}
    rows = (
        City.objects.filter(
            country_id__in={c for c, _ in wanted}, admin1_code__in={a for _, a in wanted}
        )
        .order_by("-population")
        .values_list("country_id", "admin1_code", "latitude", "longitude")
    )
    found: dict[str, tuple[float, float]] = {}
    for country, admin1, lat, lon in rows:
        code = wanted.get((country, admin1))
        if code and code not in found:
            found[code] = (lat, lon)
    return found


def _point(
    place: Any, positions: dict[str, tuple[float, float]], role: str
) -> dict[str, Any] | None:
    ref = jurisdiction(place)
    if ref is None:
        return None
    if isinstance(place, City):
        lat, lon = place.latitude, place.longitude
    elif place.pk in positions:
        lat, lon = positions[place.pk]
    else:
        return None
    return {"name": ref["name"], "lat": lat, "lon": lon, "url": ref["url"], "role": role}


def lineage(practice: Practice, rows: list[Adoption]) -> dict[str, Any]:
    """Who learned from whom: a tree under the origin (and one under 'source unknown'),
    and the same as nodes and directed edges with their channel."""
    children: dict[int | str, list[Adoption]] = defaultdict(list)
    for adoption in rows:
        parent: int | str = adoption.borrowed_from_id or (
            "origin" if adoption.from_origin else "unknown"
        )
        children[parent].append(adoption)

    def node(adoption: Adoption) -> dict[str, Any]:
        return {
            "id": adoption.pk,
            "adopter": jurisdiction(adoption.adopter),
            "adopted_on": adoption.adopted_on,
            "status": adoption.status,
            "channel": adoption.channel,
            "channel_label": adoption.get_channel_display(),
            "via": adoption.channel_organisation.name
            if adoption.channel_organisation
            else adoption.channel_note,
            "children": [node(c) for c in children.get(adoption.pk, [])],
        }

    origin_key = jurisdiction(practice.origin)
    edges = [
        {
            "source": f"adoption:{a.borrowed_from_id}" if a.borrowed_from_id else "origin",
            "target": f"adoption:{a.pk}",
            "channel": a.channel,
        }
        for a in rows
        if a.borrowed_from_id or a.from_origin
    ]
    return {
        "origin": origin_key,
        "from_origin": [node(a) for a in children.get("origin", [])],
        "source_unknown": [node(a) for a in children.get("unknown", [])],
        "edges": edges,
        "known_ties": len(edges),
    }


def practice_page(practice: Practice) -> dict[str, Any]:
    rows = list(adoptions().filter(practice=practice).order_by("adopted_on", "id"))
    divisions = [a.division for a in rows if a.division is not None]
    if practice.origin_division is not None:
        divisions.append(practice.origin_division)
    positions = division_positions(divisions)
    points = []
    origin_point = _point(practice.origin, positions, "self") if practice.origin else None
    if origin_point:
        points.append(origin_point)
    for adoption in rows:
        point = _point(adoption.adopter, positions, "partner")
        if point:
            points.append(point)
    years = [y for a in rows if a.status in TAKEN_UP and (y := year_of(a.adopted_on))]
    ceiling = (
        50.0
        if rows and all(a.division_id and a.division_id.startswith("US-") for a in rows)
        else None
    )
    fit = fit_logistic(years, ceiling_max=ceiling)
    return {
        "practice": dump(PracticeOut, practice),
        "adoptions": [dump(AdoptionOut, a) for a in rows],
        "status_counts": dict(Counter(a.status for a in rows)),
        "lineage": lineage(practice, rows),
        "map": {"points": points, "lines": bool(origin_point)},
        "curve": curve_chart(years, fit),
        "undated": sum(1 for a in rows if not a.adopted_on),
        "variants": [dump(PracticeRef, p) for p in practice.variants.all()],
        "successors": [dump(PracticeRef, p) for p in practice.successors.all()],
    }


def _facet(counter: Counter[Any], labels: dict[Any, str] | None = None) -> list[dict[str, Any]]:
    return [
        {"value": value, "label": (labels or {}).get(value, str(value)), "count": count}
        for value, count in sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))
    ]


def practice_search(
    query: str, *, topic: str = "", grade: int | None = None, region: str = "", status: str = ""
) -> dict[str, Any]:
    """'Who has solved this?': practices ranked by the words of `query`, narrowed by the
    facets, with the count of each facet value among the matches."""
    from citydiplomacy.geo.models import Region
    from citydiplomacy.organisations.models import Topic
    from citydiplomacy.practices.models import EvidenceGrade

    hits = ranked_practice_ids(query)
    ids = [h.practice_id for h in hits]
    rank = {h.practice_id: h.rank for h in hits}
    base = Practice.objects.filter(pk__in=ids)
    adoption_rows = list(
        Adoption.objects.filter(practice_id__in=ids).values_list(
            "practice_id", "status", "city__country__region", "division__country__region"
        )
    )
    regions: dict[int, set[str]] = defaultdict(set)
    statuses: dict[int, set[str]] = defaultdict(set)
    for pid, st, city_region, division_region in adoption_rows:
        statuses[pid].add(st)
        if city_region or division_region:
            regions[pid].add(city_region or division_region)
    topics: dict[int, set[str]] = defaultdict(set)
    for pid, slug in base.values_list("pk", "topics__slug"):
        if slug:
            topics[pid].add(slug)
    grades = dict(base.values_list("pk", "evidence_grade"))

    def keep(pid: int, skip: str = "") -> bool:
        return (
            (skip == "topic" or not topic or topic in topics[pid])
            and (skip == "grade" or grade is None or grades.get(pid) == grade)
            and (skip == "region" or not region or region in regions[pid])
            and (skip == "status" or not status or status in statuses[pid])
        )

    kept = [pid for pid in ids if keep(pid)]
    facets = {
        "topic": _facet(
            Counter(t for pid in ids if keep(pid, "topic") for t in topics[pid]),
            dict(Topic.objects.values_list("slug", "name")),
        ),
        "evidence_grade": _facet(
            Counter(grades[pid] for pid in ids if keep(pid, "grade") and grades.get(pid)),
            dict(EvidenceGrade.choices),
        ),
        "region": _facet(
            Counter(r for pid in ids if keep(pid, "region") for r in regions[pid]),
            dict(Region.choices),
        ),
        "status": _facet(
            Counter(s for pid in ids if keep(pid, "status") for s in statuses[pid]),
            dict(AdoptionStatus.choices),
        ),
    }
    shown = kept[:SEARCH_LIMIT]
    found = practices().in_bulk(shown)
    counts = Counter(pid for pid, *_ in adoption_rows)
    results = []
    for pid in shown:
        row = dump(PracticeOut, found[pid])
        row["rank"] = round(rank[pid], 4)
        row["adoptions"] = counts[pid]
        results.append(row)
    return {
        "query": query,
        "filters": {"topic": topic, "grade": grade, "region": region, "status": status},
        "count": len(kept),
        "results": results,
        "facets": facets,
    }


# ------------------------------------------------------------------ a jurisdiction's view


def _current_networks(city: City) -> QuerySet[Any]:
    """A subquery of the organisations `city` is a current member of."""
    return Membership.objects.filter(city=city, left="").values("organisation_id")


def _tied_city_ids(city: City) -> tuple[QuerySet[Any], QuerySet[Any], QuerySet[Any]]:
    """Subqueries of the cities tied to `city`: its partners on either side of a live
    agreement, and the other current members of its current networks."""
    live = Agreement.objects.exclude(status="ended")
    mine = _current_networks(city)
    return (
        live.filter(city_a=city).values("city_b_id"),
        live.filter(city_b=city).values("city_a_id"),
        Membership.objects.filter(organisation_id__in=mine, left="")
        .exclude(city=city)
        .values("city_id"),
    )


def partner_channels(city: City, among: set[int]) -> dict[int, list[dict[str, Any]]]:
    """The cities of `among` tied to `city` and through what: twinning agreements and
    shared networks (two queries; `among` keeps them to the cities that matter)."""
    ties: dict[int, list[dict[str, Any]]] = defaultdict(list)
    agreements = (
        Agreement.objects.filter(
            Q(city_a=city, city_b_id__in=among) | Q(city_b=city, city_a_id__in=among)
        )
        .exclude(status="ended")
        .values_list("city_a_id", "city_b_id", "kind")
    )
    kinds = dict(Agreement._meta.get_field("kind").flatchoices)
    for city_a, city_b, kind in agreements:
        other = city_b if city_a == city.pk else city_a
        ties[other].append({"channel": Channel.TWINNING, "via": kinds.get(kind, kind)})
    mine = _current_networks(city)
    shared = Membership.objects.filter(
        organisation_id__in=mine, left="", city_id__in=among
    ).values_list("city_id", "organisation__name", "organisation__slug")
    for other, name, slug in shared:
        ties[other].append({"channel": Channel.NETWORK, "via": name, "organisation": slug})
    return ties


def _partners_adopted(city: City, have: set[int]) -> list[dict[str, Any]]:
    """What `city`'s partners and co-members took up that it has not, with the tie that
    would carry each: the adoptions are found first, so a city in a network of thousands
    costs the ties of the few that adopted something, not of every member."""
    partners_a, partners_b, co_members = _tied_city_ids(city)
    theirs = list(
        Adoption.objects.filter(status__in=TAKEN_UP)
        .filter(Q(city_id__in=partners_a) | Q(city_id__in=partners_b) | Q(city_id__in=co_members))
        .exclude(practice_id__in=have)
        .select_related("practice", "city")
        .order_by("practice__title", "city__name")
    )
    if not theirs:
        return []
    ties = partner_channels(city, {a.city_id for a in theirs if a.city_id is not None})
    grouped: dict[int, dict[str, Any]] = {}
    for adoption in theirs:
        if adoption.city is None:
            continue
        entry = grouped.setdefault(
            adoption.practice_id,
            {"practice": dump(PracticeRef, adoption.practice), "through": []},
        )
        for tie in ties[adoption.city.pk]:
            entry["through"].append(
                {"city": adoption.city.name, "city_id": adoption.city_id, **tie}
            )
    return sorted(grouped.values(), key=lambda e: (-len(e["through"]), e["practice"]["title"]))


def jurisdiction_practices(place: City | Division) -> dict[str, Any]:
    """What a city (or division) adopted, passed on, and what its ties adopted that it has not."""
    own = Q(city=place) if isinstance(place, City) else Q(division=place)
    adopted = list(adoptions().filter(own).order_by("adopted_on", "id"))
    passed_on = list(
        adoptions().filter(borrowed_from__in=[a.pk for a in adopted]).order_by("adopted_on", "id")
    )
    suggestions: list[dict[str, Any]] = []
    if isinstance(place, City):
        suggestions = _partners_adopted(place, {a.practice_id for a in adopted})
    return {
        "jurisdiction": jurisdiction(place),
        "adopted": [dump(AdoptionOut, a) for a in adopted],
        "passed_on": [dump(AdoptionOut, a) for a in passed_on],
        "partners_adopted": suggestions,
    }
