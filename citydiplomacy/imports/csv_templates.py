"""The CSV templates: one spreadsheet layout per entity, loaded through the services.

The layouts are documented in docs/csv-templates.md and used for the starter data. A row
names its cities by GeoNames id or by name and country, its organisation and person by
slug, and its source by key (defined in a sources file loaded first). Loading a file is
all-or-nothing: any bad row rolls back the whole file, and every bad row is reported with
its line number. A record that already exists gains the row's citation and any field it
was missing; values it already has are kept and the disagreement is reported.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.services import AGREEMENT_EDITABLE, agreement_record
from citydiplomacy.core.errors import describe
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.runs.models import Run
from citydiplomacy.geo.models import City, CityName
from citydiplomacy.geo.names import name_key
from citydiplomacy.geo.services import city_by_id, country_by_code
from citydiplomacy.imports.tabular import Row, read_rows

if TYPE_CHECKING:
    from citydiplomacy.imports.runs import ImportContext
from citydiplomacy.organisations.models import Membership, Organisation
from citydiplomacy.organisations.services import (
    MEMBERSHIP_EDITABLE,
    ORGANISATION_EDITABLE,
    membership_record,
    organisation_by_slug,
    organisation_create,
    topics_by_slug,
)
from citydiplomacy.people.models import OfficeHeld, Person
from citydiplomacy.people.services import (
    OFFICE_EDITABLE,
    PERSON_EDITABLE,
    office_record,
    person_create,
)
from citydiplomacy.sources.models import Source
from citydiplomacy.sources.services import (
    CitationSpec,
    merge_cited,
    source_ensure,
)

CITATION_COLUMNS = ("source", "page", "locator", "quote")


@dataclass
class LoadSummary:
    rows: int = 0
    created: int = 0
    merged: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    outcomes: list[tuple[int, str, str, dict[str, Any]]] = field(default_factory=list)


@dataclass(frozen=True)
class Whereabouts:
    """What a row says besides a city's name and country: its point and division."""

    latitude: float | None = None
    longitude: float | None = None
    division: str = ""
    prefix: str = ""  # the report columns' prefix ("city_", "city_a_")


CityByName = Callable[[str, str, str, Whereabouts], City]


def _coordinate(row: Row, column: str, limit: float) -> float | None:
    text = row.get(column)
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValidationError({column: f"{text!r} is not a number."}) from None
    if not -limit <= value <= limit:
        raise ValidationError({column: f"{text} is outside -{limit:.0f}..{limit:.0f}."})
    return value


def city_in_registry(name: str, country: str, column: str, where: Whereabouts) -> City:
    """A city by exact name (any spelling) in its country, among the registry's cities."""
    code = country_by_code(country, f"country of {column}").pk
    match = (
        CityName.objects.filter(key=name_key(name), city__country_id=code)
        .order_by("-city__population")
        .values_list("city_id", flat=True)
        .first()
    )
    if match is None:
        raise ValidationError({column: f"No city called {name!r} in {code}."})
    return City.objects.select_related("country").get(pk=match)


@dataclass
class RowContext:
    """Who writes, how names become cities, and the import run the rows belong to."""

    actor: Actor
    city_by_name: CityByName = city_in_registry
    import_run: Run | None = None
    # The report columns of the cities the current row named (GeoNames id, name, method).
    resolved: dict[str, Any] = field(default_factory=dict)

    def city(self, row: Row, id_column: str, name_column: str, country_column: str) -> City:
        """The city a row names: by GeoNames id, else by name and country (with the row's
        optional latitude, longitude and division columns: `latitude_a`... for `city_a`)."""
        if row.get(id_column):
            return city_by_id(row.get(id_column), id_column)
        name, country = row.get(name_column), row.get(country_column)
        if not name or not country:
            raise ValidationError(
                {name_column: f"Give {id_column}, or both {name_column} and {country_column}."}
            )
        suffix = name_column.removeprefix("city")
        where = Whereabouts(
            latitude=_coordinate(row, f"latitude{suffix}", 90),
            longitude=_coordinate(row, f"longitude{suffix}", 180),
            division=row.get(f"division{suffix}"),
            prefix=f"{name_column}_",
        )
        return self.city_by_name(name, country, name_column, where)

    def citations(self, row: Row) -> list[CitationSpec]:
        key = row.get("source")
        source = Source.objects.filter(key=key).first()
        if source is None:
            raise ValidationError({"source": f"No source with key {key!r}."})
        return [
            CitationSpec(
                source,
                page=row.get("page"),
                locator=row.get("locator"),
                quote=row.get("quote"),
                import_run=self.import_run,
            )
        ]


