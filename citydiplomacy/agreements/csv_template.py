"""The `agreements.csv` template (layout: docs/data.md)."""

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.services import AGREEMENT_EDITABLE, agreement_record
from citydiplomacy.imports.csv_templates import (
    CITATION_COLUMNS,
    RowContext,
    Template,
    merge_row,
    register_template,
)
from citydiplomacy.imports.tabular import Row


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
    return merge_row(existing, row, rc, values=values, editable=AGREEMENT_EDITABLE)


AGREEMENTS = Template(
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
)


def register() -> None:
    register_template("agreements", AGREEMENTS, order=40, importer_order=10)
