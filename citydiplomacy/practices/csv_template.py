"""CSV templates for a user's own practices and adoptions (also the starter data).

`practices.csv` and `adoptions.csv`; their columns are documented in docs/practices.md.
Jurisdictions are named by GeoNames id, or by city name and ISO country, or by ISO 3166-2
division code. Cities and sources resolve as in the registry's other templates. A row
for a record already stored adds its citation and keeps the stored values. Every bad row
is reported with the field at fault; in `citydiplomacy init` any bad row stops the load.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.models import City, Division
from citydiplomacy.imports.csv_templates import (
    LoadSummary,
    RowContext,
    Template,
    load_template_set,
    register_template,
)
from citydiplomacy.imports.tabular import Row
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.organisations.services import topics_by_slug
from citydiplomacy.practices.models import Adoption, Practice
from citydiplomacy.practices.services import adoption_record, practice_create
from citydiplomacy.sources.models import Source
from citydiplomacy.sources.services import citations_add

STARTER = Path(__file__).parent / "starter_data"
CITE = ("source", "page", "locator", "quote")


def _place(row: Row, rc: RowContext, prefix: str) -> City | Division | None:
    code = row.get(f"{prefix}division")
    if code:
        division = Division.objects.filter(code=code.upper()).first()
        if division is None:
            raise ValidationError({f"{prefix}division": f"No ISO 3166-2 division {code!r}."})
        return division
    if row.get(f"{prefix}geonames_id") or row.get(f"{prefix}city"):
        return rc.city(row, f"{prefix}geonames_id", f"{prefix}city", f"{prefix}country")
    return None


def _int(row: Row, column: str) -> int | None:
    text = row.get(column)
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValidationError({column: f"{text!r} is not a whole number."}) from None


def _practice_row(row: Row, rc: RowContext) -> tuple[str, list[str]]:
    citations = rc.citations(row)
    existing = Practice.objects.filter(slug=row.get("slug")).first()
    if existing is not None:
        before = existing.citations.count()
        citations_add(existing, citations)
        return ("merged" if existing.citations.count() > before else "unchanged"), []
    origin = _place(row, rc, "origin_")
    related = {}
    for column in ("variant_of", "successor_of"):
        if row.get(column):
            found = Practice.objects.filter(slug=row.get(column)).first()
            if found is None:
                raise ValidationError({column: f"No practice {row.get(column)!r} (list it first)."})
            related[column] = found
    grader = None
    if row.get("evidence_source"):
        grader = Source.objects.filter(key=row.get("evidence_source")).first()
        if grader is None:
            raise ValidationError({"evidence_source": f"No source {row.get('evidence_source')!r}."})
    slugs = [s.strip() for s in row.get("topics").split(";") if s.strip()]
    practice_create(
        slug=row.get("slug"),
        title=row.get("title"),
        summary=row.get("summary"),
        problem=row.get("problem"),
        category=row.get("category"),
        origin_city=origin if isinstance(origin, City) else None,
        origin_division=origin if isinstance(origin, Division) else None,
        origin_year=_int(row, "origin_year"),
        evidence_grade=_int(row, "evidence_grade"),
        evidence_reason=row.get("evidence_reason"),
        evidence_source=grader,
        cost_notes=row.get("cost_notes"),
        complexity_notes=row.get("complexity_notes"),
        outcomes=row.get("outcomes"),
        documents="\n".join(u.strip() for u in row.get("documents").split(";") if u.strip()),
        topics=topics_by_slug(slugs, "topics"),
        citations=citations,
        actor=rc.actor,
        **related,
    )
    return "created", []


def _adoption_of(practice: Practice, place: City | Division) -> Adoption | None:
    key = {"city": place} if isinstance(place, City) else {"division": place}
    return Adoption.objects.filter(practice=practice, **key).first()


def _adoption_row(row: Row, rc: RowContext) -> tuple[str, list[str]]:
    citations = rc.citations(row)
    practice = Practice.objects.filter(slug=row.get("practice")).first()
    if practice is None:
        raise ValidationError({"practice": f"No practice {row.get('practice')!r}."})
    place = _place(row, rc, "")
    if place is None:
        raise ValidationError(
            {"city": "Name the adopter: geonames_id, city and country, or division."}
        )
    existing = _adoption_of(practice, place)
    if existing is not None:
        before = existing.citations.count()
        citations_add(existing, citations)
        return ("merged" if existing.citations.count() > before else "unchanged"), []
    values: dict[str, Any] = {
        "city" if isinstance(place, City) else "division": place,
        "adopted_on": row.get("adopted_on"),
        "status": row.get("status") or "adopted",
        "from_origin": row.get("from_origin").lower() in ("yes", "true", "1"),
        "channel": row.get("channel") or "unknown",
        "channel_note": row.get("channel_note"),
        "adaptation_notes": row.get("adaptation_notes"),
        "results": row.get("results"),
    }
    source_place = _place(row, rc, "borrowed_from_")
    if source_place is not None:
        source = _adoption_of(practice, source_place)
        if source is None:
            raise ValidationError(
                {
                    "borrowed_from_city": (
                        f"{source_place} has no adoption of this practice (list it first)."
                    )
                }
            )
        values["borrowed_from"] = source
    if row.get("channel_organisation"):
        org = Organisation.objects.filter(slug=row.get("channel_organisation")).first()
        if org is None:
            raise ValidationError(
                {"channel_organisation": f"No organisation {row.get('channel_organisation')!r}."}
            )
        values["channel_organisation"] = org
    adoption_record(practice=practice, citations=citations, actor=rc.actor, **values)
    return "created", []


PRACTICE_COLUMNS = (
    "slug", "title", "summary", "problem", "topics", "category",
    "origin_city", "origin_country", "origin_geonames_id", "origin_division", "origin_year",
    "evidence_grade", "evidence_reason", "evidence_source", "cost_notes", "complexity_notes",
    "outcomes", "variant_of", "successor_of", "documents", *CITE,
)  # fmt: skip
ADOPTION_COLUMNS = (
    "practice", "city", "country", "geonames_id", "division", "adopted_on", "status",
    "borrowed_from_city", "borrowed_from_country", "borrowed_from_geonames_id",
    "borrowed_from_division", "from_origin", "channel", "channel_organisation", "channel_note",
    "adaptation_notes", "results", *CITE,
)  # fmt: skip
PRACTICES = Template(
    PRACTICE_COLUMNS, ("slug", "title", "source"), _practice_row, docs="docs/practices.md"
)
ADOPTIONS = Template(
    ADOPTION_COLUMNS, ("practice", "source"), _adoption_row, docs="docs/practices.md"
)


def load_starter(*, actor: Actor, folder: Path = STARTER) -> dict[str, LoadSummary]:
    """The practices and adoptions the seed documents state, all or nothing."""
    return load_template_set(folder, actor=actor, kinds=("practices", "adoptions"))


def register() -> None:
    # After the registry's templates: rows cite sources and name organisations.
    register_template("practices", PRACTICES, order=60)
    register_template("adoptions", ADOPTIONS, order=70)


def init_step(options: dict[str, Any], actor: Actor) -> list[str]:
    """`citydiplomacy init`'s step for this app's starter data."""
    from citydiplomacy.core.extensions import InitFailed

    summaries = load_starter(actor=actor)
    failed = [f"{kind}: {error}" for kind, s in summaries.items() for error in s.errors]
    if failed:
        raise InitFailed("The practices' starter data did not load:\n" + "\n".join(failed))
    return [
        f"Starter {kind}: {s.created} new, {s.merged} merged, {s.unchanged} unchanged."
        for kind, s in summaries.items()
    ]