@dataclass(frozen=True)
class Template:
    columns: tuple[str, ...]
    required: tuple[str, ...]
    load_row: Callable[[Row, RowContext], tuple[str, list[str]]]


def _merge_outcome(changed: bool, notes: list[str]) -> tuple[str, list[str]]:
    return ("merged" if changed else "unchanged"), notes


def _source_row(row: Row, rc: RowContext) -> tuple[str, list[str]]:
    existed = Source.objects.filter(key=row.get("key")).exists()
    values = {
        name: row.get(name)
        for name in ("title", "kind", "author", "published", "url", "file_name", "note")
    }
    source_ensure(key=row.get("key"), actor=rc.actor, **values)
    return ("unchanged" if existed else "created"), []


def _organisation_row(row: Row, rc: RowContext) -> tuple[str, list[str]]:
    themes = topics_by_slug([t.strip() for t in row.get("themes").split(";") if t.strip()])
    secretariat = (
        rc.city(row, "secretariat_geonames_id", "secretariat_city", "secretariat_country")
        if row.get("secretariat_geonames_id") or row.get("secretariat_city")
        else None
    )
    values: dict[str, Any] = {
        name: row.get(name)
        for name in (
            "name",
            "acronym",
            "kind",
            "founded",
            "dissolved",
            "website",
            "wikidata_id",
            "description",
        )
    }
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
    return _merge_outcome(
        *merge_cited(
            existing,
            values=values,
            editable=ORGANISATION_EDITABLE,
            citations=rc.citations(row),
            actor=rc.actor,
        )
    )


def _membership_row(row: Row, rc: RowContext) -> tuple[str, list[str]]:
    city = rc.city(row, "geonames_id", "city", "country")
    organisation = organisation_by_slug(row.get("organisation"))
    role = row.get("role") or "member"
    values = {"left": row.get("left"), "note": row.get("note")}
    existing = Membership.objects.filter(
        city=city, organisation=organisation, role=role, joined=row.get("joined")
    ).first()
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
    return _merge_outcome(
        *merge_cited(
            existing,
            values=values,
            editable=MEMBERSHIP_EDITABLE,
            citations=rc.citations(row),
            actor=rc.actor,
        )
    )


def _agreement_row(row: Row, rc: RowContext) -> tuple[str, list[str]]:
    city_a = rc.city(row, "geonames_id_a", "city_a", "country_a")
    city_b = rc.city(row, "geonames_id_b", "city_b", "country_b")
    kind = row.get("kind") or "sister-city"
    values = {name: row.get(name) for name in ("signed", "ended", "title", "note")}
    low, high = sorted((city_a.pk, city_b.pk))
    existing = Agreement.objects.filter(city_a_id=low, city_b_id=high, kind=kind).first()
    if existing is None:
        agreement_record(
            city_a=city_a,
            city_b=city_b,
            kind=kind,
            status=row.get("status") or "unknown",
            citations=rc.citations(row),
            actor=rc.actor,
            **values,
        )
        return "created", []
    return _merge_outcome(
        *merge_cited(
            existing,
            values=values,
            editable=AGREEMENT_EDITABLE,
            citations=rc.citations(row),
            actor=rc.actor,
        )
    )


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
    return _merge_outcome(
        *merge_cited(
            existing,
            values=values,
            editable=OFFICE_EDITABLE,
            citations=rc.citations(row),
            actor=rc.actor,
        )
    )


