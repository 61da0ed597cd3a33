"""API and CLI input turned into source service calls."""

from citydiplomacy.core.history.services import Actor
from citydiplomacy.sources.models import Source
from citydiplomacy.sources.schemas import SourceIn, SourcePatch
from citydiplomacy.sources.services import source_create, source_delete, source_update


def create(data: SourceIn, actor: Actor) -> Source:
    return source_create(actor=actor, **data.model_dump())


def update(source: Source, data: SourcePatch, actor: Actor) -> Source:
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    return source_update(source, actor=actor, expected_version=data.version, **changes)


def delete(source: Source, actor: Actor, version: int | None) -> None:
    source_delete(source, actor=actor, expected_version=version)
