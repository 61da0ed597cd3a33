"""The CSV templates' framework: one spreadsheet layout per entity, loaded through the services.

Each domain declares its templates (`register_template`, from its `AppConfig.ready()`),
which puts them in `extensions.csv_templates` and registers their `csv-<name>` importers;
the layouts are documented in docs/data.md (the practices' in docs/practices.md) and used
for the starter data. A row names its cities by GeoNames id or by name and country, its
organisation and person by slug, and its source by key (defined in a sources file loaded
first). Loading a file is all-or-nothing: any bad row rolls back the whole file, and every
bad row is reported with its line number. A record that already exists gains the row's
citation and any field it was missing; values it already has are kept and the
disagreement is reported.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from citydiplomacy.core import extensions
from citydiplomacy.core.errors import describe
from citydiplomacy.core.history.services import Actor
from citydiplomacy.core.runs.models import Run
from citydiplomacy.geo.models import City, CityName
from citydiplomacy.geo.names import name_key
from citydiplomacy.geo.services import city_by_id, country_by_code
from citydiplomacy.imports.importers.common import file_source_key
from citydiplomacy.imports.runs import ImportContext, ImportOptions
from citydiplomacy.imports.tabular import Row, read_rows
from citydiplomacy.sources.models import Source, SourceKind
from citydiplomacy.sources.services import CitationSpec, merge_cited

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
    """A layout: its columns, those a file must have, and how one row is written.

    `load_row(row, rc)` writes through the domain's services and returns the outcome
    ("created", "merged" or "unchanged") and notes; it raises ValidationError for a bad row.
    """

    columns: tuple[str, ...]
    required: tuple[str, ...]
    load_row: Callable[[Row, RowContext], tuple[str, list[str]]]
    docs: str = "docs/data.md"  # the page documenting the columns


def merge_outcome(changed: bool, notes: list[str]) -> tuple[str, list[str]]:
    """The outcome of a row that met a stored record (`merge_cited`'s result)."""
    return ("merged" if changed else "unchanged"), notes


def merge_row(
    existing: Any, row: Row, rc: "RowContext", *, values: dict[str, Any], editable: Sequence[str]
) -> tuple[str, list[str]]:
    """A row that met a stored record: the values it lacks and the row's citation are added;
    values it has are kept, and a disagreement is reported."""
    merged = merge_cited(
        existing, values=values, editable=editable, citations=rc.citations(row), actor=rc.actor
    )
    return merge_outcome(*merged)


class _Templates(Mapping[str, Template]):
    """The registered templates by name, in dependency order (sources first)."""

    def __getitem__(self, name: str) -> Template:
        template: Template = extensions.csv_templates.get(name).spec
        return template

    def __iter__(self) -> Iterator[str]:
        return iter(extensions.csv_templates.names())

    def __len__(self) -> int:
        return len(extensions.csv_templates)


TEMPLATES: Mapping[str, Template] = _Templates()


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


def load_rows(kind: str, rows: list[Row], ctx: ImportContext) -> None:
    """Load template rows inside an import run, resolving city names like every importer.

    Rows that cannot be written are reported (with the reason) and skipped; the others are
    written, citing their sources and the run.
    """
    from citydiplomacy.geo.provisional import ProvisionalKeeper, is_provisional_id
    from citydiplomacy.geo.resolution.resolver import Query
    from citydiplomacy.imports.report import describe_end
    from citydiplomacy.imports.writers import ensure_cities

    keeper = ProvisionalKeeper(ctx.resolver.index, non_cities=False)

    def by_resolver(name: str, country: str, column: str, where: Whereabouts) -> City:
        query = Query(name, country, where.latitude, where.longitude, division=where.division)
        found = ctx.resolver.resolve(query)
        point = (
            (where.latitude, where.longitude)
            if where.latitude is not None and where.longitude is not None
            else None
        )
        # A name no gazetteer city matches is kept on a provisional place (`geo.provisional`).
        found = keeper.keep(query, found, point)
        if found.place is not None and is_provisional_id(found.place.geonames_id):
            keeper.write_now(found.place, actor=ctx.actor, source=ctx.source, run=ctx.run)
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
    folder: Path, *, actor: Actor, kinds: Sequence[str] | None = None
) -> dict[str, LoadSummary]:
    """Load `<kind>.csv` for each kind present in `folder` (by default every registered
    template), in dependency order, as one unit."""
    summaries: dict[str, LoadSummary] = {}
    with transaction.atomic():
        for kind in TEMPLATES if kinds is None else kinds:
            path = folder / f"{kind}.csv"
            if path.exists():
                summaries[kind] = load_template(kind, path, actor=actor)
                if summaries[kind].errors:
                    transaction.set_rollback(True)
                    break
    return summaries


class TemplateImporter:
    """`citydiplomacy import csv-<name> FILE`: a template's file inside an import run."""

    def __init__(self, name: str, docs: str = "docs/data.md") -> None:
        self.template = name
        self.kind = f"csv-{name}"
        self.description = f"The {name} CSV template (see {docs})."

    def source_values(self, path: Path | None) -> dict[str, Any]:
        assert path is not None
        return {
            "key": file_source_key(self.kind, path),
            "title": f"Spreadsheet of {self.template}: {path.name}",
            "kind": SourceKind.ENTRY,
            "file_name": path.name,
        }

    def read(self, path: Path | None, options: ImportOptions) -> list[Row]:
        assert path is not None
        required = TEMPLATES[self.template].required
        return read_rows(path, required=required, encoding=options.encoding)

    def write(self, rows: list[Row], ctx: ImportContext) -> None:
        load_rows(self.template, rows, ctx)


def register_template(
    name: str, template: Template, *, order: int, importer_order: int = 100
) -> None:
    """Declare a domain's template: `order` places it among the others when a folder is
    loaded (what a row refers to loads first: sources at 10); `importer_order` places its
    `csv-<name>` importer in the importers' list."""
    extensions.csv_templates.register(extensions.CsvTemplate(name=name, spec=template, order=order))
    extensions.importers.register(
        extensions.Importer(
            name=f"csv-{name}", importer=TemplateImporter(name, template.docs), order=importer_order
        )
    )