TEMPLATES: dict[str, Template] = {
    "sources": Template(
        columns=("key", "title", "kind", "author", "published", "url", "file_name", "note"),
        required=("key", "title", "kind"),
        load_row=_source_row,
    ),
    "organisations": Template(
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
    ),
    "memberships": Template(
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
    ),
    "agreements": Template(
        columns=(
            "city_a",
            "country_a",
            "geonames_id_a",
            "latitude_a",
            "longitude_a",
            "division_a",
            "city_b",
            "country_b",
            "geonames_id_b",
            "latitude_b",
            "longitude_b",
            "division_b",
            "kind",
            "signed",
            "ended",
            "status",
            "title",
            "note",
            *CITATION_COLUMNS,
        ),
        required=("kind", "source"),
        load_row=_agreement_row,
    ),
    "people": Template(
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
    ),
}


def _load(template: Template, rows: list[Row], rc: RowContext) -> LoadSummary:
    summary = LoadSummary(rows=len(rows))
    for row in rows:
        rc.resolved = {}
        try:
            with transaction.atomic():
                outcome, notes = template.load_row(row, rc)
        except ValidationError as error:
            summary.errors.append(f"line {row.number}: {describe(error)}")
            summary.outcomes.append(
                (row.number, getattr(error, "status", "invalid"), describe(error), rc.resolved)
            )
            continue
        setattr(summary, outcome, getattr(summary, outcome) + 1)
        summary.outcomes.append((row.number, outcome, "; ".join(notes), rc.resolved))
        summary.notes.extend(f"line {row.number}: {note}" for note in notes)
    return summary


def load_template(
    kind: str, path: Path, *, actor: Actor, encoding: str = "utf-8-sig"
) -> LoadSummary:
    """Load one template file; on any bad row nothing is written and all bad rows are reported."""
    template = TEMPLATES[kind]
    rows = read_rows(path, required=template.required, encoding=encoding)
    with transaction.atomic():
        summary = _load(template, rows, RowContext(actor=actor))
        if summary.errors:
            transaction.set_rollback(True)
    return summary


class UnresolvedCity(ValidationError):
    """A row's city name did not resolve; `status` says how (unmatched, ambiguous...)."""

    def __init__(self, message: dict[str, str], status: str) -> None:
        super().__init__(message)
        self.status = status


def load_rows(kind: str, rows: list[Row], ctx: "ImportContext") -> None:
    """Load template rows inside an import run, resolving city names like every importer.

    Rows that cannot be written are reported (with the reason) and skipped; the others are
    written, citing their sources and the run.
    """
    from citydiplomacy.geo.resolution.resolver import Query
    from citydiplomacy.imports.report import describe_end
    from citydiplomacy.imports.writers import ensure_cities

    def by_resolver(name: str, country: str, column: str, where: Whereabouts) -> City:
        query = Query(name, country, where.latitude, where.longitude, division=where.division)
        found = ctx.resolver.resolve(query)
        rc.resolved.update(describe_end(where.prefix, name, country, found))
        if found.place is None:
            options = (
                "; candidates: " + ", ".join(c.label() for c in found.candidates)
                if found.candidates
                else ""
            )
            note = f": {found.note}" if found.note else ""
            raise UnresolvedCity(
                {column: f"{name!r} ({country}) is {found.status}{note}{options}"}, found.status
            )
        ensure_cities([found.place], ctx)
        return City.objects.select_related("country").get(pk=found.place.geonames_id)

    rc = RowContext(actor=ctx.actor, city_by_name=by_resolver, import_run=ctx.run)
    summary = _load(TEMPLATES[kind], rows, rc)
    for number, status, message, details in summary.outcomes:
        ctx.report.add(number, status, message, **details)


def load_template_set(
    folder: Path, *, actor: Actor, kinds: Sequence[str] = tuple(TEMPLATES)
) -> dict[str, LoadSummary]:
    """Load `<kind>.csv` for each kind present in `folder`, in dependency order, as one unit."""
    summaries: dict[str, LoadSummary] = {}
    with transaction.atomic():
        for kind in kinds:
            path = folder / f"{kind}.csv"
            if path.exists():
                summaries[kind] = load_template(kind, path, actor=actor)
                if summaries[kind].errors:
                    transaction.set_rollback(True)
                    break
    return summaries
