"""The `people.csv` template: people and, on rows with a role, their terms (docs/data.md)."""

from citydiplomacy.imports.csv_templates import (
    CITATION_COLUMNS,
    RowContext,
    Template,
    merge_row,
    register_template,
)
from citydiplomacy.imports.tabular import Row
from citydiplomacy.organisations.services import organisation_by_slug
from citydiplomacy.people.models import OfficeHeld, Person
from citydiplomacy.people.services import (
    OFFICE_EDITABLE,
    PERSON_EDITABLE,
    office_record,
    person_create,
)
from citydiplomacy.sources.services import merge_cited


def _person(row: Row, rc: RowContext) -> tuple[Person, bool]:
    slug, wikidata = row.get("person_slug"), row.get("wikidata_id")
    person = None
    if wikidata:
        person = Person.objects.filter(wikidata_id=wikidata).first()
    if person is None and slug:
        person = Person.objects.filter(slug=slug).first()
    values = {"wikidata_id": wikidata, "born": row.get("born")}
    if person is None:
        person = person_create(
            name=row.get("person"), slug=slug, citations=rc.citations(row), actor=rc.actor, **values
        )
        return person, True
    merge_cited(
        person, values=values, editable=PERSON_EDITABLE, citations=rc.citations(row), actor=rc.actor
    )
    return person, False


def _person_row(row: Row, rc: RowContext) -> tuple[str, list[str]]:
    person, created = _person(row, rc)
    if not row.get("role"):
        return ("created" if created else "unchanged"), []
    has_city = row.get("geonames_id") or row.get("city")
    city = rc.city(row, "geonames_id", "city", "country") if has_city else None
    organisation = (
        organisation_by_slug(row.get("organisation")) if row.get("organisation") else None
    )
    values = {name: row.get(name) for name in ("title", "end", "party", "note")}
    existing = OfficeHeld.objects.filter(
        person=person,
        role=row.get("role"),
        city=city,
        organisation=organisation,
        start=row.get("start"),
    ).first()
    if existing is None:
        office_record(
            person=person,
            role=row.get("role"),
            city=city,
            organisation=organisation,
            start=row.get("start"),
            citations=rc.citations(row),
            actor=rc.actor,
            **values,
        )
        return "created", []
    return merge_row(existing, row, rc, values=values, editable=OFFICE_EDITABLE)


PEOPLE = Template(
    columns=(
        "person",
        "person_slug",
        "wikidata_id",
        "born",
        "role",
        "title",
        "city",
        "country",
        "geonames_id",
        "latitude",
        "longitude",
        "division",
        "organisation",
        "start",
        "end",
        "party",
        "note",
        *CITATION_COLUMNS,
    ),
    required=("person", "source"),
    load_row=_person_row,
)


def register() -> None:
    # After the organisations a term may name.
    register_template("people", PEOPLE, order=50, importer_order=11)
