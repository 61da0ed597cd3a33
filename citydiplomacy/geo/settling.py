"""Settling a provisional place: a person says which city the source meant, or that it is a
place of its own the gazetteer lacks.

`provisional_settle` is the one gate of the review queue (page, API, tests): it asks the
write gate for a registry editor first, then, in one transaction, records the decision as a
`SettledName` (which the resolver reads like the overrides file, so later imports reuse it)
and either confirms the place (it stays, no longer provisional) or hands every tie over to
the chosen city through the domains' registered `city_movers` and removes the place.
"""

import copy

from django.core.exceptions import ValidationError
from django.db import transaction

from citydiplomacy.core import extensions
from citydiplomacy.core.history.gate import check_ahead
from citydiplomacy.core.history.models import ChangeAction
from citydiplomacy.core.history.services import (
    Actor,
    bulk_update_recorded,
    create_recorded,
    delete_recorded,
    update_recorded,
)
from citydiplomacy.geo.bulk import cities_create, geonames_extract_source
from citydiplomacy.geo.gazetteer import city_name_rows, insert_city_names
from citydiplomacy.geo.models import (
    City,
    CityName,
    PopulationFigure,
    ProvisionalPlace,
    ReviewState,
    SettledName,
)
from citydiplomacy.geo.resolution.index import Place


def provisional_settle(review: ProvisionalPlace, *, choice: int | None, actor: Actor) -> City:
    """Settle `review`'s place as the city with GeoNames id `choice` (one of its candidates
    or any city of the registry), or, with None, confirm it as a new place. Returns the city
    the ties are on now."""
    check_ahead(actor, SettledName, None, ChangeAction.CREATE)  # before anything is read
    with transaction.atomic():
        stored = ProvisionalPlace.objects.select_for_update().filter(pk=review.pk).first()
        if stored is None or stored.state != ReviewState.OPEN:
            raise ValidationError("This place has been settled already.", code="settled")
        if choice is None or choice == stored.city_id:
            return _confirm(stored, actor)
        return _pick(stored, choice, actor)


def _confirm(review: ProvisionalPlace, actor: Actor) -> City:
    city = review.city
    city.provisional = False
    update_recorded(city, actor=actor, expected_version=None)
    review.state = ReviewState.SETTLED
    update_recorded(review, actor=actor, expected_version=None)
    _remember(review, city.pk, actor, confirmed_new=True)
    # A new place is a city like the others now: searched by its names, as cities are.
    held = set(CityName.objects.filter(city=city).values_list("key", flat=True))
    pairs = [(city.name, CityName.Kind.NAME), (city.ascii_name, CityName.Kind.ASCII)]
    insert_city_names(row for row in city_name_rows(city.pk, pairs) if row[2] not in held)
    return city


def _pick(review: ProvisionalPlace, choice: int, actor: Actor) -> City:
    target = City.objects.filter(pk=choice).first() or _add_candidate(review, choice, actor)
    if target is None:
        raise ValidationError(
            {
                "choice": f"No city with GeoNames id {choice}: pick one of the candidates, or a "
                "city of the registry."
            },
            code="unknown",
        )
    if target.provisional:
        raise ValidationError(
            {"choice": f"{target} is itself a provisional place: settle it first."},
            code="provisional",
        )
    place = review.city
    for mover in extensions.city_movers:
        mover.move(place.pk, target.pk, actor)
    _remember(review, target.pk, actor, confirmed_new=False)
    delete_recorded(review, actor=actor, expected_version=None)
    delete_recorded(place, actor=actor, expected_version=None)
    return target


def _add_candidate(review: ProvisionalPlace, choice: int, actor: Actor) -> City | None:
    """A candidate the gazetteer extract holds but the registry not yet: added as imports
    add the cities they name, citing the extract."""
    found = [c for c in review.candidates if c.get("geonames_id") == choice]
    if not found:
        return None
    data = found[0]
    place = Place(
        geonames_id=choice,
        name=str(data["name"]),
        country=str(data["country"]),
        admin1=str(data.get("admin1") or ""),
        latitude=float(data["latitude"]),
        longitude=float(data["longitude"]),
        population=int(data.get("population") or 0),
        timezone=str(data.get("timezone") or ""),
    )
    source = geonames_extract_source(500, actor=actor)
    cities_create([(place, source)], actor=actor)
    return City.objects.filter(pk=choice).first()


def _remember(
    review: ProvisionalPlace, geonames_id: int, actor: Actor, *, confirmed_new: bool
) -> None:
    """The decision for later imports: this name in this country means this city."""
    country = review.city.country_id  # the country the resolver read from the source's words
    settled = SettledName.objects.filter(name_key=review.name_key, country=country).first()
    if settled is None:
        create_recorded(
            SettledName(
                name_key=review.name_key,
                country=country,
                written_name=review.written_name,
                geonames_id=geonames_id,
                confirmed_new=confirmed_new,
            ),
            actor=actor,
        )
    else:
        settled.geonames_id, settled.confirmed_new = geonames_id, confirmed_new
        update_recorded(settled, actor=actor, expected_version=None)


def population_move(from_id: int, to_id: int, actor: Actor) -> int:
    """The place's population figures onto the chosen city; where the city already has a
    figure of that kind, year and source, it keeps its own (the place's goes with it)."""
    taken = set(
        PopulationFigure.objects.filter(city_id=to_id).values_list("kind", "year", "source_id")
    )
    pairs = []
    for figure in PopulationFigure.objects.filter(city_id=from_id):
        if (figure.kind, figure.year, figure.source_id) not in taken:
            after = copy.copy(figure)
            after.city_id = to_id
            pairs.append((figure, after))
    return len(bulk_update_recorded(pairs, actor=actor, fields=["city"]).written)
