"""Loading first-level divisions (ISO 3166-2) from `pycountry`.

Only top-level subdivisions are loaded (those without a parent): the states of the US,
the provinces of Canada, the regions of France. Loading is idempotent: a second run with
the same package writes nothing.
"""

import importlib.metadata
from dataclasses import dataclass

import pycountry
from django.db import transaction

from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.plain_rows import insert_records
from citydiplomacy.geo.models import Country, Division
from citydiplomacy.sources.models import Source, SourceKind
from citydiplomacy.sources.services import source_ensure


@dataclass
class DivisionReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _source(actor: Actor) -> Source:
    return source_ensure(
        key="iso-3166-2-pycountry",
        title="ISO 3166-2 subdivisions of countries",
        kind=SourceKind.DATABASE,
        author="ISO 3166 Maintenance Agency, via the Debian iso-codes data in pycountry",
        url="https://www.iso.org/iso-3166-country-codes.html",
        note=f"Read from pycountry {importlib.metadata.version('pycountry')}.",
        actor=actor,
    )


def load_divisions(*, actor: Actor) -> DivisionReport:
    """Create or update every first-level division of the countries in the gazetteer."""
    report = DivisionReport()
    source = _source(actor)
    countries = set(Country.objects.values_list("iso2", flat=True))
    stored = {d.code: d for d in Division.objects.all()}
    new: list[Division] = []
    with transaction.atomic():
        for sub in pycountry.subdivisions:
            if sub.parent_code is not None or sub.country_code not in countries:
                continue
            values = {"name": sub.name[:200], "country_id": sub.country_code, "kind": sub.type}
            current = stored.get(sub.code)
            if current is None:
                new.append(Division(code=sub.code, source=source, **values))
            elif any(getattr(current, k) != v for k, v in values.items()):
                Division.objects.filter(code=sub.code).update(**values)
                report.updated += 1
            else:
                report.unchanged += 1
        insert_records(new)
    report.created = len(new)
    return report


def division_by_code(code: str) -> Division | None:
    return Division.objects.select_related("country").filter(code=code.strip().upper()).first()
