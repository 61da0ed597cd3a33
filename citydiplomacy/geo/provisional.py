"""Provisional places: an import keeps every tie, even on a name no gazetteer city matched.

When the resolver cannot match a name (or finds several candidates, or only one too far
from the source's point), the importer asks a `ProvisionalKeeper` for a place: a `City`
row marked `provisional`, with an id from `PROVISIONAL_ID_START` up, the name and country
as the source wrote them, the source's point (or, without one, an approximate point at the
country's capital), and a `ProvisionalPlace` row holding what the review queue needs. The
same name in the same country (and, when both give points, within `SAME_PLACE_KM`) reuses
the open provisional place an earlier import made, so re-imports duplicate nothing.
Settling lives in `geo.settling`.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from anyascii import anyascii
from django.db.models import Max

from citydiplomacy.core.history.services import Actor, bulk_create_recorded
from citydiplomacy.core.runs.models import Run
from citydiplomacy.geo.models import (
    PROVISIONAL_ID_START,
    City,
    Country,
    ProvisionalPlace,
    ReviewReason,
    ReviewState,
)
from citydiplomacy.geo.names import name_key
from citydiplomacy.geo.resolution.countries import CountryHint, country_hint, country_named
from citydiplomacy.geo.resolution.index import GazetteerIndex, Place, distance_km
from citydiplomacy.geo.resolution.resolver import (
    AMBIGUOUS,
    NOT_A_CITY,
    SETTLED_METHOD,
    UNMATCHED,
    Query,
    Resolution,
)
from citydiplomacy.sources.models import Source

# Two points of one written name this close are one place (a town and its centre).
SAME_PLACE_KM = 25.0
PROVISIONAL_METHOD = "kept on a provisional place (not yet matched)"
# Decisions a person made: a name settled as "not a city" is not kept.
_DECIDED = ("manual override", SETTLED_METHOD)


def review_reason(resolution: Resolution) -> str:
    """Why the end goes to the review queue: unmatched, ambiguous, too far, not a city."""
    if resolution.status == NOT_A_CITY:
        return ReviewReason.NOT_A_CITY
    if resolution.too_far:
        return ReviewReason.TOO_FAR
    return ReviewReason.AMBIGUOUS if resolution.status == AMBIGUOUS else ReviewReason.UNMATCHED


def keepable(resolution: Resolution, *, non_cities: bool = True) -> bool:
    kept = (UNMATCHED, AMBIGUOUS, NOT_A_CITY) if non_cities else (UNMATCHED, AMBIGUOUS)
    return (
        resolution.place is None and resolution.status in kept and resolution.method not in _DECIDED
    )


def is_provisional_id(geonames_id: int) -> bool:
    return geonames_id >= PROVISIONAL_ID_START


@dataclass
class _Known:
    place: Place
    point: tuple[float, float] | None  # the source's point, when it gave one


class ProvisionalKeeper:
    """Finds or makes the provisional place of each end no city matched (reading only);
    `flush` writes the new ones, inside the import's transaction."""

    def __init__(self, index: GazetteerIndex, *, non_cities: bool = True) -> None:
        # `non_cities`: also keep names that say they are no city (a county twinned with a
        # town); a member list's regions and provinces are not kept.
        self.index = index
        self.non_cities = non_cities
        self.capitals = dict(Country.objects.values_list("iso2", "capital"))
        self.known: dict[tuple[str, str], list[_Known]] = defaultdict(list)
        self.new: list[tuple[Place, dict[str, Any]]] = []
        self._made: dict[int, tuple[Place, dict[str, Any]]] = {}
        self._biggest: dict[str, Place] = {}
        self._capital_points: dict[str, tuple[float, float]] = {}
        rows = ProvisionalPlace.objects.filter(state=ReviewState.OPEN).values_list(
            "city_id",
            "name_key",
            "city__name",
            "city__country_id",
            "city__latitude",
            "city__longitude",
            "latitude",
            "longitude",
        )
        for gid, key, name, country, lat, lon, src_lat, src_lon in rows.iterator():
            place = Place(gid, name, country, "", lat, lon, 0)
            point = (src_lat, src_lon) if src_lat is not None and src_lon is not None else None
            self.known[(key, country)].append(_Known(place, point))
            index.registry_ids.add(gid)
        highest = City.objects.filter(pk__gte=PROVISIONAL_ID_START).aggregate(top=Max("pk"))
        self.next_id = max(PROVISIONAL_ID_START, (highest["top"] or 0) + 1)

    def keep(
        self,
        query: Query,
        resolution: Resolution,
        point: tuple[float, float] | None,
        written_country: str = "",
    ) -> Resolution:
        """`resolution` with a provisional place when no city matched and the tie can be
        kept; as it is otherwise (settled as not a city, unknown country, no name)."""
        if not keepable(resolution, non_cities=self.non_cities):
            return resolution
        hint = country_hint(query.country) if query.country else None
        named = country_named(query.name) if not query.country else None
        hint = CountryHint(named) if named else hint  # "Falkland Islands", no country given
        key = name_key(query.name)
        if hint is None or hint.iso2 not in self.capitals or not key:
            return resolution
        point = point if point is not None and _valid(point) else None
        place = self._existing(key, hint.iso2, point) or self._make(
            replace(query, country=written_country or query.country),
            resolution,
            hint.iso2,
            key,
            point,
        )
        said = "; ".join(part for part in (resolution.method, resolution.note) if part)
        return replace(resolution, place=place, method=PROVISIONAL_METHOD, note=said)

    def _existing(self, key: str, iso2: str, point: tuple[float, float] | None) -> Place | None:
        for known in self.known.get((key, iso2), ()):
            if (
                point is None
                or known.point is None
                or distance_km(*point, *known.point) <= (SAME_PLACE_KM)
            ):
                return known.place
        return None

    def _make(
        self,
        query: Query,
        resolution: Resolution,
        iso2: str,
        key: str,
        point: tuple[float, float] | None,
    ) -> Place:
        lat, lon = point if point is not None else self._approximate_point(iso2)
        place = Place(self.next_id, " ".join(query.name.split())[:200], iso2, "", lat, lon, 0)
        self.next_id += 1
        review = {
            "written_name": query.name[:200],
            "written_country": query.country[:100],
            "name_key": key[:200],
            "latitude": point[0] if point else None,
            "longitude": point[1] if point else None,
            "approximate_point": point is None,
            "reason": review_reason(resolution),
            "note": "; ".join(part for part in (resolution.method, resolution.note) if part),
            "candidates": [candidate(c, point) for c in resolution.candidates],
        }
        self.new.append((place, review))
        self._made[place.geonames_id] = (place, review)
        self.known[(key, iso2)].append(_Known(place, point))
        self.index.registry_ids.add(place.geonames_id)  # nothing for ensure_cities to add
        return place

    def _approximate_point(self, iso2: str) -> tuple[float, float]:
        """The country's capital, else its biggest place in the gazetteer (documented in
        docs/imports.md), else 0, 0: a point to show the place on a map, marked approximate."""
        if iso2 not in self._capital_points:
            capital = self.capitals.get(iso2) or ""
            found = self.index.candidates(name_key(capital), iso2) if capital else []
            chosen = max(found, key=lambda p: p.population) if found else self._biggest_of(iso2)
            self._capital_points[iso2] = (
                (chosen.latitude, chosen.longitude) if chosen is not None else (0.0, 0.0)
            )
        return self._capital_points[iso2]

    def _biggest_of(self, iso2: str) -> Place | None:
        if not self._biggest:
            for place in self.index.all_places():
                best = self._biggest.get(place.country)
                if best is None or place.population > best.population:
                    self._biggest[place.country] = place
        return self._biggest.get(iso2)

    def flush(self, *, actor: Actor, source: Source, run: Run | None) -> int:
        """Write the provisional places made since the last flush; returns how many."""
        if not self.new:
            return 0
        written, self.new = self.new, []
        self._write(written, actor=actor, source=source, run=run)
        return len(written)

    def write_now(self, place: Place, *, actor: Actor, source: Source, run: Run | None) -> None:
        """Write one place now unless the database holds it: for importers that write row by
        row, each row in a savepoint that a later refusal of the row rolls back."""
        if City.objects.filter(pk=place.geonames_id).exists():
            return
        made = self._made.get(place.geonames_id)
        if made is not None:
            self.new = [item for item in self.new if item[0] is not place]
            self._write([made], actor=actor, source=source, run=run)

    def _write(
        self,
        new: list[tuple[Place, dict[str, Any]]],
        *,
        actor: Actor,
        source: Source,
        run: Run | None,
    ) -> None:
        cities = [
            City(
                geonames_id=place.geonames_id,
                name=place.name,
                ascii_name=(anyascii(place.name) or place.name)[:200],
                country_id=place.country,
                latitude=place.latitude,
                longitude=place.longitude,
                population=0,
                source=source,
                provisional=True,
            )
            for place, _ in new
        ]
        bulk_create_recorded(cities, actor=actor)
        reviews = [
            ProvisionalPlace(city_id=place.geonames_id, import_run=run, **values)
            for place, values in new
        ]
        bulk_create_recorded(reviews, actor=actor)


def candidate(place: Place, point: tuple[float, float] | None) -> dict[str, Any]:
    """A candidate as the review queue stores it: enough to add it to the registry."""
    km = distance_km(*point, place.latitude, place.longitude) if point else None
    return {
        "geonames_id": place.geonames_id,
        "name": place.name,
        "country": place.country,
        "admin1": place.admin1,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "population": place.population,
        "timezone": place.timezone,
        "km": round(km, 1) if km is not None else None,
    }


def _valid(point: tuple[float, float]) -> bool:
    return -90 <= point[0] <= 90 and -180 <= point[1] <= 180
