"""Rows of the memberships export, streamed straight from the database (see
`agreements.exports` for why: plain values and merged citations, a constant number of
queries whatever the size)."""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from citydiplomacy.organisations.models import Membership
from citydiplomacy.sources.selectors import CITATION_COLUMNS, with_citation_columns

MEMBERSHIP_COLUMNS = (
    "id",
    "organisation",
    "organisation_name",
    "city_geonames_id",
    "city_name",
    "city_country",
    "city_latitude",
    "city_longitude",
    "role",
    "joined",
    "left",
    *CITATION_COLUMNS,
)

_VALUES = (
    "id",
    "organisation__slug",
    "organisation__name",
    "city_id",
    "city__name",
    "city__country_id",
    "city__latitude",
    "city__longitude",
    "role",
    "joined",
    "left",
)


def membership_rows(records: QuerySet[Membership]) -> Iterator[dict[str, Any]]:
    ordered = records.order_by("pk")
    plain = (
        dict(zip(MEMBERSHIP_COLUMNS, values, strict=False))
        for values in ordered.values_list(*_VALUES).iterator(chunk_size=5000)
    )
    return with_citation_columns(ordered, plain)
