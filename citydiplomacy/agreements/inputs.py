"""API and CLI input (GeoNames ids, source keys) turned into agreement service calls."""

from citydiplomacy.agreements.models import Agreement
from citydiplomacy.agreements.schemas import AgreementIn, AgreementPatch
from citydiplomacy.agreements.services import agreement_delete, agreement_record, agreement_update
from citydiplomacy.core.history.services import Actor
from citydiplomacy.geo.services import city_by_id
from citydiplomacy.sources.services import citation_specs


def create(data: AgreementIn, actor: Actor) -> Agreement:
    return agreement_record(
        city_a=city_by_id(data.city_a, "city_a"),
        city_b=city_by_id(data.city_b, "city_b"),
        kind=data.kind,
        signed=data.signed,
        ended=data.ended,
        status=data.status,
        title=data.title,
        note=data.note,
        citations=citation_specs(data.sources),
        actor=actor,
    )


def update(agreement: Agreement, data: AgreementPatch, actor: Actor) -> Agreement:
    return agreement_update(
        agreement,
        actor=actor,
        expected_version=data.version,
        citations=None if data.sources is None else citation_specs(data.sources),
        **data.model_dump(exclude_unset=True, exclude={"version", "sources"}),
    )


def delete(agreement: Agreement, actor: Actor, expected_version: int | None) -> None:
    agreement_delete(agreement, actor=actor, expected_version=expected_version)
