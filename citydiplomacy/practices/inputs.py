"""API and CLI input (jurisdiction keys, slugs, source keys) turned into service calls."""

from typing import Any

from django.core.exceptions import ValidationError

from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.models import City, Division
from citydiplomacy.geo.services import city_by_id
from citydiplomacy.organisations.models import Organisation
from citydiplomacy.organisations.services import topics_by_slug
from citydiplomacy.practices.models import Adoption, Practice
from citydiplomacy.practices.schemas import AdoptionIn, AdoptionPatch, PracticeIn, PracticePatch
from citydiplomacy.practices.services import (
    adoption_delete,
    adoption_record,
    adoption_update,
    practice_create,
    practice_delete,
    practice_update,
)
from citydiplomacy.sources.models import Source
from citydiplomacy.sources.services import citation_specs


def jurisdiction_by_key(key: str, field: str) -> City | Division:
    """`city:<GeoNames id>` or `division:<ISO 3166-2 code>` (a bare code means a division)."""
    kind, _, value = key.strip().partition(":")
    if not value:
        kind, value = ("city", kind) if kind.isdigit() else ("division", kind)
    if kind == "city":
        return city_by_id(value, field)
    division = Division.objects.filter(code=value.upper()).first()
    if kind != "division" or division is None:
        raise ValidationError(
            {field: f"No jurisdiction {key!r}: give city:<GeoNames id> or division:<ISO code>."},
            code="unknown",
        )
    return division


def origin_fields(key: str) -> dict[str, Any]:
    if not key:
        return {"origin_city": None, "origin_division": None}
    place = jurisdiction_by_key(key, "origin")
    if isinstance(place, City):
        return {"origin_city": place, "origin_division": None}
    return {"origin_city": None, "origin_division": place}


def practice_by_slug(slug: str, field: str = "practice") -> Practice:
    practice = Practice.objects.filter(slug=slug).first()
    if practice is None:
        raise ValidationError({field: f"No practice {slug!r}."}, code="unknown")
    return practice


def _optional_practice(slug: str, field: str) -> Practice | None:
    return practice_by_slug(slug, field) if slug else None


def _source(key: str) -> Source | None:
    if not key:
        return None
    source = Source.objects.filter(key=key).first()
    if source is None:
        raise ValidationError({"evidence_source": f"No source with key {key!r}."})
    return source


def _organisation(slug: str) -> Organisation | None:
    if not slug:
        return None
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({"channel_organisation": f"No organisation {slug!r}."})
    return found


def _adoption(pk: int | None) -> Adoption | None:
    if pk is None:
        return None
    found = Adoption.objects.select_related("practice").filter(pk=pk).first()
    if found is None:
        raise ValidationError({"borrowed_from": f"No adoption {pk}."}, code="unknown")
    return found


def _practice_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if k not in ("sources", "topics", "version")}
    if "origin" in values:
        values.update(origin_fields(values.pop("origin") or ""))
    for name in ("variant_of", "successor_of"):
        if name in values:
            values[name] = _optional_practice(values[name] or "", name)
    if "evidence_source" in values:
        values["evidence_source"] = _source(values["evidence_source"] or "")
    if "documents" in values:
        values["documents"] = "\n".join(values["documents"] or [])
    return values


def create_practice(data: PracticeIn, actor: Actor) -> Practice:
    values = _practice_values(data.model_dump())
    return practice_create(
        topics=topics_by_slug(data.topics, "topics"),
        citations=citation_specs(data.sources),
        actor=actor,
        **values,
    )


def update_practice(practice: Practice, data: PracticePatch, actor: Actor) -> Practice:
    raw = data.model_dump(exclude_unset=True)
    return practice_update(
        practice,
        actor=actor,
        expected_version=data.version,
        topics=None if data.topics is None else topics_by_slug(data.topics, "topics"),
        citations=None if data.sources is None else citation_specs(data.sources),
        **_practice_values(raw),
    )


def delete_practice(practice: Practice, actor: Actor, expected_version: int | None) -> None:
    practice_delete(practice, actor=actor, expected_version=expected_version)


def _adoption_values(raw: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in raw.items() if k not in ("sources", "version", "practice")}
    if "adopter" in values:
        place = jurisdiction_by_key(values.pop("adopter"), "adopter")
        values["city" if isinstance(place, City) else "division"] = place
    if "borrowed_from" in values:
        values["borrowed_from"] = _adoption(values["borrowed_from"])
    if "channel_organisation" in values:
        values["channel_organisation"] = _organisation(values["channel_organisation"] or "")
    return values


def create_adoption(data: AdoptionIn, actor: Actor) -> Adoption:
    return adoption_record(
        practice=practice_by_slug(data.practice),
        citations=citation_specs(data.sources),
        actor=actor,
        **_adoption_values(data.model_dump()),
    )


def update_adoption(adoption: Adoption, data: AdoptionPatch, actor: Actor) -> Adoption:
    return adoption_update(
        adoption,
        actor=actor,
        expected_version=data.version,
        citations=None if data.sources is None else citation_specs(data.sources),
        **_adoption_values(data.model_dump(exclude_unset=True)),
    )


def delete_adoption(adoption: Adoption, actor: Actor, expected_version: int | None) -> None:
    adoption_delete(adoption, actor=actor, expected_version=expected_version)
