"""The agreements' sections of the home page and of city and country profiles."""

from typing import Any

from django.db.models import Count
from django.urls import reverse

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.schemas import AgreementOut
from citydiplomacy.agreements.selectors import (
    agreements_of_city,
    country_ties_map,
    partner_countries,
)
from citydiplomacy.core.extensions import PanelData
from citydiplomacy.core.links import record_url
from citydiplomacy.core.schemas import dump
from citydiplomacy.geo.models import City, Country
from citydiplomacy.geo.schemas import CityRef


def _agreement_rows(city: City, agreements: list[Agreement]) -> list[dict[str, Any]]:
    rows = []
    for agreement in agreements:
        row = dump(AgreementOut, agreement)
        # The partner is one of the two cities the row already holds (as `partner_of`).
        side = "city_b" if agreement.city_a_id == city.pk else "city_a"
        row["partner"] = {**row[side], "country_name": agreement.partner_of(city.pk).country.name}
        rows.append(row)
    return rows


def _city_map(city: City, agreements: list[Agreement]) -> dict[str, Any]:
    points = [{"name": city.name, "lat": city.latitude, "lon": city.longitude, "role": "self"}]
    seen = {city.pk}
    for agreement in agreements:
        partner = agreement.partner_of(city.pk)
        if partner.pk not in seen:
            seen.add(partner.pk)
            points.append(
                {
                    "name": f"{partner.name}, {partner.country.name}",
                    "lat": partner.latitude,
                    "lon": partner.longitude,
                    "url": record_url("geo:city", partner.pk),
                    "role": "partner",
                }
            )
    return {"center": [city.latitude, city.longitude], "points": points, "lines": True}


EXPORT_FORMATS = ("csv", "json", "geojson", "graphml")


def _city_links(city: City) -> dict[str, Any]:
    """The agreements list and the exports filtered to this city: the same rows as the panel."""
    query = f"?city={city.pk}"
    return {
        "list": reverse("agreements:list") + query,
        "exports": {
            fmt: reverse("site:export", args=["agreements", fmt]) + query for fmt in EXPORT_FORMATS
        },
    }


def city_panel(city: City, request: Any) -> PanelData:
    agreements = list(agreements_of_city(city))
    partners = len({a.partner_of(city.pk).pk for a in agreements})
    text = (
        f"{len(agreements)} agreement{'s' if len(agreements) != 1 else ''} with "
        f"{partners} cit{'ies' if partners != 1 else 'y'}"
    )
    return PanelData(
        data={
            "agreements": _agreement_rows(city, agreements),
            "agreements_links": _city_links(city),
            "map": _city_map(city, agreements),
        },
        counts={"agreements": len(agreements), "partner_cities": partners},
        cited=agreements,
        summary=[{"text": text, "url": ""}],
    )


def country_panel(country: Country, request: Any) -> PanelData:
    partners = partner_countries(country)
    total = sum(p["agreements"] for p in partners)
    base = reverse("agreements:list")
    for partner in partners:
        partner["url"] = base + f"?country={country.pk}&country={partner['iso2']}"
        partner["country_url"] = reverse("geo:country", args=[partner["iso2"]])
    return PanelData(
        data={"partner_countries": partners, "map": country_ties_map(country)},
        counts={"agreements": total, "partner_countries": len(partners)},
        summary=[
            {
                "text": f"{total:,} agreement{'s' if total != 1 else ''}",
                "url": base + f"?country={country.pk}",
            }
        ],
    )


def best_connected_cities(limit: int = 10, *, districts: bool = True) -> list[dict[str, Any]]:
    """Cities with the most agreements (either side); `districts=False` leaves out the ties
    a source states for one of their districts or boroughs ("via district")."""
    counts: dict[int, int] = {}
    rows = Agreement.objects.all() if districts else Agreement.objects.filter(via_district=False)
    for field in ("city_a_id", "city_b_id"):
        for row in rows.values(field).annotate(n=Count("id")):
            counts[row[field]] = counts.get(row[field], 0) + row["n"]
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    cities = City.objects.select_related("country").in_bulk([city_id for city_id, _ in top])
    return [{**dump(CityRef, cities[city_id]), "agreements": n, "figure": n} for city_id, n in top]


def home_panel(obj: None, request: Any) -> PanelData:
    # ?districts=0: count only the ties the sources state for the city itself.
    districts = request is None or request.GET.get("districts") != "0"
    return PanelData(
        data={
            "best_connected": best_connected_cities(districts=districts),
            "best_connected_districts": districts,
        }
    )
