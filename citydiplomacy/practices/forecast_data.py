"""The forecast's panel read from the registry, and the forecast of one practice."""

import datetime as dt
import math
from collections import defaultdict
from typing import Any

import numpy as np
from django.db.models import Sum

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.core.partial_dates import year_of
from citydiplomacy.geo.models import City, Division
from citydiplomacy.organisations.models import Membership
from citydiplomacy.practices.adjacency import census_region, division_neighbours
from citydiplomacy.practices.forecast import Model, Panel, matrix_from_pairs, rank_next
from citydiplomacy.practices.models import Adoption, AdoptionStatus, Practice

COUNTED = (
    AdoptionStatus.PILOTED,
    AdoptionStatus.ADOPTED,
    AdoptionStatus.SCALED,
    AdoptionStatus.ABANDONED,  # it was adopted, whatever happened later
)


def _unit_key(city_id: int | None, division_id: str | None) -> str:
    return f"city:{city_id}" if city_id else f"division:{division_id}"


def registry_panel() -> Panel:
    """Every practice with dated adoptions, by every jurisdiction that adopted anything
    (and all US states once any of them did: SPID's panel is the 50 states)."""
    rows = list(
        Adoption.objects.filter(status__in=COUNTED)
        .exclude(adopted_on="")
        .values_list("practice__slug", "city_id", "division_id", "adopted_on")
    )
    units = sorted({_unit_key(c, d) for _, c, d, _ in rows})
    if any(d and d.startswith("US-") for _, _, d, _ in rows):
        states = Division.objects.filter(country_id="US", kind="State").values_list(
            "code", flat=True
        )
        units = sorted(set(units) | {f"division:{code}" for code in states})
    policies = sorted({slug for slug, *_ in rows})
    col = {u: i for i, u in enumerate(units)}
    prow = {p: i for i, p in enumerate(policies)}
    years = np.full((len(policies), len(units)), np.inf)
    for slug, c, d, adopted_on in rows:
        year = year_of(adopted_on)
        if year:
            years[prow[slug], col[_unit_key(c, d)]] = year
    categories = dict(Practice.objects.filter(slug__in=policies).values_list("slug", "category"))
    return Panel(
        groups=[categories.get(p, "") for p in policies],
        units=units,
        policies=policies,
        years=years,
        ties=_ties(units),
        size=_sizes(units),
        region=_regions(units),
    )


def _ties(units: list[str]) -> dict[str, Any]:
    neighbours = {
        f"division:{code}": {f"division:{o}" for o in others}
        for code, others in division_neighbours().items()
    }
    city_ids = [int(u[5:]) for u in units if u.startswith("city:")]
    twins: dict[str, set[str]] = defaultdict(set)
    for a, b in Agreement.objects.filter(
        city_a_id__in=city_ids, city_b_id__in=city_ids
    ).values_list("city_a_id", "city_b_id"):
        twins[f"city:{a}"].add(f"city:{b}")
        twins[f"city:{b}"].add(f"city:{a}")
    members: dict[int, set[str]] = defaultdict(set)
    for org, city in Membership.objects.filter(city_id__in=city_ids).values_list(
        "organisation_id", "city_id"
    ):
        members[org].add(f"city:{city}")
    co: dict[str, set[str]] = defaultdict(set)
    for group in members.values():
        for unit in group:
            co[unit] |= group - {unit}
    return {
        "neighbours": matrix_from_pairs(units, neighbours),
        "twinning_partners": matrix_from_pairs(units, twins),
        "network_co_members": matrix_from_pairs(units, co),
    }


def _sizes(units: list[str]) -> Any:
    cities = dict(
        City.objects.filter(
            pk__in=[int(u[5:]) for u in units if u.startswith("city:")]
        ).values_list("pk", "population")
    )
    states = dict(
        City.objects.filter(country_id="US")
        .values_list("admin1_code")
        .annotate(total=Sum("population"))
        .values_list("admin1_code", "total")
    )
    out = []
    for unit in units:
        if unit.startswith("city:"):
            population = cities.get(int(unit[5:]), 0)
        else:
            code = unit.split(":", 1)[1]
            population = states.get(code[3:], 0) if code.startswith("US-") else 0
        out.append(math.log1p(population or 0))
    return np.array(out)


def _regions(units: list[str]) -> list[str]:
    regions = (
        dict(City.objects.values_list("pk", "country__region"))
        if any(u.startswith("city:") for u in units)
        else {}
    )
    out = []
    for unit in units:
        if unit.startswith("city:"):
            out.append(regions.get(int(unit[5:]), "") or "")
        else:
            code = unit.split(":", 1)[1]
            out.append(census_region(code[3:]) if code.startswith("US-") else code[:2])
    return out


def forecast_for_practice(practice: Practice, *, top: int = 10) -> dict[str, Any]:
    """The jurisdictions most likely to adopt `practice` next, with the reasons."""
    panel = registry_panel()
    if practice.slug not in panel.policies:
        return {"practice": practice.slug, "candidates": [], "note": "No dated adoptions yet."}
    year = dt.date.today().year + 1
    last = int(np.nanmax(np.where(np.isfinite(panel.years), panel.years, np.nan)))
    year = min(year, last + 1)
    try:
        model = Model.fit(panel, cutoff=year)
    except ValueError as error:
        return {"practice": practice.slug, "candidates": [], "note": str(error)}
    ranked = rank_next(model, panel, panel.policies.index(practice.slug), year, top)
    names = _names([r["unit"] for r in ranked])
    for row in ranked:
        row["name"] = names.get(row["unit"], row["unit"])
    return {
        "practice": practice.slug,
        "year": year,
        "candidates": ranked,
        "coefficients": model.coefficients(),
        "trained_on": {"practices": len(panel.policies), "jurisdictions": len(panel.units)},
    }


def _names(units: list[str]) -> dict[str, str]:
    cities = dict(
        City.objects.filter(
            pk__in=[int(u[5:]) for u in units if u.startswith("city:")]
        ).values_list("pk", "name")
    )
    divisions = dict(
        Division.objects.filter(
            code__in=[u[9:] for u in units if u.startswith("division:")]
        ).values_list("code", "name")
    )
    return {
        u: cities.get(int(u[5:]), u) if u.startswith("city:") else divisions.get(u[9:], u)
        for u in units
    }
