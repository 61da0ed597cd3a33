"""Rows of the agreements export, streamed straight from the database.

Every format (CSV, JSON, GeoJSON, GraphML) is written from these rows: plain values read in
one streamed query, their citations merged in from a second (`sources.selectors`), so the
full registry's agreements export in seconds with a constant number of queries.
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.sources.selectors import CITATION_COLUMNS, with_citation_columns

CITY_FIELDS = ("geonames_id", "name", "country", "latitude", "longitude")

AGREEMENT_COLUMNS = (
    "id",
    *(f"city_a_{name}" for name in CITY_FIELDS),
    *(f"city_b_{name}" for name in CITY_FIELDS),
    "kind",
    "signed",
    "ended",
    "status",
    "title",
    "one_sided",
    "stated_by_geonames_id",
    "stated_by_name",
    *CITATION_COLUMNS,
)

_VALUES = (
    "id",
    "city_a_id",
    "city_a__name",
    "city_a__country_id",
    "city_a__latitude",
    "city_a__longitude",
    "city_b_id",
    "city_b__name",
    "city_b__country_id",
    "city_b__latitude",
    "city_b__longitude",
    "kind",
    "signed",
    "ended",
    "status",
    "title",
    "stated_only_by_id",
)


def agreement_rows(records: QuerySet[Agreement]) -> Iterator[dict[str, Any]]:
    """The export rows of `records` (already filtered), in id order."""
    ordered = records.order_by("pk")
    return with_citation_columns(ordered, _plain_rows(ordered))


def _plain_rows(records: QuerySet[Agreement]) -> Iterator[dict[str, Any]]:
    for values in records.values_list(*_VALUES).iterator(chunk_size=5000):
        (pk, a, a_name, a_country, a_lat, a_lon, b, b_name, b_country, b_lat, b_lon) = values[:11]
        kind, signed, ended, status, title, stated_by = values[11:]
        yield {
            "id": pk,
            "city_a_geonames_id": a,
            "city_a_name": a_name,
            "city_a_country": a_country,
            "city_a_latitude": a_lat,
            "city_a_longitude": a_lon,
            "city_b_geonames_id": b,
            "city_b_name": b_name,
            "city_b_country": b_country,
            "city_b_latitude": b_lat,
            "city_b_longitude": b_lon,
            "kind": kind,
            "signed": signed,
            "ended": ended,
            "status": status,
            "title": title,
            "one_sided": stated_by is not None,
            "stated_by_geonames_id": stated_by,
            # Which of the two names states it: the stating city is one of the two ends.
            "stated_by_name": "" if stated_by is None else (a_name if stated_by == a else b_name),
        }
