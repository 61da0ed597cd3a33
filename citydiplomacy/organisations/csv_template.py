"""The `organisations.csv` and `memberships.csv` templates (layout: docs/data.md)."""

from typing import Any

from citydiplomacy.geo.services import country_by_code
from citydiplomacy.imports.csv_templates import (
    CITATION_COLUMNS,
    RowContext,
    Template,
    merge_row,
    register_template,
)
from citydiplomacy.imports.tabular import Row
from citydiplomacy.organisations.matching import same_membership
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.organisations.services import (
    MEMBERSHIP_EDITABLE,
    ORGANISATION_EDITABLE,
    membership_record,
    organisation_by_slug,
    organisation_create,
    topics_by_slug,
)

_ORGANISATION_VALUES = (
    "name",
    "acronym",
    "kind",
    "founded",
    "dissolved",
    "website",
    "wikidata_id",
    "description",
)


def _organisation_row(row: Row, rc: RowContext) -> tuple[str, list[str]]:
    themes = topics_by_slug([t.strip() for t in row.get("themes").split(";") if t.strip()])
    secretariat = (
        rc.city(row, "secretariat_geonames_id", "secretariat_city", "secretariat_country")
        if row.get("secretariat_geonames_id") or row.get("secretariat_city")
        else None
    )
    values: dict[str, Any] = {name: row.get(name) for name in _ORGANISATION_VALUES}
    values["secretariat_city"] = secretariat
    if row.get("secretariat_country"):
        values["secretariat_country"] = country_by_code(
            row.get("secretariat_country"), "secretariat_country"
        )
    existing = (
        Organisation.objects.filter(slug=row.get("slug")).first() if row.get("slug") else None
    )
    if existing is None:
        organisation_create(
            slug=row.get("slug"),
            themes=themes,
            citations=rc.citations(row),
            actor=rc.actor,
            **values,
        )
        return "created", []
    existing.themes.add(*themes)
    return merge_row(existing, row, rc, values=values, editable=ORGANISATION_EDITABLE)


def _membership_row(row: Row, rc: RowContext) -> tuple[str, list[str]]:
    city = rc.city(row, "geonames_id", "city", "country")
    organisation = organisation_by_slug(row.get("organisation"))
    role = row.get("role") or "member"
    values = {"left": row.get("left"), "note": row.get("note")}
    existing = same_membership(
        list(Membership.objects.filter(city=city, organisation=organisation)),
        role,
        row.get("joined"),
    )
    if existing is None:
        membership_record(
            city=city,
            organisation=organisation,
            role=role,
            joined=row.get("joined"),
            citations=rc.citations(row),
            actor=rc.actor,
            **values,
        )
        return "created", []
    return merge_row(existing, row, rc, values=values, editable=MEMBERSHIP_EDITABLE)


ORGANISATIONS = Template(
    columns=(
        "slug",
        "name",
        "acronym",
        "kind",
        "themes",
        "founded",
        "dissolved",
        "secretariat_city",
        "secretariat_country",
        "secretariat_geonames_id",
        "website",
        "wikidata_id",
        "description",
        *CITATION_COLUMNS,
    ),
    required=("name", "kind", "source"),
    load_row=_organisation_row,
)
MEMBERSHIPS = Template(
    columns=(
        "organisation",
        "city",
        "country",
        "geonames_id",
        "latitude",
        "longitude",
        "division",
        "role",
        "joined",
        "left",
        "note",
        *CITATION_COLUMNS,
    ),
    required=("organisation", "source"),
    load_row=_membership_row,
)


def register() -> None:
    # Organisations after sources, memberships after the organisations they name.
    register_template("organisations", ORGANISATIONS, order=20, importer_order=8)
    register_template("memberships", MEMBERSHIPS, order=30, importer_order=9)
